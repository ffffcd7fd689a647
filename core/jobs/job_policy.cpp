#include "core/jobs/job_policy.h"

#include <algorithm>

#include "core/crypto/csr_builder.h"
#include "core/model/version.h"
#include "core/scripts/profile_scripts.h"

namespace trustdesk {

Status CheckProfileCompatible(const Profile& profile, std::string_view app_version) {
  if (IsProfileCompatible(profile, app_version)) return Status::Ok();
  return Error{ErrorCode::Unsupported, profile.name + " requires TrustDesk " +
                                           profile.profile_version + " or newer (this is " +
                                           std::string(app_version) + ")"};
}

bool StoreAvailableInThisBuild(KeyStoreKind kind) {
  return kind == KeyStoreKind::Pem || kind == KeyStoreKind::Pkcs12 ||
         kind == KeyStoreKind::Software;
}

Status CheckKeyStoreAllowed(const Profile& profile, KeyStoreKind kind) {
  const auto& allowed = profile.policy.allowed_key_stores;
  if (std::find(allowed.begin(), allowed.end(), kind) == allowed.end()) {
    std::string list;
    for (KeyStoreKind k : allowed) list += (list.empty() ? "" : ", ") + std::string(DisplayName(k));
    return Error{ErrorCode::Forbidden, "the profile does not allow the " +
                                           std::string(DisplayName(kind)) +
                                           " key store (allowed: " + list + ")"};
  }
  if (!StoreAvailableInThisBuild(kind)) {
    return Error{ErrorCode::Unsupported,
                 std::string(DisplayName(kind)) + " key store is not available on this machine"};
  }
  return Status::Ok();
}

Result<KeySpec> ChooseKeySpec(const Profile& profile, KeyAlgorithm algorithm, int key_size) {
  const CertificateFormat& format = profile.certificate_format;
  KeySpec spec;
  if (key_size == 0) {
    for (const KeySpec& allowed : AllowedKeySpecs(format)) {
      if (allowed.algorithm == algorithm) return allowed;
    }
    return Error{ErrorCode::InvalidInput, std::string("key: ") + ToString(algorithm) +
                                              " keys are not allowed by the profile"};
  }
  switch (algorithm) {
    case KeyAlgorithm::Rsa:
      spec = KeySpec::Rsa(key_size);
      break;
    case KeyAlgorithm::Ec:
      if (key_size != 256 && key_size != 384) {
        return Error{
            ErrorCode::InvalidInput,
            "key: EC size must be 256 (P-256) or 384 (P-384), not " + std::to_string(key_size)};
      }
      spec = KeySpec::Ec(key_size == 256 ? "P-256" : "P-384");
      break;
    case KeyAlgorithm::Ed25519:
      spec = KeySpec::Ed25519();
      break;
  }
  if (Status s = CheckKeyAllowed(format, spec); !s.ok()) return s.error();
  return spec;
}

std::vector<const IssuedCertificate*> ActiveCertificates(
    const std::vector<IssuedCertificate>& issued, const std::string& profile_id, Timestamp now) {
  std::vector<const IssuedCertificate*> out;
  for (const auto& c : issued) {
    if (c.profile_id == profile_id && !c.revoked && c.not_after > now) out.push_back(&c);
  }
  return out;
}

bool RevokesPreviousOnRenew(const Profile& profile) {
  const DuplicatePolicy& d = profile.policy.duplicates;
  return d.revoke_previous_on_renew || !d.allowed;
}

Status CheckDuplicateAllowance(const Profile& profile, const std::vector<IssuedCertificate>& issued,
                               Timestamp now, const std::string& renews_serial) {
  const DuplicatePolicy& d = profile.policy.duplicates;
  const auto active = ActiveCertificates(issued, profile.id, now);
  int count = static_cast<int>(active.size());
  if (!renews_serial.empty() && RevokesPreviousOnRenew(profile)) {
    const bool replaced =
        std::any_of(active.begin(), active.end(),
                    [&](const IssuedCertificate* c) { return c->serial == renews_serial; });
    if (replaced) --count;
  }
  const int max_active = d.allowed ? std::max(1, d.max_active) : 1;
  if (count + 1 <= max_active) return Status::Ok();
  if (!d.allowed) {
    return Error{ErrorCode::Conflict,
                 "a valid certificate already exists and the profile allows no duplicates"
                 " (renew it instead)"};
  }
  return Error{ErrorCode::Conflict, "the profile allows at most " + std::to_string(max_active) +
                                        " active certificates; you have " +
                                        std::to_string(active.size())};
}

Status CheckExportAllowed(const Profile& profile) {
  if (profile.policy.exportable_private_key) return Status::Ok();
  return Error{ErrorCode::Forbidden,
               "the profile " + profile.name + " does not allow exporting the private key"};
}

std::vector<Script> ScriptsForThisPlatform(const Profile& profile) {
  std::vector<Script> out;
  for (const Script& s : profile.policy.scripts) {
    if (RunsOnThisPlatform(s)) out.push_back(s);
  }
  return out;
}

}  // namespace trustdesk
