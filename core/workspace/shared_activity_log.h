// The Activity timeline as several processes share it (the GUI and the CLI on one data
// directory): JSON Lines in one file, each append made under the file lock after reading what the
// other processes appended since, so ids stay unique and increasing and nobody's entries are lost,
// even when the file is compacted (rewritten with the newest `capacity` entries). Thread-safe.
// The line format is core/activity's (ToJson / ActivityEntryFromJson).
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "core/activity/activity_log.h"
#include "core/util/result.h"

namespace trustdesk {

class SharedActivityLog {
 public:
  explicit SharedActivityLog(std::filesystem::path file, std::size_t capacity = 2000);

  // Reads the whole file (under the lock). Lines that do not parse are skipped and counted.
  Status Load();
  // Reads what other processes appended since the last read. True when entries were added.
  Result<bool> Refresh();
  // Assigns the id, appends the entry to the file and keeps it. Returns the entry as stored.
  Result<ActivityEntry> Append(ActivityEntry entry);

  std::vector<ActivityEntry> Entries() const;  // newest last
  uint64_t last_id() const;
  std::size_t skipped_lines() const;
  // The timeline as a JSON array (Copy, diagnostics bundle).
  std::string ExportJson() const;
  const std::filesystem::path& file() const { return file_; }

 private:
  // Both require the file lock and mutex_ to be held.
  Status CatchUpLocked();
  Status CompactLocked();
  void KeepLocked(ActivityEntry entry);

  std::filesystem::path file_;
  std::filesystem::path lock_file_;
  std::size_t capacity_;
  mutable std::mutex mutex_;  // guards everything below; taken after the file lock
  std::deque<ActivityEntry> entries_;
  uint64_t last_id_ = 0;
  uint64_t inode_ = 0;   // the file we read; compaction by anyone replaces it
  uint64_t offset_ = 0;  // bytes of it already read (always at a line end)
  std::size_t lines_in_file_ = 0;
  std::size_t skipped_ = 0;
};

}  // namespace trustdesk
