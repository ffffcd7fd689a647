// The window's workspace host against the real demo server (in-process HTTPS on 127.0.0.1):
// first run opens the demo workspace without any set-up; commands reach the workspace without
// blocking; sign-out and "open the demo" round-trip.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <random>
#include <thread>

#include "app/services/workspace_host.h"

namespace trustdesk {
namespace {

struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() /
           ("trustdesk-host-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

// Waits (generously bounded) until `done` holds for the current snapshot.
bool WaitFor(const WorkspaceHost& host, const std::function<bool(const Snapshot&)>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done(*host.Current())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

bool SyncedDemo(const Snapshot& s) {
  return s.account && !s.session_op.busy && s.sync.state != SyncState::NeverSynced &&
         s.sync.state != SyncState::Syncing && !s.profiles.empty();
}

}  // namespace

TEST_CASE("workspace host: the first run opens the demo workspace, signed in and synced") {
  ScratchDir dir;
  int wakes = 0;
  std::mutex wakes_mutex;
  WorkspaceHost host({dir.path, nullptr, true, [&] {
                        std::lock_guard<std::mutex> lock(wakes_mutex);
                        ++wakes;
                      }});
  // Right away (before start-up finished) there is a snapshot to draw, and commands queue.
  CHECK(host.Current() != nullptr);
  host.Forward(SyncNowCommand{});

  REQUIRE(WaitFor(host, SyncedDemo));
  const auto s = host.Current();
  CHECK(s->account->user.username == "demo");
  CHECK(s->profiles.size() == 12);
  CHECK(s->server_url.rfind("https://127.0.0.1:", 0) == 0);
  CHECK(std::filesystem::exists(dir.path / "data" / "demo-server"));
  {
    std::lock_guard<std::mutex> lock(wakes_mutex);
    CHECK(wakes > 0);  // publishes woke the (would-be) window
  }

  SUBCASE("sign out, then open the demo again from the sign-in screen") {
    host.Forward(SignOutCommand{});
    REQUIRE(WaitFor(host, [](const Snapshot& snap) {
      return !snap.account && !snap.session_op.busy;
    }));
    CHECK(host.Current()->profiles.empty());
    host.Forward(OpenDemoCommand{});
    REQUIRE(WaitFor(host, SyncedDemo));
  }
  SUBCASE("the window's job commands run real jobs: enroll, renew, revoke") {
    // The pass after sign-in auto-enrolls the automatic profile into PEM files.
    REQUIRE(WaitFor(host, [](const Snapshot& snap) {
      for (const auto& e : snap.installed) {
        if (e.profile_id == "nw-client-auth") return true;
      }
      return false;
    }));

    const auto profiles = host.Current()->profiles;
    const Profile* doc = nullptr;
    for (const auto& p : profiles) {
      if (p.profile.id == "nw-document-signing") doc = &p.profile;
    }
    REQUIRE(doc != nullptr);
    const KeyAlgorithmRule& rule = doc->certificate_format.key_algorithms.front();
    EnrollCommand enroll;
    enroll.profile_id = doc->id;
    enroll.key_algorithm = rule.algorithm;
    if (rule.algorithm == KeyAlgorithm::Rsa) enroll.key_size = 2048;
    if (rule.algorithm == KeyAlgorithm::Ec) enroll.key_size = 256;
    enroll.store = {KeyStoreKind::Software, "", "pin-4821"};
    host.Forward(enroll);

    std::string serial;
    REQUIRE(WaitFor(host, [&](const Snapshot& snap) {
      for (const auto& job : snap.jobs) {
        if (job.kind == JobKind::Enroll && job.profile_id == doc->id && job.finished()) {
          INFO(job.error);
          serial = job.result_serial;
          return true;
        }
      }
      return false;
    }));
    REQUIRE_FALSE(serial.empty());
    REQUIRE(WaitFor(host, [&](const Snapshot& snap) {
      for (const auto& e : snap.installed) {
        if (e.serial == serial) return e.store == KeyStoreKind::Software;
      }
      return false;
    }));

    host.Forward(RenewCommand{serial, "pin-4821"});
    std::string renewed;
    REQUIRE(WaitFor(host, [&](const Snapshot& snap) {
      for (const auto& job : snap.jobs) {
        if (job.kind == JobKind::Renew && job.serial == serial && job.finished()) {
          renewed = job.state == JobState::Succeeded ? job.result_serial : "failed: " + job.error;
          return true;
        }
      }
      return false;
    }));
    CHECK(renewed.rfind("failed", 0) != 0);
    CHECK(renewed != serial);

    host.Forward(RevokeCommand{renewed, RevocationReason::Superseded});
    REQUIRE(WaitFor(host, [&](const Snapshot& snap) {
      for (const auto& job : snap.jobs) {
        if (job.kind == JobKind::Revoke && job.serial == renewed && job.finished()) return true;
      }
      return false;
    }));
    const auto after = host.Current();
    bool revoked = false;
    for (const auto& c : after->issued) {
      if (c.serial == renewed) revoked = c.revoked;
    }
    CHECK(revoked);
  }
  SUBCASE("a sign-in to a server that is not there fails with a worded error, data kept") {
    SignInCommand bad;
    bad.server_url = "https://127.0.0.1:1";
    bad.account_id = "northwind";
    bad.username = "demo";
    bad.password = "demo";
    host.Forward(bad);
    REQUIRE(WaitFor(host, [](const Snapshot& snap) {
      return !snap.session_op.busy && !snap.session_op.error.empty();
    }));
    CHECK(host.Current()->session_op.error.find("127.0.0.1:1") != std::string::npos);
  }
}

TEST_CASE("workspace host: the demo workspace keeps its server URL from one run to the next") {
  ScratchDir dir;
  std::string first_url;
  {
    WorkspaceHost host({dir.path, nullptr, true, {}});
    REQUIRE(WaitFor(host, SyncedDemo));
    first_url = host.Current()->server_url;
  }
  WorkspaceHost again({dir.path, nullptr, true, {}});
  REQUIRE(WaitFor(again, SyncedDemo));
  CHECK(again.Current()->server_url == first_url);
  // Same server, same profiles: the second run's first sync changes nothing.
  CHECK(again.Current()->sync.state == SyncState::UpToDate);
}

TEST_CASE("workspace host: with the demo turned off, start-up ends signed out on the sign-in "
          "screen") {
  ScratchDir dir;
  WorkspaceHost host({dir.path, nullptr, false, {}});
  REQUIRE(WaitFor(host, [&](const Snapshot& s) { return host.ready() && !s.session_op.busy; }));
  CHECK_FALSE(host.Current()->account.has_value());
  CHECK_FALSE(std::filesystem::exists(dir.path / "data" / "demo-server"));
}

}  // namespace trustdesk
