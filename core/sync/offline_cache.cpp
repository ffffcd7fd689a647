// File layout (version 2), one JSON value per line so loading can split the file with memchr and
// parse the lines on every core:
//   line 1            header: format, version, key, stamps, account, "profiles": N, "issued": M
//   2 lines/profile   {"changes": [...], "is_new": bool}, then the profile's raw JSON verbatim
//   1 line/cert       an issued certificate
// Compact JSON never holds a raw line break, so lines cannot be confused. Version 1 (one JSON
// document holding arrays) is still read, so an upgrade keeps the offline data until next sync.
#include "core/sync/offline_cache.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstring>
#include <string_view>

#include "core/model/json_mapping.h"
#include "core/sync/durable_file.h"
#include "core/util/atomic_file.h"
#include "core/util/json_document.h"
#include "core/util/parallel_for.h"

namespace trustdesk {
namespace {

using nlohmann::json;

constexpr const char* kFormat = "trustdesk-offline-cache";
constexpr int kFormatVersion = 2;
constexpr std::size_t kMaxCacheBytes = 512u * 1024 * 1024;

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    hex += buf;
  }
  return hex;
}

std::string Dump(const json& j) {
  // Replace invalid UTF-8 instead of throwing: the cache must never take the engine down.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Field readers that never throw: a wrong type is an error naming the path.
const json* Field(const json& j, const char* key) {
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

Result<std::string> StringField(const json& j, const char* key) {
  const json* f = Field(j, key);
  if (!f || !f->is_string()) return Error{ErrorCode::Parse, std::string("$.") + key + ": must be a string"};
  return f->get<std::string>();
}

Result<std::optional<Timestamp>> OptionalTime(const json& j, const char* key) {
  const json* f = Field(j, key);
  if (!f || f->is_null()) return std::optional<Timestamp>{};
  if (!f->is_string()) return Error{ErrorCode::Parse, std::string("$.") + key + ": must be a string"};
  auto t = ParseRfc3339(f->get<std::string>());
  if (!t) return Error{ErrorCode::Parse, std::string("$.") + key + ": not an RFC 3339 timestamp"};
  return std::optional<Timestamp>(*t);
}

Result<std::size_t> CountField(const json& j, const char* key) {
  const json* f = Field(j, key);
  if (!f || !f->is_number_integer() || f->get<int64_t>() < 0) {
    return Error{ErrorCode::Parse, std::string("$.") + key + ": must be a count (integer >= 0)"};
  }
  return static_cast<std::size_t>(f->get<int64_t>());
}

json ChangesToJson(const std::vector<FieldChange>& changes) {
  json out = json::array();
  for (const FieldChange& c : changes) {
    out.push_back({{"path", c.path}, {"before", c.before}, {"after", c.after}});
  }
  return out;
}

Result<std::vector<FieldChange>> ChangesFromJson(const json& j, const std::string& path) {
  std::vector<FieldChange> out;
  if (!j.is_array()) return Error{ErrorCode::Parse, path + ": must be an array"};
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string p = path + "[" + std::to_string(i) + "]";
    const auto& c = j[i];
    if (!c.is_object()) return Error{ErrorCode::Parse, p + ": must be an object"};
    FieldChange fc;
    for (auto [key, dest] : {std::pair{"path", &fc.path}, std::pair{"before", &fc.before},
                             std::pair{"after", &fc.after}}) {
      const json* f = Field(c, key);
      if (!f || !f->is_string()) return Error{ErrorCode::Parse, p + "." + key + ": must be a string"};
      *dest = f->get<std::string>();
    }
    out.push_back(std::move(fc));
  }
  return out;
}

// "changes" and "is_new" of one profile (the item of version 1, the first line of version 2).
Status ReadProfileMeta(const json& item, const std::string& p, ProfileEntry& entry) {
  if (!item.is_object()) return Error{ErrorCode::Parse, p + ": must be an object"};
  const json* changes = Field(item, "changes");
  if (!changes) return Error{ErrorCode::Parse, p + ".changes: missing"};
  auto parsed = ChangesFromJson(*changes, p + ".changes");
  if (!parsed) return parsed.error();
  entry.changes = std::move(parsed.value());
  const json* is_new = Field(item, "is_new");
  if (!is_new || !is_new->is_boolean()) return Error{ErrorCode::Parse, p + ".is_new: must be a boolean"};
  entry.is_new = is_new->get<bool>();
  return Status::Ok();
}

// Everything but the two lists, from the header (version 2) or the whole document (version 1).
Result<CachedSync> ReadHeader(const json& doc, const CacheKey& key) {
  // A cache copied from another server, account or user is never shown.
  for (auto [field, expected] : {std::pair{"server_url", &key.server_url},
                                 std::pair{"account_id", &key.account_id},
                                 std::pair{"username", &key.username}}) {
    auto value = StringField(doc, field);
    if (!value) return value.error();
    if (*value != *expected) {
      return Error{ErrorCode::InvalidInput,
                   std::string("$.") + field + ": belongs to another " +
                       (std::string(field) == "server_url" ? "server" : "account or user") +
                       "; ignored"};
    }
  }
  CachedSync out;
  auto saved = OptionalTime(doc, "saved_at");
  if (!saved || !*saved) return Error{ErrorCode::Parse, "$.saved_at: must be a timestamp"};
  out.saved_at = **saved;
  auto last = OptionalTime(doc, "last_synced");
  if (!last) return last.error();
  out.last_synced = *last;
  auto etag = StringField(doc, "profiles_etag");
  if (!etag) return etag.error();
  out.profiles_etag = *etag;
  const json* rev = Field(doc, "profiles_revision");
  if (!rev || !rev->is_number_integer()) {
    return Error{ErrorCode::Parse, "$.profiles_revision: must be an integer"};
  }
  out.profiles_revision = rev->get<int64_t>();
  const json* account = Field(doc, "account");
  if (!account) return Error{ErrorCode::Parse, "$.account: missing"};
  auto acc = AccountFromJson(*account, "$.account");
  if (!acc) return acc.error();
  out.account = std::move(acc.value());
  return out;
}

// Runs parse(i) for every item on all cores; the first failing item (in file order) wins.
Status ParseAll(std::size_t count, const std::function<Status(std::size_t)>& parse) {
  std::vector<std::optional<Error>> errors(count);
  ParallelFor(count, [&](std::size_t i) {
    if (Status s = parse(i); !s) errors[i] = s.error();
  });
  for (auto& e : errors) {
    if (e) return std::move(*e);
  }
  return Status::Ok();
}

Status ReadVersion1Lists(const json& doc, CachedSync& out) {
  const json* profiles = Field(doc, "profiles");
  if (!profiles || !profiles->is_array()) return Error{ErrorCode::Parse, "$.profiles: must be an array"};
  const json* issued = Field(doc, "issued");
  if (!issued || !issued->is_array()) return Error{ErrorCode::Parse, "$.issued: must be an array"};
  out.profiles.resize(profiles->size());
  out.issued.resize(issued->size());
  return ParseAll(profiles->size() + issued->size(), [&](std::size_t i) -> Status {
    if (i >= profiles->size()) {
      const std::size_t c = i - profiles->size();
      auto cert = IssuedCertificateFromJson((*issued)[c], "$.issued[" + std::to_string(c) + "]");
      if (!cert) return cert.error();
      out.issued[c] = std::move(cert.value());
      return Status::Ok();
    }
    const std::string p = "$.profiles[" + std::to_string(i) + "]";
    const json& item = (*profiles)[i];
    ProfileEntry& entry = out.profiles[i];
    if (Status s = ReadProfileMeta(item, p, entry); !s) return s;
    const json* raw = Field(item, "raw");
    if (!raw) return Error{ErrorCode::Parse, p + ".raw: missing"};
    auto profile = ProfileFromJson(*raw, p + ".raw");
    if (!profile) return profile.error();
    entry.profile = std::move(profile.value());
    entry.raw_json = Dump(*raw);
    return Status::Ok();
  });
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const void* nl = std::memchr(text.data(), '\n', text.size());
    const std::size_t len = nl ? static_cast<const char*>(nl) - text.data() : text.size();
    lines.push_back(text.substr(0, len));
    text.remove_prefix(nl ? len + 1 : len);
  }
  return lines;
}

