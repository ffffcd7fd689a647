// Which server, account and user this workspace last signed in to (config/session.json), so the
// GUI can resume the remembered session at start and the CLI's commands need no --server each
// time. It holds no secret: the token stays in memory or the OS secret store.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/util/result.h"

namespace trustdesk {

struct SessionIdentity {
  std::string server_url;
  std::string ca_file;  // per-server CA bundle; empty = system store
  std::string account_id;
  std::string username;
  bool remember = false;  // the user asked to be remembered

  bool operator==(const SessionIdentity&) const = default;
};

// nullopt when there is no file; an error names the bad field (the file is left untouched).
Result<std::optional<SessionIdentity>> LoadSessionIdentity(const std::filesystem::path& file);
// Writes atomically (0600).
Status SaveSessionIdentity(const std::filesystem::path& file, const SessionIdentity& identity);

}  // namespace trustdesk
