#include "tools/server/ca/x509_util.h"

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>

namespace trustdesk::server::ca {
namespace {

ossl::BioPtr MemBio(std::string_view data) {
  return ossl::BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

std::string BioToString(BIO* bio) {
  char* p = nullptr;
  long n = BIO_get_mem_data(bio, &p);
  return std::string(p, static_cast<size_t>(n));
}

}  // namespace

Result<ossl::PkeyPtr> GenerateEcKey(const char* curve) {
  ossl::PkeyPtr key(EVP_EC_gen(curve));
  if (!key) return Error(ErrorCode::Crypto, ossl::LastError(std::string("generating ") + curve));
  return key;
}

Result<ossl::PkeyPtr> ParsePrivateKeyPem(std::string_view pem, std::string_view what) {
  auto bio = MemBio(pem);
  ossl::PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return Error(ErrorCode::Parse, ossl::LastError("parsing " + std::string(what)));
  return key;
}

Result<ossl::X509Ptr> ParseCertificatePem(std::string_view pem, std::string_view what) {
  auto bio = MemBio(pem);
  ossl::X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return Error(ErrorCode::Parse, ossl::LastError("parsing " + std::string(what)));
  return cert;
}

Result<ossl::X509ReqPtr> ParseCsrPem(std::string_view pem) {
  if (pem.find("-----BEGIN CERTIFICATE REQUEST-----") == std::string_view::npos &&
      pem.find("-----BEGIN NEW CERTIFICATE REQUEST-----") == std::string_view::npos) {
    return Error(ErrorCode::Parse,
                 "csr_pem: no '-----BEGIN CERTIFICATE REQUEST-----' block found");
  }
  auto bio = MemBio(pem);
  ossl::X509ReqPtr req(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  if (!req) return Error(ErrorCode::Parse, ossl::LastError("csr_pem: not a valid PKCS#10 CSR"));
  return req;
}

Result<std::string> PrivateKeyToPem(EVP_PKEY* key) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)) {
    return Error(ErrorCode::Crypto, ossl::LastError("encoding private key"));
  }
  return BioToString(bio.get());
}

Result<std::string> CertificateToPem(X509* cert) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_X509(bio.get(), cert)) {
    return Error(ErrorCode::Crypto, ossl::LastError("encoding certificate"));
  }
  return BioToString(bio.get());
}

Result<std::string> PublicKeyToPem(EVP_PKEY* key) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_PUBKEY(bio.get(), key)) {
    return Error(ErrorCode::Crypto, ossl::LastError("encoding public key"));
  }
  return BioToString(bio.get());
}

Result<ossl::Asn1IntegerPtr> RandomSerial() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return Error(ErrorCode::Crypto, ossl::LastError("random serial"));
  }
  bytes[0] = static_cast<unsigned char>((bytes[0] & 0x7f) | 0x40);
  ossl::BignumPtr bn(BN_bin2bn(bytes, sizeof bytes, nullptr));
  ossl::Asn1IntegerPtr serial(bn ? BN_to_ASN1_INTEGER(bn.get(), nullptr) : nullptr);
  if (!serial) return Error(ErrorCode::Crypto, ossl::LastError("encoding serial"));
  return serial;
}

std::string NameToString(const X509_NAME* name) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return BioToString(bio.get());
}

ossl::X509NamePtr MakeName(const std::vector<std::pair<std::string, std::string>>& entries) {
  ossl::X509NamePtr name(X509_NAME_new());
  for (const auto& [field, value] : entries) {
    X509_NAME_add_entry_by_txt(name.get(), field.c_str(), MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  }
  return name;
}

Timestamp Asn1TimeToTimestamp(const ASN1_TIME* t) {
  struct tm tm {};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return Timestamp{};
  return Timestamp{static_cast<int64_t>(timegm(&tm))};
}

bool SetAsn1Time(ASN1_TIME* t, Timestamp when) {
  return ASN1_TIME_set(t, static_cast<time_t>(when.unix_seconds)) != nullptr;
}

Status AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer ? issuer : cert, cert, nullptr, nullptr, 0);
  ossl::X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  if (!ext || !X509_add_ext(cert, ext.get(), -1)) {
    return Error(ErrorCode::Crypto,
                 ossl::LastError(std::string("extension ") + OBJ_nid2sn(nid) + "=" + value));
  }
  return Status::Ok();
}

const EVP_MD* DigestByName(std::string_view name) {
  if (name == "SHA-256") return EVP_sha256();
  if (name == "SHA-384") return EVP_sha384();
  if (name == "SHA-512") return EVP_sha512();
  return nullptr;
}

}  // namespace trustdesk::server::ca
