#include "tools/server/recovery_agents.h"

#include <algorithm>

#include "tools/server/profile_service.h"

namespace trustdesk::server {

Status RemoveFromRecoveryAgents(ServerState& state, const UserRow& user) {
  auto rows = state.store->ListProfilesOfAccount(user.account_id);
  if (!rows) return rows.error();
  for (const ProfileRow& row : *rows) {
    auto profile = LoadProfileModel(row);
    if (!profile) return profile.error();
    std::vector<std::string> agents = profile->policy.key_escrow.recovery_agents;
    auto gone = std::remove(agents.begin(), agents.end(), user.username);
    if (gone == agents.end()) continue;
    agents.erase(gone, agents.end());
    nlohmann::json patch = {{"policy", {{"key_escrow", {{"recovery_agents", agents}}}}}};
    if (auto saved = PatchProfile(state, row.id, patch); !saved) {
      return Error(saved.error().code, "removing " + user.username +
                                           " from the recovery agents of profile " + row.id +
                                           ": " + saved.error().message);
    }
  }
  return Status::Ok();
}

}  // namespace trustdesk::server
