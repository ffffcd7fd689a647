#include "core/keystore/pkcs12_key_store.h"

#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <algorithm>
#include <array>

#include "core/crypto/certificate.h"
#include "core/keystore/secure_file.h"

namespace trustdesk {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kMaxP12Bytes = 4u << 20;

// Names a passphrase in the scan cache without keeping it: HMAC-SHA256 under a key drawn once
// per process. An entry read with one passphrase never answers for another.
std::string PassphraseTag(const std::string& passphrase) {
  static const std::array<unsigned char, 32> key = [] {
    std::array<unsigned char, 32> k{};
    RAND_bytes(k.data(), static_cast<int>(k.size()));
    return k;
  }();
  unsigned char mac[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(passphrase.data()), passphrase.size(), mac, &len);
  return std::string(reinterpret_cast<char*>(mac), len);
}

}  // namespace

Pkcs12KeyStore::Pkcs12KeyStore(fs::path root, std::string passphrase, Pkcs12Options options)
    : root_(std::move(root)),
      passphrase_(std::move(passphrase)),
      passphrase_tag_(PassphraseTag(passphrase_)),
      options_(options) {}

PemSlotCache& Pkcs12KeyStore::ScannedFiles() {
  static PemSlotCache cache;
  return cache;
}

Pkcs12KeyStore::Scan Pkcs12KeyStore::ScanFiles() const {
  Scan scan;
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) return scan;
  std::vector<fs::path> files;
  for (const auto& d : fs::directory_iterator(root_, ec)) {
    if (d.is_regular_file(ec) && d.path().extension() == ".p12") files.push_back(d.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const std::optional<FileIdentity> id = IdentityOf(file);
    const std::string cache_key = file.string() + '\n' + passphrase_tag_;
    if (id) {
      if (auto cached = ScannedFiles().Get(cache_key, *id)) {
        scan.entries.push_back(*std::move(cached));
        continue;
      }
    }
    auto credential = ReadFile(file, passphrase_);
    auto cert = credential.ok() ? Certificate::FromPem(credential->certificate_pem)
                                : Result<Certificate>(credential.error());
    if (!cert.ok()) {
      ++scan.unreadable;
      continue;
    }
    CertificateInfo info = cert->Info();
    KeyStoreEntry e;
    e.serial = info.serial;
    e.subject = info.subject.rfc4514;
    e.common_name = info.subject.Get("CN");
    e.not_after = info.not_after;
    e.kind = KeyStoreKind::Pkcs12;
    e.location = file.string();
    e.certificate_path = file.string();
    // Only when the file did not change while it was read (a rename in between gives a new id).
    if (id && IdentityOf(file) == id) ScannedFiles().Put(cache_key, *id, e);
    scan.entries.push_back(std::move(e));
  }
  return scan;
}

Result<std::vector<KeyStoreEntry>> Pkcs12KeyStore::List() { return ScanFiles().entries; }

Result<KeyStoreEntry> Pkcs12KeyStore::Install(const InstallRequest& request) {
  if (passphrase_.empty()) {
    return Error{ErrorCode::InvalidInput, "install: a PKCS#12 file needs a passphrase"};
  }
  auto entry = CheckInstallRequest(request, KeyStoreKind::Pkcs12);
  if (!entry.ok()) return entry.error();
  auto shared = KeyPair::Adopt(request.key->Share());
  if (!shared.ok()) return shared.error();
  Credential credential{std::move(shared).value(), request.certificate_pem, request.chain_pem};
  auto der = MakePkcs12(credential, passphrase_, entry->common_name, options_);
  if (!der.ok()) return der.error();

  auto lock = LockStoreDirectory(root_);
  if (!lock.ok()) return lock.error();
  fs::path file;
  if (!request.replaces_serial.empty()) {
    auto existing = Find(request.replaces_serial);
    if (!existing.ok()) return existing.error();
    file = existing->location;
  } else {
    const std::string base = SlotName(request.label);
    std::error_code ec;
    for (int n = 1; n < 1000 && file.empty(); ++n) {
      fs::path candidate = root_ / ((n == 1 ? base : base + "-" + std::to_string(n)) + ".p12");
      if (!fs::exists(candidate, ec)) file = candidate;
    }
    if (file.empty())
      return Error{ErrorCode::Conflict, "install: no free file name in " + root_.string()};
  }
  if (Status s = WritePrivateFile(file, *der); !s.ok()) return s.error();
  entry->location = file.string();
  entry->certificate_path = file.string();
  return entry;
}

Result<Credential> Pkcs12KeyStore::Load(const std::string& serial) {
  auto entry = Find(serial);
  if (!entry.ok()) return entry.error();
  return ReadFile(entry->location, passphrase_);
}

Result<Credential> Pkcs12KeyStore::ReadFile(const fs::path& file, const std::string& passphrase) {
  auto bytes = ReadFileLimited(file, kMaxP12Bytes);
  if (!bytes.ok()) return bytes.error();
  auto credential = ReadPkcs12(*bytes, passphrase);
  if (!credential.ok()) {
    return Error{credential.error().code, file.string() + ": " + credential.error().message};
  }
  return credential;
}

Status Pkcs12KeyStore::Remove(const std::string& serial) {
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) {  // nothing to lock or remove (and nothing to create)
    return Error{ErrorCode::NotFound, "key store " + location() + ": no certificate " + serial};
  }
  auto lock = LockStoreDirectory(root_);
  if (!lock.ok()) return lock.error();
  auto entry = Find(serial);
  if (!entry.ok()) return entry.error();
  if (!fs::remove(entry->location, ec) || ec) {
    return Error{ErrorCode::Io, "remove " + entry->location + ": " + ec.message()};
  }
  return Status::Ok();
}

KeyStoreHealth Pkcs12KeyStore::Health() {
  KeyStoreHealth h;
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) {
    h.ok = true;
    h.summary = "directory " + root_.string() + " does not exist yet";
    return h;
  }
  if (::access(root_.c_str(), W_OK) != 0) {
    h.summary = "directory " + root_.string() + " is not writable";
    return h;
  }
  Scan scan = ScanFiles();
  h.ok = true;
  h.certificates = scan.entries.size();
  h.summary =
      std::to_string(h.certificates) + (h.certificates == 1 ? " certificate" : " certificates");
  if (scan.unreadable > 0) {
    h.summary +=
        ", " + std::to_string(scan.unreadable) + " file(s) not readable with this passphrase";
  }
  return h;
}

}  // namespace trustdesk
