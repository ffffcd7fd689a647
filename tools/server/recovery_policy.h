// Who may have the server release an escrowed key, decided from the certificate's profile as it
// stands now (an admin can name or remove recovery agents at any time): the certificate's owner
// when the profile's key_escrow.owner_can_recover is true, and the users the profile names in
// key_escrow.recovery_agents, who must belong to the profile's account. A deleted profile lets
// nobody recover.
#pragma once

#include <optional>
#include <string>

#include "core/model/profile.h"
#include "tools/server/store.h"

namespace trustdesk::server {

enum class RecoveryRole { None, Owner, Agent };

const char* ToString(RecoveryRole role);  // "none", "owner", "agent"

// The role that lets `user` recover the key of `cert`, or None. `profile` is the certificate's
// profile (nullopt when deleted), `profile_account_id` the account that owns it. An owner who is
// also a named agent recovers as agent when the profile does not let owners recover.
RecoveryRole RecoveryRoleOf(const CertificateRow& cert, const UserRow& user,
                            const std::optional<Profile>& profile,
                            const std::string& profile_account_id);

}  // namespace trustdesk::server
