#include "core/sync/sync_schedule.h"

#include <algorithm>
#include <cmath>

namespace trustdesk {

SyncSchedule::SyncSchedule(SyncSettings settings, uint64_t seed)
    : settings_(settings), rng_(seed != 0 ? seed : std::random_device{}()) {}

std::chrono::seconds SyncSchedule::Jitter(std::chrono::seconds base, double fraction) {
  if (fraction <= 0 || base.count() <= 0) return base;
  std::uniform_real_distribution<double> dist(1.0 - fraction, 1.0 + fraction);
  const auto jittered = static_cast<int64_t>(std::llround(static_cast<double>(base.count()) * dist(rng_)));
  return std::chrono::seconds(std::max<int64_t>(1, jittered));
}

std::chrono::seconds SyncSchedule::OnSuccess(TimePoint now) {
  failures_ = 0;
  const auto delay = Jitter(settings_.interval, settings_.interval_jitter);
  due_ = now + delay;
  return delay;
}

std::chrono::seconds SyncSchedule::OnFailure(TimePoint now,
                                             std::optional<std::chrono::seconds> retry_after,
                                             bool offline) {
  ++failures_;
  std::chrono::seconds delay;
  if (retry_after) {
    // The server knows when it will be back: retry exactly then (at least 1 s, at most the cap).
    delay = std::clamp(*retry_after, std::chrono::seconds(1), settings_.max_retry_after);
  } else {
    const auto cap = offline ? std::min(settings_.offline_backoff_max, settings_.backoff_max)
                             : settings_.backoff_max;
    const double exp = std::pow(settings_.backoff_factor, std::min(failures_ - 1, 30));
    const double raw = static_cast<double>(settings_.backoff_initial.count()) * exp;
    const auto base = std::chrono::seconds(
        static_cast<int64_t>(std::min(raw, static_cast<double>(cap.count()))));
    delay = Jitter(base, settings_.backoff_jitter);
  }
  due_ = now + delay;
  return delay;
}

void SyncSchedule::SetInterval(TimePoint now, std::chrono::seconds interval) {
  settings_.interval = std::max(interval, std::chrono::seconds(60));
  if (due_ && failures_ == 0 && *due_ > now + settings_.interval) due_ = now + settings_.interval;
}

void SyncSchedule::Clear() {
  due_.reset();
  failures_ = 0;
}

}  // namespace trustdesk
