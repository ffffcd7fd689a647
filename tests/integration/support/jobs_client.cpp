#include "tests/integration/support/jobs_client.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <sstream>

#include "core/scripts/script_runner.h"
#include "core/util/paths.h"

namespace trustdesk::testing {

JobsClient::JobsClient(TestServer& s, const Clock& c, std::filesystem::path dir,
                       const std::function<void(JobWorkerOptions&)>& tweak, bool start)
    : server(s),
      clock(c),
      data_dir(std::move(dir)),
      activity(data_dir / "activity.jsonl"),
      inventory(data_dir / Inventory::kFileName) {
  std::filesystem::create_directories(data_dir);
  REQUIRE(activity.Load().ok());
  auto loaded = Inventory::Load(data_dir / Inventory::kFileName);
  REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().message));
  inventory = std::move(loaded.value());
  SyncEngineOptions sync;
  sync.data_dir = data_dir;
  sync.seed = 7;
  sync.log = [](std::string_view) {};
  engine = std::make_unique<SyncEngine>(store, clock, sync);
  engine->Start();
  secrets = CreateUnavailableSecretStore("not needed in job tests");
  session = std::make_unique<SessionManager>(*engine, *secrets, clock);
  JobWorkerOptions options;
  options.data_dir = data_dir;
  options.software_store_params.n = 1u << 10;  // tests only: a cheap PIN hash
  if (tweak) tweak(options);
  worker = std::make_unique<JobWorker>(
      store, activity, inventory, [this] { return session->current_session(); }, clock,
      std::move(options));
  if (start) worker->Start();
}

JobsClient::~JobsClient() {
  worker.reset();  // before the session it asks for tokens
  engine->Stop();
}

void JobsClient::SignIn(const std::string& username, const std::string& password) {
  SignInRequest req;
  req.server_url = server.url();
  req.ca_file = server.ca_file().string();
  req.account_id = "northwind";
  req.username = username;
  req.password = password;
  auto r = session->SignIn(req);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  SyncAttempt first = engine->Wait(r->sync_ticket);
  REQUIRE_MESSAGE(first.message.empty(), first.message);
}

void JobsClient::Sync() {
  SyncAttempt a = engine->SyncNow();
  REQUIRE_MESSAGE(a.message.empty(), a.message);
}

JobStatus JobsClient::Run(JobRequest request) {
  const uint64_t id = worker->Submit(std::move(request));
  return worker->Wait(id);
}

const IssuedCertificate* JobsClient::Issued(const std::string& serial) const {
  auto s = store.Current();
  const_cast<JobsClient*>(this)->keep_ = s;
  for (const IssuedCertificate& c : s->issued) {
    if (c.serial == serial) return &c;
  }
  return nullptr;
}

const Profile* JobsClient::FindProfile(const std::string& profile_id) const {
  auto s = store.Current();
  const_cast<JobsClient*>(this)->keep_ = s;
  for (const ProfileEntry& p : s->profiles) {
    if (p.profile.id == profile_id) return &p.profile;
  }
  return nullptr;
}

std::map<std::string, std::string> DemoFields(const std::string& profile_id) {
  if (profile_id == "nw-code-signing")
    return {{"subject.CN", "Northwind Platform Release Signing"}};
  if (profile_id == "nw-device-laptop") {
    return {{"subject.CN", "dana-laptop.corp.northwind.example"},
            {"san.dns", "dana-laptop.corp.northwind.example"}};
  }
  if (profile_id == "nw-web-server") {
    return {{"subject.CN", "build.northwind.example"},
            {"san.dns", "build.northwind.example, cache.northwind.example"},
            {"san.ip", "10.0.0.5"}};
  }
  if (profile_id == "nw-contractor-access") return {{"subject.OU", "Partners"}};
  return {};
}

std::string Which(const std::string& name) {
  std::vector<std::string> dirs;
  if (auto java = GetEnv("JAVA_HOME")) dirs.push_back(*java + "/bin");
  std::stringstream path(GetEnv("PATH").value_or("/usr/bin:/bin"));
  for (std::string dir; std::getline(path, dir, ':');) dirs.push_back(dir);
  for (const std::string& dir : dirs) {
    const std::string candidate = dir + "/" + name;
    if (!dir.empty() && dir[0] == '/' && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

ToolRun RunTool(const std::string& tool, const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env) {
  ScriptInvocation inv;
  inv.command = tool;
  inv.arguments = args;
  inv.environment = {{"PATH", "/usr/local/bin:/usr/bin:/bin"}, {"LANG", "C"}};
  if (auto home = GetEnv("HOME")) inv.environment["HOME"] = *home;
  if (auto java = GetEnv("JAVA_HOME")) inv.environment["JAVA_HOME"] = *java;
  for (const auto& [k, v] : env) inv.environment[k] = v;
  inv.timeout = std::chrono::seconds(60);
  auto outcome = RunScript(inv);
  ToolRun out;
  if (!outcome.ok()) {
    out.output = outcome.error().message;
    return out;
  }
  out.exit_code = outcome->timed_out || outcome->term_signal != 0 ? -1 : outcome->exit_code;
  out.output = outcome->stdout_text + outcome->stderr_text;
  return out;
}

}  // namespace trustdesk::testing
