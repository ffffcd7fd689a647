// Where a workspace keeps its state. One root (--data-dir, TRUSTDESK_DATA_DIR) or the per-user
// directories of core/util/paths.h; everything a workspace writes is below them, so a data
// directory isolates config, cache, inventory, the software key store and logs completely.
#pragma once

#include <filesystem>

#include "core/util/paths.h"
#include "core/util/result.h"

namespace trustdesk {

struct WorkspacePaths {
  UserDirs dirs;
  std::filesystem::path settings_file;  // config/settings.json (shared with the GUI's Settings)
  std::filesystem::path session_file;   // config/session.json: last server, account, user
  std::filesystem::path script_consent_file;  // config/script-consent.json: allowed scripts
  std::filesystem::path inventory_file;       // data/inventory.json
  std::filesystem::path activity_file;        // data/activity.jsonl
  std::filesystem::path background_file;      // data/background.json: daily slot, back-off
  std::filesystem::path keystore_dir;         // data/: the software key store file lives here
  std::filesystem::path certificates_dir;  // data/certificates: PEM slots of automatic enrolments
  std::filesystem::path jobs_dir;          // data/jobs: the job journal
  std::filesystem::path sync_dir;          // cache/sync: offline cache and sync timeline
  std::filesystem::path logs_dir;          // cache/logs
};

// Resolves the paths: `data_dir` when not empty (must be absolute after resolution against the
// current directory), otherwise the per-user directories (TRUSTDESK_DATA_DIR honoured). Creates
// every directory (0700 where new).
Result<WorkspacePaths> PrepareWorkspacePaths(const std::filesystem::path& data_dir,
                                             const EnvLookup& env = GetEnv);

}  // namespace trustdesk
