// A clock that moves only when a test says so: wall and steady time advance together.
#pragma once

#include <atomic>
#include <chrono>

#include "core/util/clock.h"

namespace trustdesk::testing {

class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_unix = 1'790'000'000) : unix_(start_unix) {}
  Timestamp Now() const override { return Timestamp{unix_.load()}; }
  std::chrono::steady_clock::time_point Steady() const override {
    return std::chrono::steady_clock::time_point(std::chrono::seconds(unix_.load()));
  }
  void Advance(std::chrono::seconds by) { unix_ += by.count(); }

 private:
  std::atomic<int64_t> unix_;
};

}  // namespace trustdesk::testing
