// Loads a data set in the assets/demo layout into an empty server:
//   DIR/account.json     {"account": {...}, "users": [{"username", "password", ...,
//                         "profiles": ["id", ...] or ["*"]}]}
//   DIR/profiles/*.json  one profile each (server-managed fields may be omitted)
// Runs once per data directory (recorded in the database), so restarts keep admin edits.
#pragma once

#include <filesystem>

#include "core/util/result.h"
#include "tools/server/server_state.h"

namespace trustdesk::server {

Status LoadDemoData(ServerState& state, const std::filesystem::path& demo_dir);

}  // namespace trustdesk::server