Status ReadVersion2Lists(const json& header, std::string_view body, CachedSync& out) {
  auto profile_count = CountField(header, "profiles");
  if (!profile_count) return profile_count.error();
  auto issued_count = CountField(header, "issued");
  if (!issued_count) return issued_count.error();
  const std::vector<std::string_view> lines = SplitLines(body);
  // Checked before anything is allocated from the counts: a truncated file is refused whole.
  if (*profile_count > lines.size() || lines.size() != 2 * *profile_count + *issued_count) {
    return Error{ErrorCode::Parse,
                 "holds " + std::to_string(lines.size() + 1) + " lines, the header promises " +
                     std::to_string(1 + 2 * *profile_count + *issued_count) + " (" +
                     std::to_string(*profile_count) + " profiles, " +
                     std::to_string(*issued_count) + " certificates); truncated or edited"};
  }
  const std::size_t profiles = *profile_count;
  out.profiles.resize(profiles);
  out.issued.resize(*issued_count);
  return ParseAll(profiles + *issued_count, [&](std::size_t i) -> Status {
    if (i >= profiles) {
      const std::size_t c = i - profiles;
      const std::size_t line = 2 + 2 * profiles + c;
      const std::string where = "line " + std::to_string(line) + " (certificate " + std::to_string(c) + ")";
      auto doc = ParseJsonDocument(lines[line - 2], where);
      if (!doc) return doc.error();
      auto cert = IssuedCertificateFromJson(*doc, where + " $");
      if (!cert) return cert.error();
      out.issued[c] = std::move(cert.value());
      return Status::Ok();
    }
    const std::size_t line = 2 + 2 * i;
    const std::string where = "line " + std::to_string(line) + " (profile " + std::to_string(i) + ")";
    ProfileEntry& entry = out.profiles[i];
    auto meta = ParseJsonDocument(lines[line - 2], where);
    if (!meta) return meta.error();
    if (Status s = ReadProfileMeta(*meta, where + " $", entry); !s) return s;
    const std::string raw_where = "line " + std::to_string(line + 1) + " (profile " + std::to_string(i) + ")";
    auto raw = ParseJsonDocument(lines[line - 1], raw_where);
    if (!raw) return raw.error();
    auto profile = ProfileFromJson(*raw, raw_where + " $");
    if (!profile) return profile.error();
    entry.profile = std::move(profile.value());
    entry.raw_json = std::string(lines[line - 1]);  // already compact: kept as written
    return Status::Ok();
  });
}

}  // namespace

