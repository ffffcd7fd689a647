// One entry of the Activity timeline (SPEC §10): a sync, job, background action or script run
// with its outcome and duration. Plain data, so snapshots can carry the recent entries to views.
#pragma once

#include <cstdint>
#include <string>

#include "core/model/timestamp.h"

namespace trustdesk {

enum class ActivityKind { Sync, Job, BackgroundAction, Script, Account };
enum class ActivityOutcome { Succeeded, Failed, Cancelled, NothingToDo, Info };

struct ActivityEntry {
  uint64_t id = 0;                 // increasing; assigned by the log
  Timestamp at;
  ActivityKind kind = ActivityKind::Job;
  ActivityOutcome outcome = ActivityOutcome::Info;
  std::string title;               // "Enrolled VPN client certificate"
  std::string detail;              // multi-line: step that failed, script output ...
  int64_t duration_ms = 0;
  std::string profile_id;
  std::string serial;
};

const char* ToString(ActivityKind kind);        // "sync", "job", "background_action", ...
const char* ToString(ActivityOutcome outcome);  // "succeeded", "failed", ...

}  // namespace trustdesk
