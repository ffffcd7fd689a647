// SyncEngine against a scripted TLS backend on 127.0.0.1 and a manual clock: exact state
// sequences, conditional requests, back-off and Retry-After, bad responses keeping the last good
// data, token expiry, the offline cache and sign-out.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <mutex>

#include "core/model/json_mapping.h"
#include "core/support/fake_backend.h"
#include "core/support/manual_clock.h"
#include "core/sync/sync_engine.h"

using namespace trustdesk;
using std::chrono::seconds;
using trustdesk::testing::FakeBackend;
using trustdesk::testing::Fault;
using trustdesk::testing::ManualClock;
using trustdesk::testing::TempDir;

namespace {

constexpr const char* kProfiles = "/api/v1/profiles";

std::vector<nlohmann::json> ThreeProfiles() {
  return {FakeBackend::MakeProfile("smime", 1, "S/MIME"),
          FakeBackend::MakeProfile("vpn", 1, "VPN client"),
          FakeBackend::MakeProfile("wifi", 1, "Wi-Fi 802.1X")};
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// One engine on one data directory, recording every published sync state.
struct Harness {
  FakeBackend& backend;
  ManualClock& clock;
  const std::filesystem::path data_dir;
  SnapshotStore store;
  std::mutex mutex;
  std::vector<SyncState> states;
  std::vector<std::string> logs;
  std::unique_ptr<SyncEngine> engine;

  Harness(FakeBackend& b, ManualClock& c, std::filesystem::path dir,
          std::size_t max_response_bytes = 64u * 1024 * 1024)
      : backend(b), clock(c), data_dir(std::move(dir)), max_bytes(max_response_bytes) {
    store.SetWakeCallback([this] {
      std::lock_guard lock(mutex);
      states.push_back(store.Current()->sync.state);
    });
    SyncEngineOptions options;
    options.data_dir = data_dir;
    options.seed = 1;
    options.log = [this](std::string_view line) {
      std::lock_guard lock(mutex);
      logs.emplace_back(line);
    };
    engine = std::make_unique<SyncEngine>(store, clock, options);
    engine->Start();
  }

  SyncSession Session(const std::string& token = "") {
    HttpOptions http;
    http.server_url = backend.url();
    http.ca_file = backend.ca_file();
    http.max_response_bytes = max_bytes;
    auto api = ApiClient::Create(http, clock);
    REQUIRE(api.ok());
    SyncSession s;
    s.api = std::move(api.value());
    s.token = token.empty() ? backend.token : token;
    s.server_url = backend.url();
    s.username = "alice";
    s.account = *AccountFromJson(FakeBackend::MakeAccount());
    return s;
  }

  // Clears the recorded states and returns what was recorded.
  std::vector<SyncState> TakeStates() {
    std::lock_guard lock(mutex);
    return std::exchange(states, {});
  }
  std::vector<std::string> Logs() {
    std::lock_guard lock(mutex);
    return logs;
  }
  std::shared_ptr<const Snapshot> Now() const { return store.Current(); }

  std::size_t max_bytes;
};

std::vector<std::string> RawProfiles(const Snapshot& s) {
  std::vector<std::string> out;
  for (const auto& e : s.profiles) out.push_back(e.raw_json);
  return out;
}

}  // namespace

TEST_CASE("SyncEngine: sign-in sync then 304 when nothing changed then field changes when the admin edits") {
  FakeBackend backend;
  backend.SetProfiles(ThreeProfiles());
  ManualClock clock;
  TempDir dir;
  Harness h(backend, clock, dir.path());

  const SyncAttempt first = h.engine->Wait(h.engine->Attach(h.Session()));
  CHECK(first.trigger == SyncTrigger::SignIn);
  CHECK(first.result == SyncState::Updated);
  CHECK(first.http_status == 200);
  CHECK(first.changed_profiles == 3);
  CHECK(h.TakeStates() ==
        std::vector<SyncState>{SyncState::NeverSynced, SyncState::Syncing, SyncState::Updated});
  auto snap = h.Now();
  REQUIRE(snap->account.has_value());
  CHECK(snap->account->user.username == "alice");
  REQUIRE(snap->profiles.size() == 3);
  CHECK(snap->profiles[1].profile.name == "VPN client");
  CHECK(snap->profiles[1].is_new);
  CHECK(snap->sync.changed_profiles == 3);
  CHECK(snap->sync.last_synced == clock.Now());
  CHECK(snap->profiles_etag == backend.etag());
  CHECK(backend.Requests("/api/v1/certificates") == 1);

  // Nothing changed: one conditional request, no certificate request, "Up to date".
  clock.Advance(seconds(60));
  const SyncAttempt second = h.engine->SyncNow();
  CHECK(second.trigger == SyncTrigger::Manual);
  CHECK(second.http_status == 304);
  CHECK(second.result == SyncState::UpToDate);
  CHECK(h.TakeStates() == std::vector<SyncState>{SyncState::Syncing, SyncState::UpToDate});
  CHECK(backend.Requests(kProfiles) == 2);
  CHECK(backend.Requests("/api/v1/certificates") == 1);
  CHECK(h.Now()->sync.last_synced == clock.Now());
  CHECK(h.Now()->profiles.size() == 3);

  // The admin changes one field of one profile.
  backend.EditProfile(1, "/policy/renewal_window/days_before_expiry", 45);
  const SyncAttempt third = h.engine->SyncNow();
  CHECK(third.result == SyncState::Updated);
  CHECK(third.changed_profiles == 1);
  snap = h.Now();
  CHECK(snap->sync.state == SyncState::Updated);
  CHECK(snap->sync.changed_profiles == 1);
  CHECK(snap->profiles[0].changes.empty());
  CHECK_FALSE(snap->profiles[0].is_new);
  const auto& changes = snap->profiles[1].changes;
  REQUIRE(changes.size() == 2);
  CHECK(changes[0] == FieldChange{"$.policy.renewal_window.days_before_expiry", "30", "45"});
  CHECK(changes[1] == FieldChange{"$.revision", "1", "2"});
  CHECK(snap->profiles[1].profile.policy.renewal_window.days_before_expiry == 45);

  // A removed profile counts as a change too.
  backend.RemoveProfile(0);
  const SyncAttempt fourth = h.engine->SyncNow();
  CHECK(fourth.result == SyncState::Updated);
  CHECK(fourth.changed_profiles == 1);
  CHECK(h.Now()->profiles.size() == 2);

  const auto timeline = h.engine->timeline().Entries();
  REQUIRE(timeline.size() == 4);
  CHECK(timeline[0].trigger == SyncTrigger::SignIn);
  CHECK(timeline[1].http_status == 304);
  CHECK(timeline[1].bytes == 0);
  CHECK(timeline[2].bytes > 0);
  CHECK(timeline[3].revision == h.Now()->profiles_revision);
}

TEST_CASE("SyncEngine: schedule and Retry-After and back-off and the manual bypass") {
  FakeBackend backend;
  backend.SetProfiles(ThreeProfiles());
  ManualClock clock;
  TempDir dir;
  Harness h(backend, clock, dir.path());
  h.engine->Wait(h.engine->Attach(h.Session()));
  h.TakeStates();
  const auto good = RawProfiles(*h.Now());
  const auto synced_at = h.Now()->sync.last_synced;

  // The next background sync is 15 min ± 10 % away.
  const auto next = h.engine->NextSyncAt();
  REQUIRE(next.has_value());
  CHECK(next->unix_seconds - clock.Now().unix_seconds >= 810);
  CHECK(next->unix_seconds - clock.Now().unix_seconds <= 990);
  clock.Advance(seconds(800));
  CHECK_FALSE(h.engine->RunDue());
  clock.Advance(seconds(200));
  CHECK(h.engine->RunDue());
  CHECK(h.engine->timeline().Entries().back().trigger == SyncTrigger::Scheduled);
  CHECK(h.TakeStates() == std::vector<SyncState>{SyncState::Syncing, SyncState::UpToDate});

  // 503 with Retry-After: Failed, retry exactly 40 s later, data kept.
  backend.Inject(kProfiles, Fault{503, R"({"error":{"code":"maintenance","message":"back soon"}})",
                                  "application/json", 40});
  const SyncAttempt failed = h.engine->SyncNow();
  CHECK(failed.result == SyncState::Failed);
  CHECK(failed.http_status == 503);
  auto snap = h.Now();
  CHECK(snap->sync.state == SyncState::Failed);
  CHECK(Contains(snap->sync.failure_reason, "back soon"));
  CHECK(Contains(snap->sync.failure_reason, "HTTP 503"));
  REQUIRE(snap->sync.retry_at.has_value());
  CHECK(snap->sync.retry_at->unix_seconds == clock.Now().unix_seconds + 40);
  CHECK(RawProfiles(*snap) == good);
  CHECK(h.engine->ConsecutiveFailures() == 1);
  CHECK(h.TakeStates() == std::vector<SyncState>{SyncState::Syncing, SyncState::Failed});

  clock.Advance(seconds(39));
  CHECK_FALSE(h.engine->RunDue());
  clock.Advance(seconds(1));
  CHECK(h.engine->RunDue());
  CHECK(h.engine->timeline().Entries().back().trigger == SyncTrigger::Retry);
  CHECK(h.Now()->sync.state == SyncState::UpToDate);
  CHECK(h.engine->ConsecutiveFailures() == 0);

  // A plain 500 backs off 10 s ± 20 %; "Sync profiles" does not wait for it.
  backend.Inject(kProfiles, Fault{500, R"({"error":{"code":"internal","message":"oops"}})"});
  CHECK(h.engine->SyncNow().result == SyncState::Failed);
  const auto retry = h.Now()->sync.retry_at->unix_seconds - clock.Now().unix_seconds;
  CHECK(retry >= 8);
  CHECK(retry <= 12);
  CHECK(h.engine->SyncNow(SyncTrigger::Manual).result == SyncState::UpToDate);
  CHECK(h.Now()->sync.last_synced >= synced_at);
}

TEST_CASE("SyncEngine: bad responses name the problem and keep the last good snapshot") {
  FakeBackend backend;
  backend.SetProfiles(ThreeProfiles());
  ManualClock clock;
  TempDir dir;
  Harness h(backend, clock, dir.path(), /*max_response_bytes=*/256 * 1024);
  h.engine->Wait(h.engine->Attach(h.Session()));
  const auto good = RawProfiles(*h.Now());
  const auto last_synced = h.Now()->sync.last_synced;
  const std::string etag = h.Now()->profiles_etag;

  nlohmann::json missing_name = {{"revision", 9}, {"profiles", {FakeBackend::MakeProfile("x", 1, "X")}}};
  missing_name["profiles"][0].erase("name");
  struct Case {
    const char* what;
    Fault fault;
    SyncState state;
    const char* expected;  // part of the failure reason
  };
  const Case cases[] = {
      {"truncated JSON", Fault{200, R"({"revision": 3, "profiles": [{"id": "a")"}, SyncState::Failed,
       "GET /api/v1/profiles response"},
      {"not JSON at all", Fault{200, "<html>login</html>", "text/html"}, SyncState::Failed,
       "expected a JSON response but got Content-Type text/html"},
      {"wrongly typed", Fault{200, R"({"revision": "three", "profiles": {}})"}, SyncState::Failed,
       "$.revision"},
      {"invalid profile", Fault{200, missing_name.dump()}, SyncState::Failed, "$.profiles[0].name"},
      {"oversized", Fault{200, std::string(300 * 1024, ' ') + "{}"}, SyncState::Failed,
       "exceeds the limit of 262144 bytes"},
      {"connection dropped", Fault{200, "", "application/json", std::nullopt, true},
       SyncState::Offline, "closed before the response was complete"},
      {"error without JSON", Fault{502, "Bad Gateway", "text/plain"}, SyncState::Failed,
       "HTTP 502"},
  };
  for (const Case& c : cases) {
    const std::string what = c.what;
    CAPTURE(what);
    h.TakeStates();
    backend.Inject(kProfiles, c.fault);
    const SyncAttempt attempt = h.engine->SyncNow();
    CHECK(attempt.result == c.state);
    CHECK(Contains(attempt.message, c.expected));
    const auto snap = h.Now();
    CHECK(snap->sync.state == c.state);
    CHECK(Contains(snap->sync.failure_reason, c.expected));
    CHECK(snap->sync.retry_at.has_value());
    CHECK(RawProfiles(*snap) == good);
    CHECK(snap->profiles_etag == etag);
    CHECK(snap->sync.last_synced == last_synced);
    CHECK(h.TakeStates() == std::vector<SyncState>{SyncState::Syncing, c.state});
  }

  // A broken certificate list fails the sync as a whole: no half-updated snapshot.
  backend.EditProfile(0, "/name", "S/MIME (new)");
  backend.Inject("/api/v1/certificates", Fault{200, R"({"certificates": [{"serial": 5}]})"});
  const SyncAttempt certs = h.engine->SyncNow();
  CHECK(certs.result == SyncState::Failed);
  CHECK(Contains(certs.message, "GET /api/v1/certificates response"));
  CHECK(RawProfiles(*h.Now()) == good);
  // And the next good sync applies the edit.
  CHECK(h.engine->SyncNow().result == SyncState::Updated);
  CHECK(h.Now()->profiles[0].profile.name == "S/MIME (new)");
}

TEST_CASE("SyncEngine: an expired token stops syncing until the next sign-in") {
  FakeBackend backend;
  backend.SetProfiles(ThreeProfiles());
  ManualClock clock;
  TempDir dir;
  Harness h(backend, clock, dir.path());
  const SyncAttempt attempt = h.engine->Wait(h.engine->Attach(h.Session("tok-revoked-by-server")));
  CHECK(attempt.result == SyncState::TokenExpired);
  CHECK(attempt.http_status == 401);
  CHECK(Contains(attempt.message, "token is invalid or has expired"));
  CHECK(h.Now()->sync.state == SyncState::TokenExpired);
  CHECK_FALSE(h.engine->NextSyncAt().has_value());
  clock.Advance(seconds(3600));
  CHECK_FALSE(h.engine->RunDue());
  // Signing in again (a new session) syncs.
  CHECK(h.engine->Wait(h.engine->Attach(h.Session())).result == SyncState::Updated);
}

TEST_CASE("SyncEngine: offline start shows the cached data and the network return syncs") {
  FakeBackend backend;
  backend.SetProfiles(ThreeProfiles());
  ManualClock clock;
  TempDir dir;
  Timestamp synced_at;
  {
    Harness online(backend, clock, dir.path());
    REQUIRE(online.engine->Wait(online.engine->Attach(online.Session())).result ==
            SyncState::Updated);
    synced_at = *online.Now()->sync.last_synced;
  }
  backend.GoDown();
  clock.Advance(seconds(7200));

  Harness h(backend, clock, dir.path());
  const SyncAttempt attempt = h.engine->Wait(h.engine->Attach(h.Session()));
  CHECK(attempt.result == SyncState::Offline);
  CHECK(Contains(attempt.message, "cannot connect to 127.0.0.1"));
  CHECK(h.TakeStates() ==
        std::vector<SyncState>{SyncState::NeverSynced, SyncState::Syncing, SyncState::Offline});
  auto snap = h.Now();
  CHECK(snap->sync.state == SyncState::Offline);
  CHECK(snap->sync.data_from == synced_at);
  CHECK(snap->sync.last_synced == synced_at);
  REQUIRE(snap->profiles.size() == 3);
  CHECK(snap->profiles[2].profile.name == "Wi-Fi 802.1X");
  REQUIRE(snap->account.has_value());
  CHECK(snap->account->name == "Acme Corp");

  // Offline retries probe at least once a minute.
  CHECK(snap->sync.retry_at->unix_seconds - clock.Now().unix_seconds <= 12);

  backend.ComeBack();
  h.engine->NetworkAvailable();
  h.engine->RunDue();  // handled after (or together with) the network-restored request
  CHECK(h.engine->timeline().Entries().back().trigger == SyncTrigger::NetworkRestored);
  snap = h.Now();
  CHECK(snap->sync.state == SyncState::UpToDate);  // the same data as cached
  CHECK(snap->sync.last_synced == clock.Now());
}

TEST_CASE("SyncEngine: a corrupt or foreign offline cache is ignored with a log line") {
  FakeBackend backend;
  backend.SetProfiles(ThreeProfiles());
  ManualClock clock;
  TempDir dir;
  std::filesystem::path alice_cache;
  {
    Harness h(backend, clock, dir.path());
    h.engine->Wait(h.engine->Attach(h.Session()));
    alice_cache = OfflineCache(dir.path() / "offline-cache")
                      .PathFor({backend.url(), "acme", "alice"});
    REQUIRE(std::filesystem::exists(alice_cache));
  }
  backend.GoDown();

  SUBCASE("corrupt") {
    std::ofstream(alice_cache, std::ios::trunc) << "{\"format\": \"trustdesk-offline-cache\", \"ver";
  }
  SUBCASE("foreign") {
    // Bob's cache copied over Alice's file: the header (first line) names the user.
    std::ifstream in(alice_cache);
    std::string header;
    std::getline(in, header);
    const std::string rest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    nlohmann::json doc = nlohmann::json::parse(header);
    doc["username"] = "bob";
    std::ofstream(alice_cache, std::ios::trunc) << doc.dump() << "\n" << rest;
  }
  Harness h(backend, clock, dir.path());
  const SyncAttempt attempt = h.engine->Wait(h.engine->Attach(h.Session()));
  CHECK(attempt.result == SyncState::Offline);
  CHECK(h.Now()->profiles.empty());
  CHECK_FALSE(h.Now()->sync.data_from.has_value());
  const auto logs = h.Logs();
  const bool logged = std::any_of(logs.begin(), logs.end(), [&](const std::string& l) {
    return Contains(l, "offline cache ignored") && Contains(l, alice_cache.string());
  });
  CHECK(logged);
}

TEST_CASE("SyncEngine: sign-out clears the account's data and stops syncing") {
  FakeBackend backend;
  backend.SetProfiles(ThreeProfiles());
  ManualClock clock;
  TempDir dir;
  Harness h(backend, clock, dir.path());
  h.engine->Wait(h.engine->Attach(h.Session()));
  h.engine->Detach();
  auto snap = h.Now();
  CHECK(snap->sync.state == SyncState::SignedOut);
  CHECK_FALSE(snap->account.has_value());
  CHECK(snap->profiles.empty());
  CHECK(snap->issued.empty());
  const SyncAttempt after = h.engine->SyncNow();
  CHECK(after.result == SyncState::SignedOut);
  CHECK(after.message == "not signed in");
  clock.Advance(seconds(3600));
  CHECK_FALSE(h.engine->RunDue());
  CHECK(backend.Requests(kProfiles) == 1);
}
