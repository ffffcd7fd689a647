// The window and the command line at the same time on one data directory: a Workspace in this
// process (the GUI side, with its monitor thread) syncs, records Activity and installs inventory
// entries while real trustdesk-cli processes sign in, sync and list. Afterwards nothing is lost or
// corrupted, and the window saw the command line's Activity without being asked.
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>

#include "core/sync/offline_cache.h"
#include "tests/integration/support/cli_runner.h"
#include "tests/integration/support/workspace_fixture.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

InventoryEntry Installed(int i) {
  InventoryEntry e;
  e.serial = "c0ffee" + std::to_string(i);
  e.profile_id = "nw-client-auth";
  e.store = KeyStoreKind::Software;
  e.subject = "CN=window " + std::to_string(i);
  e.not_after = Timestamp{2'000'000'000};
  e.installed_at = Timestamp{1'800'000'000};
  return e;
}

}  // namespace

TEST_CASE("cli and window at once on one data directory lose nothing") {
  TestServer server;
  TempDir home;
  const auto data = home.path() / "td";
  auto options = MakeWorkspaceOptions(data, std::make_shared<MemorySecretStore>(), nullptr,
                                      /*monitor=*/true);
  options.flags.poll_interval = std::chrono::milliseconds(50);
  options.flags.background_after_sign_in = false;  // the inventory holds only what we record
  auto opened = Workspace::Open(options);
  REQUIRE(opened);
  Workspace& gui = **opened;
  auto in = gui.SignIn(MakeSignIn(server, "alice", "alice-demo-pass"));
  REQUIRE(in);
  gui.WaitForSync(in->sync_ticket);

  constexpr int kCliRuns = 6;
  constexpr int kWindowEntries = 40;
  std::atomic<bool> stop{false};
  std::thread window([&] {
    for (int i = 0; i < kWindowEntries; ++i) {
      ActivityEntry e;
      e.kind = ActivityKind::Job;
      e.title = "window entry " + std::to_string(i);
      gui.RecordActivity(e);
      if (i % 4 == 0) CHECK(gui.inventory().Record(Installed(i)));
      if (i % 10 == 0) CHECK(gui.Sync());
    }
    stop = true;
  });
  const std::vector<std::vector<std::string>> commands = {{"sync"}, {"profiles"}, {"whoami"}};
  int cli_ok = 0;
  for (int run = 0; run < kCliRuns; ++run) {
    std::vector<std::string> args = {"--data-dir", data.string()};
    const auto& cmd = commands[static_cast<std::size_t>(run) % commands.size()];
    args.insert(args.end(), cmd.begin(), cmd.end());
    auto r = RunCli({args, {{"TRUSTDESK_PASSWORD", "alice-demo-pass"}}, "", home.path()});
    CHECK_MESSAGE((r.exit_code == 0 || r.exit_code == 3), r.err);
    if (r.exit_code == 0 || r.exit_code == 3) ++cli_ok;
  }
  window.join();
  REQUIRE(cli_ok == kCliRuns);

  // The window's monitor picked up the command line's entries on its own.
  CHECK(WaitForSnapshot(gui, [&](const Snapshot& s) {
    int cli_sign_ins = 0;
    for (const auto& e : s.activity)
      cli_sign_ins += e.title == "Signed in as Alice Chen (Northwind Engineering)";
    return cli_sign_ins == 1 + kCliRuns;  // the window's own sign-in and one per CLI run
  }));

  // The Activity file: every line parses, ids are unique and increasing, all entries are there.
  ActivityLog log(gui.paths().activity_file, 100'000);
  REQUIRE(log.Load());
  CHECK(log.skipped_lines() == 0);
  const auto entries = log.Entries();
  std::set<std::string> titles;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    titles.insert(entries[i].title);
    if (i > 0) CHECK(entries[i].id == entries[i - 1].id + 1);
  }
  for (int i = 0; i < kWindowEntries; ++i) {
    CHECK(titles.count("window entry " + std::to_string(i)) == 1);
  }
  CHECK(entries.front().id == 1);

  // The inventory holds every entry the window recorded (the CLI re-checked it at each start).
  auto inventory = Inventory::Load(gui.paths().inventory_file);
  REQUIRE(inventory);
  CHECK(inventory->entries().size() == (kWindowEntries + 3) / 4);
  gui.RefreshNow();
  CHECK(gui.Current()->installed.size() == (kWindowEntries + 3) / 4);

  // The offline cache both wrote is whole and belongs to alice.
  OfflineCache cache(gui.paths().sync_dir / "offline-cache");
  auto cached = cache.Load({server.url(), "northwind", "alice"});
  REQUIRE_MESSAGE(cached, cached.error().message);
  CHECK(cached->profiles.size() == 4);
  CHECK(gui.LastSession().has_value());
}
