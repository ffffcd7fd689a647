// Per-user directories, all under a "TrustDesk" folder:
//   Linux   $XDG_CONFIG_HOME | ~/.config, $XDG_DATA_HOME | ~/.local/share, $XDG_CACHE_HOME | ~/.cache
//   macOS   ~/Library/Application Support (config, data), ~/Library/Caches (cache)
//   Windows %APPDATA% (config), %LOCALAPPDATA% (data, cache)
// TRUSTDESK_DATA_DIR overrides all three with one root (config/, data/, cache/ below it), which is
// how tests and QA runs stay isolated from the user's real files.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/util/result.h"

namespace trustdesk {

struct UserDirs {
  std::filesystem::path config;  // settings.json, imgui.ini
  std::filesystem::path data;    // software key store, inventory, activity log
  std::filesystem::path cache;   // offline snapshot cache
};

// Looks up an environment variable; empty optional when unset or empty. Injectable for tests.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// The process environment.
std::optional<std::string> GetEnv(const char* name);

// Resolves the directories without touching the disk. Fails when no home directory can be found.
Result<UserDirs> ResolveUserDirs(const EnvLookup& env = GetEnv);

// Creates the directories (mode 0700 where they are new) and returns them.
Result<UserDirs> EnsureUserDirs(const UserDirs& dirs);

}  // namespace trustdesk
