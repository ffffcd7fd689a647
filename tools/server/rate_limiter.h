// Sign-in rate limiting: at most `max_failures` failed attempts per key (account + user name,
// and separately the client address) within a sliding window. Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace trustdesk::server {

class RateLimiter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  RateLimiter(int max_failures, std::chrono::seconds window)
      : max_failures_(max_failures), window_(window) {}

  // Seconds until `key` may try again; 0 when it may try now.
  int RetryAfterSeconds(const std::string& key, TimePoint now);
  void RecordFailure(const std::string& key, TimePoint now);
  void Reset(const std::string& key);

 private:
  void Prune(std::deque<TimePoint>& q, TimePoint now) const;

  const int max_failures_;
  const std::chrono::seconds window_;
  std::mutex mu_;
  std::map<std::string, std::deque<TimePoint>> failures_;
};

}  // namespace trustdesk::server
