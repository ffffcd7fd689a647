// Every sync attempt (trigger, start, duration, HTTP status, revision, bytes, result) for the
// Diagnostics page and the Activity log: bounded, persisted after each attempt, exportable as
// JSON. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/sync_status.h"
#include "core/model/timestamp.h"
#include "core/util/result.h"

namespace trustdesk {

enum class SyncTrigger {
  SignIn,           // right after sign-in or when a session is resumed
  Scheduled,        // the periodic background sync
  Manual,           // "Sync profiles" (bypasses back-off)
  Retry,            // a back-off retry after a failure
  NetworkRestored,  // the OS reported the network is back
};
const char* ToString(SyncTrigger trigger);  // "sign_in", "scheduled", ...

struct SyncAttempt {
  uint64_t id = 0;
  SyncTrigger trigger = SyncTrigger::Manual;
  Timestamp started_at;
  int64_t duration_ms = 0;
  int http_status = 0;            // of the profile list request; 0 when none arrived
  int64_t revision = 0;           // profile list revision after the attempt
  uint64_t bytes = 0;             // response bytes received in the attempt
  SyncState result = SyncState::UpToDate;
  int changed_profiles = 0;
  std::string message;            // failure reason, empty on success
};

class SyncTimeline {
 public:
  // `path` may be empty (not persisted).
  explicit SyncTimeline(std::filesystem::path path = {}, std::size_t capacity = 500);

  // Reads the persisted timeline. A missing file is fine; a corrupt one is ignored (and reported
  // in the returned error) so the timeline starts empty.
  Status Load();
  // Appends (assigning the id), evicts the oldest beyond capacity, persists atomically.
  Status Add(SyncAttempt attempt);

  std::vector<SyncAttempt> Entries() const;  // oldest first
  nlohmann::json ToJson() const;
  std::string ExportJson() const { return ToJson().dump(2); }

 private:
  nlohmann::json ToJsonLocked() const;

  std::filesystem::path path_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<SyncAttempt> entries_;
  uint64_t next_id_ = 1;
};

}  // namespace trustdesk
