// When background actions run (SPEC §7): every day at a slot chosen at random within the first
// hour after TrustDesk's first start on this data directory, after sign-in, and on demand. A run
// with a failure backs off (15 min, doubling, at most a day) for the scheduled and after-sign-in
// runs; an on-demand run ignores the back-off and a success clears it. The state lives in
// data/background.json and is changed under its file lock, so the GUI and the CLI share one
// schedule.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/model/timestamp.h"
#include "core/util/result.h"

namespace trustdesk {

enum class BackgroundTrigger { Scheduled, SignIn, Manual };
const char* ToString(BackgroundTrigger trigger);  // "scheduled", "sign_in", "manual"

struct BackgroundState {
  Timestamp first_start;              // first time this data directory was used
  int64_t slot_offset_seconds = 0;    // 0..3599: the daily slot is first_start + offset
  std::optional<Timestamp> last_run;  // last run of any trigger that did run
  std::optional<Timestamp> last_scheduled_run;
  int consecutive_failures = 0;
  std::optional<Timestamp> backoff_until;

  bool operator==(const BackgroundState&) const = default;
};

nlohmann::json ToJson(const BackgroundState& state);
Result<BackgroundState> BackgroundStateFromJson(const nlohmann::json& j);

// The first daily slot after the last scheduled run (or the first slot when none ran yet).
Timestamp NextDailySlot(const BackgroundState& state);
// When the scheduled run is due: the next daily slot, but not before the back-off ends.
Timestamp ScheduledRunAt(const BackgroundState& state);
// The back-off after `failures` consecutive failed runs (15 min · 2^(failures-1), ≤ 24 h).
int64_t BackoffSeconds(int failures);

class BackgroundSchedule {
 public:
  // `seed` picks the slot offset of a new state; 0 = random.
  BackgroundSchedule(std::filesystem::path file, uint64_t seed = 0);

  // Reads the state, creating it (first start = now, random slot) when there is none. A corrupt
  // file is replaced by a fresh state and the error is reported in the log by the caller.
  Result<BackgroundState> LoadOrCreate(Timestamp now);
  // True when a run with `trigger` may start now (back-off applies to all but Manual).
  Result<bool> MayRun(BackgroundTrigger trigger, Timestamp now);
  // True when the scheduled run is due at `now`.
  Result<bool> IsDue(Timestamp now);
  // Records a finished run: clears or extends the back-off. Returns the new state.
  Result<BackgroundState> RecordRun(BackgroundTrigger trigger, Timestamp started, bool failed,
                                    Timestamp now);

  const std::filesystem::path& file() const { return file_; }

 private:
  // Reads or creates the state; the caller holds the file lock.
  Result<BackgroundState> ReadLocked(Timestamp now, bool* created);

  std::filesystem::path file_;
  uint64_t seed_;
};

}  // namespace trustdesk
