#include "tools/server/rate_limiter.h"

namespace trustdesk::server {

void RateLimiter::Prune(std::deque<TimePoint>& q, TimePoint now) const {
  while (!q.empty() && now - q.front() >= window_) q.pop_front();
}

int RateLimiter::RetryAfterSeconds(const std::string& key, TimePoint now) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  Prune(it->second, now);
  if (static_cast<int>(it->second.size()) < max_failures_) return 0;
  auto wait = std::chrono::duration_cast<std::chrono::seconds>(it->second.front() + window_ - now);
  return static_cast<int>(wait.count()) + 1;
}

void RateLimiter::RecordFailure(const std::string& key, TimePoint now) {
  std::lock_guard lock(mu_);
  auto& q = failures_[key];
  Prune(q, now);
  q.push_back(now);
  // Bound memory: drop keys whose window has passed once the map grows large.
  if (failures_.size() > 10000) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      Prune(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
}

void RateLimiter::Reset(const std::string& key) {
  std::lock_guard lock(mu_);
  failures_.erase(key);
}

}  // namespace trustdesk::server
