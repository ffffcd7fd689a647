#include "core/crypto/certificate.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <cstring>
#include <ctime>

#include "core/crypto/key_pair.h"

// Sections: name and SAN helpers · time · info extraction · parsing and chains.

namespace trustdesk {
namespace {

constexpr std::size_t kMaxCertBytes = 1u << 20;
constexpr std::size_t kMaxChainBytes = 8u << 20;
constexpr int kMaxChainLength = 32;
constexpr const char* kUpnOid = "1.3.6.1.4.1.311.20.2.3";

std::string OidText(const ASN1_OBJECT* obj) {
  char buf[128] = {0};
  int n = OBJ_obj2txt(buf, sizeof buf, obj, 1);
  if (n <= 0) return {};
  return std::string(buf, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buf - 1));
}

std::string ShortNameOf(const ASN1_OBJECT* obj) {
  int nid = OBJ_obj2nid(obj);
  if (nid != NID_undef) {
    if (const char* sn = OBJ_nid2sn(nid)) return sn;
  }
  return OidText(obj);
}

std::string HexColon(const unsigned char* data, std::size_t len) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(len * 3);
  for (std::size_t i = 0; i < len; ++i) {
    if (i) out += ':';
    out += kHex[data[i] >> 4];
    out += kHex[data[i] & 0xF];
  }
  return out;
}

std::string RawString(const ASN1_STRING* s) {
  if (s == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

std::string Utf8String(const ASN1_STRING* s) {
  unsigned char* out = nullptr;
  int len = ASN1_STRING_to_UTF8(&out, s);
  if (len < 0) {
    ERR_clear_error();
    return "#" + HexColon(ASN1_STRING_get0_data(s), static_cast<std::size_t>(ASN1_STRING_length(s)));
  }
  std::string value(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
  OPENSSL_free(out);
  return value;
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return len > 0 && data != nullptr ? std::string(data, static_cast<std::size_t>(len)) : "";
}

std::string IpText(const ASN1_OCTET_STRING* ip) {
  const unsigned char* p = ASN1_STRING_get0_data(ip);
  int len = ASN1_STRING_length(ip);
  char buf[INET6_ADDRSTRLEN] = {0};
  if (len == 4 && inet_ntop(AF_INET, p, buf, sizeof buf)) return buf;
  if (len == 16 && inet_ntop(AF_INET6, p, buf, sizeof buf)) return buf;
  return "#" + HexColon(p, static_cast<std::size_t>(len));
}

SanEntry DescribeGeneralName(const GENERAL_NAME* gn) {
  SanEntry e;
  switch (gn->type) {
    case GEN_DNS:
      e = {SanType::Dns, "DNS", RawString(gn->d.dNSName)};
      break;
    case GEN_EMAIL:
      e = {SanType::Email, "email", RawString(gn->d.rfc822Name)};
      break;
    case GEN_URI:
      e = {SanType::Uri, "URI", RawString(gn->d.uniformResourceIdentifier)};
      break;
    case GEN_IPADD:
      e = {SanType::Ip, "IP", IpText(gn->d.iPAddress)};
      break;
    case GEN_OTHERNAME: {
      const OTHERNAME* other = gn->d.otherName;
      std::string oid = OidText(other->type_id);
      if (oid == kUpnOid && other->value != nullptr && other->value->type == V_ASN1_UTF8STRING) {
        e = {SanType::Upn, "UPN", Utf8String(other->value->value.utf8string)};
      } else {
        e = {std::nullopt, "otherName", oid};
      }
      break;
    }
    case GEN_DIRNAME:
      e = {std::nullopt, "dirName", DescribeName(gn->d.directoryName).rfc4514};
      break;
    case GEN_RID:
      e = {std::nullopt, "RID", OidText(gn->d.registeredID)};
      break;
    case GEN_X400:
      e = {std::nullopt, "X400Name", "<unsupported>"};
      break;
    default:
      e = {std::nullopt, "EdiPartyName", "<unsupported>"};
      break;
  }
  return e;
}

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string Fingerprint(X509* cert, const EVP_MD* md) {
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(cert, md, buf, &len) != 1) {
    ERR_clear_error();
    return {};
  }
  return HexColon(buf, len);
}

std::vector<std::string> KeyUsageNames(X509* cert) {
  std::vector<std::string> out;
  if ((X509_get_extension_flags(cert) & EXFLAG_KUSAGE) == 0) return out;
  const uint32_t ku = X509_get_key_usage(cert);
  static const std::pair<uint32_t, const char*> kBits[] = {
      {KU_DIGITAL_SIGNATURE, "digitalSignature"}, {KU_NON_REPUDIATION, "nonRepudiation"},
      {KU_KEY_ENCIPHERMENT, "keyEncipherment"},   {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
      {KU_KEY_AGREEMENT, "keyAgreement"},         {KU_KEY_CERT_SIGN, "keyCertSign"},
      {KU_CRL_SIGN, "cRLSign"},                   {KU_ENCIPHER_ONLY, "encipherOnly"},
      {KU_DECIPHER_ONLY, "decipherOnly"}};
  for (const auto& [bit, name] : kBits) {
    if (ku & bit) out.emplace_back(name);
  }
  return out;
}

std::vector<std::string> ExtendedKeyUsageNames(X509* cert) {
  std::vector<std::string> out;
  auto* eku = static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr));
  if (eku == nullptr) return out;
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku); ++i) {
    const ASN1_OBJECT* obj = sk_ASN1_OBJECT_value(eku, i);
    out.push_back(OBJ_obj2nid(obj) != NID_undef ? ShortNameOf(obj) : OidText(obj));
  }
  sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
  return out;
}

