// Accounts and users as the admin API and the demo loader create them. Passwords are hashed here
// (PBKDF2, the server's configured cost) and never stored or returned in clear.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/util/result.h"
#include "tools/server/server_state.h"

namespace trustdesk::server {

// {"id","name","business_unit"?,"division"?,"disabled"?} -> stored account (create or replace).
Result<AccountRow> SaveAccount(ServerState& state, const nlohmann::json& body);

// Creates a user of `account_id` from {"username","password","display_name"?,"email"?,
// "attributes"?,"disabled"?,"id"?}, or updates `existing` with the fields present in `body`.
// A new user gets a fresh opaque id ("u-" + 96 random bits) unless `id` names one that no user,
// deleted user or certificate ever had; a taken id or user name is a Conflict naming $.id or
// $.username. An existing user's id, user name and account never change.
Result<UserRow> SaveUser(ServerState& state, const std::string& account_id,
                         const nlohmann::json& body, const std::optional<UserRow>& existing);

// The admin view of a user (no password hash).
nlohmann::json UserToAdminJson(const UserRow& user);

}  // namespace trustdesk::server
