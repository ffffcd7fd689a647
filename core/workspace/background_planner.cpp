#include "core/workspace/background_planner.h"

#include <algorithm>
#include <unordered_map>

#include "core/crypto/enrollment_input.h"
#include "core/inventory/renew_status.h"

namespace trustdesk {
namespace {

// The key an automatic enrolment generates: the first the policy lists, smallest RSA size that is
// at least 2048 bits, P-256 before P-384.
void PickKey(const CertificateFormat& format, PlannedAction& action) {
  const KeyAlgorithmRule& rule = format.key_algorithms.front();
  action.key_algorithm = rule.algorithm;
  switch (rule.algorithm) {
    case KeyAlgorithm::Rsa: {
      std::vector<int> bits = rule.rsa_bits;
      std::sort(bits.begin(), bits.end());
      action.key_size = bits.empty() ? 3072 : bits.front();
      for (int b : bits) {
        if (b >= 2048) {
          action.key_size = b;
          break;
        }
      }
      break;
    }
    case KeyAlgorithm::Ec: {
      const auto& curves = rule.ec_curves;
      const bool p256 =
          curves.empty() || std::find(curves.begin(), curves.end(), "P-256") != curves.end();
      action.key_size = p256 ? 256 : 384;
      break;
    }
    case KeyAlgorithm::Ed25519:
      action.key_size = 0;
      break;
  }
}

std::string NeedsSecretReason(KeyStoreKind kind, const char* what) {
  return std::string("needs ") +
         (kind == KeyStoreKind::Software ? "the software key store PIN"
          : kind == KeyStoreKind::Pkcs12 ? "a PKCS#12 passphrase"
                                         : "a key store this build does not support") +
         "; " + what;
}

}  // namespace

bool HasValidCertificateHere(const Profile& profile, const std::vector<IssuedCertificate>& issued,
                             const std::vector<InventoryEntry>& installed, Timestamp now) {
  for (const InventoryEntry& e : installed) {
    if (e.profile_id != profile.id || e.missing || e.not_after <= now) continue;
    const auto it = std::find_if(issued.begin(), issued.end(),
                                 [&](const IssuedCertificate& c) { return c.serial == e.serial; });
    if (it != issued.end() && it->revoked) continue;
    return true;
  }
  return false;
}

std::vector<PlannedAction> PlanBackgroundActions(const BackgroundPlanInput& in) {
  static const std::vector<IssuedCertificate> kNoIssued;
  static const std::vector<InventoryEntry> kNoInstalled;
  static const Account kNoAccount;
  const auto& issued = in.issued ? *in.issued : kNoIssued;
  const auto& installed = in.installed ? *in.installed : kNoInstalled;
  const Account& account = in.account ? *in.account : kNoAccount;
  std::unordered_map<std::string, const IssuedCertificate*> by_serial;
  for (const auto& c : issued) by_serial.emplace(c.serial, &c);

  std::vector<PlannedAction> plan;
  if (!in.profiles) return plan;
  for (const ProfileEntry& entry : *in.profiles) {
    const Profile& p = entry.profile;
    if (!p.policy.auto_enroll && !p.policy.auto_renew) continue;
    PlannedAction base;
    base.profile_id = p.id;
    base.profile_name = p.name;
    if (!IsProfileCompatible(p.profile_version, in.app_version)) {
      base.reason = "requires TrustDesk " + p.profile_version + " or newer";
      plan.push_back(base);
      continue;
    }

    if (p.policy.auto_enroll && !HasValidCertificateHere(p, issued, installed, in.now)) {
      PlannedAction a = base;
      const auto& stores = p.policy.allowed_key_stores;
      const bool pem = std::find(stores.begin(), stores.end(), KeyStoreKind::Pem) != stores.end();
      const auto problems = ValidateEnrollmentInput(p.certificate_format, account, {});
      auto allows = [&](KeyStoreKind k) {
        return std::find(stores.begin(), stores.end(), k) != stores.end();
      };
      if (!pem) {
        const KeyStoreKind needed = allows(KeyStoreKind::Software) ? KeyStoreKind::Software
                                    : allows(KeyStoreKind::Pkcs12) ? KeyStoreKind::Pkcs12
                                                                   : KeyStoreKind::Os;
        a.reason = NeedsSecretReason(needed, "enroll from the Certificate profiles page");
      } else if (!problems.empty()) {
        a.reason = "needs values only you can enter (" + problems.front().Text() +
                   "); enroll from the Certificate profiles page";
      } else if (p.certificate_format.key_algorithms.empty()) {
        a.reason = "the profile allows no key algorithm";
      } else {
        a.kind = PlannedKind::Enroll;
        a.reason = "no valid certificate on this machine";
        a.store = KeyStoreKind::Pem;
        a.store_location = in.auto_store_dir.string();
        PickKey(p.certificate_format, a);
      }
      plan.push_back(std::move(a));
    }

    if (!p.policy.auto_renew) continue;
    for (const InventoryEntry& e : installed) {
      if (e.profile_id != p.id || e.missing) continue;
      const auto it = by_serial.find(e.serial);
      if (it == by_serial.end()) continue;  // not (or no longer) listed by the server
      const RenewStatus status = ComputeRenewStatus(p, *it->second, &e, in.now, in.app_version);
      if (status.state != RenewState::CanRenew) continue;
      PlannedAction a = base;
      a.serial = e.serial;
      if (e.store == KeyStoreKind::Pem) {
        a.kind = PlannedKind::Renew;
        a.reason = status.reason;
      } else {
        a.reason = NeedsSecretReason(e.store, "renew from the Issued certificates page");
      }
      plan.push_back(std::move(a));
    }
  }
  return plan;
}

}  // namespace trustdesk
