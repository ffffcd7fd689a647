#include "core/sync/offline_cache.h"

#include <openssl/evp.h>

#include <cstdio>

#include "core/model/json_mapping.h"
#include "core/sync/durable_file.h"
#include "core/util/json_document.h"

namespace trustdesk {
namespace {

constexpr const char* kFormat = "trustdesk-offline-cache";
constexpr int kFormatVersion = 1;
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

// Field readers that never throw: a wrong type is an error naming the path.
const nlohmann::json* Field(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

Result<std::string> StringField(const nlohmann::json& j, const char* key) {
  const nlohmann::json* f = Field(j, key);
  if (!f || !f->is_string()) return Error{ErrorCode::Parse, std::string("$.") + key + ": must be a string"};
  return f->get<std::string>();
}

Result<std::optional<Timestamp>> OptionalTime(const nlohmann::json& j, const char* key) {
  const nlohmann::json* f = Field(j, key);
  if (!f || f->is_null()) return std::optional<Timestamp>{};
  if (!f->is_string()) return Error{ErrorCode::Parse, std::string("$.") + key + ": must be a string"};
  auto t = ParseRfc3339(f->get<std::string>());
  if (!t) return Error{ErrorCode::Parse, std::string("$.") + key + ": not an RFC 3339 timestamp"};
  return std::optional<Timestamp>(*t);
}

Result<std::vector<FieldChange>> ChangesFromJson(const nlohmann::json& j, const std::string& path) {
  std::vector<FieldChange> out;
  if (!j.is_array()) return Error{ErrorCode::Parse, path + ": must be an array"};
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string p = path + "[" + std::to_string(i) + "]";
    const auto& c = j[i];
    if (!c.is_object()) return Error{ErrorCode::Parse, p + ": must be an object"};
    FieldChange fc;
    for (auto [key, dest] : {std::pair{"path", &fc.path}, std::pair{"before", &fc.before},
                             std::pair{"after", &fc.after}}) {
      const nlohmann::json* f = Field(c, key);
      if (!f || !f->is_string()) return Error{ErrorCode::Parse, p + "." + key + ": must be a string"};
      *dest = f->get<std::string>();
    }
    out.push_back(std::move(fc));
  }
  return out;
}

}  // namespace

std::filesystem::path OfflineCache::PathFor(const CacheKey& key) const {
  return dir_ / (Sha256Hex(key.server_url + "\n" + key.account_id + "\n" + key.username) + ".json");
}

Status OfflineCache::Save(const CacheKey& key, const Snapshot& snapshot, Timestamp now) const {
  if (!snapshot.account) {
    return Error{ErrorCode::InvalidInput, "offline cache: the snapshot has no signed-in account"};
  }
  nlohmann::json profiles = nlohmann::json::array();
  for (const ProfileEntry& e : snapshot.profiles) {
    // raw_json is what the server sent; if it ever fails to parse, store the mapped form.
    nlohmann::json raw = nlohmann::json::parse(e.raw_json, nullptr, /*allow_exceptions=*/false);
    if (raw.is_discarded()) raw = ToJson(e.profile);
    nlohmann::json changes = nlohmann::json::array();
    for (const FieldChange& c : e.changes) {
      changes.push_back({{"path", c.path}, {"before", c.before}, {"after", c.after}});
    }
    profiles.push_back({{"raw", std::move(raw)}, {"changes", std::move(changes)},
                        {"is_new", e.is_new}});
  }
  nlohmann::json issued = nlohmann::json::array();
  for (const IssuedCertificate& c : snapshot.issued) issued.push_back(ToJson(c));
  nlohmann::json doc = {
      {"format", kFormat},
      {"version", kFormatVersion},
      {"server_url", key.server_url},
      {"account_id", key.account_id},
      {"username", key.username},
      {"saved_at", FormatRfc3339(now)},
      {"last_synced", snapshot.sync.last_synced ? nlohmann::json(FormatRfc3339(*snapshot.sync.last_synced))
                                                : nlohmann::json(nullptr)},
      {"profiles_etag", snapshot.profiles_etag},
      {"profiles_revision", snapshot.profiles_revision},
      {"account", ToJson(*snapshot.account)},
      {"profiles", std::move(profiles)},
      {"issued", std::move(issued)},
  };
  // Replace invalid UTF-8 instead of throwing: the cache must never take the engine down.
  const std::string text = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return WriteFileDurably(PathFor(key), text);
}

Result<CachedSync> OfflineCache::Load(const CacheKey& key) const {
  const auto path = PathFor(key);
  const std::string where = "offline cache " + path.string() + ": ";
  auto bytes = ReadFileLimited(path, kMaxCacheBytes);
  if (!bytes) return bytes.error();
  JsonLimits limits;
  limits.max_bytes = kMaxCacheBytes;
  auto doc = ParseJsonDocument(*bytes, "offline cache " + path.string(), limits);
  if (!doc) return doc.error();
  if (!doc->is_object()) return Error{ErrorCode::Parse, where + "$: must be an object"};

  auto format = StringField(*doc, "format");
  if (!format || *format != kFormat) {
    return Error{ErrorCode::Parse, where + "$.format: not a TrustDesk offline cache"};
  }
  const nlohmann::json* version = Field(*doc, "version");
  if (!version || !version->is_number_integer() || version->get<int64_t>() != kFormatVersion) {
    return Error{ErrorCode::Unsupported, where + "$.version: unsupported cache format version"};
  }
  // A cache copied from another server, account or user is never shown.
  for (auto [field, expected] : {std::pair{"server_url", &key.server_url},
                                 std::pair{"account_id", &key.account_id},
                                 std::pair{"username", &key.username}}) {
    auto value = StringField(*doc, field);
    if (!value) return Error{ErrorCode::Parse, where + value.error().message};
    if (*value != *expected) {
      return Error{ErrorCode::InvalidInput,
                   where + "$." + field + ": belongs to another " +
                       (std::string(field) == "server_url" ? "server" : "account or user") +
                       "; ignored"};
    }
  }

  CachedSync out;
  auto saved = OptionalTime(*doc, "saved_at");
  if (!saved || !*saved) return Error{ErrorCode::Parse, where + "$.saved_at: must be a timestamp"};
  out.saved_at = **saved;
  auto last = OptionalTime(*doc, "last_synced");
  if (!last) return Error{ErrorCode::Parse, where + last.error().message};
  out.last_synced = *last;
  auto etag = StringField(*doc, "profiles_etag");
  if (!etag) return Error{ErrorCode::Parse, where + etag.error().message};
  out.profiles_etag = *etag;
  const nlohmann::json* rev = Field(*doc, "profiles_revision");
  if (!rev || !rev->is_number_integer()) {
    return Error{ErrorCode::Parse, where + "$.profiles_revision: must be an integer"};
  }
  out.profiles_revision = rev->get<int64_t>();

  const nlohmann::json* account = Field(*doc, "account");
  if (!account) return Error{ErrorCode::Parse, where + "$.account: missing"};
  auto acc = AccountFromJson(*account, "$.account");
  if (!acc) return Error{acc.error().code, where + acc.error().message};
  out.account = std::move(acc.value());

  const nlohmann::json* profiles = Field(*doc, "profiles");
  if (!profiles || !profiles->is_array()) {
    return Error{ErrorCode::Parse, where + "$.profiles: must be an array"};
  }
  for (std::size_t i = 0; i < profiles->size(); ++i) {
    const std::string p = "$.profiles[" + std::to_string(i) + "]";
    const auto& item = (*profiles)[i];
    if (!item.is_object()) return Error{ErrorCode::Parse, where + p + ": must be an object"};
    const nlohmann::json* raw = Field(item, "raw");
    if (!raw) return Error{ErrorCode::Parse, where + p + ".raw: missing"};
    auto profile = ProfileFromJson(*raw, p + ".raw");
    if (!profile) return Error{profile.error().code, where + profile.error().message};
    ProfileEntry entry;
    entry.profile = std::move(profile.value());
    entry.raw_json = raw->dump(2);
    const nlohmann::json* changes = Field(item, "changes");
    if (!changes) return Error{ErrorCode::Parse, where + p + ".changes: missing"};
    auto parsed = ChangesFromJson(*changes, p + ".changes");
    if (!parsed) return Error{ErrorCode::Parse, where + parsed.error().message};
    entry.changes = std::move(parsed.value());
    const nlohmann::json* is_new = Field(item, "is_new");
    if (!is_new || !is_new->is_boolean()) {
      return Error{ErrorCode::Parse, where + p + ".is_new: must be a boolean"};
    }
    entry.is_new = is_new->get<bool>();
    out.profiles.push_back(std::move(entry));
  }

  const nlohmann::json* issued = Field(*doc, "issued");
  if (!issued || !issued->is_array()) {
    return Error{ErrorCode::Parse, where + "$.issued: must be an array"};
  }
  for (std::size_t i = 0; i < issued->size(); ++i) {
    auto cert = IssuedCertificateFromJson((*issued)[i], "$.issued[" + std::to_string(i) + "]");
    if (!cert) return Error{cert.error().code, where + cert.error().message};
    out.issued.push_back(std::move(cert.value()));
  }
  return out;
}

Status OfflineCache::Erase(const CacheKey& key) const {
  std::error_code ec;
  std::filesystem::remove(PathFor(key), ec);
  if (ec) return Error{ErrorCode::Io, "remove " + PathFor(key).string() + ": " + ec.message()};
  return Status::Ok();
}

}  // namespace trustdesk
