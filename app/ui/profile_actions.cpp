#include "app/ui/profile_actions.h"

namespace trustdesk {

std::string IncompatibilityText(const Profile& profile, std::string_view app_version) {
  return "Requires TrustDesk " + profile.profile_version + " or later; this is " +
         std::string(app_version);
}

std::string SyncDisabledReason(const Snapshot& snapshot) {
  if (!snapshot.account) return "Sign in to sync your profiles";
  switch (snapshot.sync.state) {
    case SyncState::Syncing: return "A sync is already running";
    case SyncState::SignedOut: return "Sign in to sync your profiles";
    case SyncState::TokenExpired: return "Your session has expired; sign in again to sync";
    default: return {};
  }
}

std::string EnrollDisabledReason(const ProfileRow& row, const Snapshot& snapshot,
                                 std::string_view app_version) {
  const Profile& p = row.profile();
  if (!snapshot.account || snapshot.sync.state == SyncState::SignedOut) {
    return "Sign in to enroll a certificate";
  }
  if (!row.compatible) return IncompatibilityText(p, app_version);
  const DuplicatePolicy& dup = p.policy.duplicates;
  if (!dup.allowed && row.active > 0) {
    return "A valid certificate already exists and the profile allows no duplicates; renew it "
           "from Issued certificates instead";
  }
  if (dup.allowed && row.active >= dup.max_active) {
    return "The profile allows at most " + std::to_string(dup.max_active) +
           " active certificates and " + std::to_string(row.active) + " are active";
  }
  for (const JobStatus& job : snapshot.jobs) {
    if (!job.finished() && job.profile_id == p.id &&
        (job.kind == JobKind::Enroll || job.kind == JobKind::Renew)) {
      return "An enrollment from this profile is already running";
    }
  }
  if (snapshot.sync.state == SyncState::TokenExpired) {
    return "Your session has expired; sign in again to enroll";
  }
  if (snapshot.sync.state == SyncState::Offline) {
    return "Offline: enrolling needs a connection to the server";
  }
  return {};
}

std::string ViewIssuedDisabledReason(const ProfileRow& row) {
  if (row.issued == 0) return "No certificates have been issued from this profile yet";
  return {};
}

}  // namespace trustdesk
