// The Workspace: the one facade the GUI and the CLI share. It owns everything a signed-in user's
// TrustDesk state is made of — the data directories, the SnapshotStore, the SyncEngine and its
// offline cache and timeline, the SessionManager, the local inventory and the Activity log — and
// publishes every change into the snapshot.
//
// Two ways in:
//  * blocking calls returning Result values (the CLI, tests): SignIn, Resume, SignOut, SyncUser,
//    Sync, WaitForSync, ExportDiagnostics;
//  * non-blocking calls for the GUI (…Async and Dispatch), run on the workspace's task thread;
//    progress and the worded outcome appear in Snapshot::session_op / diagnostics_op, and every
//    publish wakes the UI through the callback given to SetWakeCallback.
// Several processes may open the same data directory at once: shared files are changed under
// file locks and re-read when another process changed them.
#pragma once

#include <chrono>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <variant>

#include "core/activity/activity_log.h"
#include "core/jobs/job_request.h"
#include "core/jobs/job_worker.h"
#include "core/scripts/script_consent.h"
#include "core/secrets/secret_store.h"
#include "core/session/session_manager.h"
#include "core/settings/settings.h"
#include "core/state/snapshot_store.h"
#include "core/sync/network_watcher.h"
#include "core/sync/sync_engine.h"
#include "core/util/clock.h"
#include "core/util/result.h"
#include "core/workspace/background_actions.h"
#include "core/workspace/background_schedule.h"
#include "core/workspace/session_file.h"
#include "core/workspace/shared_inventory.h"
#include "core/workspace/task_thread.h"
#include "core/workspace/workspace_log.h"
#include "core/workspace/workspace_paths.h"

namespace trustdesk {

class WorkspacePublisher;

struct WorkspaceFlags {
  // A monitor thread that re-reads files other processes changed and publishes them, and runs
  // the scheduled background actions. The GUI wants it; a one-shot CLI command does not.
  bool monitor = true;
  // At Open, resume the remembered session of the last sign-in (on the task thread).
  bool resume_session = false;
  // The first sync of a session asks with the cached ETag, so an unchanged list costs one 304
  // (the CLI, where every command is a new session).
  bool conditional_first_sync = false;
  // Background actions: the daily pass (needs the monitor) and the pass after each sign-in.
  bool scheduled_background_actions = true;
  bool background_after_sign_in = true;
  std::chrono::milliseconds poll_interval{1000};
  uint64_t seed = 0;  // sync jitter and the daily background slot; 0 = random
};

struct WorkspaceOptions {
  std::filesystem::path data_dir;        // empty = per-user directories (TRUSTDESK_DATA_DIR)
  const Clock* clock = nullptr;          // null = the system clock; must outlive the workspace
  HttpOptions http;                      // timeouts, proxy, limits; URL and CA come per sign-in
  std::shared_ptr<SecretStore> secrets;  // null = the OS secret store
  SyncSettings sync;                     // the interval is taken from settings.json
  JobWorkerOptions jobs;                 // data_dir is set by the workspace
  WorkspaceFlags flags;
  // Receives log lines (default: cache/logs/trustdesk.log). Never a token or password.
  std::function<void(std::string_view)> log;
};

// The GUI's workspace commands, as core values (the app maps its UI commands onto these).
struct SignOutAction {};
struct SyncUserAction {};
struct SyncNowAction {};
struct ExportDiagnosticsAction {
  std::filesystem::path path;
};
struct CancelJobAction {
  uint64_t job_id = 0;
};
struct RunBackgroundActionsAction {};
// Allow one script from now on (the window's "Always allow"), or withdraw a consent.
struct AllowScriptAction {
  ProfileScript script;
};
struct RevokeScriptAction {
  std::string digest;
};
// Job requests (EnrollRequest, RenewRequest, RevokeRequest, ExportRequest, RecoverKeyRequest …)
// convert to a WorkspaceAction directly.
using WorkspaceAction =
    std::variant<SignInRequest, SignOutAction, SyncUserAction, SyncNowAction,
                 ExportDiagnosticsAction, JobRequest, CancelJobAction, RunBackgroundActionsAction,
                 AllowScriptAction, RevokeScriptAction>;

class Workspace {
 public:
  static Result<std::unique_ptr<Workspace>> Open(WorkspaceOptions options);
  ~Workspace();  // stops every thread; pending async work is dropped
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // --- state --------------------------------------------------------------------------------
  SnapshotStore& store() { return store_; }
  std::shared_ptr<const Snapshot> Current() const { return store_.Current(); }
  // Called after every publish, from the publishing thread (the GUI: glfwPostEmptyEvent). Use
  // this rather than SnapshotStore::SetWakeCallback, which the workspace needs itself.
  void SetWakeCallback(std::function<void()> wake);
  const WorkspacePaths& paths() const { return paths_; }
  const Clock& clock() const { return clock_; }
  SyncEngine& sync_engine() { return *engine_; }
  SessionManager& session() { return *session_; }
  SharedInventory& inventory() { return inventory_; }
  ActivityLog& activity() { return activity_; }
  // The identity of the last sign-in (server, account, user), if any.
  std::optional<SessionIdentity> LastSession() const;
  // Settings as loaded at Open (settings.json) and changed through ApplySettings.
  Settings settings() const;
  // Applies a settings change that concerns the workspace (sync interval, scripts switch).
  void ApplySettings(const Settings& settings);

