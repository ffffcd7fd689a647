// The Activity timeline (SPEC §10): every sync, job, background action and script run with its
// outcome and duration. Bounded, thread-safe, and kept across restarts as JSON Lines: each entry is
// appended and flushed, so a crash loses at most the line being written, which is skipped on load.
//
// Several processes may share the file (the GUI and the CLI on one data directory): every append
// and compaction happens under the file's advisory lock (core/util/file_lock.h) after reading what
// the others appended since, so ids stay unique and increasing and nobody's entries are lost.
// Refresh() picks up other processes' entries without appending.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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
  // Reads what other processes appended since the last read. True when entries were added.
  Result<bool> Refresh();
  std::size_t skipped_lines() const;

  // Assigns the id, keeps the entry and appends it to the file. Returns the id. The in-memory
  // timeline keeps the entry even when the file cannot be written (the file is best effort).
  uint64_t Append(ActivityEntry entry);

  // Newest last.
  std::vector<ActivityEntry> Entries() const;
  uint64_t last_id() const;
  // The whole timeline as a JSON array (for "Copy" and the diagnostics bundle).
  std::string ExportJson() const;
  const std::filesystem::path& file() const { return file_; }

 private:
  // Both need the file lock and mutex_ held.
  Status CatchUpLocked();
  void CompactLocked();
  void KeepLocked(ActivityEntry entry);

  mutable std::mutex mutex_;  // guards everything below; taken after the file lock
  std::filesystem::path file_;
  std::filesystem::path lock_file_;
  std::size_t capacity_;
  std::deque<ActivityEntry> entries_;
  uint64_t last_id_ = 0;
  uint64_t inode_ = 0;      // the file read so far; a compaction by anyone replaces it
  uint64_t offset_ = 0;     // bytes of it already read
  bool torn_tail_ = false;  // the file ends inside a line (a crashed writer)
  std::size_t lines_in_file_ = 0;
  std::size_t skipped_lines_ = 0;
};

}  // namespace trustdesk
