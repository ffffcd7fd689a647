// Profiles as the admin API and the demo loader create them: the admin's JSON completed with the
// server-managed fields (id, revision, issuing CA, enrollment endpoint, timestamps), validated
// with the shared model mapping (ProfileFromJson) and stored in its canonical form (ToJson), which
// is exactly what clients receive.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/model/profile.h"
#include "core/util/result.h"
#include "tools/server/server_state.h"

namespace trustdesk::server {

// Creates (no profile with that id) or replaces a profile of `account_id`. A replacement gets
// revision + 1. `body` may omit the server-managed fields; its "id" is required on create.
Result<ProfileRow> SaveProfile(ServerState& state, const std::string& account_id,
                               nlohmann::json body, const std::optional<std::string>& id);

// SaveProfile without storing: the completed, validated row for a new profile (bulk loads).
Result<ProfileRow> PrepareNewProfile(ServerState& state, const std::string& account_id,
                                     nlohmann::json body);

// Applies an RFC 7386 JSON merge patch to a stored profile and saves it (revision + 1).
Result<ProfileRow> PatchProfile(ServerState& state, const std::string& profile_id,
                                const nlohmann::json& patch);

// The stored profile parsed back into the model.
Result<Profile> LoadProfileModel(const ProfileRow& row);

}  // namespace trustdesk::server
