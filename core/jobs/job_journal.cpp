#include "core/jobs/job_journal.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <system_error>

#include "core/keystore/secure_file.h"
#include "core/model/field_rules.h"
#include "core/model/json_mapping.h"
#include "core/util/atomic_file.h"
#include "core/util/base64.h"
#include "core/util/json_document.h"

namespace trustdesk {
namespace fs = std::filesystem;
namespace {

constexpr int kFormat = 1;
constexpr std::size_t kMaxEntryBytes = 1u << 20;
constexpr const char* kSuffix = ".json";

std::string Hex(const unsigned char* data, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 15];
  }
  return out;
}

bool IsEntryId(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::optional<JobKind> KindFromString(const std::string& s) {
  if (s == "enroll") return JobKind::Enroll;
  if (s == "renew") return JobKind::Renew;
  return std::nullopt;
}

nlohmann::json NamesToJson(const RequestedNames& names) {
  nlohmann::json subject = nlohmann::json::array();
  for (const auto& a : names.subject) {
    subject.push_back({{"short_name", a.short_name}, {"oid", a.oid}, {"value", a.value}});
  }
  nlohmann::json san = nlohmann::json::array();
  for (const auto& s : names.san) {
    nlohmann::json e = {{"kind", s.kind}, {"value", s.value}};
    if (s.type) e["type"] = ToString(*s.type);
    san.push_back(std::move(e));
  }
  return {{"subject", std::move(subject)}, {"san", std::move(san)}};
}

RequestedNames NamesFromJson(const nlohmann::json& j) {
  RequestedNames names;
  for (const auto& a : j.at("subject")) {
    names.subject.push_back({a.at("short_name").get<std::string>(), a.at("oid").get<std::string>(),
                             a.at("value").get<std::string>()});
  }
  for (const auto& s : j.at("san")) {
    SanEntry e;
    e.kind = s.at("kind").get<std::string>();
    e.value = s.at("value").get<std::string>();
    if (s.contains("type")) {
      e.type = SanTypeFromString(s.at("type").get<std::string>());
      if (!e.type) throw std::invalid_argument("requested.san: unknown type");
    }
    names.san.push_back(std::move(e));
  }
  return names;
}

std::string SealContext(const std::string& id) { return "trustdesk-journal-key:" + id; }

nlohmann::json SealedToJson(const SealedSecret& s) {
  return {{"kdf", "scrypt"},
          {"n", s.kdf.n},
          {"r", s.kdf.r},
          {"p", s.kdf.p},
          {"salt", Base64(s.salt)},
          {"nonce", Base64(s.box.nonce)},
          {"data", Base64(s.box.ciphertext)}};
}

// Throws (caught by JournalEntryFromJson) on a missing or mistyped field.
SealedSecret SealedFromJson(const nlohmann::json& j) {
  if (j.at("kdf").get<std::string>() != "scrypt") {
    throw std::invalid_argument("$.key_sealed.kdf: must be scrypt");
  }
  SealedSecret s;
  s.kdf = {j.at("n").get<uint64_t>(), j.at("r").get<uint64_t>(), j.at("p").get<uint64_t>()};
  auto salt = Unbase64(j.at("salt").get<std::string>());
  auto nonce = Unbase64(j.at("nonce").get<std::string>());
  auto data = Unbase64(j.at("data").get<std::string>());
  if (!salt || !nonce || !data) throw std::invalid_argument("$.key_sealed: invalid base64");
  s.salt = std::move(*salt);
  s.box = {std::move(*nonce), std::move(*data)};
  return s;
}

}  // namespace

Status SetJournalKey(JournalEntry& entry, const KeyPair& key, std::string_view secret,
                     const ScryptParams& params) {
  entry.key_encrypted = !secret.empty();
  entry.key_sealed.reset();
  entry.key_pem.clear();
  if (secret.empty()) {
    auto pem = key.ToPkcs8Pem();
    if (!pem.ok()) return pem.error();
    entry.key_pem = std::move(pem).value();
    return Status::Ok();
  }
  auto der = key.ToPkcs8Der();
  if (!der.ok()) return der.error();
  auto sealed = SealWithPassphrase(*der, secret, params, SealContext(entry.id));
  OPENSSL_cleanse(der->data(), der->size());
  if (!sealed.ok()) return Error{sealed.error().code, "journal: " + sealed.error().message};
  entry.key_sealed = std::move(sealed).value();
  return Status::Ok();
}

