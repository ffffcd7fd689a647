// Sections: secrets · progress · running a job · JSON.
#include "tools/cli/cli_jobs.h"

#include <cstdlib>
#include <mutex>
#include <ostream>
#include <set>
#include <utility>

namespace trustdesk::cli {

// --- secrets ----------------------------------------------------------------------------------

const char* SecretVariable(KeyStoreKind kind) {
  switch (kind) {
    case KeyStoreKind::Software:
      return "TRUSTDESK_PIN";
    case KeyStoreKind::Pkcs12:
    case KeyStoreKind::Pem:
      return "TRUSTDESK_PASSPHRASE";
    default:
      return nullptr;
  }
}

Result<std::string> ReadStoreSecret(CliContext& ctx, KeyStoreKind kind,
                                    const std::string& command) {
  const char* var = SecretVariable(kind);
  if (var == nullptr) return std::string();
  if (kind == KeyStoreKind::Pem) {
    // Optional: an unencrypted key.pem (0600) is the default, so never wait for a line here.
    const char* v = std::getenv(var);
    return std::string(v != nullptr ? v : "");
  }
  const bool pin = kind == KeyStoreKind::Software;
  const std::string what = pin ? "the software key store PIN" : "the PKCS#12 passphrase";
  const std::string prompt = pin ? "Software key store PIN: " : "PKCS#12 passphrase: ";
  auto secret = ctx.secrets.Read(var, prompt);
  if (!secret || secret->empty()) {
    return Error{ErrorCode::InvalidInput, command + ": " + what + " is required: set " + var +
                                              " or give it on standard input"};
  }
  return *secret;
}

Result<std::string> ReadPassphrase(CliContext& ctx, const char* env_var, const std::string& what,
                                   const std::string& command) {
  auto secret = ctx.secrets.Read(env_var, "Passphrase for " + what + ": ");
  if (!secret || secret->empty()) {
    return Error{ErrorCode::InvalidInput, command + ": a passphrase for " + what +
                                              " is required: set " + env_var +
                                              " or give it on standard input"};
  }
  return *secret;
}

// --- progress ---------------------------------------------------------------------------------

struct JobProgress::State {
  std::mutex mutex;
  std::ostream* err = nullptr;
  bool stopped = false;
  std::set<std::pair<uint64_t, JobStep>> printed;

  // Runs on whichever thread published. The job worker publishes once per step it begins and
  // waits for this callback before going on, so no step is missed; other publishers may show a
  // step again, which `printed` filters out.
  void Check(const Workspace& ws) {
    std::lock_guard lock(mutex);
    if (stopped) return;
    const auto snap = ws.Current();
    for (const JobStatus& job : snap->jobs) {
      if (job.state != JobState::Running || job.current >= job.steps.size()) continue;
      const JobStep step = job.steps[job.current];
      if (step == JobStep::Done || !printed.emplace(job.id, step).second) continue;
      *err << job.title << ": " << StepLabel(step) << "…\n" << std::flush;
    }
  }
};

JobProgress::JobProgress(Workspace& ws, std::ostream& err)
    : ws_(ws), state_(std::make_shared<State>()) {
  state_->err = &err;
  ws_.SetWakeCallback([state = state_, workspace = &ws] { state->Check(*workspace); });
}

JobProgress::~JobProgress() { Stop(); }

void JobProgress::Stop() {
  {
    std::lock_guard lock(state_->mutex);
    if (state_->stopped) return;
    state_->stopped = true;
  }
  ws_.SetWakeCallback({});
}

// --- running a job ----------------------------------------------------------------------------

JobStatus RunJob(CliContext& ctx, JobRequest request) {
  std::optional<JobProgress> progress;
  if (!ctx.inv.global.json) progress.emplace(*ctx.ws, ctx.err);
  const uint64_t id = ctx.ws->SubmitJob(std::move(request));
  JobStatus done = ctx.ws->WaitJob(id);
  if (progress) progress->Stop();
  return done;
}

int JobExitCode(const JobStatus& job) {
  if (job.state == JobState::Succeeded) return kExitDone;
  if (job.error_code == ErrorCode::Auth) return kExitAuth;
  return kExitFailure;
}

int ReportJobFailure(const CliContext& ctx, const JobStatus& job) {
  const int code = JobExitCode(job);
  if (code == kExitDone) return code;
  const std::string title = job.title.empty() ? std::string(ToString(job.kind)) : job.title;
  const std::string why = job.error.empty() ? std::string(ToString(job.state)) : job.error;
  ctx.err << "trustdesk-cli: " << title
          << (job.state == JobState::Cancelled ? " cancelled: " : " failed: ") << why << "\n";
  return code;
}

// --- JSON -------------------------------------------------------------------------------------

namespace {

nlohmann::json TextOrNull(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

nlohmann::json TimeOrNull(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(FormatRfc3339(*t)) : nlohmann::json(nullptr);
}

// done / running / pending, and failed / cancelled / not_run once the job stopped early.
const char* StepStatus(const JobStatus& job, std::size_t i) {
  switch (job.state) {
    case JobState::Succeeded:
      return "done";
    case JobState::Queued:
      return "pending";
    case JobState::Running:
      return i < job.current ? "done" : i == job.current ? "running" : "pending";
    case JobState::Failed:
      return i < job.current ? "done" : i == job.current ? "failed" : "not_run";
    case JobState::Cancelled:
      return i < job.current ? "done" : i == job.current ? "cancelled" : "not_run";
  }
  return "pending";
}

}  // namespace

nlohmann::json JobJson(const JobStatus& job) {
  nlohmann::json steps = nlohmann::json::array();
  for (std::size_t i = 0; i < job.steps.size(); ++i) {
    steps.push_back({{"step", ToString(job.steps[i])},
                     {"label", StepLabel(job.steps[i])},
                     {"status", StepStatus(job, i)}});
  }
  return {{"id", job.id},
          {"kind", ToString(job.kind)},
          {"state", ToString(job.state)},
          {"title", job.title},
          {"profile_id", TextOrNull(job.profile_id)},
          {"serial", TextOrNull(job.serial)},
          {"result_serial", TextOrNull(job.result_serial)},
          {"steps", std::move(steps)},
          {"error", TextOrNull(job.error)},
          {"error_code",
           job.error_code ? nlohmann::json(ToString(*job.error_code)) : nlohmann::json(nullptr)},
          {"result", TextOrNull(job.result)},
          {"scripts_note", TextOrNull(job.scripts_note)},
          {"started_at", TimeOrNull(job.started_at)},
          {"finished_at", TimeOrNull(job.finished_at)}};
}

const InventoryEntry* FindInstalled(const Snapshot& snapshot, const std::string& serial) {
  for (const InventoryEntry& e : snapshot.installed) {
    if (e.serial == serial) return &e;
  }
  return nullptr;
}

const ProfileEntry* FindProfileEntry(const Snapshot& snapshot, const std::string& profile_id) {
  for (const ProfileEntry& p : snapshot.profiles) {
    if (p.profile.id == profile_id) return &p;
  }
  return nullptr;
}

nlohmann::json InstalledJson(const Snapshot& snapshot, const std::string& serial) {
  const InventoryEntry* e = serial.empty() ? nullptr : FindInstalled(snapshot, serial);
  if (e == nullptr) return nullptr;
  return {{"serial", e->serial},
          {"store", ToString(e->store)},
          {"location", e->location},
          {"expires", FormatRfc3339(e->not_after)}};
}

}  // namespace trustdesk::cli
