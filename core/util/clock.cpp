#include "core/util/clock.h"

namespace trustdesk {

Timestamp SystemClock::Now() const {
  using namespace std::chrono;
  return Timestamp{duration_cast<seconds>(system_clock::now().time_since_epoch()).count()};
}

std::chrono::steady_clock::time_point SystemClock::Steady() const {
  return std::chrono::steady_clock::now();
}

SystemClock& SystemClock::Instance() {
  static SystemClock clock;
  return clock;
}

Timestamp OffsetClock::Now() const {
  return Timestamp{base_.Now().unix_seconds + offset_.load()};
}

std::chrono::steady_clock::time_point OffsetClock::Steady() const {
  return base_.Steady() + std::chrono::seconds(offset_.load());
}

}  // namespace trustdesk