std::filesystem::path OfflineCache::PathFor(const CacheKey& key) const {
  return dir_ / (Sha256Hex(key.server_url + "\n" + key.account_id + "\n" + key.username) + ".json");
}

Status OfflineCache::Save(const CacheKey& key, const Snapshot& snapshot, Timestamp now) const {
  if (!snapshot.account) {
    return Error{ErrorCode::InvalidInput, "offline cache: the snapshot has no signed-in account"};
  }
  const json header = {
      {"format", kFormat},
      {"version", kFormatVersion},
      {"server_url", key.server_url},
      {"account_id", key.account_id},
      {"username", key.username},
      {"saved_at", FormatRfc3339(now)},
      {"last_synced", snapshot.sync.last_synced ? json(FormatRfc3339(*snapshot.sync.last_synced))
                                                : json(nullptr)},
      {"profiles_etag", snapshot.profiles_etag},
      {"profiles_revision", snapshot.profiles_revision},
      {"account", ToJson(*snapshot.account)},
      {"profiles", snapshot.profiles.size()},
      {"issued", snapshot.issued.size()},
  };
  std::string text = Dump(header);
  text += '\n';
  for (const ProfileEntry& e : snapshot.profiles) {
    text += Dump({{"changes", ChangesToJson(e.changes)}, {"is_new", e.is_new}});
    text += '\n';
    // raw_json is compact as the engine keeps it; anything else (a line break would split the
    // record, an unparsable text would be refused on load) is stored in the mapped form.
    if (e.raw_json.empty() || e.raw_json.find_first_of("\r\n") != std::string::npos) {
      json raw = json::parse(e.raw_json, nullptr, /*allow_exceptions=*/false);
      text += Dump(raw.is_discarded() ? ToJson(e.profile) : raw);
    } else {
      text += e.raw_json;
    }
    text += '\n';
  }
  for (const IssuedCertificate& c : snapshot.issued) {
    text += Dump(ToJson(c));
    text += '\n';
  }
  return WriteFileDurably(PathFor(key), text);
}

Result<CachedSync> OfflineCache::Load(const CacheKey& key) const {
  const auto path = PathFor(key);
  const std::string where = "offline cache " + path.string() + ": ";
  auto bytes = ReadFileLimited(path, kMaxCacheBytes);
  if (!bytes) return bytes.error();
  // Version 2 ends its header at the first line break; version 1 is one line.
  const std::string_view text = *bytes;
  const std::size_t header_end = std::min(text.find('\n'), text.size());
  JsonLimits limits;
  limits.max_bytes = kMaxCacheBytes;
  auto doc = ParseJsonDocument(text.substr(0, header_end), "offline cache " + path.string(), limits);
  if (!doc) return doc.error();
  if (!doc->is_object()) return Error{ErrorCode::Parse, where + "$: must be an object"};

  auto format = StringField(*doc, "format");
  if (!format || *format != kFormat) {
    return Error{ErrorCode::Parse, where + "$.format: not a TrustDesk offline cache"};
  }
  const json* version = Field(*doc, "version");
  const int64_t v = version && version->is_number_integer() ? version->get<int64_t>() : 0;
  if (v != 1 && v != kFormatVersion) {
    return Error{ErrorCode::Unsupported, where + "$.version: unsupported cache format version"};
  }
  auto out = ReadHeader(*doc, key);
  if (!out) return Error{out.error().code, where + out.error().message};
  const Status lists = v == 1 ? ReadVersion1Lists(*doc, *out)
                              : ReadVersion2Lists(*doc, text.substr(std::min(header_end + 1, text.size())), *out);
  if (!lists) return Error{lists.error().code, where + lists.error().message};
  return out;
}

Status OfflineCache::Erase(const CacheKey& key) const {
  std::error_code ec;
  std::filesystem::remove(PathFor(key), ec);
  if (ec) return Error{ErrorCode::Io, "remove " + PathFor(key).string() + ": " + ec.message()};
  return Status::Ok();
}

}  // namespace trustdesk
