#include "core/keystore/key_store.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include "core/crypto/certificate.h"

namespace trustdesk {
namespace {

constexpr std::size_t kMaxPkcs12Bytes = 4u << 20;

std::string PemOf(X509* cert) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return {};
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

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
    return Error{ErrorCode::InvalidInput, "install: the certificate does not match the private key"};
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

Result<std::string> MakePkcs12(const Credential& credential, const std::string& passphrase,
                               const std::string& friendly_name, const Pkcs12Options& options) {
  if (passphrase.empty()) return Error{ErrorCode::InvalidInput, "PKCS#12: a passphrase is required"};
  auto cert = Certificate::FromPem(credential.certificate_pem);
  if (!cert.ok()) return Error{ErrorCode::Parse, "PKCS#12: " + cert.error().message};
  ossl::X509StackPtr ca(sk_X509_new_null());
  if (!ca) return Error{ErrorCode::Crypto, ossl::LastError("PKCS#12: allocate")};
  if (credential.chain_pem.find("-----BEGIN") != std::string::npos) {
    auto chain = LoadPemChain(credential.chain_pem);
    if (!chain.ok()) return Error{ErrorCode::Parse, "PKCS#12: " + chain.error().message};
    for (const auto& c : *chain) {
      ossl::X509Ptr ref = c.Share();
      if (sk_X509_push(ca.get(), ref.get()) <= 0) return Error{ErrorCode::Crypto, "PKCS#12: chain"};
      ref.release();
    }
  }
  const int pbe = options.legacy ? NID_pbe_WithSHA1And3_Key_TripleDES_CBC : NID_aes_256_cbc;
  std::string name = friendly_name;
  PKCS12* raw = PKCS12_create_ex(passphrase.c_str(), name.empty() ? nullptr : name.c_str(),
                                 credential.key.get(), cert->get(), ca.get(), pbe, pbe,
                                 PKCS12_DEFAULT_ITER, -1 /* MAC set below */, 0, nullptr, nullptr);
  if (raw == nullptr) return Error{ErrorCode::Crypto, ossl::LastError("PKCS#12: create")};
  ossl::Pkcs12Ptr p12(raw);
  const EVP_MD* mac_md = options.legacy ? EVP_sha1() : EVP_sha256();
  if (PKCS12_set_mac(p12.get(), passphrase.c_str(), -1, nullptr, 0, PKCS12_DEFAULT_ITER, mac_md) != 1) {
    return Error{ErrorCode::Crypto, ossl::LastError("PKCS#12: set MAC")};
  }
  unsigned char* der = nullptr;
  int len = i2d_PKCS12(p12.get(), &der);
  if (len <= 0) return Error{ErrorCode::Crypto, ossl::LastError("PKCS#12: encode")};
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

Result<Credential> ReadPkcs12(const std::string& der, const std::string& passphrase) {
  if (der.size() > kMaxPkcs12Bytes) return Error{ErrorCode::TooLarge, "PKCS#12: larger than 4 MiB"};
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  PKCS12* raw = d2i_PKCS12(nullptr, &p, static_cast<long>(der.size()));
  if (raw == nullptr) return Error{ErrorCode::Parse, ossl::LastError("PKCS#12: not a valid file")};
  ossl::Pkcs12Ptr p12(raw);
  if (PKCS12_mac_present(p12.get()) &&
      PKCS12_verify_mac(p12.get(), passphrase.c_str(), static_cast<int>(passphrase.size())) != 1) {
    ERR_clear_error();
    return Error{ErrorCode::Auth, "PKCS#12: wrong passphrase"};
  }
  EVP_PKEY* pkey = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* ca = nullptr;
  if (PKCS12_parse(p12.get(), passphrase.c_str(), &pkey, &cert, &ca) != 1) {
    return Error{ErrorCode::Parse, ossl::LastError("PKCS#12: cannot decrypt contents")};
  }
  ossl::PkeyPtr key_owner(pkey);
  ossl::X509Ptr cert_owner(cert);
  ossl::X509StackPtr ca_owner(ca);
  if (!key_owner || !cert_owner) {
    return Error{ErrorCode::Parse, "PKCS#12: the file holds no key and certificate pair"};
  }
  auto key = KeyPair::Adopt(std::move(key_owner));
  if (!key.ok()) return key.error();
  Credential out{std::move(key).value(), PemOf(cert_owner.get()), {}};
  for (int i = 0; ca_owner && i < sk_X509_num(ca_owner.get()); ++i) {
    out.chain_pem += PemOf(sk_X509_value(ca_owner.get(), i));
  }
  return out;
}

}  // namespace trustdesk
