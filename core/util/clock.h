// An injectable clock: production code asks a Clock for the time, so tests and QA can move time
// (e.g. into a renewal window) without waiting or touching the system clock.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "core/model/timestamp.h"

namespace trustdesk {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (certificate validity, "Last synced", schedules).
  virtual Timestamp Now() const = 0;
  // Monotonic time for durations and timeouts.
  virtual std::chrono::steady_clock::time_point Steady() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
  std::chrono::steady_clock::time_point Steady() const override;
  static SystemClock& Instance();
};

// The system clock shifted by an offset that can be changed at any time from any thread.
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(const Clock& base = SystemClock::Instance()) : base_(base) {}
  Timestamp Now() const override;
  std::chrono::steady_clock::time_point Steady() const override;
  void Advance(std::chrono::seconds by) { offset_ += by.count(); }
  void SetOffset(std::chrono::seconds offset) { offset_ = offset.count(); }
  std::chrono::seconds Offset() const { return std::chrono::seconds(offset_.load()); }

 private:
  const Clock& base_;
  std::atomic<int64_t> offset_{0};
};

}  // namespace trustdesk
