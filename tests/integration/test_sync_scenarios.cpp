// The SyncEngine and SessionManager against the real reference server in-process, one test per
// named scenario in assets/scenarios/: the exact sequence of published sync states, and the last
// good data staying visible through every failure.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <future>
#include <mutex>

#include "core/session/session_manager.h"
#include "tests/core/support/manual_clock.h"
#include "tests/integration/support/api.h"
#include "tests/integration/support/csr_factory.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk;
using namespace trustdesk::testing;
using std::chrono::seconds;
using States = std::vector<SyncState>;

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A TrustDesk client: snapshot store, sync engine and session manager on one data directory.
struct Client {
  TestServer& server;
  const Clock& clock;
  TempDir dir;
  SnapshotStore store;
  std::mutex mutex;
  States states;
  std::unique_ptr<SyncEngine> engine;
  std::unique_ptr<SecretStore> secrets = CreateUnavailableSecretStore("not needed in this test");
  std::unique_ptr<SessionManager> session;

  Client(TestServer& s, const Clock& c) : server(s), clock(c) {
    store.SetWakeCallback([this] {
      std::lock_guard lock(mutex);
      states.push_back(store.Current()->sync.state);
    });
    SyncEngineOptions options;
    options.data_dir = dir.path();
    options.seed = 11;
    options.log = [](std::string_view) {};
    engine = std::make_unique<SyncEngine>(store, clock, options);
    engine->Start();
    session = std::make_unique<SessionManager>(*engine, *secrets, clock);
  }
  ~Client() { engine->Stop(); }

  // Signs in as the demo user and waits for the sign-in sync.
  SyncAttempt SignIn() {
    auto r = session->SignIn(
        {server.url(), server.ca_file().string(), "northwind", "demo", "demo", false});
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return engine->Wait(r->sync_ticket);
  }
  States Take() {
    std::lock_guard lock(mutex);
    return std::exchange(states, {});
  }
  std::shared_ptr<const Snapshot> Now() const { return store.Current(); }
};

std::vector<std::string> Raw(const Snapshot& s) {
  std::vector<std::string> out;
  for (const auto& e : s.profiles) out.push_back(e.raw_json);
  return out;
}

const ProfileEntry* Find(const Snapshot& s, const std::string& id) {
  for (const auto& e : s.profiles) {
    if (e.profile.id == id) return &e;
  }
  return nullptr;
}

void LoadScenario(TestServer& server, const std::string& name) {
  std::ifstream in(ScenarioPath(name));
  auto admin = server.Client();
  REQUIRE(Call(*admin, "PUT", "/api/v1/admin/scenario", server.admin_token(),
               nlohmann::json::parse(in))
              .status == 200);
}

TestServerOptions With(const std::string& scenario) {
  TestServerOptions o;
  o.scenario_file = ScenarioPath(scenario);
  return o;
}

const States kSignIn = {SyncState::NeverSynced, SyncState::Syncing, SyncState::Updated};
const States kUpToDate = {SyncState::Syncing, SyncState::UpToDate};

}  // namespace

TEST_CASE("sync scenario up-to-date: sign-in sync then 304s") {
  TestServer server(With("up-to-date"));
  ManualClock clock;
  Client c(server, clock);
  const SyncAttempt first = c.SignIn();
  CHECK(first.result == SyncState::Updated);
  CHECK(c.Take() == kSignIn);
  const auto snap = c.Now();
  REQUIRE(snap->profiles.size() > 0);
  CHECK(first.changed_profiles == static_cast<int>(snap->profiles.size()));
  CHECK(snap->account->id == "northwind");
  for (int i = 0; i < 2; ++i) {
    const SyncAttempt a = c.engine->SyncNow();
    CHECK(a.http_status == 304);
    CHECK(a.result == SyncState::UpToDate);
    CHECK(c.Take() == kUpToDate);
  }
  CHECK(Raw(*c.Now()) == Raw(*snap));
}

TEST_CASE("sync scenario admin-changed: Updated - 1 profile changed field by field") {
  TestServer server(With("admin-changed"));
  ManualClock clock;
  Client c(server, clock);
  c.SignIn();
  c.Take();
  const auto before = c.Now();
  const SyncAttempt a = c.engine->SyncNow();
  CHECK(a.result == SyncState::Updated);
  CHECK(a.changed_profiles == 1);
  CHECK(c.Take() == (States{SyncState::Syncing, SyncState::Updated}));
  const auto snap = c.Now();
  CHECK(snap->sync.changed_profiles == 1);
  const ProfileEntry* vpn = Find(*snap, "nw-vpn");
  REQUIRE(vpn != nullptr);
  CHECK(vpn->profile.policy.renewal_window.days_before_expiry == 21);
  std::vector<std::string> paths;
  for (const FieldChange& ch : vpn->changes) paths.push_back(ch.path);
  CHECK(std::find(paths.begin(), paths.end(), "$.policy.renewal_window.days_before_expiry") !=
        paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "$.description") != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "$.revision") != paths.end());
  CHECK(vpn->profile.revision == Find(*before, "nw-vpn")->profile.revision + 1);
  // The other profiles did not change.
  for (const auto& e : snap->profiles) {
    if (e.profile.id != "nw-vpn") CHECK(e.changes.empty());
  }
  CHECK(c.engine->SyncNow().result == SyncState::UpToDate);
}

