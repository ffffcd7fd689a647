#include "core/workspace/background_actions.h"

#include <chrono>

#include "core/util/file_lock.h"

namespace trustdesk {
namespace {

std::string ItemLine(const BackgroundItem& item) {
  const PlannedAction& a = item.action;
  std::string what = a.kind == PlannedKind::Renew ? "Renew " + a.serial + " (" + a.profile_name + ")"
                     : a.kind == PlannedKind::Enroll ? "Enroll " + a.profile_name
                                                     : a.profile_name;
  switch (item.outcome) {
    case BackgroundItem::Outcome::Done:
      return what + ": done" + (item.new_serial.empty() ? "" : ", new serial " + item.new_serial) +
             (item.scripts_note.empty() ? "" : "; " + item.scripts_note);
    case BackgroundItem::Outcome::Failed: return what + ": failed: " + item.message;
    case BackgroundItem::Outcome::Skipped: return what + ": not automatic: " + item.message;
  }
  return what;
}

}  // namespace

std::string BackgroundReport::Summary() const {
  if (!ran) return not_run_reason;
  int enrolled = 0, renewed = 0;
  for (const auto& i : items) {
    if (i.outcome != BackgroundItem::Outcome::Done) continue;
    (i.action.kind == PlannedKind::Renew ? renewed : enrolled)++;
  }
  std::vector<std::string> parts;
  if (enrolled > 0) parts.push_back(std::to_string(enrolled) + " enrolled");
  if (renewed > 0) parts.push_back(std::to_string(renewed) + " renewed");
  if (failed > 0) parts.push_back(std::to_string(failed) + " failed");
  if (skipped > 0) parts.push_back(std::to_string(skipped) + " need you");
  if (parts.empty()) return "nothing to do";
  std::string text;
  for (const auto& p : parts) text += (text.empty() ? "" : ", ") + p;
  return text;
}

BackgroundActions::BackgroundActions(BackgroundSchedule& schedule, ActivityLog& activity,
                                     const Clock& clock, std::filesystem::path run_lock_file,
                                     JobRunner run_job)
    : schedule_(schedule),
      activity_(activity),
      clock_(clock),
      run_lock_file_(std::move(run_lock_file)),
      run_job_(std::move(run_job)) {}

bool BackgroundActions::running() const {
  std::unique_lock lock(mutex_, std::try_to_lock);
  return !lock.owns_lock();
}

BackgroundReport BackgroundActions::Run(BackgroundTrigger trigger, const Snapshot& snapshot,
                                        const std::vector<InventoryEntry>& installed,
                                        const std::filesystem::path& auto_store_dir) {
  BackgroundReport report;
  report.trigger = trigger;
  report.started_at = clock_.Now();
  const auto t0 = clock_.Steady();
  std::unique_lock pass(mutex_, std::try_to_lock);
  if (!pass.owns_lock()) {
    report.not_run_reason = "background actions are already running";
    return report;
  }
  auto other = FileLock::TryAcquire(run_lock_file_);
  if (!other) {
    report.not_run_reason = other.error().code == ErrorCode::Conflict
                                ? "background actions are already running in another TrustDesk"
                                : other.error().message;
    return report;
  }
  if (!snapshot.account) {
    report.not_run_reason = "not signed in";
    return report;
  }
  if (auto may = schedule_.MayRun(trigger, report.started_at); !may || !*may) {
    if (!may) {
      report.not_run_reason = may.error().message;
    } else {
      auto state = schedule_.LoadOrCreate(report.started_at);
      report.not_run_reason = "backing off after " +
                              std::to_string(state ? state->consecutive_failures : 0) +
                              " failed run(s) until " +
                              (state && state->backoff_until ? FormatRfc3339(*state->backoff_until)
                                                             : std::string("later"));
    }
    return report;
  }

  report.ran = true;
  const Account account = *snapshot.account;
  const std::vector<PlannedAction> plan = PlanBackgroundActions(
      {.profiles = &snapshot.profiles.get(),
       .issued = &snapshot.issued.get(),
       .installed = &installed,
       .account = &account,
       .now = report.started_at,
       .auto_store_dir = auto_store_dir});
  for (const PlannedAction& action : plan) {
    BackgroundItem item;
    item.action = action;
    if (action.kind == PlannedKind::Skip) {
      item.message = action.reason;
      ++report.skipped;
    } else {
      const JobStatus job = run_job_(action);
      item.job_id = job.id;
      item.new_serial = job.result_serial;
      if (job.state == JobState::Succeeded) {
        item.outcome = BackgroundItem::Outcome::Done;
        item.message = job.result;
        item.scripts_note = job.scripts_note;
        ++report.done;
      } else {
        item.outcome = BackgroundItem::Outcome::Failed;
        item.message = job.error.empty() ? ToString(job.state) : job.error;
        ++report.failed;
      }
    }
    report.items.push_back(std::move(item));
  }
  const Timestamp finished = clock_.Now();
  (void)schedule_.RecordRun(trigger, report.started_at, report.failed > 0, finished);

  ActivityEntry entry;
  entry.at = finished;
  entry.kind = ActivityKind::BackgroundAction;
  entry.outcome = report.failed > 0 ? ActivityOutcome::Failed
                  : report.done > 0 ? ActivityOutcome::Succeeded
                                    : ActivityOutcome::NothingToDo;
  entry.title = std::string("Background actions (") + ToString(trigger) + "): " + report.Summary();
  for (const auto& item : report.items) {
    entry.detail += (entry.detail.empty() ? "" : "\n") + ItemLine(item);
  }
  entry.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Steady() - t0).count();
  activity_.Append(std::move(entry));
  return report;
}

}  // namespace trustdesk
