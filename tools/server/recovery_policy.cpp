#include "tools/server/recovery_policy.h"

#include <algorithm>

namespace trustdesk::server {

const char* ToString(RecoveryRole role) {
  switch (role) {
    case RecoveryRole::Owner:
      return "owner";
    case RecoveryRole::Agent:
      return "agent";
    case RecoveryRole::None:
      break;
  }
  return "none";
}

RecoveryRole RecoveryRoleOf(const CertificateRow& cert, const UserRow& user,
                            const std::optional<Profile>& profile,
                            const std::string& profile_account_id) {
  if (!profile) return RecoveryRole::None;
  const KeyEscrow& escrow = profile->policy.key_escrow;
  if (cert.user_id == user.id && escrow.owner_can_recover) return RecoveryRole::Owner;
  // Agents are named by user name, which is unique only within an account.
  const auto& agents = escrow.recovery_agents;
  if (user.account_id == profile_account_id &&
      std::find(agents.begin(), agents.end(), user.username) != agents.end()) {
    return RecoveryRole::Agent;
  }
  return RecoveryRole::None;
}

}  // namespace trustdesk::server
