#include "core/keystore/software_key_store.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <nlohmann/json.hpp>

#include "core/crypto/certificate.h"
#include "core/keystore/secure_file.h"
#include "core/util/base64.h"
#include "core/util/file_lock.h"
#include "core/util/json_document.h"

// Sections: encoding helpers · sealing · file load/save · store operations.
//
// Concurrency: every read-modify-write (create, Install, Remove, ChangePin) holds the
// cross-process lock "<store file>.lock" from the read to the rename, and re-reads the file under
// it; without that, two processes installing at once each rewrote the whole file from their own
// stale copy and one key was lost. Reads (List, Load) need no lock: the file is only ever
// replaced by rename, so a reader sees one whole version.

namespace trustdesk {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

constexpr const char* kFormat = "trustdesk-software-keystore";
constexpr std::size_t kMaxStoreBytes = 32u << 20;
constexpr const char* kVerifierText = "trustdesk software key store";
using Kek = std::array<unsigned char, 32>;

Result<Kek> DeriveKek(const std::string& pin, const std::string& salt, const ScryptParams& p) {
  auto kek = DeriveScryptKey(pin, salt, p);
  if (!kek.ok()) return Error{kek.error().code, "software key store: " + kek.error().message};
  return kek;
}

json Seal(const Kek& kek, std::string_view plain, const std::string& aad) {
  auto box = AeadSeal(kek, plain, aad);
  if (!box.ok()) return json();
  return json{{"nonce", Base64(box->nonce)}, {"data", Base64(box->ciphertext)}};
}

// Empty optional: authentication failed (wrong key or tampered data).
std::optional<std::string> Unseal(const Kek& kek, const json& sealed, const std::string& aad) {
  if (!sealed.is_object() || !sealed.contains("nonce") || !sealed.contains("data") ||
      !sealed["nonce"].is_string() || !sealed["data"].is_string()) {
    return std::nullopt;
  }
  auto nonce = Unbase64(sealed["nonce"].get<std::string>());
  auto data = Unbase64(sealed["data"].get<std::string>());
  if (!nonce || !data) return std::nullopt;
  return AeadOpen(kek, AeadBox{std::move(*nonce), std::move(*data)}, aad);
}

std::string KeyAad(const std::string& serial) { return "trustdesk-key:" + serial; }

Result<json> LoadDocument(const fs::path& file) {
  auto bytes = ReadFileLimited(file, kMaxStoreBytes);
  if (!bytes.ok()) return bytes.error();
  auto doc = ParseJsonDocument(*bytes, file.string());
  if (!doc.ok()) return doc.error();
  const json& j = *doc;
  auto bad = [&](const std::string& what) {
    return Error{ErrorCode::Parse, file.string() + ": " + what};
  };
  if (!j.is_object() || j.value("format", "") != kFormat) return bad("not a TrustDesk key store");
  if (!j.contains("version") || !j["version"].is_number_integer() || j["version"] != 1) {
    return bad("$.version: unsupported");
  }
  if (!j.contains("kdf") || !j["kdf"].is_object() || !j["kdf"].contains("salt") ||
      !j["kdf"]["salt"].is_string() || !j["kdf"].contains("n") ||
      !j["kdf"]["n"].is_number_unsigned() || !j["kdf"].contains("r") ||
      !j["kdf"]["r"].is_number_unsigned() || !j["kdf"].contains("p") ||
      !j["kdf"]["p"].is_number_unsigned()) {
    return bad("$.kdf: missing or malformed");
  }
  if (!j.contains("entries") || !j["entries"].is_array()) return bad("$.entries: must be an array");
  for (std::size_t i = 0; i < j["entries"].size(); ++i) {
    const json& e = j["entries"][i];
    for (const char* field : {"serial", "certificate_pem", "chain_pem"}) {
      if (!e.is_object() || !e.contains(field) || !e[field].is_string()) {
        return bad("$.entries[" + std::to_string(i) + "]." + field + ": missing or not a string");
      }
    }
  }
  return doc;
}

KeyStoreEntry EntryOf(const json& e, const fs::path& file) {
  KeyStoreEntry out;
  out.kind = KeyStoreKind::Software;
  out.location = file.string();
  out.serial = e["serial"].get<std::string>();
  if (auto cert = Certificate::FromPem(e["certificate_pem"].get<std::string>()); cert.ok()) {
    CertificateInfo info = cert->Info();
    out.subject = info.subject.rfc4514;
    out.common_name = info.subject.Get("CN");
    out.not_after = info.not_after;
  }
  return out;
}

std::string PinCheck(const std::string& salt, const std::string& pin) {
  unsigned char md[32];
  std::string input = salt + pin;
  EVP_Digest(input.data(), input.size(), md, nullptr, EVP_sha256(), nullptr);
  OPENSSL_cleanse(input.data(), input.size());
  return std::string(reinterpret_cast<char*>(md), sizeof md);
}

Error PinChanged(const fs::path& file) {
  return Error{ErrorCode::Conflict, "software key store " + file.string() +
                                        ": its PIN was changed by another program; open it again "
                                        "with the new PIN"};
}

// The store file read under its lock. Refused when this instance's key no longer opens the file:
// writing then would seal a key under a PIN the file no longer has, and that key would be lost.
struct LockedDocument {
  FileLock lock;
  json doc;
};
Result<LockedDocument> LockAndLoad(const fs::path& file, const Kek& kek) {
  auto lock = FileLock::Acquire(FileLock::LockFileFor(file));
  if (!lock.ok()) return lock.error();
  auto doc = LoadDocument(file);
  if (!doc.ok()) return doc.error();
  if (!Unseal(kek, doc->value("verifier", json()), "verifier")) return PinChanged(file);
  return LockedDocument{std::move(lock).value(), std::move(doc).value()};
}

}  // namespace

