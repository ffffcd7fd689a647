// The trustdesk-cli commands. Each returns the process exit code (cli_context.h) and prints
// either human text or, with --json, exactly one JSON document (shapes in docs/cli.md).
#pragma once

#include <nlohmann/json.hpp>

#include "tools/cli/cli_context.h"

namespace trustdesk::cli {

int RunSignIn(CliContext& ctx);
int RunSignOut(CliContext& ctx);
int RunWhoAmI(CliContext& ctx);
int RunSync(CliContext& ctx);
int RunProfiles(CliContext& ctx);
int RunProfile(CliContext& ctx);
int RunCerts(CliContext& ctx);
int RunEnroll(CliContext& ctx);
int RunRenew(CliContext& ctx);
int RunRevoke(CliContext& ctx);
int RunExport(CliContext& ctx);
int RunRecover(CliContext& ctx);
int RunBackgroundActions(CliContext& ctx);
int RunScripts(CliContext& ctx);

// Shared JSON pieces.
nlohmann::json AccountJson(const Account& account);
nlohmann::json AttemptJson(const SyncAttempt& attempt);
nlohmann::json OptionalTimeJson(const std::optional<Timestamp>& t);

}  // namespace trustdesk::cli
