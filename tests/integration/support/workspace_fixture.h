// Helpers for Workspace and CLI integration tests: an in-memory secret store, a workspace on a
// fresh data directory signed in to the in-process reference server, and waiting for a snapshot
// condition without sleeping blindly.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/secrets/secret_store.h"
#include "tests/core/support/memory_secret_store.h"
#include "core/workspace/workspace.h"
#include "tests/integration/support/test_server.h"

namespace trustdesk::testing {

// Options for a workspace in `dir` talking to `server`; no monitor thread unless asked.
WorkspaceOptions MakeWorkspaceOptions(const std::filesystem::path& dir,
                                      std::shared_ptr<SecretStore> secrets,
                                      const Clock* clock = nullptr, bool monitor = false);

SignInRequest MakeSignIn(const TestServer& server, const std::string& user,
                         const std::string& password, bool remember = false);

// Polls `condition` on the workspace's current snapshot until it holds or `timeout` passes.
bool WaitForSnapshot(Workspace& ws, const std::function<bool(const Snapshot&)>& condition,
                     std::chrono::milliseconds timeout = std::chrono::seconds(20));

// Every regular file below `dir`, read whole (for "no secret in any file" checks).
std::map<std::string, std::string> ReadAllFiles(const std::filesystem::path& dir);

}  // namespace trustdesk::testing
