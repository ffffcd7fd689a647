// Cross-process safety of the shared files: several real processes (fork) append to one Activity
// log and record into one inventory at the same time, with compaction in between; afterwards every
// entry of every process is there exactly once, ids are unique, and both files still parse. Then
// two Workspaces on one data directory see each other's additions.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <thread>

#include "core/activity/activity_log.h"
#include "core/util/file_lock.h"
#include "core/workspace/shared_inventory.h"
#include "tests/integration/support/workspace_fixture.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

constexpr int kProcesses = 4;
constexpr int kPerProcess = 60;

ActivityEntry Titled(std::string title) {
  ActivityEntry e;
  e.kind = ActivityKind::Job;
  e.title = std::move(title);
  return e;
}

InventoryEntry Entry(int process, int i) {
  InventoryEntry e;
  e.serial = "p" + std::to_string(process) + "n" + std::to_string(i);
  e.profile_id = "nw-client-auth";
  e.store = KeyStoreKind::Software;
  e.subject = "CN=hammer";
  e.not_after = Timestamp{2'000'000'000};
  e.installed_at = Timestamp{1'800'000'000};
  return e;
}

// The child's work: no threads, only the two shared files. Exit code = number of failures.
int Hammer(const std::filesystem::path& dir, int process) {
  ActivityLog log(dir / "activity.jsonl", /*capacity=*/50);  // compacts every ~100 lines
  SharedInventory inventory(dir / "inventory.json");
  if (!log.Load()) return 100;
  int failures = 0;
  for (int i = 0; i < kPerProcess; ++i) {
    ActivityEntry e;
    e.at = Timestamp{1'800'000'000 + i};
    e.title = "process " + std::to_string(process) + " entry " + std::to_string(i);
    log.Append(e);
    if (i % 3 == 0 && !inventory.Record(Entry(process, i))) ++failures;
  }
  return failures;
}

}  // namespace

TEST_CASE("workspace locking: concurrent processes lose no activity or inventory entry") {
  TempDir dir;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) _exit(Hammer(dir.path(), p));
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }

  // Activity: the file holds the newest entries (compaction keeps at least `capacity`); the ids
  // are unique and increasing, and the highest id is the total number of appends.
  ActivityLog log(dir.path() / "activity.jsonl", 10'000);
  REQUIRE(log.Load());
  const auto entries = log.Entries();
  CHECK(log.skipped_lines() == 0);
  CHECK(log.last_id() == kProcesses * kPerProcess);
  REQUIRE(entries.size() >= 50);
  for (std::size_t i = 1; i < entries.size(); ++i) CHECK(entries[i].id == entries[i - 1].id + 1);
  // Every process's last entry survived (they are the newest of each process).
  std::set<std::string> titles;
  for (const auto& e : entries) titles.insert(e.title);
  for (int p = 0; p < kProcesses; ++p) {
    CHECK(titles.count("process " + std::to_string(p) + " entry " +
                       std::to_string(kPerProcess - 1)) == 1);
  }

  // Inventory: every record of every process is there.
  SharedInventory inventory(dir.path() / "inventory.json");
  REQUIRE(inventory.LoadAndRecheck());
  const auto installed = inventory.Entries();
  std::set<std::string> serials;
  for (const auto& e : installed) serials.insert(e.serial);
  CHECK(serials.size() == installed.size());
  for (int p = 0; p < kProcesses; ++p) {
    for (int i = 0; i < kPerProcess; i += 3) CHECK(serials.count(Entry(p, i).serial) == 1);
  }
  CHECK(installed.size() == kProcesses * ((kPerProcess + 2) / 3));
}

TEST_CASE("workspace locking: an Activity file with a torn last line takes new entries after it") {
  TempDir dir;
  const auto file = dir.path() / "activity.jsonl";
  {
    ActivityLog log(file);
    REQUIRE(log.Load());
    REQUIRE(log.Append(Titled("before the crash")) == 1);
  }
  {  // a writer died in the middle of a line
    FILE* f = std::fopen(file.c_str(), "ab");
    std::fputs("{\"id\":2,\"at\":\"2026-", f);
    std::fclose(f);
  }
  ActivityLog log(file);
  REQUIRE(log.Load());
  CHECK(log.Append(Titled("after the crash")) == 2);
  ActivityLog again(file);
  REQUIRE(again.Load());
  const auto entries = again.Entries();
  REQUIRE(entries.size() == 2);
  CHECK(entries[1].title == "after the crash");
  CHECK(again.skipped_lines() == 1);
}

TEST_CASE("workspace locking: two workspaces on one data directory see each other's changes") {
  TempDir dir;
  auto a = Workspace::Open(MakeWorkspaceOptions(dir.path(), std::make_shared<MemorySecretStore>()));
  auto b = Workspace::Open(MakeWorkspaceOptions(dir.path(), std::make_shared<MemorySecretStore>()));
  REQUIRE(a);
  REQUIRE(b);
  (*a)->RecordActivity(Titled("from the window"));
  (*b)->RecordActivity(Titled("from the command line"));
  REQUIRE((*b)->inventory().Record(Entry(9, 1)));
  (*a)->RefreshNow();
  const auto s = (*a)->Current();
  REQUIRE(s->activity.size() == 2);
  CHECK(s->activity[0].title == "from the window");
  CHECK(s->activity[1].title == "from the command line");
  CHECK(s->activity[1].id == 2);
  REQUIRE(s->installed.size() == 1);
  CHECK(s->installed[0].serial == "p9n1");
}

TEST_CASE("workspace locking: FileLock excludes a second holder until released") {
  TempDir dir;
  const auto lock_file = dir.path() / "x.lock";
  auto first = FileLock::Acquire(lock_file);
  REQUIRE(first);
  std::atomic<bool> acquired{false};
  std::thread other([&] {
    auto second = FileLock::Acquire(lock_file);
    acquired = second.ok();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(acquired.load());
  { FileLock released = std::move(first.value()); }
  other.join();
  CHECK(acquired.load());
}