bool SoftwareKeyStore::Exists(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / kFileName, ec);
}

SoftwareKeyStore::~SoftwareKeyStore() {
  OPENSSL_cleanse(kek_.data(), kek_.size());
  OPENSSL_cleanse(pin_check_.data(), pin_check_.size());
}

Result<std::unique_ptr<SoftwareKeyStore>> SoftwareKeyStore::Open(const fs::path& dir,
                                                                 const std::string& pin,
                                                                 ScryptParams params) {
  std::unique_ptr<SoftwareKeyStore> store(new SoftwareKeyStore(dir / kFileName, params));
  if (!Exists(dir) && pin.size() < kMinPinLength) {
    return Error{ErrorCode::InvalidInput, "PIN: at least 6 characters"};
  }
  if (Status s = EnsurePrivateDirectory(dir); !s.ok()) return s.error();
  {
    // Held while deciding whether to create: two first uses at once must not each create a store
    // (with different salts), the second replacing the first and its keys.
    auto lock = FileLock::Acquire(FileLock::LockFileFor(store->file_));
    if (!lock.ok()) return lock.error();
    if (!Exists(dir)) {
      if (pin.size() < kMinPinLength) {
        return Error{ErrorCode::InvalidInput, "PIN: at least 6 characters"};
      }
      std::string salt(16, '\0');
      RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), 16);
      auto kek = DeriveKek(pin, salt, params);
      if (!kek.ok()) return kek.error();
      store->kek_ = *kek;
      store->pin_check_ = PinCheck(salt, pin);
      json doc{{"format", kFormat},
               {"version", 1},
               {"kdf",
                {{"name", "scrypt"},
                 {"salt", Base64(salt)},
                 {"n", params.n},
                 {"r", params.r},
                 {"p", params.p}}},
               {"verifier", Seal(store->kek_, kVerifierText, "verifier")},
               {"entries", json::array()}};
      if (Status s = WritePrivateFile(store->file_, doc.dump(1)); !s.ok()) return s.error();
      return store;
    }
  }
  // An existing store is read without the lock: it is only ever replaced whole, by rename.
  auto doc = LoadDocument(store->file_);
  if (!doc.ok()) return doc.error();
  const json& kdf = (*doc)["kdf"];
  auto salt = Unbase64(kdf["salt"].get<std::string>());
  ScryptParams stored{kdf["n"].get<uint64_t>(), kdf["r"].get<uint64_t>(), kdf["p"].get<uint64_t>()};
  if (!salt || !ScryptWithinLimits(stored)) {
    return Error{ErrorCode::Parse, store->file_.string() + ": $.kdf: invalid parameters"};
  }
  auto kek = DeriveKek(pin, *salt, stored);
  if (!kek.ok()) return kek.error();
  if (!Unseal(*kek, doc->value("verifier", json()), "verifier")) {
    return Error{ErrorCode::Auth, "software key store: wrong PIN"};
  }
  store->kek_ = *kek;
  store->params_ = stored;
  store->pin_check_ = PinCheck(*salt, pin);
  return store;
}

Result<KeyStoreEntry> SoftwareKeyStore::Install(const InstallRequest& request) {
  auto entry = CheckInstallRequest(request, KeyStoreKind::Software);
  if (!entry.ok()) return entry.error();
  auto locked = LockAndLoad(file_, kek_);
  if (!locked.ok()) return locked.error();
  json* doc = &locked->doc;
  auto der = request.key->ToPkcs8Der();
  if (!der.ok()) return der.error();
  json sealed = Seal(kek_, *der, KeyAad(entry->serial));
  OPENSSL_cleanse(der->data(), der->size());
  if (sealed.is_null()) return Error{ErrorCode::Crypto, "software key store: encrypt key"};
  json& entries = (*doc)["entries"];
  json item{{"serial", entry->serial},
            {"certificate_pem", request.certificate_pem},
            {"chain_pem", request.chain_pem},
            {"label", request.label},
            {"key", sealed}};
  bool replaced = false;
  for (auto& e : entries) {
    if (e["serial"] == entry->serial ||
        (!request.replaces_serial.empty() && e["serial"] == request.replaces_serial)) {
      e = item;
      replaced = true;
      break;
    }
  }
  if (!replaced) entries.push_back(item);
  if (Status s = WritePrivateFile(file_, doc->dump(1)); !s.ok()) return s.error();
  entry->location = file_.string();
  return entry;
}

