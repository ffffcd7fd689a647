// Recovery agents are named by user name in a profile (key_escrow.recovery_agents), and user
// names can be reused once a user is deleted. So that a name never hands a deleted agent's power
// to whoever takes the name next, deleting a user first takes its name off every agent list of
// its account (each such profile gets a new revision). A user created later under the same name
// is no agent until an admin names them again.
#pragma once

#include "core/util/result.h"
#include "tools/server/server_state.h"

namespace trustdesk::server {

// Removes `user`'s name from key_escrow.recovery_agents of every profile of its account.
Status RemoveFromRecoveryAgents(ServerState& state, const UserRow& user);

}  // namespace trustdesk::server
