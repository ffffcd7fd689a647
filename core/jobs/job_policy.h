// The policy rules a job checks before it generates a key or sends anything (SPEC §5, §7):
// version compatibility, allowed key stores and keys, the duplicate allowance, export permission
// and which post-processing scripts apply on this platform. Pure functions of the profile, the
// issued certificates and the time, so the GUI can use the same answers to disable actions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/key_pair.h"
#include "core/model/issued_certificate.h"
#include "core/model/profile.h"
#include "core/util/result.h"

namespace trustdesk {

// Unsupported "<profile name> requires TrustDesk 3.0 or newer (this is 2.1.0)" when the app is
// older than the profile version (or either version does not parse).
Status CheckProfileCompatible(const Profile& profile, std::string_view app_version);

// True for the key stores this build can open (PEM files, PKCS#12 file, software store).
bool StoreAvailableInThisBuild(KeyStoreKind kind);

// Forbidden "the profile does not allow the <store> key store (allowed: ...)", and Unsupported
// for stores this build cannot open (OS key store, PKCS#11 token).
Status CheckKeyStoreAllowed(const Profile& profile, KeyStoreKind kind);

// The key to generate for an (algorithm, size) choice: RSA bits; EC 256 → P-256, 384 → P-384;
// size 0 picks the profile's first allowed key of that algorithm. Checked against the profile.
Result<KeySpec> ChooseKeySpec(const Profile& profile, KeyAlgorithm algorithm, int key_size);

// Active = issued from `profile_id`, not revoked and not yet expired at `now`.
std::vector<const IssuedCertificate*> ActiveCertificates(
    const std::vector<IssuedCertificate>& issued, const std::string& profile_id, Timestamp now);

// Whether renewing under this profile revokes the certificate it replaces (the server's rule:
// when the profile asks for it, or when it allows no duplicates at all).
bool RevokesPreviousOnRenew(const Profile& profile);

// Conflict when one more certificate would exceed the profile's allowance. `renews_serial`
// (possibly empty) is the certificate a renewal replaces; it does not count when it is revoked
// by the renewal. Messages: "a valid certificate already exists and the profile allows no
// duplicates (renew it instead)", "the profile allows at most 3 active certificates; you have 3".
Status CheckDuplicateAllowance(const Profile& profile, const std::vector<IssuedCertificate>& issued,
                               Timestamp now, const std::string& renews_serial = {});

// Forbidden "the profile does not allow exporting the private key" unless it does.
Status CheckExportAllowed(const Profile& profile);

// The scripts that run on this platform, in profile order.
std::vector<Script> ScriptsForThisPlatform(const Profile& profile);

}  // namespace trustdesk