TEST_CASE("sync scenario server-error-then-recover: three failures retried after Retry-After") {
  TestServer server(With("server-error-then-recover"));
  ManualClock clock;
  Client c(server, clock);
  c.SignIn();
  c.Take();
  const auto good = Raw(*c.Now());
  CHECK(c.engine->SyncNow().result == SyncState::Failed);
  for (int retry = 0; retry < 3; ++retry) {
    CAPTURE(retry);
    const auto snap = c.Now();
    CHECK(snap->sync.state == SyncState::Failed);
    CHECK(Contains(snap->sync.failure_reason, "maintenance in progress"));
    REQUIRE(snap->sync.retry_at.has_value());
    CHECK(snap->sync.retry_at->unix_seconds == clock.Now().unix_seconds + 2);
    CHECK(Raw(*snap) == good);
    CHECK_FALSE(c.engine->RunDue());  // not yet due
    clock.Advance(seconds(2));
    CHECK(c.engine->RunDue());
    CHECK(c.engine->timeline().Entries().back().trigger == SyncTrigger::Retry);
  }
  CHECK(c.Take() == (States{SyncState::Syncing, SyncState::Failed, SyncState::Syncing,
                            SyncState::Failed, SyncState::Syncing, SyncState::Failed,
                            SyncState::Syncing, SyncState::UpToDate}));
  CHECK(Raw(*c.Now()) == good);
  CHECK(c.engine->ConsecutiveFailures() == 0);
}

TEST_CASE("sync scenario slow: Syncing and the previous data stay visible while it waits") {
  TestServer server;
  Client c(server, SystemClock::Instance());
  c.SignIn();
  c.Take();
  const auto good = Raw(*c.Now());
  LoadScenario(server, "slow");
  std::promise<void> syncing;
  bool signalled = false;
  c.store.SetWakeCallback([&] {
    if (!signalled && c.store.Current()->sync.state == SyncState::Syncing) {
      signalled = true;
      syncing.set_value();
    }
  });
  auto pending = std::async(std::launch::async, [&] { return c.engine->SyncNow(); });
  syncing.get_future().wait();
  // The UI's view while the request is outstanding: Syncing, with the data still there.
  const auto during = c.Now();
  CHECK(during->sync.state == SyncState::Syncing);
  CHECK(Raw(*during) == good);
  const SyncAttempt a = pending.get();
  CHECK(a.result == SyncState::UpToDate);
  CHECK(a.duration_ms >= 3000);
  c.store.SetWakeCallback(nullptr);  // the promise above goes out of scope before the engine
}

TEST_CASE("sync scenario offline: Offline with the cached data and back when the network returns") {
  TestServer server;
  ManualClock clock;
  Client c(server, clock);
  c.SignIn();
  c.Take();
  const auto good = c.Now();
  clock.Advance(seconds(600));
  LoadScenario(server, "offline");
  const SyncAttempt a = c.engine->SyncNow();
  CHECK(a.result == SyncState::Offline);
  CHECK(c.Take() == (States{SyncState::Syncing, SyncState::Offline}));
  auto snap = c.Now();
  CHECK(snap->sync.data_from == good->sync.last_synced);
  CHECK(Raw(*snap) == Raw(*good));
  CHECK(snap->sync.retry_at.has_value());

  // A restart without the network starts from the offline cache.
  {
    SnapshotStore store;
    SyncEngineOptions options;
    options.data_dir = c.dir.path();
    options.log = [](std::string_view) {};
    SyncEngine engine(store, clock, options);
    engine.Start();
    SyncSession s;
    HttpOptions http;
    http.server_url = server.url();
    http.ca_file = server.ca_file().string();
    s.api = std::move(ApiClient::Create(http, clock).value());
    s.token = "unused-because-offline";
    s.server_url = server.url();
    s.username = "demo";
    s.account.id = "northwind";
    CHECK(engine.Wait(engine.Attach(s)).result == SyncState::Offline);
    CHECK(Raw(*store.Current()) == Raw(*good));
    CHECK(store.Current()->account->name == good->account->name);
    CHECK(store.Current()->sync.data_from == good->sync.last_synced);
  }

  auto admin = server.Client();
  REQUIRE(Call(*admin, "DELETE", "/api/v1/admin/scenario", server.admin_token()).status == 204);
  c.engine->NetworkAvailable();
  c.engine->RunDue();
  CHECK(c.engine->timeline().Entries().back().trigger == SyncTrigger::NetworkRestored);
  CHECK(c.Now()->sync.state == SyncState::UpToDate);
  CHECK(c.Take() == kUpToDate);
}

