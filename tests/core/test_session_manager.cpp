// Sign-in errors, remembered sessions, Sync user and sign-out against a scripted TLS backend.
// Also: no file written during sign-in + sync, and no log, contains the password or the token.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

#include "core/session/session_manager.h"
#include "core/support/fake_backend.h"
#include "core/support/manual_clock.h"
#include "core/support/memory_secret_store.h"

using namespace trustdesk;
using trustdesk::testing::FakeBackend;
using trustdesk::testing::Fault;
using trustdesk::testing::ManualClock;
using trustdesk::testing::MemorySecretStore;
using trustdesk::testing::TempDir;
using trustdesk::testing::TestPki;

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Fixture {
  FakeBackend backend;
  ManualClock clock;
  TempDir dir;
  SnapshotStore store;
  std::mutex log_mutex;
  std::string log_text;
  std::unique_ptr<SyncEngine> engine;

  Fixture() {
    backend.SetProfiles({FakeBackend::MakeProfile("smime", 1, "S/MIME"),
                         FakeBackend::MakeProfile("vpn", 1, "VPN")});
    SyncEngineOptions options;
    options.data_dir = dir.path();
    options.seed = 5;
    options.log = [this](std::string_view line) {
      std::lock_guard lock(log_mutex);
      log_text.append(line).append("\n");
    };
    engine = std::make_unique<SyncEngine>(store, clock, options);
    engine->Start();
  }
  SignInRequest Request(bool remember = false) const {
    return {backend.url(), backend.ca_file(), "acme", "alice", backend.password, remember};
  }
};

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("Sign-in errors are specific") {
  Fixture f;
  MemorySecretStore secrets;
  SessionManager session(*f.engine, secrets, f.clock);

  SUBCASE("unreachable") {
    auto request = f.Request();
    f.backend.GoDown();
    auto r = session.SignIn(request);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Network);
    CHECK(Contains(r.error().message, "cannot reach " + f.backend.url()));
  }
  SUBCASE("TLS verification fails with the reason") {
    TestPki other("Untrusted Test CA");
    auto request = f.Request();
    request.ca_file = other.WriteCaFile(f.dir.path());
    auto r = session.SignIn(request);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Tls);
    CHECK(Contains(r.error().message, "TLS verification failed for " + f.backend.url()));
    CHECK(Contains(r.error().message, "unable to get local issuer certificate"));
  }
  SUBCASE("wrong password") {
    auto request = f.Request();
    request.password = "not the password at all";
    auto r = session.SignIn(request);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Auth);
    CHECK(Contains(r.error().message, "wrong account ID, user name or password"));
    CHECK_FALSE(Contains(r.error().message, request.password));
  }
  SUBCASE("account disabled") {
    f.backend.Inject("/api/v1/auth/signin",
                     Fault{403, R"({"error":{"code":"account_disabled","message":"account acme is disabled"}})"});
    auto r = session.SignIn(f.Request());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Forbidden);
    CHECK(Contains(r.error().message, "the account is disabled"));
    CHECK(Contains(r.error().message, "account acme is disabled"));
  }
  SUBCASE("server too old") {
    f.backend.Inject("/api/v1/health", Fault{200, R"({"status":"ok","version":"1.4.2","api_version":1})"});
    auto r = session.SignIn(f.Request());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Unsupported);
    CHECK(Contains(r.error().message, "incompatible server"));
    CHECK(Contains(r.error().message, "1.4.2 is too old"));
  }
  SUBCASE("another API version") {
    f.backend.Inject("/api/v1/health", Fault{200, R"({"status":"ok","version":"3.0.0","api_version":2})"});
    auto r = session.SignIn(f.Request());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Unsupported);
    CHECK(Contains(r.error().message, "API v2"));
  }
  CHECK_FALSE(session.signed_in());
  CHECK_FALSE(f.store.Current()->account.has_value());
}

TEST_CASE("Sign-in and Sync user and sign-out with the token remembered in the secret store only") {
  Fixture f;
  MemorySecretStore secrets;
  SessionManager session(*f.engine, secrets, f.clock);
  auto r = session.SignIn(f.Request(/*remember=*/true));
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  CHECK(r->remembered);
  CHECK(r->account.user.display_name == "Alice Example");
  CHECK(secrets.size() == 1);
  CHECK(session.signed_in());
  CHECK(f.engine->Wait(r->sync_ticket).result == SyncState::Updated);
  CHECK(f.engine->SyncNow().result == SyncState::UpToDate);
  CHECK(f.store.Current()->profiles.size() == 2);

  auto user = session.SyncUser();
  REQUIRE(user.ok());
  CHECK(user->user.attributes.at("department") == "Engineering");

  REQUIRE(session.SignOut().ok());
  CHECK(secrets.size() == 0);
  CHECK_FALSE(session.signed_in());
  CHECK(f.store.Current()->sync.state == SyncState::SignedOut);
  CHECK_FALSE(session.SyncUser().ok());
}

