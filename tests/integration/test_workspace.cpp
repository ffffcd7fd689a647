// The Workspace facade against the in-process reference server: opening a data directory,
// blocking and async sign-in / sync / sign-out with their worded outcomes in the snapshot, the
// Activity log and request log publishing, the wake callback, and the redacted diagnostics bundle.
#include <doctest/doctest.h>

#include <atomic>
#include <fstream>

#include "core/workspace/diagnostics_bundle.h"
#include "tests/integration/support/workspace_fixture.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool HasActivity(const Snapshot& s, const std::string& title_part) {
  for (const auto& e : s.activity) {
    if (Contains(e.title, title_part)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("workspace: Open creates the data directory layout and loads an empty state") {
  TempDir dir;
  auto ws = Workspace::Open(MakeWorkspaceOptions(dir.path() / "td", nullptr));
  REQUIRE_MESSAGE(ws, ws.error().message);
  const auto& p = (*ws)->paths();
  CHECK(p.dirs.config == dir.path() / "td" / "config");
  CHECK(p.dirs.data == dir.path() / "td" / "data");
  CHECK(std::filesystem::is_directory(p.sync_dir));
  CHECK(std::filesystem::is_directory(p.logs_dir));
  CHECK((std::filesystem::status(p.dirs.data).permissions() & std::filesystem::perms::all) ==
        std::filesystem::perms::owner_all);
  const auto s = (*ws)->Current();
  CHECK_FALSE(s->account);
  CHECK(s->installed.empty());
  CHECK_FALSE((*ws)->LastSession());
}

TEST_CASE("workspace: blocking sign-in, first sync, second sync up to date, sign-out") {
  TestServer server;
  TempDir dir;
  auto secrets = std::make_shared<MemorySecretStore>();
  auto opened = Workspace::Open(MakeWorkspaceOptions(dir.path(), secrets));
  REQUIRE_MESSAGE(opened, opened.error().message);
  Workspace& ws = **opened;

  auto out = ws.SignIn(MakeSignIn(server, "demo", "demo", /*remember=*/true));
  REQUIRE_MESSAGE(out, out.error().message);
  CHECK(out->remembered);
  const SyncAttempt first = ws.WaitForSync(out->sync_ticket);
  CHECK(first.result == SyncState::Updated);
  CHECK(first.changed_profiles == 12);

  auto s = ws.Current();
  REQUIRE(s->account);
  CHECK(s->account->id == "northwind");
  CHECK(s->profiles.size() == 12);
  CHECK(HasActivity(*s, "Signed in as Dana Demo"));
  CHECK(HasActivity(*s, "Sync: 12 profiles changed"));
  CHECK_FALSE(s->requests.empty());
  CHECK(s->sync_attempts.size() == 1);

  auto second = ws.Sync();
  REQUIRE(second);
  CHECK(second->result == SyncState::UpToDate);
  CHECK(second->http_status == 304);
  s = ws.Current();
  CHECK(s->sync_attempts.size() == 2);
  CHECK(HasActivity(*s, "Sync: up to date"));
  CHECK(s->next_sync_at.has_value());

  auto identity = ws.LastSession();
  REQUIRE(identity);
  CHECK(identity->server_url == server.url());
  CHECK(identity->username == "demo");
  CHECK(identity->remember);

  REQUIRE(ws.SignOut());
  s = ws.Current();
  CHECK_FALSE(s->account);
  CHECK(s->sync.state == SyncState::SignedOut);
  CHECK(HasActivity(*s, "Signed out"));
  CHECK(secrets->All().empty());
  auto after = ws.Sync();
  REQUIRE_FALSE(after);
  CHECK(after.error().code == ErrorCode::Auth);
}

TEST_CASE("workspace: a second workspace resumes the remembered session with one 304") {
  TestServer server;
  TempDir dir;
  auto secrets = std::make_shared<MemorySecretStore>();
  {
    auto ws = Workspace::Open(MakeWorkspaceOptions(dir.path(), secrets));
    REQUIRE(ws);
    auto out = (*ws)->SignIn(MakeSignIn(server, "alice", "alice-demo-pass", true));
    REQUIRE(out);
    (*ws)->WaitForSync(out->sync_ticket);
  }
  auto options = MakeWorkspaceOptions(dir.path(), secrets);
  options.flags.conditional_first_sync = true;
  auto ws = Workspace::Open(options);
  REQUIRE(ws);
  auto resumed = (*ws)->Resume();
  REQUIRE_MESSAGE(resumed, resumed.error().message);
  const SyncAttempt attempt = (*ws)->WaitForSync(resumed->sync_ticket);
  CHECK(attempt.result == SyncState::UpToDate);
  CHECK(attempt.http_status == 304);
  CHECK((*ws)->Current()->profiles.size() == 4);  // from the offline cache, confirmed by the 304
}

TEST_CASE("workspace: async operations publish progress and worded outcomes, and wake the UI") {
  TestServer server;
  TempDir dir;
  auto opened = Workspace::Open(MakeWorkspaceOptions(
      dir.path(), std::make_shared<MemorySecretStore>(), nullptr, /*monitor=*/true));
  REQUIRE(opened);
  Workspace& ws = **opened;
  std::atomic<int> wakes{0};
  ws.SetWakeCallback([&] { ++wakes; });

  ws.Dispatch(MakeSignIn(server, "alice", "wrong-password"));
  ws.WaitIdle();
  auto s = ws.Current();
  CHECK_FALSE(s->session_op.busy);
  CHECK_MESSAGE(Contains(s->session_op.error, "wrong account ID, user name or password"),
                s->session_op.error);
  CHECK(HasActivity(*s, "Sign-in failed"));

  ws.Dispatch(MakeSignIn(server, "alice", "alice-demo-pass"));
  ws.WaitIdle();
  s = ws.Current();
  CHECK(s->session_op.error.empty());
  CHECK(s->session_op.message == "Signed in as Alice Chen (Northwind Engineering)");
  REQUIRE(WaitForSnapshot(ws, [](const Snapshot& x) { return x.profiles.size() == 4; }));
  CHECK(wakes.load() > 0);

  // The monitor publishes the sync attempt into Activity without anyone asking.
  CHECK(WaitForSnapshot(ws, [](const Snapshot& x) { return HasActivity(x, "Sync: 4 profiles"); }));

  ws.Dispatch(SyncNowAction{});
  CHECK(WaitForSnapshot(ws, [](const Snapshot& x) { return x.sync_attempts.size() == 2; }));

  ws.Dispatch(SyncUserAction{});
  ws.WaitIdle();
  CHECK_MESSAGE(ws.Current()->session_op.message == "User synced: Alice Chen (Northwind Engineering)",
                ws.Current()->session_op.error);

  ws.Dispatch(SignOutAction{});
  ws.WaitIdle();
  s = ws.Current();
  CHECK(s->session_op.message == "Signed out");
  CHECK_FALSE(s->account);
}

TEST_CASE("workspace: the diagnostics bundle has every section and no secret") {
  TestServer server;
  TempDir dir;
  auto secrets = std::make_shared<MemorySecretStore>();
  auto opened = Workspace::Open(MakeWorkspaceOptions(dir.path() / "ws", secrets));
  REQUIRE(opened);
  Workspace& ws = **opened;
  const std::string password = "alice-demo-pass";
  auto out = ws.SignIn(MakeSignIn(server, "alice", password, /*remember=*/true));
  REQUIRE(out);
  ws.WaitForSync(out->sync_ticket);
  REQUIRE(ws.Sync());
  const auto tokens = secrets->All();
  REQUIRE(tokens.size() == 1);
  REQUIRE(tokens[0].size() >= 16);

  ws.Dispatch(ExportDiagnosticsAction{dir.path() / "bundle.json"});
  ws.WaitIdle();
  const auto s = ws.Current();
  CHECK_MESSAGE(s->diagnostics_op.error.empty(), s->diagnostics_op.error);
  CHECK(Contains(s->diagnostics_op.message, "bundle.json"));

  std::ifstream in(dir.path() / "bundle.json");
  const auto bundle = nlohmann::json::parse(in);
  CHECK(bundle["format"] == "trustdesk-diagnostics");
  CHECK(bundle["app"]["version"] == TRUSTDESK_VERSION);
  for (const char* key : {"settings", "session", "sync", "sync_timeline", "request_log", "activity",
                          "inventory", "jobs", "paths"}) {
    CHECK_MESSAGE(bundle.contains(key), key);
  }
  CHECK(bundle["session"]["username"] == "alice");
  CHECK(bundle["sync"]["state"] == "up_to_date");
  CHECK(bundle["sync_timeline"]["attempts"].size() == 2);
  CHECK(bundle["request_log"].size() >= 4);  // health, signin, profiles, certificates, 304

  // Neither the password nor the token appears in the bundle or in any file the workspace wrote.
  auto files = ReadAllFiles(dir.path());
  REQUIRE(files.count((dir.path() / "bundle.json").string()) == 1);
  for (const auto& [path, text] : files) {
    CHECK_MESSAGE(!Contains(text, password), path);
    CHECK_MESSAGE(!Contains(text, tokens[0]), path);
  }
  const std::string dumped = bundle.dump();
  CHECK(Contains(dumped, "<redacted>"));  // the Authorization headers of the request log
}

TEST_CASE("workspace: RedactSecrets removes secret-named keys and echoed secret values") {
  nlohmann::json doc = {
      {"token", "abc123456"},
      {"nested",
       {{"x-admin-token", "zzz"}, {"key_passphrase", "p"}, {"note", "the token abc123456 leaked"}}},
      {"list", {{{"password", "hunter22"}}, "plain"}},
      {"pin_required", true},
      {"profiles_etag", "\"e1\""}};
  const auto red = RedactSecrets(doc, {"abc123456"});
  CHECK(red["token"] == "<redacted>");
  CHECK(red["nested"]["x-admin-token"] == "<redacted>");
  CHECK(red["nested"]["key_passphrase"] == "<redacted>");
  CHECK(red["nested"]["note"] == "the token <redacted> leaked");
  CHECK(red["list"][0]["password"] == "<redacted>");
  CHECK(red["list"][1] == "plain");
  CHECK(red["pin_required"] == true);
  CHECK(red["profiles_etag"] == "\"e1\"");
}
