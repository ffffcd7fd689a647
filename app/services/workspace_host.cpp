#include "app/services/workspace_host.h"

#include <type_traits>
#include <utility>
#include <variant>

namespace trustdesk {

namespace {

SignInRequest ToRequest(SignInCommand c) {
  SignInRequest r;
  r.server_url = std::move(c.server_url);
  r.ca_file = std::move(c.ca_file);
  r.account_id = std::move(c.account_id);
  r.username = std::move(c.username);
  r.password = std::move(c.password);
  r.remember = c.remember;
  return r;
}

KeyStoreLocation ToLocation(KeyStoreTarget t) {
  return KeyStoreLocation{t.kind, std::move(t.location), std::move(t.secret)};
}

// The window's job commands become job requests one to one. A script runs only when Settings'
// switch is on and the user allowed that exact script (before, or when asked for this job);
// secrets move, they are never copied into anything that outlives the job.
JobRequest ToJob(EnrollCommand c, bool scripts) {
  EnrollRequest r;
  r.profile_id = std::move(c.profile_id);
  r.key_algorithm = c.key_algorithm;
  r.key_size = c.key_size;
  r.store = ToLocation(std::move(c.store));
  r.fields = std::move(c.fields);
  r.scripts = {scripts, std::move(c.scripts_allowed_once)};
  return r;
}

JobRequest ToJob(RenewCommand c, bool scripts) {
  RenewRequest r;
  r.serial = std::move(c.serial);
  r.secret = std::move(c.secret);
  r.scripts = {scripts, std::move(c.scripts_allowed_once)};
  return r;
}

JobRequest ToJob(RevokeCommand c, bool) {
  RevokeRequest r;
  r.serial = std::move(c.serial);
  r.reason = c.reason;
  return r;
}

// The export dialog asks for one secret: for a key in PEM files it is the new passphrase of the
// exported key; for the software store or a PKCS#12 file it unlocks the key and protects the
// export too.
JobRequest ToJob(ExportCommand c, KeyStoreKind installed_in) {
  ExportRequest r;
  r.serial = std::move(c.serial);
  r.format = c.format;
  r.path = std::move(c.path);
  if (installed_in != KeyStoreKind::Pem) r.secret = c.secret;
  r.passphrase = std::move(c.secret);
  return r;
}

JobRequest ToJob(RecoverKeyCommand c, bool scripts) {
  RecoverKeyRequest r;
  r.serial = std::move(c.serial);
  r.passphrase = std::move(c.passphrase);
  r.store = ToLocation(std::move(c.store));
  r.scripts = {scripts, std::move(c.scripts_allowed_once)};
  r.password = std::move(c.password);
  return r;
}

KeyStoreKind InstalledStore(const Snapshot& snapshot, const std::string& serial) {
  for (const InventoryEntry& e : snapshot.installed) {
    if (e.serial == serial) return e.store;
  }
  return KeyStoreKind::Pem;
}

bool IsUnder(const std::filesystem::path& file, const std::filesystem::path& dir) {
  const std::string f = file.lexically_normal().string();
  const std::string d = dir.lexically_normal().string();
  return !d.empty() && f.size() > d.size() && f.compare(0, d.size(), d) == 0;
}

}  // namespace

WorkspaceHost::WorkspaceHost(WorkspaceHostOptions options)
    : options_(std::move(options)),
      clock_(options_.clock ? *options_.clock : SystemClock::Instance()) {
  startup_store_.SetWakeCallback(options_.wake);
  PublishStartup({true, "", "Opening your workspace…"});
  tasks_.Start();
  tasks_.Post([this] { StartUp(); });
}

WorkspaceHost::~WorkspaceHost() {
  tasks_.Stop();
  workspace_.reset();  // its threads may still be talking to the demo server
  demo_.reset();
}

std::shared_ptr<const Snapshot> WorkspaceHost::Current() const {
  if (ready_.load() && workspace_) return workspace_->Current();
  return startup_store_.Current();
}

void WorkspaceHost::PublishStartup(OperationStatus status) {
  startup_store_.Update([&](Snapshot& s) {
    s.session_op = std::move(status);
    s.sync.state = SyncState::SignedOut;
  });
}

void WorkspaceHost::StartUp() {
  WorkspaceOptions options;
  options.data_dir = options_.data_dir;
  options.clock = &clock_;
  auto opened = Workspace::Open(std::move(options));
  if (!opened) {
    PublishStartup({false, "Could not open your workspace: " + opened.error().message, ""});
    std::lock_guard<std::mutex> lock(mutex_);
    queued_.clear();
    ready_ = true;  // nothing will run commands; the start-up snapshot keeps saying why
    return;
  }
  workspace_ = std::move(opened.value());
  workspace_->SetWakeCallback(options_.wake);
  demo_dir_ = workspace_->paths().dirs.data / "demo-server";

  const std::optional<SessionIdentity> last = workspace_->LastSession();
  const bool demo = options_.allow_demo && DemoServer::Available() &&
                    (!last || IsDemoSession(*last));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ready_ = true;
  }
  if (demo) {
    SetSessionOp({true, "", "Starting the demo workspace…"});
    OpenDemo();
  } else if (last && last->remember) {
    (void)workspace_->Resume(*last);  // the outcome is published in session_op
  }
  std::deque<Command> queued;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queued.swap(queued_);
  }
  for (Command& c : queued) Run(std::move(c));
  if (options_.wake) options_.wake();
}

