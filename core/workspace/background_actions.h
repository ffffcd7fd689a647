// One pass of background actions (SPEC §7): plan from the snapshot and the inventory
// (background_planner.h), run each automatic enrolment and renewal through `run_job` one after
// the other, record the pass in the schedule (back-off on failure) and one summary entry in the
// Activity log (each job records its own entry too). Never two passes at once: not in this
// process (a mutex) and not across processes (a lock file held for the whole pass).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/activity/activity_log.h"
#include "core/model/job_status.h"
#include "core/model/snapshot.h"
#include "core/util/clock.h"
#include "core/workspace/background_planner.h"
#include "core/workspace/background_schedule.h"

namespace trustdesk {

struct BackgroundItem {
  PlannedAction action;
  enum class Outcome { Done, Failed, Skipped } outcome = Outcome::Skipped;
  std::string message;     // the job's result or error, or why it was skipped
  uint64_t job_id = 0;
  std::string new_serial;  // the certificate an enrolment or renewal produced
  // Done: the scripts that were not run (not allowed, changed since allowed); the certificate is
  // installed all the same. Empty when there was nothing to say.
  std::string scripts_note;
};

struct BackgroundReport {
  BackgroundTrigger trigger = BackgroundTrigger::Manual;
  Timestamp started_at;
  bool ran = false;             // false: not started (already running, backing off, signed out)
  std::string not_run_reason;
  std::vector<BackgroundItem> items;
  int done = 0;
  int failed = 0;
  int skipped = 0;
  // "1 enrolled, 1 renewed, 2 need you" / "nothing to do" / the reason it did not run.
  std::string Summary() const;
};

class BackgroundActions {
 public:
  // Runs one planned Enroll or Renew and returns its final status (the workspace submits it to
  // the job worker and waits).
  using JobRunner = std::function<JobStatus(const PlannedAction&)>;

  BackgroundActions(BackgroundSchedule& schedule, ActivityLog& activity, const Clock& clock,
                    std::filesystem::path run_lock_file, JobRunner run_job);

  // One pass over `snapshot` and `installed`. Manual passes ignore the back-off.
  BackgroundReport Run(BackgroundTrigger trigger, const Snapshot& snapshot,
                       const std::vector<InventoryEntry>& installed,
                       const std::filesystem::path& auto_store_dir);
  bool running() const;

 private:
  BackgroundSchedule& schedule_;
  ActivityLog& activity_;
  const Clock& clock_;
  std::filesystem::path run_lock_file_;
  JobRunner run_job_;
  mutable std::mutex mutex_;  // held for a whole pass
};

}  // namespace trustdesk
