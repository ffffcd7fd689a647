// Back-off, Retry-After and the jittered interval of the sync schedule, on a manual clock.
#include <doctest/doctest.h>

#include "core/support/manual_clock.h"
#include "core/sync/sync_schedule.h"

using namespace trustdesk;
using std::chrono::seconds;
using trustdesk::testing::ManualClock;

TEST_CASE("SyncSchedule: success schedules one jittered interval later") {
  ManualClock clock;
  SyncSchedule schedule({}, 42);
  CHECK_FALSE(schedule.due().has_value());
  for (int i = 0; i < 200; ++i) {
    const auto delay = schedule.OnSuccess(clock.Steady());
    CHECK(delay >= seconds(810));   // 15 min - 10 %
    CHECK(delay <= seconds(990));   // 15 min + 10 %
    CHECK(schedule.due() == clock.Steady() + delay);
  }
  CHECK_FALSE(schedule.IsDue(clock.Steady()));
  clock.Advance(seconds(991));
  CHECK(schedule.IsDue(clock.Steady()));
}

TEST_CASE("SyncSchedule: jitter actually spreads clients") {
  SyncSchedule schedule({}, 7);
  ManualClock clock;
  seconds lo = seconds::max(), hi = seconds::min();
  for (int i = 0; i < 500; ++i) {
    const auto d = schedule.OnSuccess(clock.Steady());
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  CHECK(hi - lo >= seconds(120));  // a ±90 s window, well used
}

TEST_CASE("SyncSchedule: failures back off exponentially up to the cap and success resets") {
  SyncSettings settings;
  settings.backoff_jitter = 0;  // exact values
  SyncSchedule schedule(settings, 1);
  ManualClock clock;
  const seconds expected[] = {seconds(10), seconds(20),  seconds(40),  seconds(80),
                              seconds(160), seconds(320), seconds(640), seconds(900),
                              seconds(900)};
  for (const seconds e : expected) {
    CHECK(schedule.OnFailure(clock.Steady(), std::nullopt, false) == e);
  }
  CHECK(schedule.consecutive_failures() == 9);
  schedule.OnSuccess(clock.Steady());
  CHECK(schedule.consecutive_failures() == 0);
  CHECK(schedule.OnFailure(clock.Steady(), std::nullopt, false) == seconds(10));
}

TEST_CASE("SyncSchedule: offline failures probe at least every minute") {
  SyncSettings settings;
  settings.backoff_jitter = 0;
  SyncSchedule schedule(settings, 1);
  ManualClock clock;
  seconds last{};
  for (int i = 0; i < 10; ++i) last = schedule.OnFailure(clock.Steady(), std::nullopt, true);
  CHECK(last == seconds(60));
}

TEST_CASE("SyncSchedule: back-off jitter stays within ±20 %") {
  SyncSchedule schedule({}, 99);
  ManualClock clock;
  for (int i = 0; i < 100; ++i) {
    schedule.Clear();
    const auto d = schedule.OnFailure(clock.Steady(), std::nullopt, false);
    CHECK(d >= seconds(8));
    CHECK(d <= seconds(12));
  }
}

TEST_CASE("SyncSchedule: Retry-After is used exactly and capped") {
  SyncSchedule schedule({}, 3);
  ManualClock clock;
  CHECK(schedule.OnFailure(clock.Steady(), seconds(40), false) == seconds(40));
  CHECK(schedule.due() == clock.Steady() + seconds(40));
  CHECK(schedule.OnFailure(clock.Steady(), seconds(0), false) == seconds(1));
  CHECK(schedule.OnFailure(clock.Steady(), seconds(86400), false) == seconds(3600));
  schedule.Clear();
  CHECK_FALSE(schedule.due().has_value());
  CHECK(schedule.consecutive_failures() == 0);
}

TEST_CASE("SyncSchedule: a shorter interval brings the next sync forward") {
  SyncSettings settings;
  settings.interval_jitter = 0;
  SyncSchedule schedule(settings, 1);
  ManualClock clock;
  CHECK(schedule.OnSuccess(clock.Steady()) == seconds(900));
  schedule.SetInterval(clock.Steady(), seconds(300));
  CHECK(schedule.due() == clock.Steady() + seconds(300));
  CHECK(schedule.OnSuccess(clock.Steady()) == seconds(300));
  schedule.SetInterval(clock.Steady(), seconds(3600));  // longer: the pending one stays
  CHECK(schedule.due() == clock.Steady() + seconds(300));
  schedule.SetInterval(clock.Steady(), seconds(5));     // clamped to a minute
  CHECK(schedule.due() == clock.Steady() + seconds(60));
}
