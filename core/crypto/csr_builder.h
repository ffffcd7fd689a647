// PKCS#10 certificate requests built from a profile's certificate format, the user's account and
// what the user typed. Everything is validated (values, SAN counts, key algorithm and size,
// signature hash, key usages) before any ASN.1 is built; errors name the field.
#pragma once

#include <string>
#include <vector>

#include "core/crypto/enrollment_input.h"
#include "core/crypto/key_pair.h"
#include "core/model/account.h"
#include "core/model/profile.h"
#include "core/util/result.h"

namespace trustdesk {

// Every key the profile allows, in profile order ("RSA 3072", "EC P-256" ...). An Rsa rule with no
// sizes allows 2048/3072/4096; an Ec rule with no curves allows P-256/P-384.
std::vector<KeySpec> AllowedKeySpecs(const CertificateFormat& format);
// "key: RSA 2048 is not allowed by the profile (allowed: EC P-256, RSA 3072)" when not allowed.
Status CheckKeyAllowed(const CertificateFormat& format, const KeySpec& spec);

struct CertificateRequest {
  std::string pem;  // "-----BEGIN CERTIFICATE REQUEST-----"
  std::string der;
  RequestedNames requested;  // what the issued certificate must carry (see chain_verifier.h)
};

// Builds and signs the CSR with `key`. Requests the SANs, key usage and extended key usage of the
// profile in an extensionRequest; the signature hash is the profile's (none for Ed25519).
Result<CertificateRequest> BuildCsr(const CertificateFormat& format, const Account& account,
                                    const EnrollmentValues& values, const KeyPair& key);

}  // namespace trustdesk
