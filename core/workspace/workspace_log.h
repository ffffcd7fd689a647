// The workspace's log file (cache/logs/trustdesk.log): one time-stamped line per event the
// engines report (sync failures, ignored cache files ...). Lines are appended in one write so
// several processes can share the file; it rotates to trustdesk.log.1 past 1 MiB. Callers never
// pass a token or password; the sources already redact them.
#pragma once

#include <cstddef>
#include <filesystem>
#include <mutex>
#include <string_view>

#include "core/util/clock.h"

namespace trustdesk {

class WorkspaceLog {
 public:
  WorkspaceLog(std::filesystem::path file, const Clock& clock, std::size_t max_bytes = 1u << 20);
  void Write(std::string_view source, std::string_view line);
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  const Clock& clock_;
  std::size_t max_bytes_;
  std::mutex mutex_;
};

}  // namespace trustdesk
