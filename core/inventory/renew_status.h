// Renew status per SPEC §4: "Can renew" when a certificate issued from the profile is installed
// here (its key is in a local key store), is not revoked, and is inside the profile's renewal
// window; otherwise "No action". The reason text is what the table shows on hover.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/inventory/inventory.h"
#include "core/model/issued_certificate.h"
#include "core/model/profile.h"

namespace trustdesk {

enum class RenewState { CanRenew, NoAction };

struct RenewStatus {
  RenewState state = RenewState::NoAction;
  std::string reason;  // "expires in 41 days; window opens at 30 days"
  std::optional<Timestamp> window_opens;
};

// When the renewal window opens for a certificate valid from not_before to not_after; empty
// when the profile sets no window.
std::optional<Timestamp> RenewalWindowStart(const RenewalWindow& window, Timestamp not_before,
                                            Timestamp not_after);

// True when `app_version` >= `profile_version` ("MAJOR.MINOR[.PATCH]"); an unparsable profile
// version is incompatible.
bool IsProfileCompatible(std::string_view profile_version, std::string_view app_version);

RenewStatus ComputeRenewStatus(const Profile& profile, const IssuedCertificate& certificate,
                               const InventoryEntry* installed, Timestamp now,
                               std::string_view app_version = TRUSTDESK_VERSION);

}  // namespace trustdesk
