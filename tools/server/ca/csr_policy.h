// Turns a PKCS#10 request into a CertificateSpec, or refuses it. The CSR signature must verify;
// its key must be one the profile allows; its subject and SANs are matched against the profile's
// certificate format with the same rules the client's enrollment form uses (fixed values, user
// attributes, constraints on user-entered values, SAN types and counts). Validity, key usage and
// extended key usage come from the profile only: whatever else the CSR requests is ignored.
#pragma once

#include <string>

#include "core/model/account.h"
#include "core/model/profile.h"
#include "core/util/result.h"
#include "tools/server/ca/certificate_authority.h"
#include "tools/server/ca/reserved_names.h"

namespace trustdesk::server::ca {

enum class CsrProblem {
  None,
  Malformed,        // not PEM / not PKCS#10
  BadSignature,     // the CSR's self-signature does not verify
  PolicyViolation,  // a profile rule is broken (the message names it)
};

struct CsrDecision {
  CsrProblem problem = CsrProblem::None;
  std::string message;
  CertificateSpec spec;  // complete when problem == None
};

// `now` is the server clock (validity starts one minute before it, ends validity_days after).
// Names in `reserved` are refused whatever the profile allows.
CsrDecision EvaluateCsr(const std::string& csr_pem, const Profile& profile, const Account& account,
                        Timestamp now, const std::string& crl_url, const ReservedNames& reserved);

}  // namespace trustdesk::server::ca