Result<std::vector<KeyStoreEntry>> SoftwareKeyStore::List() {
  auto doc = LoadDocument(file_);
  if (!doc.ok()) return doc.error();
  std::vector<KeyStoreEntry> out;
  for (const auto& e : (*doc)["entries"]) out.push_back(EntryOf(e, file_));
  return out;
}

Result<Credential> SoftwareKeyStore::Load(const std::string& serial) {
  auto doc = LoadDocument(file_);
  if (!doc.ok()) return doc.error();
  if (!Unseal(kek_, doc->value("verifier", json()), "verifier")) return PinChanged(file_);
  for (const auto& e : (*doc)["entries"]) {
    if (e["serial"] != serial) continue;
    auto der = Unseal(kek_, e.value("key", json()), KeyAad(serial));
    if (!der) {
      return Error{ErrorCode::Auth, "software key store: key of " + serial +
                                        " cannot be decrypted (wrong PIN or tampered file)"};
    }
    auto key = KeyPair::FromPkcs8Der(*der);
    OPENSSL_cleanse(der->data(), der->size());
    if (!key.ok()) return key.error();
    return Credential{std::move(key).value(), e["certificate_pem"].get<std::string>(),
                      e["chain_pem"].get<std::string>()};
  }
  return Error{ErrorCode::NotFound, "software key store: no certificate " + serial};
}

Status SoftwareKeyStore::Remove(const std::string& serial) {
  auto locked = LockAndLoad(file_, kek_);
  if (!locked.ok()) return locked.error();
  json* doc = &locked->doc;
  json& entries = (*doc)["entries"];
  for (auto it = entries.begin(); it != entries.end(); ++it) {
    if ((*it)["serial"] == serial) {
      entries.erase(it);
      return WritePrivateFile(file_, doc->dump(1));
    }
  }
  return Error{ErrorCode::NotFound, "software key store: no certificate " + serial};
}

KeyStoreHealth SoftwareKeyStore::Health() {
  KeyStoreHealth h;
  auto list = List();
  if (!list.ok()) {
    h.summary = list.error().message;
    return h;
  }
  auto mode = FileMode(file_);
  if (mode && (*mode & 077) != 0) {
    h.summary = file_.string() + " is readable by other users";
    return h;
  }
  h.ok = true;
  h.certificates = list->size();
  h.summary =
      std::to_string(h.certificates) + (h.certificates == 1 ? " certificate" : " certificates");
  return h;
}

Status SoftwareKeyStore::ChangePin(const std::string& old_pin, const std::string& new_pin) {
  if (new_pin.size() < kMinPinLength)
    return Error{ErrorCode::InvalidInput, "new PIN: at least 6 characters"};
  auto locked = LockAndLoad(file_, kek_);
  if (!locked.ok()) return locked.error();
  json* doc = &locked->doc;
  auto old_salt = Unbase64((*doc)["kdf"]["salt"].get<std::string>());
  if (!old_salt || PinCheck(*old_salt, old_pin) != pin_check_) {
    return Error{ErrorCode::Auth, "software key store: wrong PIN"};
  }
  std::string salt(16, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), 16);
  auto kek = DeriveKek(new_pin, salt, params_);
  if (!kek.ok()) return kek.error();
  for (auto& e : (*doc)["entries"]) {
    const std::string serial = e["serial"].get<std::string>();
    auto der = Unseal(kek_, e.value("key", json()), KeyAad(serial));
    if (!der)
      return Error{ErrorCode::Auth,
                   "software key store: key of " + serial + " cannot be decrypted"};
    e["key"] = Seal(*kek, *der, KeyAad(serial));
    OPENSSL_cleanse(der->data(), der->size());
  }
  (*doc)["kdf"] = {{"name", "scrypt"},
                   {"salt", Base64(salt)},
                   {"n", params_.n},
                   {"r", params_.r},
                   {"p", params_.p}};
  (*doc)["verifier"] = Seal(*kek, kVerifierText, "verifier");
  if (Status s = WritePrivateFile(file_, doc->dump(1)); !s.ok()) return s;
  kek_ = *kek;
  pin_check_ = PinCheck(salt, new_pin);
  return Status::Ok();
}

}  // namespace trustdesk