TEST_CASE("sync scenario token-expired: Token expired keeps the data and signing in again syncs") {
  TestServer server(With("token-expired"));
  ManualClock clock;
  Client c(server, clock);
  c.SignIn();
  c.Take();
  const auto good = Raw(*c.Now());
  const SyncAttempt a = c.engine->SyncNow();
  CHECK(a.result == SyncState::TokenExpired);
  CHECK(a.http_status == 401);
  CHECK(c.Take() == (States{SyncState::Syncing, SyncState::TokenExpired}));
  CHECK(Raw(*c.Now()) == good);
  CHECK_FALSE(c.engine->NextSyncAt().has_value());
  const SyncAttempt again = c.SignIn();
  CHECK(again.result == SyncState::UpToDate);  // same data as before, now confirmed
  CHECK(c.Take() == (States{SyncState::NeverSynced, SyncState::Syncing, SyncState::UpToDate}));
}

TEST_CASE("sync scenario malformed-response: invalid JSON then a truncated body then normal") {
  TestServer server(With("malformed-response"));
  ManualClock clock;
  Client c(server, clock);
  c.SignIn();
  c.Take();
  const auto good = Raw(*c.Now());
  const SyncAttempt bad_json = c.engine->SyncNow();
  CHECK(bad_json.result == SyncState::Failed);
  CHECK(Contains(bad_json.message, "GET /api/v1/profiles response"));
  CHECK(Raw(*c.Now()) == good);
  const SyncAttempt truncated = c.engine->SyncNow();
  CHECK(truncated.result == SyncState::Offline);
  CHECK(Contains(truncated.message, "closed before the response was complete"));
  CHECK(Raw(*c.Now()) == good);
  CHECK(c.engine->SyncNow().result == SyncState::UpToDate);
  CHECK(c.Take() == (States{SyncState::Syncing, SyncState::Failed, SyncState::Syncing,
                            SyncState::Offline, SyncState::Syncing, SyncState::UpToDate}));
  CHECK(Raw(*c.Now()) == good);
}

TEST_CASE("sync scenario incompatible-version: the raised profile version arrives as a change") {
  TestServer server(With("incompatible-version"));
  ManualClock clock;
  Client c(server, clock);
  c.SignIn();
  c.Take();
  const SyncAttempt a = c.engine->SyncNow();
  CHECK(a.result == SyncState::Updated);
  CHECK(a.changed_profiles == 1);
  CHECK(c.Take() == (States{SyncState::Syncing, SyncState::Updated}));
  const ProfileEntry* p = Find(*c.Now(), "nw-client-auth");
  REQUIRE(p != nullptr);
  CHECK(p->profile.profile_version == "3.0");
  const bool version_changed =
      std::any_of(p->changes.begin(), p->changes.end(), [](const FieldChange& ch) {
        return ch.path == "$.profile_version" && ch.after == "\"3.0\"";
      });
  CHECK(version_changed);
}

TEST_CASE("sync scenario can-renew: the sign-in sync brings certificates expiring in 5 days") {
  TestServer server(With("can-renew"));
  const std::string token = server.SignIn("demo", "demo");
  auto res = Call(*server.Client(), "POST", "/api/v1/profiles/nw-client-auth/enroll", token,
                  {{"csr_pem", MakeCsr({"EC:P-256", {{"CN", "demo"}}, {}}).csr_pem}});
  REQUIRE_MESSAGE(res.status == 201, res.body);
  const std::string serial = res.json["certificate"]["serial"];
  Client c(server, SystemClock::Instance());
  CHECK(c.SignIn().result == SyncState::Updated);
  const auto snap = c.Now();
  const auto it = std::find_if(snap->issued.begin(), snap->issued.end(),
                               [&](const IssuedCertificate& ic) { return ic.serial == serial; });
  REQUIRE(it != snap->issued.end());
  CHECK(it->profile_id == "nw-client-auth");
  const int64_t left = it->not_after.unix_seconds - SystemClock::Instance().Now().unix_seconds;
  CHECK(left > 4 * 86400);
  CHECK(left <= 5 * 86400);
}
