#include "core/keystore/pem_key_store.h"

#include <unistd.h>

#include <algorithm>

#include "core/crypto/certificate.h"
#include "core/keystore/pem_slot_cache.h"
#include "core/keystore/secure_file.h"

namespace trustdesk {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kMaxPemBytes = 1u << 20;
constexpr const char* kCert = "cert.pem";
constexpr const char* kChain = "chain.pem";
constexpr const char* kKey = "key.pem";

}  // namespace

PemKeyStore::PemKeyStore(fs::path root, std::string key_passphrase)
    : root_(std::move(root)), key_passphrase_(std::move(key_passphrase)) {}

Result<KeyStoreEntry> PemKeyStore::ReadSlot(const fs::path& slot) const {
  const fs::path cert_path = slot / kCert;
  const std::optional<FileIdentity> id = IdentityOf(cert_path);
  PemSlotCache& cache = PemSlotCache::Shared();
  if (id) {
    if (auto cached = cache.Get(cert_path.string(), *id)) return *std::move(cached);
  }
  auto pem = ReadFileLimited(cert_path, kMaxPemBytes);
  if (!pem.ok()) return pem.error();
  auto cert = Certificate::FromPem(*pem);
  if (!cert.ok())
    return Error{ErrorCode::Parse, (slot / kCert).string() + ": " + cert.error().message};
  CertificateInfo info = cert->Info();
  KeyStoreEntry e;
  e.serial = info.serial;
  e.subject = info.subject.rfc4514;
  e.common_name = info.subject.Get("CN");
  e.not_after = info.not_after;
  e.kind = KeyStoreKind::Pem;
  e.location = slot.string();
  e.certificate_path = cert_path.string();
  // Only when the file did not change while it was read (a rename in between gives a new id).
  if (id && IdentityOf(cert_path) == id) cache.Put(cert_path.string(), *id, e);
  return e;
}

Result<std::vector<KeyStoreEntry>> PemKeyStore::List() {
  std::vector<KeyStoreEntry> out;
  std::error_code ec;
  if (!fs::exists(root_, ec)) return out;
  std::vector<fs::path> slots;
  for (const auto& d : fs::directory_iterator(root_, ec)) {
    if (d.is_directory(ec)) slots.push_back(d.path());
  }
  if (ec) return Error{ErrorCode::Io, "list " + root_.string() + ": " + ec.message()};
  std::sort(slots.begin(), slots.end());
  for (const auto& slot : slots) {
    auto e = ReadSlot(slot);  // a slot without a readable cert.pem is not a certificate
    if (e.ok()) out.push_back(std::move(e).value());
  }
  return out;
}

Result<fs::path> PemKeyStore::SlotOf(const std::string& serial) {
  auto found = Find(serial);
  if (!found.ok()) return found.error();
  return fs::path(found->location);
}

Result<KeyStoreEntry> PemKeyStore::Install(const InstallRequest& request) {
  auto entry = CheckInstallRequest(request, KeyStoreKind::Pem);
  if (!entry.ok()) return entry.error();
  auto key_pem = request.key->ToPkcs8Pem(key_passphrase_);
  if (!key_pem.ok()) return key_pem.error();

  auto lock = LockStoreDirectory(root_);
  if (!lock.ok()) return lock.error();
  fs::path slot;
  if (!request.replaces_serial.empty()) {
    auto existing = SlotOf(request.replaces_serial);
    if (!existing.ok()) return existing.error();
    slot = *existing;
  } else {
    const std::string base = SlotName(request.label);
    std::error_code ec;
    for (int n = 1; n < 1000; ++n) {
      fs::path candidate = root_ / (n == 1 ? base : base + "-" + std::to_string(n));
      if (!fs::exists(candidate, ec)) {
        slot = candidate;
        break;
      }
    }
    if (slot.empty())
      return Error{ErrorCode::Conflict, "install: no free slot in " + root_.string()};
    if (Status s = EnsurePrivateDirectory(slot); !s.ok()) return s.error();
  }
  // Key first: a crash in between leaves a new key beside the old certificate, never the
  // reverse (a certificate whose key is gone).
  if (Status s = WritePrivateFile(slot / kKey, *key_pem); !s.ok()) return s.error();
  if (Status s = WritePublicFile(slot / kChain, request.chain_pem); !s.ok()) {
    return s.error();
  }
  if (Status s = WritePublicFile(slot / kCert, request.certificate_pem); !s.ok()) {
    return s.error();
  }
  entry->location = slot.string();
  entry->certificate_path = (slot / kCert).string();
  return entry;
}

Result<Credential> PemKeyStore::Load(const std::string& serial) {
  auto slot = SlotOf(serial);
  if (!slot.ok()) return slot.error();
  auto key_pem = ReadFileLimited(*slot / kKey, kMaxPemBytes);
  if (!key_pem.ok()) return key_pem.error();
  auto key = KeyPair::FromPem(*key_pem, key_passphrase_);
  if (!key.ok())
    return Error{key.error().code, (*slot / kKey).string() + ": " + key.error().message};
  auto cert = ReadFileLimited(*slot / kCert, kMaxPemBytes);
  if (!cert.ok()) return cert.error();
  auto chain = ReadFileLimited(*slot / kChain, kMaxPemBytes);
  std::string chain_pem = chain.ok() ? std::move(chain).value() : std::string();
  return Credential{std::move(key).value(), std::move(cert).value(), std::move(chain_pem)};
}

Status PemKeyStore::Remove(const std::string& serial) {
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) {  // nothing to lock or remove (and nothing to create)
    return Error{ErrorCode::NotFound, "key store " + location() + ": no certificate " + serial};
  }
  auto lock = LockStoreDirectory(root_);
  if (!lock.ok()) return lock.error();
  auto slot = SlotOf(serial);
  if (!slot.ok()) return slot.error();
  for (const char* name : {kCert, kChain, kKey}) fs::remove(*slot / name, ec);
  fs::remove(*slot, ec);  // only if nothing else was put there
  if (fs::exists(*slot / kCert)) {
    return Error{ErrorCode::Io, "remove " + (*slot / kCert).string() + ": still present"};
  }
  return Status::Ok();
}

KeyStoreHealth PemKeyStore::Health() {
  KeyStoreHealth h;
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) {
    h.summary = "directory " + root_.string() + " does not exist yet";
    h.ok = true;
    return h;
  }
  if (::access(root_.c_str(), W_OK) != 0) {
    h.summary = "directory " + root_.string() + " is not writable";
    return h;
  }
  auto list = List();
  if (!list.ok()) {
    h.summary = list.error().message;
    return h;
  }
  h.ok = true;
  h.certificates = list->size();
  h.summary = std::to_string(list->size()) + (list->size() == 1 ? " certificate" : " certificates");
  return h;
}

}  // namespace trustdesk