TEST_CASE("Remember me without an OS secret store says so and remembers nothing") {
  Fixture f;
  auto unavailable = CreateUnavailableSecretStore("no OS secret store available: test build");
  SessionManager session(*f.engine, *unavailable, f.clock);
  auto r = session.SignIn(f.Request(/*remember=*/true));
  REQUIRE(r.ok());
  CHECK_FALSE(r->remembered);
  CHECK(r->remember_note == "not remembered: no OS secret store available: test build");
  CHECK(session.signed_in());
}

TEST_CASE("A remembered session resumes even offline on cached data and is dropped when rejected") {
  Fixture f;
  MemorySecretStore secrets;
  {
    SessionManager first(*f.engine, secrets, f.clock);
    auto r = first.SignIn(f.Request(/*remember=*/true));
    REQUIRE(r.ok());
    REQUIRE(f.engine->Wait(r->sync_ticket).result == SyncState::Updated);
  }
  SessionManager session(*f.engine, secrets, f.clock);
  auto resumed = session.Resume(f.backend.url(), f.backend.ca_file(), "acme", "alice");
  REQUIRE(resumed.ok());
  f.engine->Wait(resumed->sync_ticket);
  CHECK_FALSE(resumed->offline);
  CHECK(resumed->account.name == "Acme Corp");

  f.backend.GoDown();
  auto offline = session.Resume(f.backend.url(), f.backend.ca_file(), "acme", "alice");
  REQUIRE(offline.ok());
  CHECK(offline->offline);
  CHECK(f.engine->Wait(offline->sync_ticket).result == SyncState::Offline);
  auto snap = f.store.Current();
  CHECK(snap->sync.state == SyncState::Offline);
  CHECK(snap->profiles.size() == 2);
  REQUIRE(snap->account.has_value());
  CHECK(snap->account->name == "Acme Corp");  // from the cache

  f.backend.ComeBack();
  REQUIRE(secrets.Store({f.backend.url(), "acme", "alice"}, "tok-rejected-by-the-server").ok());
  auto rejected = session.Resume(f.backend.url(), f.backend.ca_file(), "acme", "alice");
  REQUIRE_FALSE(rejected.ok());
  CHECK(rejected.error().code == ErrorCode::Auth);
  CHECK(Contains(rejected.error().message, "sign in again"));
  CHECK(secrets.size() == 0);

  auto none = session.Resume(f.backend.url(), f.backend.ca_file(), "acme", "alice");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == ErrorCode::NotFound);
}

TEST_CASE("No file or log written during sign-in and sync holds the password or the token") {
  Fixture f;
  MemorySecretStore secrets;
  SessionManager session(*f.engine, secrets, f.clock);
  auto r = session.SignIn(f.Request(/*remember=*/true));
  REQUIRE(r.ok());
  REQUIRE(f.engine->Wait(r->sync_ticket).result == SyncState::Updated);
  REQUIRE(f.engine->SyncNow().result == SyncState::UpToDate);
  f.backend.Inject("/api/v1/profiles", Fault{500, R"({"error":{"code":"x","message":"boom"}})"});
  REQUIRE(f.engine->SyncNow().result == SyncState::Failed);
  auto api = session.api();
  REQUIRE(api != nullptr);
  const std::string request_log = api->request_log().ToJson().dump();
  const std::string timeline = f.engine->timeline().ExportJson();
  REQUIRE(session.SignOut().ok());

  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(f.dir.path())) {
    if (!entry.is_regular_file()) continue;
    ++files;
    const std::string data = ReadAll(entry.path());
    CAPTURE(entry.path().string());
    CHECK_FALSE(Contains(data, f.backend.password));
    CHECK_FALSE(Contains(data, f.backend.token));
  }
  CHECK(files >= 2);  // the offline cache and the timeline
  const std::string log_text = f.log_text;
  for (const std::string* text : {&request_log, &timeline, &log_text}) {
    CHECK_FALSE(Contains(*text, f.backend.password));
    CHECK_FALSE(Contains(*text, f.backend.token));
  }
  CHECK(Contains(request_log, "/api/v1/auth/signin"));
  CHECK(Contains(request_log, "Bearer <redacted>"));
}
