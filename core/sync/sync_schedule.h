// When the next sync runs: every `interval` (jittered) after a success; after a failure an
// exponential back-off with jitter, or exactly the server's Retry-After. Pure logic on the
// injected clock's steady time, so tests drive it without waiting.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace trustdesk {

struct SyncSettings {
  std::chrono::seconds interval{15 * 60};     // background sync period (a user setting)
  double interval_jitter = 0.10;              // ±10 %
  std::chrono::seconds backoff_initial{10};   // first retry after a failure
  double backoff_factor = 2.0;
  std::chrono::seconds backoff_max{15 * 60};
  double backoff_jitter = 0.20;               // ±20 %
  std::chrono::seconds offline_backoff_max{60};  // probe often enough to notice the network return
  std::chrono::seconds max_retry_after{60 * 60}; // a larger Retry-After is capped
};

class SyncSchedule {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // `seed` fixes the jitter sequence (tests); 0 seeds from std::random_device.
  explicit SyncSchedule(SyncSettings settings = {}, uint64_t seed = 0);

  // A success at `now`: failures reset, next sync one jittered interval later.
  std::chrono::seconds OnSuccess(TimePoint now);
  // A failure at `now`. Returns the delay until the retry: Retry-After when the server sent one,
  // else initial * factor^(failures-1), capped (at offline_backoff_max when `offline`), jittered.
  std::chrono::seconds OnFailure(TimePoint now, std::optional<std::chrono::seconds> retry_after,
                                 bool offline);
  // Nothing scheduled (signed out, token expired).
  void Clear();
  // A new background interval (the user's setting); a pending sync further away than the new
  // interval is brought forward to it.
  void SetInterval(TimePoint now, std::chrono::seconds interval);
  // Runs the next sync at `at` (e.g. right after sign-in) without touching the failure count.
  void ScheduleAt(TimePoint at) { due_ = at; }

  std::optional<TimePoint> due() const { return due_; }
  bool IsDue(TimePoint now) const { return due_ && now >= *due_; }
  int consecutive_failures() const { return failures_; }
  const SyncSettings& settings() const { return settings_; }

 private:
  std::chrono::seconds Jitter(std::chrono::seconds base, double fraction);

  SyncSettings settings_;
  std::mt19937_64 rng_;
  std::optional<TimePoint> due_;
  int failures_ = 0;
};

}  // namespace trustdesk