Result<KeyPair> JournalKey(const JournalEntry& entry, std::string_view secret) {
  auto named = [&](const Error& e) {
    return Error{e.code, "journal entry " + entry.id + ": " + e.message};
  };
  if (!entry.key_sealed) {
    auto key = KeyPair::FromPem(entry.key_pem, entry.key_encrypted ? secret : "");
    if (!key.ok()) return named(key.error());
    return key;
  }
  auto der = OpenWithPassphrase(*entry.key_sealed, secret, SealContext(entry.id));
  if (!der.ok()) return named(der.error());
  auto key = KeyPair::FromPkcs8Der(*der);
  OPENSSL_cleanse(der->data(), der->size());
  if (!key.ok()) return named(key.error());
  return key;
}

nlohmann::json ToJson(const JournalEntry& e) {
  nlohmann::json j = {{"format", kFormat},
                      {"id", e.id},
                      {"kind", ToString(e.kind)},
                      {"phase", e.phase == JournalPhase::Issued ? "issued" : "submitted"},
                      {"created_at", e.created_at.unix_seconds},
                      {"profile_id", e.profile_id},
                      {"profile_name", e.profile_name},
                      {"renews_serial", e.renews_serial},
                      {"store_kind", ToString(e.store_kind)},
                      {"store_location", e.store_location},
                      {"key_encrypted", e.key_encrypted},
                      {"key_pem", e.key_pem},
                      {"public_key_pem", e.public_key_pem},
                      {"csr_pem", e.csr_pem},
                      {"requested", NamesToJson(e.requested)},
                      {"escrow", e.escrow},
                      {"revoke_previous", e.revoke_previous},
                      {"run_scripts", e.run_scripts}};
  if (e.key_sealed) j["key_sealed"] = SealedToJson(*e.key_sealed);
  if (e.phase == JournalPhase::Issued) {
    j["certificate"] = ToJson(e.certificate);
    j["chain_pem"] = e.chain_pem;
  }
  return j;
}

Result<JournalEntry> JournalEntryFromJson(const nlohmann::json& j) {
  try {
    if (!j.is_object()) return Error{ErrorCode::Parse, "journal entry: $: must be an object"};
    if (j.at("format").get<int>() != kFormat) {
      return Error{ErrorCode::Unsupported,
                   "journal entry: $.format: unknown format " + j.at("format").dump()};
    }
    JournalEntry e;
    e.id = j.at("id").get<std::string>();
    if (!IsEntryId(e.id)) return Error{ErrorCode::Parse, "journal entry: $.id: invalid"};
    auto kind = KindFromString(j.at("kind").get<std::string>());
    if (!kind) return Error{ErrorCode::Parse, "journal entry: $.kind: must be enroll or renew"};
    e.kind = *kind;
    const std::string phase = j.at("phase").get<std::string>();
    if (phase != "issued" && phase != "submitted") {
      return Error{ErrorCode::Parse, "journal entry: $.phase: must be submitted or issued"};
    }
    e.phase = phase == "issued" ? JournalPhase::Issued : JournalPhase::Submitted;
    e.created_at = Timestamp{j.at("created_at").get<int64_t>()};
    e.profile_id = j.at("profile_id").get<std::string>();
    if (!IsValidId(e.profile_id))
      return Error{ErrorCode::Parse, "journal entry: $.profile_id: invalid"};
    e.profile_name = j.at("profile_name").get<std::string>();
    e.renews_serial = j.at("renews_serial").get<std::string>();
    if (!e.renews_serial.empty() && !IsLowerHexSerial(e.renews_serial)) {
      return Error{ErrorCode::Parse, "journal entry: $.renews_serial: invalid"};
    }
    auto store = KeyStoreKindFromString(j.at("store_kind").get<std::string>());
    if (!store) return Error{ErrorCode::Parse, "journal entry: $.store_kind: unknown"};
    e.store_kind = *store;
    e.store_location = j.at("store_location").get<std::string>();
    e.key_encrypted = j.at("key_encrypted").get<bool>();
    e.key_pem = j.at("key_pem").get<std::string>();
    if (j.contains("key_sealed")) e.key_sealed = SealedFromJson(j.at("key_sealed"));
    if (e.key_sealed && !e.key_encrypted) {
      return Error{ErrorCode::Parse, "journal entry: $.key_sealed: needs key_encrypted"};
    }
    e.public_key_pem = j.at("public_key_pem").get<std::string>();
    e.csr_pem = j.at("csr_pem").get<std::string>();
    if ((e.key_pem.empty() && !e.key_sealed) || e.public_key_pem.empty() || e.csr_pem.empty()) {
      return Error{ErrorCode::Parse, "journal entry: key, public key and CSR are required"};
    }
    e.requested = NamesFromJson(j.at("requested"));
    e.escrow = j.at("escrow").get<bool>();
    e.revoke_previous = j.at("revoke_previous").get<bool>();
    e.run_scripts = j.at("run_scripts").get<bool>();
    if (e.phase == JournalPhase::Issued) {
      auto cert = IssuedCertificateFromJson(j.at("certificate"), "$.certificate");
      if (!cert.ok()) return Error{ErrorCode::Parse, "journal entry: " + cert.error().message};
      e.certificate = std::move(cert.value());
      e.chain_pem = j.at("chain_pem").get<std::string>();
    }
    return e;
  } catch (const std::exception& ex) {
    return Error{ErrorCode::Parse, std::string("journal entry: ") + ex.what()};
  }
}

