// Client side of key escrow (SPEC §7): the private key leaves the machine only inside a CMS
// EnvelopedData (AES-256-CBC content encryption) addressed to the server's escrow certificate,
// after that certificate has been checked to chain to the CA we trust. Also the plain chain check
// the recovery job uses for certificates that may legitimately have expired.
#pragma once

#include <string>
#include <string_view>

#include "core/crypto/certificate.h"
#include "core/crypto/key_pair.h"
#include "core/util/clock.h"
#include "core/util/result.h"

namespace trustdesk {

// Checks that `certificate` chains to one of `anchors_pem` through `intermediates_pem` (may be
// empty). With `check_time` the validity of every certificate is checked at clock.Now(); without
// it, only the signatures and CA constraints. `what` names the certificate in the error.
Status VerifyChainTo(const Certificate& certificate, std::string_view intermediates_pem,
                     std::string_view anchors_pem, const Clock& clock, bool check_time,
                     const std::string& what);

// The self-signed certificates of a PEM bundle, as PEM (the trust anchors of a CA chain).
Result<std::string> SelfSignedRoots(std::string_view chain_pem);

// CMS EnvelopedData (PEM "-----BEGIN CMS-----") of the unencrypted DER PKCS#8 form of `key`,
// encrypted to `recipient` with AES-256-CBC. The recipient must be an end-entity certificate whose
// key usage (when present) allows keyEncipherment or keyAgreement.
Result<std::string> EnvelopeKeyForEscrow(const KeyPair& key, const Certificate& recipient);

}  // namespace trustdesk
