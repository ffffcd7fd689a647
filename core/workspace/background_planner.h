// What a background-actions pass would do (SPEC §7), decided from the snapshot and the local
// inventory alone: auto-enroll every auto-enroll profile that has no valid certificate here, and
// auto-renew every installed certificate inside its renewal window on an auto-renew profile. An
// automatic action needs no person: it enrolls into PEM files in the workspace's certificates
// directory, and leaves anything that needs typed values, a PIN or a passphrase to the user, with
// the reason. Pure logic, no I/O.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/inventory/inventory.h"
#include "core/model/account.h"
#include "core/model/issued_certificate.h"
#include "core/model/snapshot.h"

namespace trustdesk {

enum class PlannedKind { Enroll, Renew, Skip };

struct PlannedAction {
  PlannedKind kind = PlannedKind::Skip;
  std::string profile_id;
  std::string profile_name;
  std::string serial;  // Renew (and a Skip about one certificate)
  std::string reason;  // why it runs, or why it cannot run automatically
  // Enroll: the key and where it goes.
  KeyAlgorithm key_algorithm = KeyAlgorithm::Ec;
  int key_size = 0;
  KeyStoreKind store = KeyStoreKind::Pem;
  std::string store_location;
};

struct BackgroundPlanInput {
  const std::vector<ProfileEntry>* profiles = nullptr;
  const std::vector<IssuedCertificate>* issued = nullptr;
  const std::vector<InventoryEntry>* installed = nullptr;
  const Account* account = nullptr;
  Timestamp now;
  std::filesystem::path auto_store_dir;  // PEM directory for automatic enrolments
  std::string_view app_version = TRUSTDESK_VERSION;
};

// Profile order; for each profile its enrolment (or skip) before its renewals.
std::vector<PlannedAction> PlanBackgroundActions(const BackgroundPlanInput& input);

// True when the profile has a certificate here that is installed, not missing, not revoked and
// not expired.
bool HasValidCertificateHere(const Profile& profile, const std::vector<IssuedCertificate>& issued,
                             const std::vector<InventoryEntry>& installed, Timestamp now);

}  // namespace trustdesk