std::string JobJournal::NewId() {
  unsigned char random[8] = {};
  if (RAND_bytes(random, sizeof random) != 1) {
    // Uniqueness only; the time part below still separates entries.
    static std::atomic<uint64_t> counter{0};
    uint64_t n = ++counter;
    std::memcpy(random, &n, sizeof n);
  }
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return "j" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count()) + "-" +
         Hex(random, sizeof random);
}

Status JobJournal::Write(const JournalEntry& entry) {
  if (!IsEntryId(entry.id)) return Error{ErrorCode::Internal, "journal: invalid entry id"};
  if (Status s = EnsurePrivateDirectory(dir_); !s.ok()) return s;
  Status s = WriteFileAtomic(dir_ / (entry.id + kSuffix), ToJson(entry).dump(1), kModePrivate);
  if (!s.ok()) return Error{s.error().code, "journal: " + s.error().message};
  return Status::Ok();
}

Status JobJournal::Remove(const std::string& id) {
  if (!IsEntryId(id)) return Error{ErrorCode::Internal, "journal: invalid entry id"};
  std::error_code ec;
  fs::remove(dir_ / (id + kSuffix), ec);
  if (ec) return Error{ErrorCode::Io, "journal: cannot remove " + id + ": " + ec.message()};
  return Status::Ok();
}

std::vector<JournalEntry> JobJournal::Load(std::vector<std::string>* problems) const {
  std::vector<JournalEntry> out;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return out;
  std::vector<fs::path> files;
  for (const auto& d : fs::directory_iterator(dir_, ec)) {
    if (d.is_regular_file(ec) && d.path().extension() == kSuffix) files.push_back(d.path());
  }
  for (const auto& file : files) {
    auto bytes = ReadFileLimited(file, kMaxEntryBytes);
    Result<JournalEntry> entry = Error{ErrorCode::Internal, ""};
    if (!bytes.ok()) {
      entry = bytes.error();
    } else {
      auto doc = ParseJsonDocument(*bytes, "journal entry " + file.filename().string());
      entry = doc.ok() ? JournalEntryFromJson(*doc) : Result<JournalEntry>(doc.error());
      if (entry.ok() && entry->id != file.stem().string()) {
        entry = Error{ErrorCode::Parse, "journal entry: $.id does not match the file name"};
      }
    }
    if (entry.ok()) {
      out.push_back(std::move(entry.value()));
      continue;
    }
    fs::path aside = file;
    aside += ".corrupt";
    fs::rename(file, aside, ec);
    if (problems) {
      problems->push_back(file.string() + ": " + entry.error().message + "; moved to " +
                          aside.string());
    }
  }
  std::sort(out.begin(), out.end(), [](const JournalEntry& a, const JournalEntry& b) {
    return a.created_at.unix_seconds != b.created_at.unix_seconds
               ? a.created_at.unix_seconds < b.created_at.unix_seconds
               : a.id < b.id;
  });
  return out;
}

}  // namespace trustdesk
