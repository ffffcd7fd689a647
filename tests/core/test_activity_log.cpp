#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <thread>

#include "core/activity/activity_log.h"

using namespace trustdesk;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/trustdesk-activity-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

ActivityEntry Entry(const std::string& title, ActivityOutcome outcome = ActivityOutcome::Succeeded) {
  ActivityEntry e;
  e.at = Timestamp{1'790'000'000};
  e.kind = ActivityKind::Job;
  e.outcome = outcome;
  e.title = title;
  e.detail = "step: submit\nline two";
  e.duration_ms = 42;
  e.profile_id = "vpn-client";
  e.serial = "0abc";
  return e;
}

}  // namespace

TEST_CASE("activity entries survive a restart with every field") {
  TempDir dir;
  auto file = dir.path / "activity.jsonl";
  {
    ActivityLog log(file);
    REQUIRE(log.Load().ok());
    CHECK(log.Append(Entry("Enrolled VPN client")) == 1);
    CHECK(log.Append(Entry("Sync failed", ActivityOutcome::Failed)) == 2);
  }
  struct stat st {};
  REQUIRE(stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  ActivityLog reopened(file);
  REQUIRE(reopened.Load().ok());
  auto entries = reopened.Entries();
  REQUIRE(entries.size() == 2);
  CHECK(entries[1].title == "Sync failed");
  CHECK(entries[1].outcome == ActivityOutcome::Failed);
  CHECK(entries[0].detail == "step: submit\nline two");
  CHECK(entries[0].duration_ms == 42);
  CHECK(entries[0].at == Timestamp{1'790'000'000});
  CHECK(reopened.Append(Entry("next")) == 3);  // ids continue after a restart
}

TEST_CASE("a torn or corrupt line is skipped and the good entries are kept") {
  TempDir dir;
  auto file = dir.path / "activity.jsonl";
  {
    ActivityLog log(file);
    log.Append(Entry("first"));
    log.Append(Entry("second"));
  }
  {
    std::ofstream out(file, std::ios::app);
    out << "{\"id\": 3, \"at\": \"2026-11-2";  // what a power cut mid-write leaves
  }
  ActivityLog reopened(file);
  REQUIRE(reopened.Load().ok());
  CHECK(reopened.Entries().size() == 2);
  CHECK(reopened.skipped_lines() == 1);
}

TEST_CASE("the log is bounded in memory and on disk") {
  TempDir dir;
  auto file = dir.path / "activity.jsonl";
  ActivityLog log(file, 10);
  for (int i = 0; i < 35; ++i) log.Append(Entry("entry " + std::to_string(i)));
  auto entries = log.Entries();
  REQUIRE(entries.size() == 10);
  CHECK(entries.front().title == "entry 25");
  CHECK(entries.back().title == "entry 34");

  std::ifstream in(file);
  int lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  CHECK(lines <= 20);  // compacted whenever the file passes twice the capacity

  ActivityLog reopened(file, 10);
  REQUIRE(reopened.Load().ok());
  CHECK(reopened.Entries().back().title == "entry 34");
  CHECK(reopened.Entries().size() == 10);
}

TEST_CASE("concurrent appends get unique ids and are all kept") {
  ActivityLog log({}, 1000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&log, t] {
      for (int i = 0; i < 100; ++i) log.Append(Entry("t" + std::to_string(t)));
    });
  }
  for (auto& th : threads) th.join();
  auto entries = log.Entries();
  REQUIRE(entries.size() == 400);
  std::set<uint64_t> ids;
  for (const auto& e : entries) ids.insert(e.id);
  CHECK(ids.size() == 400);
  CHECK(log.last_id() == 400);
}

TEST_CASE("the exported timeline is a JSON array that parses back") {
  ActivityLog log;
  log.Append(Entry("one"));
  auto exported = nlohmann::json::parse(log.ExportJson());
  REQUIRE(exported.is_array());
  REQUIRE(exported.size() == 1);
  auto back = ActivityEntryFromJson(exported[0]);
  REQUIRE(back.ok());
  CHECK(back->title == "one");
  CHECK(back->kind == ActivityKind::Job);
}