std::vector<CertificateExtension> Extensions(X509* cert) {
  std::vector<CertificateExtension> out;
  for (int i = 0; i < X509_get_ext_count(cert); ++i) {
    X509_EXTENSION* ext = X509_get_ext(cert, i);
    const ASN1_OBJECT* obj = X509_EXTENSION_get_object(ext);
    CertificateExtension e;
    e.oid = OidText(obj);
    int nid = OBJ_obj2nid(obj);
    e.name = nid != NID_undef ? OBJ_nid2ln(nid) : e.oid;
    e.critical = X509_EXTENSION_get_critical(ext) == 1;
    ossl::BioPtr bio(BIO_new(BIO_s_mem()));
    if (bio && X509V3_EXT_print(bio.get(), ext, 0, 0) == 1) {
      e.value = BioText(bio.get());
    } else {
      ERR_clear_error();
      const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(ext);
      e.value = HexColon(ASN1_STRING_get0_data(data), static_cast<std::size_t>(ASN1_STRING_length(data)));
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::string DistinguishedName::Get(std::string_view key) const {
  for (const auto& a : attributes) {
    if (a.short_name == key || a.oid == key) return a.value;
  }
  return {};
}

std::string SerialHex(const ASN1_INTEGER* serial) {
  ossl::BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn) {
    ERR_clear_error();
    return {};
  }
  if (BN_is_zero(bn.get())) return "0";
  char* hex = BN_bn2hex(bn.get());
  if (hex == nullptr) return {};
  std::string out(hex);
  OPENSSL_free(hex);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

DistinguishedName DescribeName(const X509_NAME* name) {
  DistinguishedName dn;
  if (name == nullptr) return dn;
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  // RFC 4514 escaping, but UTF-8 kept readable instead of \XX escapes.
  if (bio && X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
    dn.rfc4514 = BioText(bio.get());
  }
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    const ASN1_OBJECT* obj = X509_NAME_ENTRY_get_object(entry);
    dn.attributes.push_back(
        {ShortNameOf(obj), OidText(obj), Utf8String(X509_NAME_ENTRY_get_data(entry))});
  }
  return dn;
}

std::vector<SanEntry> DescribeGeneralNames(const GENERAL_NAMES* names) {
  std::vector<SanEntry> out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    out.push_back(DescribeGeneralName(sk_GENERAL_NAME_value(names, i)));
  }
  return out;
}

Result<Timestamp> ToTimestamp(const ASN1_TIME* time) {
  struct tm tm {};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) {
    ERR_clear_error();
    return Error{ErrorCode::Parse, "certificate: invalid time value"};
  }
  int64_t days = DaysFromCivil(int64_t{tm.tm_year} + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                               static_cast<unsigned>(tm.tm_mday));
  return Timestamp{days * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec};
}

Result<Certificate> Certificate::Parse(std::string_view bytes) {
  if (bytes.find("-----BEGIN") != std::string_view::npos) return FromPem(bytes);
  return FromDer(bytes);
}

Result<Certificate> Certificate::FromPem(std::string_view pem) {
  if (pem.size() > kMaxCertBytes) return Error{ErrorCode::TooLarge, "certificate: larger than 1 MiB"};
  ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Error{ErrorCode::Crypto, ossl::LastError("certificate: allocate buffer")};
  X509* raw = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
  if (raw == nullptr) {
    return Error{ErrorCode::Parse, ossl::LastError("certificate: not a valid PEM certificate")};
  }
  return Certificate(ossl::X509Ptr(raw));
}

Result<Certificate> Certificate::FromDer(std::string_view der) {
  if (der.size() > kMaxCertBytes) return Error{ErrorCode::TooLarge, "certificate: larger than 1 MiB"};
  if (der.empty()) return Error{ErrorCode::Parse, "certificate: empty input"};
  const auto* begin = reinterpret_cast<const unsigned char*>(der.data());
  const unsigned char* p = begin;
  X509* raw = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (raw == nullptr) {
    return Error{ErrorCode::Parse, ossl::LastError("certificate: not a valid DER certificate")};
  }
  ossl::X509Ptr cert(raw);
  if (static_cast<std::size_t>(p - begin) != der.size()) {
    return Error{ErrorCode::Parse, "certificate: trailing bytes after the certificate at offset " +
                                       std::to_string(p - begin)};
  }
  return Certificate(std::move(cert));
}

std::string Certificate::Serial() const { return SerialHex(X509_get0_serialNumber(cert_.get())); }

Timestamp Certificate::NotAfter() const {
  auto t = ToTimestamp(X509_get0_notAfter(cert_.get()));
  return t.ok() ? *t : Timestamp{};
}

