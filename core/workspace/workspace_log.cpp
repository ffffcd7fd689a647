#include "core/workspace/workspace_log.h"

#include <fstream>
#include <string>
#include <system_error>

#include "core/util/file_lock.h"

namespace trustdesk {

WorkspaceLog::WorkspaceLog(std::filesystem::path file, const Clock& clock, std::size_t max_bytes)
    : file_(std::move(file)), clock_(clock), max_bytes_(max_bytes) {}

void WorkspaceLog::Write(std::string_view source, std::string_view line) {
  std::string text = FormatRfc3339(clock_.Now()) + " [" + std::string(source) + "] ";
  for (char c : line) text += (c == '\n' || c == '\r') ? ' ' : c;  // one event, one line
  text += '\n';
  std::lock_guard guard(mutex_);
  auto lock = FileLock::Acquire(FileLock::LockFileFor(file_));  // rotation vs. other processes
  std::error_code ec;
  if (std::filesystem::file_size(file_, ec) > max_bytes_ && !ec) {
    std::filesystem::path old = file_;
    old += ".1";
    std::filesystem::rename(file_, old, ec);
  }
  std::ofstream out(file_, std::ios::binary | std::ios::app);
  out << text;
}

}  // namespace trustdesk
