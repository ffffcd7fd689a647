// Verification of a certificate the CA returned, before anything is installed: it must chain to
// the given trust anchors (with the intermediates provided), be valid at the injected clock's
// time, carry our public key, and carry exactly the subject and SANs the CSR asked for.
#pragma once

#include <string_view>
#include <vector>

#include "core/crypto/certificate.h"
#include "core/crypto/enrollment_input.h"
#include "core/crypto/key_pair.h"
#include "core/util/clock.h"
#include "core/util/result.h"

namespace trustdesk {

// Views only: the strings and objects must outlive the VerifyIssuedCertificate call.
struct IssuedCertificateCheck {
  std::string_view certificate_pem;    // the issued certificate
  std::string_view chain_pem;          // intermediates (may also hold the root); may be empty
  std::string_view trust_anchors_pem;  // the CA roots we trust for this server
  const KeyPair* key = nullptr;        // the key the CSR was signed with
  const RequestedNames* requested = nullptr;  // what the CSR asked for
};

struct VerifiedCertificate {
  Certificate certificate;
  std::vector<Certificate> path;  // issuer first ... trust anchor last (leaf not included)
  CertificateInfo info;
};

// Each failure is distinct:
//   Parse        "verify: certificate is malformed: ..." (or chain / trust anchors)
//   Tls          "verify: certificate does not chain to a trusted CA: <reason> (at <subject>)"
//   Tls          "verify: certificate has expired: not valid after <time>" / "... is not yet valid"
//   Crypto       "verify: certificate's public key does not match the key generated for it"
//   InvalidInput "verify: subject mismatch: asked for <dn>, got <dn>"
//   InvalidInput "verify: subjectAltName mismatch: asked for <list>, got <list>"
Result<VerifiedCertificate> VerifyIssuedCertificate(const IssuedCertificateCheck& check,
                                                    const Clock& clock);

}  // namespace trustdesk