Timestamp Certificate::NotBefore() const {
  auto t = ToTimestamp(X509_get0_notBefore(cert_.get()));
  return t.ok() ? *t : Timestamp{};
}

Result<std::string> Certificate::ToPem() const {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert_.get()) != 1) {
    return Error{ErrorCode::Crypto, ossl::LastError("encode certificate as PEM")};
  }
  return BioText(bio.get());
}

Result<std::string> Certificate::ToDer() const {
  unsigned char* out = nullptr;
  int len = i2d_X509(cert_.get(), &out);
  if (len <= 0) return Error{ErrorCode::Crypto, ossl::LastError("encode certificate as DER")};
  std::string der(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
  OPENSSL_free(out);
  return der;
}

ossl::X509Ptr Certificate::Share() const {
  X509_up_ref(cert_.get());
  return ossl::X509Ptr(cert_.get());
}

CertificateInfo Certificate::Info() const {
  X509* x = cert_.get();
  CertificateInfo info;
  info.version = static_cast<int>(X509_get_version(x)) + 1;
  info.serial = Serial();
  info.subject = DescribeName(X509_get_subject_name(x));
  info.issuer = DescribeName(X509_get_issuer_name(x));
  info.not_before = NotBefore();
  info.not_after = NotAfter();
  if (auto* names = static_cast<GENERAL_NAMES*>(
          X509_get_ext_d2i(x, NID_subject_alt_name, nullptr, nullptr))) {
    info.san = DescribeGeneralNames(names);
    GENERAL_NAMES_free(names);
  }
  info.public_key = DescribePublicKey(X509_get0_pubkey(x));
  int sig_nid = X509_get_signature_nid(x);
  info.signature_algorithm = sig_nid != NID_undef ? OBJ_nid2ln(sig_nid) : "unknown";
  info.key_usage = KeyUsageNames(x);
  info.extended_key_usage = ExtendedKeyUsageNames(x);
  if (auto* bc = static_cast<BASIC_CONSTRAINTS*>(
          X509_get_ext_d2i(x, NID_basic_constraints, nullptr, nullptr))) {
    BasicConstraints out;
    out.ca = bc->ca != 0;
    if (bc->pathlen != nullptr) out.path_length = ASN1_INTEGER_get(bc->pathlen);
    info.basic_constraints = out;
    BASIC_CONSTRAINTS_free(bc);
  }
  if (const ASN1_OCTET_STRING* skid = X509_get0_subject_key_id(x)) {
    info.subject_key_id =
        HexColon(ASN1_STRING_get0_data(skid), static_cast<std::size_t>(ASN1_STRING_length(skid)));
  }
  if (const ASN1_OCTET_STRING* akid = X509_get0_authority_key_id(x)) {
    info.authority_key_id =
        HexColon(ASN1_STRING_get0_data(akid), static_cast<std::size_t>(ASN1_STRING_length(akid)));
  }
  info.extensions = Extensions(x);
  info.sha256_fingerprint = Fingerprint(x, EVP_sha256());
  info.sha1_fingerprint = Fingerprint(x, EVP_sha1());
  info.self_issued = X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0;
  auto pem = ToPem();
  if (pem.ok()) info.pem = std::move(pem).value();
  ERR_clear_error();
  return info;
}

Result<CertificateInfo> ParseCertificate(std::string_view pem_or_der) {
  auto cert = Certificate::Parse(pem_or_der);
  if (!cert.ok()) return cert.error();
  return cert->Info();
}

Result<std::vector<Certificate>> LoadPemChain(std::string_view pem) {
  if (pem.size() > kMaxChainBytes) return Error{ErrorCode::TooLarge, "chain: larger than 8 MiB"};
  ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Error{ErrorCode::Crypto, ossl::LastError("chain: allocate buffer")};
  std::vector<Certificate> out;
  ERR_clear_error();
  for (int index = 1;; ++index) {
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long len = 0;
    if (PEM_read_bio(bio.get(), &name, &header, &data, &len) != 1) {
      unsigned long err = ERR_peek_last_error();
      bool end = ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
      if (end) {
        ERR_clear_error();
        break;
      }
      return Error{ErrorCode::Parse,
                   ossl::LastError("chain: PEM block " + std::to_string(index) + " is malformed")};
    }
    std::string block_name = name;
    std::string der(reinterpret_cast<char*>(data), static_cast<std::size_t>(len));
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
    if (block_name != "CERTIFICATE") {
      return Error{ErrorCode::Parse, "chain: PEM block " + std::to_string(index) + " is a '" +
                                         block_name + "', not a certificate"};
    }
    if (index > kMaxChainLength) {
      return Error{ErrorCode::TooLarge, "chain: more than 32 certificates"};
    }
    auto cert = Certificate::FromDer(der);
    if (!cert.ok()) {
      return Error{ErrorCode::Parse, "chain: PEM block " + std::to_string(index) + ": " +
                                         cert.error().message};
    }
    out.push_back(std::move(cert).value());
  }
  if (out.empty()) return Error{ErrorCode::Parse, "chain: no certificate found"};
  return out;
}

}  // namespace trustdesk
