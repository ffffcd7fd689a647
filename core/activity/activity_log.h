// The Activity timeline (SPEC §10): every sync, job, background action and script run with its
// outcome and duration. Bounded, thread-safe, and kept across restarts as JSON Lines: each entry is
// appended and flushed, so a crash loses at most the line being written, which is skipped on load.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/activity_entry.h"
#include "core/util/result.h"

namespace trustdesk {

nlohmann::json ToJson(const ActivityEntry& entry);
Result<ActivityEntry> ActivityEntryFromJson(const nlohmann::json& j);

class ActivityLog {
 public:
  // `file` may be empty for a log kept only in memory. `capacity` bounds memory and the file.
  explicit ActivityLog(std::filesystem::path file = {}, std::size_t capacity = 2000);

  // Reads the file if it exists. Lines that do not parse are skipped and counted; an unreadable
  // file is an error and is left untouched.
  Status Load();
  std::size_t skipped_lines() const;

  // Assigns the id, keeps the entry and appends it to the file. Returns the id.
  uint64_t Append(ActivityEntry entry);

  // Newest last.
  std::vector<ActivityEntry> Entries() const;
  uint64_t last_id() const;
  // The whole timeline as a JSON array (for "Copy" and the diagnostics bundle).
  std::string ExportJson() const;

 private:
  void AppendToFileLocked(const ActivityEntry& entry);
  void CompactLocked();

  mutable std::mutex mutex_;  // guards everything below
  std::filesystem::path file_;
  std::size_t capacity_;
  std::deque<ActivityEntry> entries_;
  uint64_t next_id_ = 1;
  std::size_t lines_in_file_ = 0;
  std::size_t skipped_lines_ = 0;
};

}  // namespace trustdesk
