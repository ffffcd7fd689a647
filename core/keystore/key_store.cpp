#include "core/keystore/key_store.h"

#include "core/crypto/certificate.h"

namespace trustdesk {

Result<KeyStoreEntry> KeyStore::Find(const std::string& serial) {
  auto entries = List();
  if (!entries.ok()) return entries.error();
  for (auto& e : *entries) {
    if (e.serial == serial) return e;
  }
  return Error{ErrorCode::NotFound, "key store " + location() + ": no certificate " + serial};
}

Result<std::string> KeyStore::Export(const std::string& serial, ExportFormat format,
                                     const std::string& passphrase) {
  if (passphrase.empty()) {
    return Error{ErrorCode::InvalidInput, "export: a passphrase is required to protect the key"};
  }
  auto credential = Load(serial);
  if (!credential.ok()) return credential.error();
  if (format == ExportFormat::Pkcs12) {
    auto cert = Certificate::FromPem(credential->certificate_pem);
    std::string name = cert.ok() ? cert->Info().subject.Get("CN") : serial;
    return MakePkcs12(*credential, passphrase, name);
  }
  auto key = credential->key.ToPkcs8Pem(passphrase);
  if (!key.ok()) return key.error();
  return credential->certificate_pem + credential->chain_pem + *key;
}

Result<KeyStoreEntry> CheckInstallRequest(const InstallRequest& request, KeyStoreKind kind) {
  if (request.key == nullptr) return Error{ErrorCode::InvalidInput, "install: no private key"};
  auto cert = Certificate::FromPem(request.certificate_pem);
  if (!cert.ok()) return Error{ErrorCode::Parse, "install: " + cert.error().message};
  if (!request.key->SamePublicKey(X509_get0_pubkey(cert->get()))) {
    return Error{ErrorCode::InvalidInput,
                 "install: the certificate does not match the private key"};
  }
  if (request.chain_pem.find("-----BEGIN") != std::string::npos) {
    auto chain = LoadPemChain(request.chain_pem);
    if (!chain.ok()) return Error{ErrorCode::Parse, "install: " + chain.error().message};
  }
  CertificateInfo info = cert->Info();
  KeyStoreEntry e;
  e.serial = info.serial;
  e.subject = info.subject.rfc4514;
  e.common_name = info.subject.Get("CN");
  e.not_after = info.not_after;
  e.kind = kind;
  return e;
}

std::string SlotName(const std::string& label) {
  std::string out;
  for (char c : label) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.';
    out += safe ? c : '_';
  }
  if (out.empty() || out == "." || out == "..") out = "certificate";
  return out.substr(0, 64);
}

}  // namespace trustdesk
