// X.509 certificates: parsing PEM or DER into a CertificateInfo for the viewer (subject, issuer,
// serial, validity, SANs, key, signature, key usage, EKU, basic constraints, every extension,
// fingerprints) and loading PEM chains. Untrusted input: sizes are bounded, nothing is assumed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/openssl_ptr.h"
#include "core/model/profile.h"
#include "core/model/timestamp.h"
#include "core/util/result.h"

namespace trustdesk {

struct NameAttribute {
  std::string short_name;  // "CN", "O", "emailAddress"; the dotted OID when OpenSSL has no name
  std::string oid;         // "2.5.4.3"
  std::string value;       // UTF-8
  bool operator==(const NameAttribute&) const = default;
};

struct DistinguishedName {
  std::string rfc4514;                    // "CN=alice,O=Acme" (most specific first)
  std::vector<NameAttribute> attributes;  // in certificate (encoding) order
  // First value of the attribute with that short name or OID; empty when absent.
  std::string Get(std::string_view short_name_or_oid) const;
};

// One subjectAltName entry. `type` is set for the kinds profiles can ask for.
struct SanEntry {
  std::optional<SanType> type;
  std::string kind;   // "DNS", "email", "URI", "IP", "UPN", "dirName", "RID", "otherName", ...
  std::string value;  // IP addresses in canonical text form
  std::string Display() const { return kind + ":" + value; }  // "DNS:host"
  bool operator==(const SanEntry&) const = default;
};

struct CertificateExtension {
  std::string oid;
  std::string name;   // long name ("X509v3 Subject Alternative Name") or the OID
  bool critical = false;
  std::string value;  // OpenSSL's text rendering, or hex when it has none
};

struct BasicConstraints {
  bool ca = false;
  std::optional<long> path_length;
};

struct CertificateInfo {
  int version = 3;
  std::string serial;  // lower-case hex, no separators
  DistinguishedName subject;
  DistinguishedName issuer;
  Timestamp not_before;
  Timestamp not_after;
  std::vector<SanEntry> san;
  std::string public_key;           // "EC P-256", "RSA 3072", "Ed25519"
  std::string signature_algorithm;  // "ecdsa-with-SHA256", "sha256WithRSAEncryption", "ED25519"
  std::vector<std::string> key_usage;           // "digitalSignature", "keyEncipherment", ...
  std::vector<std::string> extended_key_usage;  // "clientAuth", ... or dotted OIDs
  std::optional<BasicConstraints> basic_constraints;
  std::string subject_key_id;    // colon-separated upper-case hex, empty when absent
  std::string authority_key_id;
  std::vector<CertificateExtension> extensions;  // all, in certificate order
  std::string sha256_fingerprint;  // "AB:CD:..." upper-case hex
  std::string sha1_fingerprint;
  bool self_issued = false;  // subject == issuer
  std::string pem;
};

// An owned X.509 certificate.
class Certificate {
 public:
  // PEM ("-----BEGIN CERTIFICATE-----") or DER, detected from the bytes.
  static Result<Certificate> Parse(std::string_view pem_or_der);
  static Result<Certificate> FromPem(std::string_view pem);
  static Result<Certificate> FromDer(std::string_view der);
  static Certificate Adopt(ossl::X509Ptr cert) { return Certificate(std::move(cert)); }

  CertificateInfo Info() const;
  std::string Serial() const;  // lower-case hex
  Timestamp NotAfter() const;
  Timestamp NotBefore() const;
  Result<std::string> ToPem() const;
  Result<std::string> ToDer() const;

  X509* get() const { return cert_.get(); }
  ossl::X509Ptr Share() const;  // another reference to the same certificate

 private:
  explicit Certificate(ossl::X509Ptr cert) : cert_(std::move(cert)) {}
  ossl::X509Ptr cert_;
};

// Parses one certificate into its viewer description.
Result<CertificateInfo> ParseCertificate(std::string_view pem_or_der);
// All certificates of a PEM bundle, in order. An empty bundle is an error; so is any block that
// is not a valid certificate (named by its position).
Result<std::vector<Certificate>> LoadPemChain(std::string_view pem);

// Helpers shared with the CSR builder, the verifier and the reference server.
std::string SerialHex(const ASN1_INTEGER* serial);  // lower-case hex, "0" for zero
DistinguishedName DescribeName(const X509_NAME* name);
std::vector<SanEntry> DescribeGeneralNames(const GENERAL_NAMES* names);
Result<Timestamp> ToTimestamp(const ASN1_TIME* time);

}  // namespace trustdesk
