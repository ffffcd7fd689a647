// Key escrow with the server's escrow certificate. Clients upload the private key of an issued
// certificate as CMS EnvelopedData (PEM "-----BEGIN CMS-----") whose content is the DER PKCS#8
// PrivateKeyInfo, encrypted to the escrow certificate. The server stores the envelope as
// received; it opens it only to check it on upload (it must hold the key of that certificate)
// and to recover the key for the certificate's owner, re-encrypted under the owner's passphrase.
#pragma once

#include <string>
#include <string_view>

#include "core/util/result.h"
#include "tools/server/ca/escrow_vault.h"

namespace trustdesk::server::ca {

constexpr std::size_t kMaxEscrowBytes = 256 * 1024;

// Checks that `cms_pem` is an EnvelopedData for the escrow certificate holding the private key
// that belongs to `certificate_pem`. Errors name what is wrong (Parse / InvalidInput).
Status CheckEscrowEnvelope(std::string_view cms_pem, const EscrowVault& vault,
                           std::string_view certificate_pem);

// Opens the envelope and returns the key as an encrypted PKCS#8 PEM
// ("-----BEGIN ENCRYPTED PRIVATE KEY-----", AES-256-CBC, PBKDF2) under `passphrase`.
Result<std::string> RecoverEscrowedKey(std::string_view cms_pem, const EscrowVault& vault,
                                       std::string_view passphrase);

}  // namespace trustdesk::server::ca
