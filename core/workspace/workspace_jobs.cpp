// The Workspace's jobs and background actions: the job worker on the workspace's inventory and
// Activity log, the scheduled / after-sign-in / on-demand background passes.
#include "core/workspace/workspace.h"
#include "core/workspace/workspace_publisher.h"

namespace trustdesk {
namespace {

OperationStatus BackgroundOp(bool busy, std::string message, std::string error = {}) {
  return {busy, std::move(error), std::move(message)};
}

}  // namespace

Status Workspace::StartJobs() {
  auto inventory = Inventory::Load(paths_.inventory_file);
  if (!inventory) {
    // Start() already reported the damaged file (and Inventory::Load moved it aside).
    inventory = Inventory(paths_.inventory_file);
  }
  job_inventory_.emplace(std::move(inventory).value());
  JobWorkerOptions options = options_.jobs;
  options.data_dir = paths_.dirs.data;
  options.script_consent_file = paths_.script_consent_file;
  jobs_ = std::make_unique<JobWorker>(
      store_, activity_, *job_inventory_, [this] { return session_->current_session(); }, clock_,
      std::move(options));
  background_ = std::make_unique<BackgroundActions>(
      schedule_, activity_, clock_, paths_.dirs.data / "background.run.lock",
      [this](const PlannedAction& a) { return RunPlannedJob(a); });
  // The first start of this data directory picks the daily slot (persisted).
  auto state = schedule_.LoadOrCreate(clock_.Now());
  if (state) {
    NoteBackgroundState(*state);
  } else {
    Log("background", state.error().message);
  }
  jobs_->Start();
  return Status::Ok();
}

uint64_t Workspace::SubmitJob(JobRequest request) { return jobs_->Submit(std::move(request)); }

JobStatus Workspace::WaitJob(uint64_t id) {
  JobStatus status = jobs_->Wait(id);
  publisher_->Refresh(false);
  return status;
}

Status Workspace::CancelJob(uint64_t id) { return jobs_->Cancel(id); }

JobStatus Workspace::RunPlannedJob(const PlannedAction& a) {
  // Nobody is there to ask: only the scripts the user allowed always (the consent file) run.
  const ScriptPermission scripts{settings().scripts_enabled, {}};
  JobRequest request;
  if (a.kind == PlannedKind::Enroll) {
    EnrollRequest enroll;
    enroll.profile_id = a.profile_id;
    enroll.key_algorithm = a.key_algorithm;
    enroll.key_size = a.key_size;
    enroll.store = KeyStoreLocation{a.store, a.store_location, ""};
    enroll.scripts = scripts;
    request = std::move(enroll);
  } else {
    RenewRequest renew;
    renew.serial = a.serial;
    renew.scripts = scripts;
    request = std::move(renew);
  }
  return jobs_->Wait(jobs_->Submit(std::move(request)));
}

BackgroundReport Workspace::RunBackgroundActions(BackgroundTrigger trigger) {
  // Plan on what is installed now, whoever installed it.
  if (auto refreshed = inventory_.Refresh(); !refreshed) {
    Log("background", refreshed.error().message);
  }
  const auto snapshot = store_.Current();
  BackgroundReport report =
      background_->Run(trigger, *snapshot, inventory_.Entries(), paths_.certificates_dir);
  if (auto state = schedule_.LoadOrCreate(clock_.Now()); state) NoteBackgroundState(*state);
  publisher_->Refresh(true);
  return report;
}

bool Workspace::RunDueBackgroundActions() {
  auto due = schedule_.IsDue(clock_.Now());
  if (!due || !*due || !session_->signed_in()) return false;
  return RunBackgroundActions(BackgroundTrigger::Scheduled).ran;
}

std::optional<Timestamp> Workspace::NextBackgroundRun() const {
  const int64_t due = background_due_.load();
  if (due == INT64_MAX) return std::nullopt;
  return Timestamp{due};
}

void Workspace::NoteBackgroundState(const BackgroundState& state) {
  background_due_ = ScheduledRunAt(state).unix_seconds;
}

// On the monitor thread, once per poll: queue the scheduled pass when its time has come.
void Workspace::CheckBackgroundSchedule() {
  if (!options_.flags.scheduled_background_actions || !session_->signed_in()) return;
  if (clock_.Now().unix_seconds < background_due_.load()) return;
  if (background_queued_.exchange(true)) return;
  const bool posted = background_tasks_.Post([this] {
    RunDueBackgroundActions();
    // Another process may have run it: the state on disk says when the next one is due.
    if (auto state = schedule_.LoadOrCreate(clock_.Now()); state) NoteBackgroundState(*state);
    background_queued_ = false;
  });
  if (!posted) background_queued_ = false;
}

void Workspace::AfterSignIn(uint64_t sync_ticket) {
  (void)jobs_->ResumeJournal();  // interrupted jobs that needed a session can finish now
  if (!options_.flags.background_after_sign_in) return;
  background_tasks_.Post([this, sync_ticket] {
    const SyncAttempt first = engine_->Wait(sync_ticket);
    if (first.result != SyncState::UpToDate && first.result != SyncState::Updated) return;
    RunBackgroundActions(BackgroundTrigger::SignIn);
  });
}

void Workspace::RunBackgroundActionsAsync() {
  SetOp(&Snapshot::background_op, BackgroundOp(true, "Running background actions…"));
  const bool posted = background_tasks_.Post([this] {
    const BackgroundReport report = RunBackgroundActions(BackgroundTrigger::Manual);
    if (!report.ran) {
      SetOp(&Snapshot::background_op, BackgroundOp(false, "", report.Summary()));
    } else if (report.failed > 0) {
      SetOp(&Snapshot::background_op,
            BackgroundOp(false, "", "Background actions: " + report.Summary()));
    } else {
      SetOp(&Snapshot::background_op,
            BackgroundOp(false, "Background actions: " + report.Summary()));
    }
  });
  if (!posted) SetOp(&Snapshot::background_op, BackgroundOp(false, "", "TrustDesk is closing"));
}

}  // namespace trustdesk
