// Sections: opening · wake and monitor · session (blocking) · diagnostics · async entry points.
#include "core/workspace/workspace.h"

#include "core/util/atomic_file.h"
#include "core/workspace/diagnostics_bundle.h"
#include "core/workspace/workspace_publisher.h"

namespace trustdesk {
namespace {

std::string Describe(const Account& account) {
  const std::string who =
      account.user.display_name.empty() ? account.user.username : account.user.display_name;
  return who + " (" + (account.name.empty() ? account.id : account.name) + ")";
}

ActivityOutcome OutcomeOf(SyncState state) {
  switch (state) {
    case SyncState::UpToDate:
    case SyncState::Updated:
      return ActivityOutcome::Succeeded;
    case SyncState::Failed:
    case SyncState::Offline:
    case SyncState::TokenExpired:
      return ActivityOutcome::Failed;
    default:
      return ActivityOutcome::Info;
  }
}

std::string SyncTitle(const SyncAttempt& a) {
  switch (a.result) {
    case SyncState::UpToDate:
      return "Sync: up to date";
    case SyncState::Updated:
      return "Sync: " + std::to_string(a.changed_profiles) +
             (a.changed_profiles == 1 ? " profile changed" : " profiles changed");
    case SyncState::Offline:
      return "Sync: offline";
    case SyncState::TokenExpired:
      return "Sync: token expired, sign in again";
    case SyncState::Failed:
      return "Sync failed";
    default:
      return std::string("Sync: ") + ToString(a.result);
  }
}

ActivityEntry MakeActivity(ActivityKind kind, ActivityOutcome outcome, std::string title,
                           std::string detail = {}) {
  ActivityEntry e;
  e.kind = kind;
  e.outcome = outcome;
  e.title = std::move(title);
  e.detail = std::move(detail);
  return e;
}

OperationStatus Busy(std::string message) { return {true, "", std::move(message)}; }
OperationStatus Done(std::string message) { return {false, "", std::move(message)}; }
OperationStatus Failed(std::string error) { return {false, std::move(error), ""}; }

// One request-log entry as a log line; the entry is already redacted.
std::string RequestLine(const RequestLogEntry& e) {
  std::string line = e.method + " " + e.path + " " + std::to_string(e.status) + " " +
                     std::to_string(e.duration_ms) + " ms " + std::to_string(e.bytes_received) +
                     " bytes";
  if (!e.error.empty()) line += " error: " + e.error;
  return line;
}

}  // namespace

// --- opening ----------------------------------------------------------------------------------

Workspace::Workspace(WorkspaceOptions options, WorkspacePaths paths)
    : options_(std::move(options)),
      paths_(std::move(paths)),
      clock_(options_.clock ? *options_.clock : SystemClock::Instance()),
      log_file_(paths_.logs_dir / "trustdesk.log", clock_),
      request_log_(paths_.logs_dir / "requests.log", clock_),
      inventory_(paths_.inventory_file),
      activity_(paths_.activity_file),
      script_consents_(paths_.script_consent_file),
      schedule_(paths_.background_file, options_.flags.seed) {}

Result<std::unique_ptr<Workspace>> Workspace::Open(WorkspaceOptions options) {
  auto paths = PrepareWorkspacePaths(options.data_dir);
  if (!paths) return paths.error();
  std::unique_ptr<Workspace> ws(new Workspace(std::move(options), std::move(paths.value())));
  if (Status s = ws->Start(); !s) return s.error();
  return ws;
}

Status Workspace::Start() {
  SettingsFile settings(paths_.settings_file);
  settings.Load();
  settings_ = settings.settings();
  settings_error_ = settings.load_error();
  if (settings_error_) Log("settings", settings_error_->message);

  secrets_ = options_.secrets;
  if (!secrets_) secrets_ = CreateSystemSecretStore();

  SyncEngineOptions sync;
  sync.settings = options_.sync;
  sync.settings.interval = std::chrono::minutes(settings_.sync_interval_minutes);
  sync.data_dir = paths_.sync_dir;
  sync.seed = options_.flags.seed;
  sync.conditional_first_sync = options_.flags.conditional_first_sync;
  sync.log = [this](std::string_view line) { Log("sync", line); };
  engine_ = std::make_unique<SyncEngine>(store_, clock_, std::move(sync));
  session_ = std::make_unique<SessionManager>(*engine_, *secrets_, clock_, options_.http);

  if (Status s = activity_.Load(); !s) Log("activity", s.error().message);
  if (auto missing = inventory_.LoadAndRecheck(); !missing) {
    // A damaged inventory was moved aside by Inventory::Load; say so where the user looks.
    Log("inventory", missing.error().message);
    RecordActivity(MakeActivity(ActivityKind::Account, ActivityOutcome::Failed,
                                "Local inventory could not be read", missing.error().message));
  } else {
    for (const auto& serial : *missing) Log("inventory", "certificate " + serial + " is missing");
  }

  publisher_ = std::make_unique<WorkspacePublisher>(WorkspacePublisher::Sources{
      .store = &store_,
      .engine = engine_.get(),
      .session = session_.get(),
      .inventory = &inventory_,
      .activity = &activity_,
      .script_consents = &script_consents_,
      .on_sync_attempt = [this](const SyncAttempt& a) { RecordSyncAttempt(a); },
      .on_new_requests =
          [this](const std::vector<RequestLogEntry>& entries) {
            for (const auto& e : entries) request_log_.Write("request", RequestLine(e));
          },
      .log = [this](std::string_view line) { Log("workspace", line); }});
  store_.SetWakeCallback([this] { OnPublish(); });
  publisher_->Refresh(false);

  if (Status s = StartJobs(); !s) return s;
  engine_->Start();
  tasks_.Start();
  background_tasks_.Start();
  if (options_.flags.monitor) {
    monitor_ = std::thread([this] { MonitorLoop(); });
    // Without a watcher (other platforms, no netlink) the engine's retry schedule covers it.
    if (Status s = network_.Start([this] { engine_->NetworkAvailable(); }); !s) {
      Log("network", s.error().message);
    }
  }
  if (options_.flags.resume_session) {
    if (auto last = LastSession(); last && last->remember) {
      RunSessionOp("Resuming the session of " + last->username + "…",
                   [this, id = *last]() -> Result<std::string> {
                     auto out = Resume(id);
                     if (!out) return out.error();
                     return std::string(out->offline ? "Offline: showing saved data"
                                                     : "Signed in as " + Describe(out->account));
                   });
    }
  }
  return Status::Ok();
}

Workspace::~Workspace() {
  {
    std::lock_guard lock(monitor_mutex_);
    monitor_stop_ = true;
  }
  monitor_wake_.notify_all();
  if (monitor_.joinable()) monitor_.join();
  network_.Stop();
  tasks_.Stop();
  background_tasks_.Stop();  // drops queued passes; a running one ends when its job does
  if (jobs_) jobs_->Stop();  // cancels what was not submitted; the journal covers the rest
  if (engine_) engine_->Stop();
  SetWakeCallback({});                         // the UI may already be gone
  if (publisher_) publisher_->Refresh(false);  // the last requests reach logs/requests.log
  store_.SetWakeCallback({});
}

void Workspace::Log(std::string_view source, std::string_view line) {
  if (options_.log) {
    options_.log(std::string(source) + ": " + std::string(line));
  } else {
    log_file_.Write(source, line);
  }
}

std::optional<SessionIdentity> Workspace::LastSession() const {
  auto loaded = LoadSessionIdentity(paths_.session_file);
  if (!loaded) return std::nullopt;
  return *loaded;
}

Settings Workspace::settings() const {
  std::lock_guard lock(settings_mutex_);
  return settings_;
}

void Workspace::ApplySettings(const Settings& settings) {
  int before;
  {
    std::lock_guard lock(settings_mutex_);
    before = settings_.sync_interval_minutes;
    settings_ = settings;
  }
  if (settings.sync_interval_minutes != before) {
    engine_->SetInterval(std::chrono::minutes(settings.sync_interval_minutes));
  }
}

// --- wake and monitor -------------------------------------------------------------------------

void Workspace::SetWakeCallback(std::function<void()> wake) {
  std::lock_guard lock(wake_mutex_);
  wake_ = std::move(wake);
}

// Runs on whichever thread published. It must not publish itself: it only flags the monitor.
void Workspace::OnPublish() {
  {
    std::lock_guard lock(monitor_mutex_);
    monitor_dirty_ = true;
  }
  monitor_wake_.notify_one();
  std::function<void()> wake;
  {
    std::lock_guard lock(wake_mutex_);
    wake = wake_;
  }
  if (wake) wake();
}

void Workspace::MonitorLoop() {
  std::unique_lock lock(monitor_mutex_);
  while (!monitor_stop_) {
    const bool woken = monitor_wake_.wait_for(lock, options_.flags.poll_interval,
                                              [&] { return monitor_stop_ || monitor_dirty_; });
    if (monitor_stop_) break;
    monitor_dirty_ = false;
    lock.unlock();
    publisher_->Refresh(/*poll_files=*/!woken);
    if (!woken) CheckBackgroundSchedule();
    lock.lock();
  }
}

void Workspace::RefreshNow() { publisher_->Refresh(true); }

void Workspace::RecordActivity(ActivityEntry entry) {
  entry.at = clock_.Now();
  activity_.Append(std::move(entry));
  if (publisher_) publisher_->Refresh(false);
}

void Workspace::RecordSyncAttempt(const SyncAttempt& a) {
  ActivityEntry e;
  e.at = a.started_at;
  e.kind = ActivityKind::Sync;
  e.outcome = OutcomeOf(a.result);
  e.title = SyncTitle(a);
  e.duration_ms = a.duration_ms;
  e.detail = std::string("trigger: ") + ToString(a.trigger) +
             "\nHTTP status: " + std::to_string(a.http_status) +
             "\nrevision: " + std::to_string(a.revision) + "\nbytes: " + std::to_string(a.bytes);
  if (!a.message.empty()) e.detail = a.message + "\n" + e.detail;
  // Called from inside the publisher's Refresh: append only; that Refresh publishes it.
  activity_.Append(std::move(e));
}

// --- session (blocking) -----------------------------------------------------------------------

Result<SignInOutcome> Workspace::SignIn(const SignInRequest& request) {
  auto outcome = session_->SignIn(request);
  if (!outcome) {
    RecordActivity(MakeActivity(ActivityKind::Account, ActivityOutcome::Failed, "Sign-in failed",
                                outcome.error().message));
    return outcome;
  }
  const SessionIdentity identity{request.server_url, request.ca_file, request.account_id,
                                 request.username, request.remember && outcome->remembered};
  if (Status s = SaveSessionIdentity(paths_.session_file, identity); !s) {
    Log("session", s.error().message);
  }
  std::string detail = "Server: " + request.server_url;
  if (!outcome->remember_note.empty()) detail += "\nSession " + outcome->remember_note;
  RecordActivity(MakeActivity(ActivityKind::Account, ActivityOutcome::Succeeded,
                              "Signed in as " + Describe(outcome->account), detail));
  AfterSignIn(outcome->sync_ticket);
  return outcome;
}

Result<SignInOutcome> Workspace::Resume(std::optional<SessionIdentity> identity) {
  if (!identity) identity = LastSession();
  if (!identity) return Error{ErrorCode::Auth, "not signed in: no previous sign-in"};
  auto outcome = session_->Resume(identity->server_url, identity->ca_file, identity->account_id,
                                  identity->username);
  if (outcome) {
    RecordActivity(MakeActivity(ActivityKind::Account, ActivityOutcome::Info,
                                "Session resumed for " + Describe(outcome->account),
                                outcome->offline ? "Offline: showing saved data" : ""));
    AfterSignIn(outcome->sync_ticket);
  }
  return outcome;
}

Status Workspace::SignOut() {
  const auto before = store_.Current();
  Status s = session_->SignOut();
  if (s) {
    RecordActivity(MakeActivity(
        ActivityKind::Account, ActivityOutcome::Succeeded,
        "Signed out" + (before->account ? " " + Describe(*before->account) : std::string())));
  }
  return s;
}

Result<Account> Workspace::SyncUser() {
  auto account = session_->SyncUser();
  RecordActivity(MakeActivity(ActivityKind::Account,
                              account ? ActivityOutcome::Succeeded : ActivityOutcome::Failed,
                              account ? "User synced: " + Describe(*account) : "Sync user failed",
                              account ? "" : account.error().message));
  return account;
}

Result<SyncAttempt> Workspace::Sync() {
  if (!session_->signed_in()) return Error{ErrorCode::Auth, "Sync profiles: not signed in"};
  SyncAttempt attempt = engine_->SyncNow(SyncTrigger::Manual);
  publisher_->Refresh(false);
  return attempt;
}

SyncAttempt Workspace::WaitForSync(uint64_t ticket) {
  SyncAttempt attempt = engine_->Wait(ticket);
  publisher_->Refresh(false);
  return attempt;
}

// --- diagnostics ------------------------------------------------------------------------------

Result<std::filesystem::path> Workspace::ExportDiagnostics(const std::filesystem::path& file) {
  if (file.empty()) return Error{ErrorCode::InvalidInput, "diagnostics bundle: no file given"};
  publisher_->Refresh(true);
  const auto snapshot = store_.Current();
  DiagnosticsInput in;
  in.snapshot = snapshot.get();
  in.settings = nlohmann::json::parse(SerializeSettings(settings_), nullptr, false);
  if (settings_error_) in.settings_error = settings_error_->message;
  in.sync_timeline = engine_->timeline().ToJson();
  in.activity = activity_.Entries();
  in.paths = {{"config", paths_.dirs.config.string()},
              {"data", paths_.dirs.data.string()},
              {"cache", paths_.dirs.cache.string()}};
  if (snapshot->account) in.username = snapshot->account->user.username;
  in.now = clock_.Now();
  const nlohmann::json bundle = BuildDiagnosticsBundle(in);
  std::error_code ec;
  const auto target = std::filesystem::absolute(file, ec);
  if (Status s = WriteDiagnosticsBundle(ec ? file : target, bundle); !s) return s.error();
  return ec ? file : target;
}

// --- async entry points -----------------------------------------------------------------------

void Workspace::SetOp(OperationStatus Snapshot::*field, OperationStatus status) {
  store_.Update([&](Snapshot& s) { s.*field = std::move(status); });
}

void Workspace::RunSessionOp(std::string busy_message, std::function<Result<std::string>()> op) {
  SetOp(&Snapshot::session_op, Busy(std::move(busy_message)));
  const bool queued = tasks_.Post([this, op = std::move(op)] {
    auto result = op();
    SetOp(&Snapshot::session_op, result ? Done(*result) : Failed(result.error().message));
  });
  if (!queued) SetOp(&Snapshot::session_op, Failed("TrustDesk is closing"));
}

void Workspace::SignInAsync(SignInRequest request) {
  const std::string url = request.server_url;
  RunSessionOp("Signing in to " + url + "…",
               [this, request = std::move(request)]() -> Result<std::string> {
                 auto out = SignIn(request);
                 if (!out) return out.error();
                 std::string message = "Signed in as " + Describe(out->account);
                 if (!out->remember_note.empty()) message += "; " + out->remember_note;
                 return message;
               });
}

void Workspace::SignOutAsync() {
  RunSessionOp("Signing out…", [this]() -> Result<std::string> {
    if (Status s = SignOut(); !s) return s.error();
    return std::string("Signed out");
  });
}

void Workspace::SyncUserAsync() {
  RunSessionOp("Syncing user…", [this]() -> Result<std::string> {
    auto account = SyncUser();
    if (!account) return account.error();
    return "User synced: " + Describe(*account);
  });
}

void Workspace::SyncNowAsync() {
  if (!session_->signed_in()) {
    SetOp(&Snapshot::session_op, Failed("Sync profiles: not signed in"));
    return;
  }
  engine_->RequestSync(SyncTrigger::Manual);
}

void Workspace::ExportDiagnosticsAsync(std::filesystem::path file) {
  SetOp(&Snapshot::diagnostics_op, Busy("Writing the diagnostics bundle…"));
  const bool queued = tasks_.Post([this, file = std::move(file)] {
    auto written = ExportDiagnostics(file);
    SetOp(&Snapshot::diagnostics_op,
          written ? Done("Diagnostics bundle written to " + written->string())
                  : Failed(written.error().message));
  });
  if (!queued) SetOp(&Snapshot::diagnostics_op, Failed("TrustDesk is closing"));
}

void Workspace::Dispatch(WorkspaceAction action) {
  std::visit(
      [this](auto&& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, SignInRequest>) {
          SignInAsync(std::move(a));
        } else if constexpr (std::is_same_v<T, SignOutAction>) {
          SignOutAsync();
        } else if constexpr (std::is_same_v<T, SyncUserAction>) {
          SyncUserAsync();
        } else if constexpr (std::is_same_v<T, SyncNowAction>) {
          SyncNowAsync();
        } else if constexpr (std::is_same_v<T, ExportDiagnosticsAction>) {
          ExportDiagnosticsAsync(std::move(a.path));
        } else if constexpr (std::is_same_v<T, JobRequest>) {
          SubmitJob(std::move(a));  // progress and outcome appear in Snapshot::jobs
        } else if constexpr (std::is_same_v<T, CancelJobAction>) {
          if (Status s = CancelJob(a.job_id); !s) {
            RecordActivity(MakeActivity(ActivityKind::Job, ActivityOutcome::Info,
                                        "Job " + std::to_string(a.job_id) + " not cancelled",
                                        s.error().message));
          }
        } else if constexpr (std::is_same_v<T, RunBackgroundActionsAction>) {
          RunBackgroundActionsAsync();
        } else if constexpr (std::is_same_v<T, AllowScriptAction>) {
          tasks_.Post([this, script = std::move(a.script)] { (void)AllowScript(script); });
        } else if constexpr (std::is_same_v<T, RevokeScriptAction>) {
          tasks_.Post([this, digest = std::move(a.digest)] { (void)RevokeScriptConsent(digest); });
        }
      },
      std::move(action));
}

void Workspace::WaitIdle() {
  tasks_.Drain();
  background_tasks_.Drain();
}

}  // namespace trustdesk