  // --- blocking (CLI, tests, the task thread) -------------------------------------------------
  // Signs in, remembers the identity in session.json, starts syncing. The outcome's sync_ticket
  // can be passed to WaitForSync.
  Result<SignInOutcome> SignIn(const SignInRequest& request);
  // Resumes the remembered session of `identity` (default: the last sign-in).
  Result<SignInOutcome> Resume(std::optional<SessionIdentity> identity = std::nullopt);
  Status SignOut();
  Result<Account> SyncUser();
  // Syncs now (bypassing back-off) and returns the attempt; Auth error when not signed in.
  Result<SyncAttempt> Sync();
  // Waits for the sync `ticket` (from SignIn/Resume) and returns its attempt.
  SyncAttempt WaitForSync(uint64_t ticket);
  // Writes the redacted diagnostics bundle to `file` and returns its path.
  Result<std::filesystem::path> ExportDiagnostics(const std::filesystem::path& file);
  // Appends one Activity entry (time and id assigned) and publishes it.
  void RecordActivity(ActivityEntry entry);
  // Publishes every change now (other processes' files included); returns when done.
  void RefreshNow();

  // --- jobs and background actions (workspace_jobs.cpp) ---------------------------------------
  JobWorker& jobs() { return *jobs_; }
  // Queues a job (progress in Snapshot::jobs) and returns its id at once.
  uint64_t SubmitJob(JobRequest request);
  // Blocks until the job has finished and returns its final status.
  JobStatus WaitJob(uint64_t id);
  Status CancelJob(uint64_t id);
  // One background-actions pass now (Manual ignores the back-off); blocks until it is done.
  BackgroundReport RunBackgroundActions(BackgroundTrigger trigger = BackgroundTrigger::Manual);
  // Runs the scheduled pass if it is due at the clock's time; true when it ran.
  bool RunDueBackgroundActions();
  // When the scheduled pass is due (daily slot, or later while backing off).
  std::optional<Timestamp> NextBackgroundRun() const;

  // --- script consent (workspace_scripts.cpp) -------------------------------------------------
  // The consents as the file holds them now (another process may have changed them).
  Result<std::vector<ScriptConsent>> ScriptConsents() const;
  // Allows `script` from now on. It must be the script its profile has in that slot now, as the
  // snapshot knows it (Conflict otherwise: it changed since it was shown). Recorded in the
  // Activity log and published in Snapshot::script_consents.
  Result<ScriptConsent> AllowScript(const ProfileScript& script);
  // Withdraws the consent with `digest` (NotFound when there is none); recorded and published.
  Result<ScriptConsent> RevokeScriptConsent(const std::string& digest);

  // --- non-blocking (GUI) ---------------------------------------------------------------------
  void SignInAsync(SignInRequest request);
  void SignOutAsync();
  void SyncUserAsync();
  void SyncNowAsync();
  void ExportDiagnosticsAsync(std::filesystem::path file);
  // Progress and outcome in Snapshot::background_op.
  void RunBackgroundActionsAsync();
  // Runs `action` without blocking (the GUI's command forwarder calls this).
  void Dispatch(WorkspaceAction action);
  // Waits until every async operation queued so far has finished (tests, shutdown).
  void WaitIdle();

 private:
  explicit Workspace(WorkspaceOptions options, WorkspacePaths paths);
  Status Start();
  void Log(std::string_view source, std::string_view line);
  void OnPublish();
  void MonitorLoop();
  void RecordSyncAttempt(const SyncAttempt& attempt);
  void SetOp(OperationStatus Snapshot::*field, OperationStatus status);
  void RunSessionOp(std::string busy_message, std::function<Result<std::string>()> op);
  // workspace_jobs.cpp
  Status StartJobs();
  JobStatus RunPlannedJob(const PlannedAction& action);
  void AfterSignIn(uint64_t sync_ticket);
  void CheckBackgroundSchedule();
  void NoteBackgroundState(const BackgroundState& state);
  // workspace_scripts.cpp
  void PublishScriptConsents();

  WorkspaceOptions options_;
  WorkspacePaths paths_;
  const Clock& clock_;
  WorkspaceLog log_file_;
  WorkspaceLog request_log_;  // logs/requests.log: every API request of this data directory
  mutable std::mutex settings_mutex_;  // guards settings_
  Settings settings_;
  std::optional<Error> settings_error_;
  std::shared_ptr<SecretStore> secrets_;
  SnapshotStore store_;
  std::unique_ptr<SyncEngine> engine_;
  std::unique_ptr<SessionManager> session_;
  SharedInventory inventory_;
  ActivityLog activity_;
  ScriptConsentFile script_consents_;
  std::unique_ptr<WorkspacePublisher> publisher_;
  std::optional<Inventory> job_inventory_;  // the job worker's; only its thread touches it
  std::unique_ptr<JobWorker> jobs_;
  BackgroundSchedule schedule_;
  std::unique_ptr<BackgroundActions> background_;
  std::atomic<int64_t> background_due_{INT64_MAX};  // unix seconds of the next scheduled pass
  std::atomic<bool> background_queued_{false};
  TaskThread tasks_;             // session operations and the diagnostics export
  TaskThread background_tasks_;  // background-action passes (long: they wait for jobs)

  std::mutex wake_mutex_;
  std::function<void()> wake_;

  std::mutex monitor_mutex_;
  std::condition_variable monitor_wake_;
  bool monitor_dirty_ = false;
  bool monitor_stop_ = false;
  std::thread monitor_;
  NetworkWatcher network_;  // with the monitor: the OS says the network is back → sync
};

}  // namespace trustdesk
