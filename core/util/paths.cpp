#include "core/util/paths.h"

#include <cstdlib>
#include <system_error>

namespace trustdesk {
namespace {

constexpr const char* kAppFolder = "TrustDesk";

// XDG requires absolute paths; a relative value is ignored as the spec says.
std::optional<std::filesystem::path> AbsoluteEnv(const EnvLookup& env, const char* name) {
  auto value = env(name);
  if (!value) return std::nullopt;
  std::filesystem::path p(*value);
  if (!p.is_absolute()) return std::nullopt;
  return p;
}

}  // namespace

std::optional<std::string> GetEnv(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

Result<UserDirs> ResolveUserDirs(const EnvLookup& env) {
  if (auto root = env("TRUSTDESK_DATA_DIR")) {
    std::filesystem::path base(*root);
    if (!base.is_absolute()) {
      return Error(ErrorCode::InvalidInput,
                   "TRUSTDESK_DATA_DIR must be an absolute path, got '" + *root + "'");
    }
    return UserDirs{base / "config", base / "data", base / "cache"};
  }
#if defined(_WIN32)
  auto roaming = AbsoluteEnv(env, "APPDATA");
  auto local = AbsoluteEnv(env, "LOCALAPPDATA");
  if (!roaming || !local) {
    return Error(ErrorCode::NotFound, "APPDATA and LOCALAPPDATA must be set to absolute paths");
  }
  return UserDirs{*roaming / kAppFolder, *local / kAppFolder, *local / kAppFolder / "Cache"};
#else
  auto home = AbsoluteEnv(env, "HOME");
#if defined(__APPLE__)
  if (!home) return Error(ErrorCode::NotFound, "HOME is not set to an absolute path");
  const auto support = *home / "Library" / "Application Support" / kAppFolder;
  return UserDirs{support, support, *home / "Library" / "Caches" / kAppFolder};
#else
  auto pick = [&](const char* var, const char* fallback) -> std::optional<std::filesystem::path> {
    if (auto p = AbsoluteEnv(env, var)) return *p / kAppFolder;
    if (home) return *home / fallback / kAppFolder;
    return std::nullopt;
  };
  auto config = pick("XDG_CONFIG_HOME", ".config");
  auto data = pick("XDG_DATA_HOME", ".local/share");
  auto cache = pick("XDG_CACHE_HOME", ".cache");
  if (!config || !data || !cache) {
    return Error(ErrorCode::NotFound,
                 "HOME is not set to an absolute path and XDG_CONFIG_HOME, XDG_DATA_HOME and "
                 "XDG_CACHE_HOME are not all set");
  }
  return UserDirs{*config, *data, *cache};
#endif
#endif
}

Result<UserDirs> EnsureUserDirs(const UserDirs& dirs) {
  for (const auto* dir : {&dirs.config, &dirs.data, &dirs.cache}) {
    std::error_code ec;
    if (std::filesystem::is_directory(*dir, ec)) continue;
    std::filesystem::create_directories(*dir, ec);
    if (ec) {
      return Error(ErrorCode::Io, "cannot create directory '" + dir->string() + "': " +
                                      ec.message());
    }
    // Only the user may read keys, tokens and settings.
    std::filesystem::permissions(*dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    if (ec) {
      return Error(ErrorCode::Io, "cannot restrict permissions of '" + dir->string() + "': " +
                                      ec.message());
    }
  }
  return dirs;
}

}  // namespace trustdesk
