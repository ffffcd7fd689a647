// The SyncEngine thread (SPEC §1, §4): after sign-in, periodically (jittered), on demand
// (bypassing back-off) and when the network returns, it fetches the profile list conditionally
// (ETag → 304 costs one round trip and no parsing), then the issued certificates, builds a new
// immutable Snapshot with per-profile field changes and the exact sync state, and publishes it.
// Failures keep the last good data and schedule a retry (exponential back-off with jitter, or
// the server's Retry-After). The last good sync is cached per account for offline starts, and
// every attempt lands in the sync timeline.
//
// All time comes from the injected Clock. Tests drive the engine deterministically: SyncNow()
// returns when its attempt is done, RunDue() makes the engine check its schedule against the
// clock (running a due sync) and returns when it has.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "core/api/api_client.h"
#include "core/state/snapshot_store.h"
#include "core/sync/offline_cache.h"
#include "core/sync/sync_schedule.h"
#include "core/sync/sync_timeline.h"
#include "core/util/clock.h"

namespace trustdesk {

// A signed-in session handed to the engine by the session manager. The token stays in memory.
struct SyncSession {
  std::shared_ptr<ApiClient> api;
  std::string token;
  std::string server_url;
  std::string username;
  Account account;
};

struct SyncEngineOptions {
  SyncSettings settings;
  std::filesystem::path data_dir;   // offline cache and timeline live here; empty = not persisted
  uint64_t seed = 0;                // jitter seed; 0 = random
  std::size_t timeline_capacity = 500;
  // Where log lines go (default: stderr). Never receives a token or password.
  std::function<void(std::string_view)> log;
  // A session's first sync asks with the cached ETag instead of fetching everything, so a
  // short-lived process (the CLI: every run is a new session) pays one 304 when nothing changed.
  bool conditional_first_sync = false;
};

class SyncEngine {
 public:
  SyncEngine(SnapshotStore& store, const Clock& clock, SyncEngineOptions options = {});
  ~SyncEngine();
  SyncEngine(const SyncEngine&) = delete;
  SyncEngine& operator=(const SyncEngine&) = delete;

  // Starts / stops the engine thread. Stop() releases anyone waiting in SyncNow()/RunDue().
  void Start();
  void Stop();

  // Takes over a signed-in session: publishes its cached data (if any) and queues the sign-in
  // sync. Replaces any previous session. Returns the sign-in sync's ticket for Wait().
  uint64_t Attach(SyncSession session);
  // Ends the session: no more syncs; publishes "Signed out" with the account's data cleared.
  void Detach();
  // Replaces the signed-in user's identity ("Sync user") and publishes it.
  void UpdateAccount(const Account& account);

  // Queues a sync and returns at once (the UI's "Sync profiles"; bypasses back-off).
  void RequestSync(SyncTrigger trigger = SyncTrigger::Manual);
  // Queues a sync and waits until an attempt covering it has finished; returns its record.
  SyncAttempt SyncNow(SyncTrigger trigger = SyncTrigger::Manual);
  // Waits until the request with `ticket` (from Attach) has been handled; returns the record of
  // the attempt that covered it.
  SyncAttempt Wait(uint64_t ticket);
  // The OS says the network is back: syncs now if the last attempt found no network.
  void NetworkAvailable();
  // Makes the engine compare its schedule with the clock now and run a due sync; returns when
  // done. True when a sync ran.
  bool RunDue();

  // Changes the background sync interval (Settings; at least one minute).
  void SetInterval(std::chrono::minutes interval);

  // When the next scheduled sync or retry is due (clock wall time); nullopt if none.
  std::optional<Timestamp> NextSyncAt() const;
  int ConsecutiveFailures() const;
  SyncTimeline& timeline() { return timeline_; }

 private:
  struct Pending {
    std::optional<SyncTrigger> trigger;  // nullopt: only check the schedule
    uint64_t ticket = 0;
  };

  void Run();
  uint64_t Enqueue(std::optional<SyncTrigger> trigger);
  // One attempt, on the engine thread, without mutex_ held.
  SyncAttempt Attempt(SyncTrigger trigger);
  // Publishes `edit` unless the session changed since `epoch`.
  bool Publish(uint64_t epoch, const std::function<void(Snapshot&)>& edit);
  void Log(const std::string& line) const;

  SnapshotStore& store_;
  const Clock& clock_;
  SyncEngineOptions options_;
  SyncTimeline timeline_;
  std::optional<OfflineCache> cache_;

  mutable std::mutex mutex_;          // everything below except the atomics
  std::condition_variable wake_;      // the engine thread waits here
  std::condition_variable done_;      // SyncNow()/RunDue() callers wait here
  std::deque<Pending> queue_;
  uint64_t next_ticket_ = 1;
  uint64_t done_ticket_ = 0;
  SyncAttempt last_attempt_;
  bool last_ran_ = false;
  bool stop_ = false;
  bool running_ = false;              // the thread is in Run(); waiters give up when it is not
  std::optional<SyncSession> session_;
  bool conditional_ok_ = false;       // false until the session's first full sync
  SyncState last_state_ = SyncState::NeverSynced;
  SyncSchedule schedule_;
  std::thread thread_;

  std::mutex publish_mutex_;          // orders attempt publishes against Detach/Attach
  std::atomic<uint64_t> epoch_{0};    // bumped by Attach/Detach
};

}  // namespace trustdesk