bool WorkspaceHost::IsDemoSession(const SessionIdentity& identity) const {
  return IsUnder(identity.ca_file, demo_dir_);
}

void WorkspaceHost::OpenDemo() {
  if (!workspace_) return;
  if (!demo_) {
    auto started = DemoServer::Start(demo_dir_, clock_);
    if (!started) {
      SetSessionOp({false, started.error().message, ""});
      return;
    }
    demo_ = std::move(started.value());
  }
  const DemoCredentials creds = demo_->credentials();
  SignInRequest request;
  request.server_url = demo_->url();
  request.ca_file = demo_->ca_file().string();
  request.account_id = creds.account_id;
  request.username = creds.username;
  request.password = creds.password;
  request.remember = false;  // the demo signs in again at every start; nothing to remember
  workspace_->SignInAsync(std::move(request));
}

void WorkspaceHost::SetSessionOp(OperationStatus status) {
  workspace_->store().Update([&](Snapshot& s) { s.session_op = std::move(status); });
}

void WorkspaceHost::Forward(Command command) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!ready_) {
      queued_.push_back(std::move(command));
      return;
    }
  }
  Run(std::move(command));
}

void WorkspaceHost::Run(Command command) {
  if (!workspace_) return;
  std::visit(
      [this](auto&& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, SignInCommand>) {
          workspace_->Dispatch(ToRequest(std::move(c)));
        } else if constexpr (std::is_same_v<T, OpenDemoCommand>) {
          tasks_.Post([this] { OpenDemo(); });
        } else if constexpr (std::is_same_v<T, SignOutCommand>) {
          workspace_->Dispatch(SignOutAction{});
        } else if constexpr (std::is_same_v<T, SyncUserCommand>) {
          workspace_->Dispatch(SyncUserAction{});
        } else if constexpr (std::is_same_v<T, SyncNowCommand>) {
          workspace_->Dispatch(SyncNowAction{});
        } else if constexpr (std::is_same_v<T, ExportDiagnosticsCommand>) {
          workspace_->Dispatch(ExportDiagnosticsAction{c.path});
        } else if constexpr (std::is_same_v<T, RunBackgroundActionsCommand>) {
          workspace_->Dispatch(RunBackgroundActionsAction{});
        } else if constexpr (std::is_same_v<T, CancelJobCommand>) {
          workspace_->Dispatch(CancelJobAction{c.job_id});
        } else if constexpr (std::is_same_v<T, ExportCommand>) {
          const KeyStoreKind store = InstalledStore(*workspace_->Current(), c.serial);
          workspace_->Dispatch(ToJob(std::move(c), store));
        } else if constexpr (std::is_same_v<T, EnrollCommand> || std::is_same_v<T, RenewCommand> ||
                             std::is_same_v<T, RevokeCommand> ||
                             std::is_same_v<T, RecoverKeyCommand>) {
          workspace_->Dispatch(ToJob(std::move(c), workspace_->settings().scripts_enabled));
        } else if constexpr (std::is_same_v<T, AllowScriptCommand>) {
          workspace_->Dispatch(AllowScriptAction{std::move(c.script)});
        } else if constexpr (std::is_same_v<T, RevokeScriptCommand>) {
          workspace_->Dispatch(RevokeScriptAction{std::move(c.digest)});
        }
        // Navigation, settings and clipboard commands never reach the host (IsWorkspaceCommand).
      },
      std::move(command));
}

void WorkspaceHost::WaitIdle() {
  tasks_.Drain();
  if (workspace_) workspace_->WaitIdle();
}

}  // namespace trustdesk
