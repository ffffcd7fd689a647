#include "core/workspace/workspace_paths.h"

#include <system_error>

namespace trustdesk {
namespace {

Status MakePrivateDir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return Status::Ok();
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Error{ErrorCode::Io, "cannot create directory '" + dir.string() + "': " + ec.message()};
  }
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  if (ec) {
    return Error{ErrorCode::Io,
                 "cannot restrict permissions of '" + dir.string() + "': " + ec.message()};
  }
  return Status::Ok();
}

}  // namespace

Result<WorkspacePaths> PrepareWorkspacePaths(const std::filesystem::path& data_dir,
                                             const EnvLookup& env) {
  Result<UserDirs> resolved = Error{ErrorCode::Internal, "unresolved"};
  if (!data_dir.empty()) {
    std::error_code ec;
    const auto root = std::filesystem::absolute(data_dir, ec);
    if (ec) {
      return Error{ErrorCode::InvalidInput,
                   "data directory '" + data_dir.string() + "': " + ec.message()};
    }
    const std::string root_text = root.lexically_normal().string();
    resolved = ResolveUserDirs([&](const char* name) -> std::optional<std::string> {
      if (std::string_view(name) == "TRUSTDESK_DATA_DIR") return root_text;
      return env(name);
    });
  } else {
    resolved = ResolveUserDirs(env);
  }
  if (!resolved) return resolved.error();
  auto dirs = EnsureUserDirs(*resolved);
  if (!dirs) return dirs.error();

  WorkspacePaths p;
  p.dirs = *dirs;
  p.settings_file = p.dirs.config / "settings.json";
  p.session_file = p.dirs.config / "session.json";
  p.script_consent_file = p.dirs.config / "script-consent.json";
  p.inventory_file = p.dirs.data / "inventory.json";
  p.activity_file = p.dirs.data / "activity.jsonl";
  p.background_file = p.dirs.data / "background.json";
  p.keystore_dir = p.dirs.data;
  p.certificates_dir = p.dirs.data / "certificates";
  p.jobs_dir = p.dirs.data / "jobs";
  p.sync_dir = p.dirs.cache / "sync";
  p.logs_dir = p.dirs.cache / "logs";
  for (const auto* dir : {&p.certificates_dir, &p.jobs_dir, &p.sync_dir, &p.logs_dir}) {
    if (Status s = MakePrivateDir(*dir); !s) return s.error();
  }
  return p;
}

}  // namespace trustdesk
