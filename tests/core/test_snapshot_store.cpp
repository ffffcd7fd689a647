#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/state/snapshot_store.h"

using namespace trustdesk;

TEST_CASE("A new store holds an empty generation-0 snapshot") {
  SnapshotStore store;
  const auto snap = store.Current();
  REQUIRE(snap != nullptr);
  CHECK(snap->generation == 0);
  CHECK(snap->profiles.empty());
}

TEST_CASE("Update publishes an edited copy and leaves old snapshots untouched") {
  SnapshotStore store;
  const auto before = store.Current();
  const uint64_t gen = store.Update([](Snapshot& s) { s.server_url = "https://127.0.0.1:8443"; });
  CHECK(gen == 1);
  const auto after = store.Current();
  CHECK(after->generation == 1);
  CHECK(after->server_url == "https://127.0.0.1:8443");
  CHECK(before->server_url.empty());
  CHECK(before->generation == 0);
  CHECK(store.Update([](Snapshot& s) { s.generation = 999; }) == 2);  // the store stamps it
  CHECK(store.Current()->generation == 2);
}

TEST_CASE("An edit that throws publishes nothing") {
  SnapshotStore store;
  int wakes = 0;
  store.SetWakeCallback([&] { ++wakes; });
  CHECK_THROWS_AS(store.Update([](Snapshot& s) {
    s.server_url = "half";
    throw std::runtime_error("build failed");
  }),
                  std::runtime_error);
  CHECK(store.Current()->generation == 0);
  CHECK(store.Current()->server_url.empty());
  CHECK(wakes == 0);
  CHECK(store.Update([](Snapshot&) {}) == 1);
}

TEST_CASE("The wake callback runs after publish and may read or update the store") {
  SnapshotStore store;
  std::vector<uint64_t> seen;
  store.SetWakeCallback([&] {
    seen.push_back(store.Current()->generation);
    if (seen.size() == 1) store.Update([](Snapshot&) {});  // no deadlock: called unlocked
  });
  store.Update([](Snapshot&) {});
  REQUIRE(seen.size() == 2);
  CHECK(seen[0] >= 1);
  CHECK(seen[1] == 2);
  CHECK(store.Current()->generation == 2);
}

TEST_CASE("Concurrent writers and readers see a consistent, monotonic history") {
  SnapshotStore store;
  constexpr int kWriters = 4;
  constexpr int kUpdatesPerWriter = 300;
  constexpr int kReaders = 3;
  std::atomic<int> wakes{0};
  std::atomic<bool> writers_done{false};
  std::atomic<int> failures{0};
  store.SetWakeCallback([&] { wakes.fetch_add(1, std::memory_order_relaxed); });

  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      uint64_t last = 0;
      // Keep reading until the writers are done, then once more.
      for (bool done = false; !done;) {
        done = writers_done.load();
        const auto snap = store.Current();
        // Each edit increments profiles_revision once, so a snapshot whose revision differs from
        // its generation would prove a lost or torn update.
        if (!snap || snap->generation < last ||
            snap->profiles_revision != static_cast<int64_t>(snap->generation)) {
          failures.fetch_add(1);
          return;
        }
        last = snap->generation;
      }
    });
  }
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < kUpdatesPerWriter; ++i) {
        store.Update([](Snapshot& s) { s.profiles_revision += 1; });
      }
    });
  }
  for (auto& t : writers) t.join();
  writers_done = true;
  for (auto& t : readers) t.join();

  CHECK(failures.load() == 0);
  CHECK(store.Current()->generation == kWriters * kUpdatesPerWriter);
  CHECK(store.Current()->profiles_revision == kWriters * kUpdatesPerWriter);
  CHECK(wakes.load() == kWriters * kUpdatesPerWriter);
}
