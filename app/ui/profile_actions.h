// Whether a profile action is available right now, and if not, why — worded for a person. The
// quick-actions popup, the details modal and the keyboard shortcuts ask here, so a control is
// disabled for the same reason everywhere. An empty string means "available".
#pragma once

#include <string>

#include "app/ui/profile_rows.h"
#include "core/model/snapshot.h"

namespace trustdesk {

// "Sync profiles" and Ctrl+R.
std::string SyncDisabledReason(const Snapshot& snapshot);
// "Enroll certificate": signed in, compatible, duplicate policy, no enrollment already running,
// and the server reachable.
std::string EnrollDisabledReason(const ProfileRow& row, const Snapshot& snapshot,
                                 std::string_view app_version);
// "View issued certificates" (and the issued-count link).
std::string ViewIssuedDisabledReason(const ProfileRow& row);

// "Requires TrustDesk 3.0 or later; this is 2.1.0".
std::string IncompatibilityText(const Profile& profile, std::string_view app_version);

}  // namespace trustdesk
