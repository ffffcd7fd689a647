// Small OpenSSL helpers shared by the CA code: PEM <-> objects, key generation, names, serials.
// Every function returns a Result whose message names the step that failed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/openssl_ptr.h"
#include "core/model/timestamp.h"
#include "core/util/result.h"

namespace trustdesk::server::ca {

Result<ossl::PkeyPtr> GenerateEcKey(const char* curve);  // "P-256", "P-384"
Result<ossl::PkeyPtr> ParsePrivateKeyPem(std::string_view pem, std::string_view what);
Result<ossl::X509Ptr> ParseCertificatePem(std::string_view pem, std::string_view what);
Result<ossl::X509ReqPtr> ParseCsrPem(std::string_view pem);

Result<std::string> PrivateKeyToPem(EVP_PKEY* key);  // unencrypted PKCS#8
Result<std::string> CertificateToPem(X509* cert);
Result<std::string> PublicKeyToPem(EVP_PKEY* key);

// A random positive 128-bit serial (top bit clear, next bit set so it always has 32 hex digits).
Result<ossl::Asn1IntegerPtr> RandomSerial();
// Serials in the API's format (lower-case hex) come from trustdesk::SerialHex
// (core/crypto/certificate.h).

std::string NameToString(const X509_NAME* name);  // RFC 4514-ish, most significant last
ossl::X509NamePtr MakeName(const std::vector<std::pair<std::string, std::string>>& entries);

Timestamp Asn1TimeToTimestamp(const ASN1_TIME* t);
// Sets `t` (in place) to the given UNIX time.
bool SetAsn1Time(ASN1_TIME* t, Timestamp when);

// Adds an extension given in OpenSSL's config syntax, e.g. ("keyUsage", "critical,keyCertSign").
Status AddExtension(X509* cert, X509* issuer, int nid, const std::string& value);

// The EVP digest for "SHA-256", "SHA-384", "SHA-512".
const EVP_MD* DigestByName(std::string_view name);

}  // namespace trustdesk::server::ca
