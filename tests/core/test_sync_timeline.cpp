// The sync timeline (bounded, persisted, exported) and the durable file writes under it.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>

#include "core/support/crypto_test_support.h"
#include "core/sync/durable_file.h"
#include "core/sync/sync_timeline.h"
#include "core/util/json_document.h"

using namespace trustdesk;
using trustdesk::testing::TempDir;

namespace {

SyncAttempt MakeAttempt(int i) {
  SyncAttempt a;
  a.trigger = i % 2 ? SyncTrigger::Scheduled : SyncTrigger::Manual;
  a.started_at = Timestamp{1'790'000'000 + i};
  a.duration_ms = 10 + i;
  a.http_status = i % 3 ? 200 : 304;
  a.revision = i;
  a.bytes = 1000u * i;
  a.result = i % 3 ? SyncState::Updated : SyncState::UpToDate;
  a.changed_profiles = i % 3 ? 1 : 0;
  return a;
}

}  // namespace

TEST_CASE("WriteFileDurably replaces a file atomically with mode 0600") {
  TempDir dir;
  const auto path = dir.path() / "sub" / "state.json";
  REQUIRE(WriteFileDurably(path, "first").ok());
  REQUIRE(WriteFileDurably(path, "second").ok());
  auto read = ReadFileLimited(path, 100);
  REQUIRE(read.ok());
  CHECK(*read == "second");
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  // No temporary file is left behind.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(path.parent_path())) {
    (void)e;
    ++files;
  }
  CHECK(files == 1);
  auto too_big = ReadFileLimited(path, 3);
  REQUIRE_FALSE(too_big.ok());
  CHECK(too_big.error().code == ErrorCode::TooLarge);
  CHECK(ReadFileLimited(dir.path() / "missing", 10).error().code == ErrorCode::NotFound);
}

TEST_CASE("SyncTimeline keeps the newest attempts and persists and exports them as JSON") {
  TempDir dir;
  const auto path = dir.path() / "sync-timeline.json";
  {
    SyncTimeline timeline(path, 5);
    REQUIRE(timeline.Load().ok());  // missing file: empty timeline
    for (int i = 1; i <= 8; ++i) REQUIRE(timeline.Add(MakeAttempt(i)).ok());
    const auto entries = timeline.Entries();
    REQUIRE(entries.size() == 5);
    CHECK(entries.front().id == 4);
    CHECK(entries.back().id == 8);
    CHECK(entries.back().bytes == 8000);
  }
  SyncTimeline reloaded(path, 5);
  REQUIRE(reloaded.Load().ok());
  const auto entries = reloaded.Entries();
  REQUIRE(entries.size() == 5);
  CHECK(entries.front().id == 4);
  CHECK(entries.front().trigger == SyncTrigger::Manual);
  CHECK(entries.front().started_at == Timestamp{1'790'000'004});
  CHECK(entries.back().result == SyncState::Updated);
  CHECK(entries.back().http_status == 200);
  REQUIRE(reloaded.Add(MakeAttempt(9)).ok());
  CHECK(reloaded.Entries().back().id == 9);

  auto exported = ParseJsonDocument(reloaded.ExportJson(), "export");
  REQUIRE(exported.ok());
  CHECK((*exported)["format"] == "trustdesk-sync-timeline");
  REQUIRE((*exported)["attempts"].size() == 5);
  const auto& last = (*exported)["attempts"][4];
  CHECK(last["trigger"] == "scheduled");
  CHECK(last["result"] == "up_to_date");
  CHECK(last["started_at"] == "2026-09-21T14:13:29Z");
}

TEST_CASE("SyncTimeline ignores a corrupt or foreign file and says why") {
  TempDir dir;
  const auto path = dir.path() / "sync-timeline.json";
  for (const char* content : {"{\"format\": \"trustdesk-sync-timeline\", \"version\": 1, ",
                              "{\"format\": \"something-else\", \"version\": 1, \"attempts\": []}",
                              "{\"format\": 7}",
                              "{\"format\": \"trustdesk-sync-timeline\", \"version\": 1, "
                              "\"attempts\": [{\"id\": \"one\"}]}"}) {
    CAPTURE(content);
    std::ofstream(path) << content;
    SyncTimeline timeline(path);
    const Status s = timeline.Load();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find(path.string()) != std::string::npos);
    CHECK(timeline.Entries().empty());
  }
}
