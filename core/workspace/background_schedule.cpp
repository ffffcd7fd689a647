#include "core/workspace/background_schedule.h"

#include <algorithm>
#include <random>

#include "core/util/atomic_file.h"
#include "core/util/file_lock.h"
#include "core/util/json_document.h"

namespace trustdesk {
namespace {

using nlohmann::json;

constexpr const char* kFormat = "trustdesk-background";
constexpr int64_t kDay = 86400;
constexpr int64_t kBackoffInitial = 15 * 60;

json OptionalTime(const std::optional<Timestamp>& t) {
  return t ? json(FormatRfc3339(*t)) : json(nullptr);
}

Result<std::optional<Timestamp>> ReadOptionalTime(const json& j, const char* field) {
  if (!j.contains(field) || j[field].is_null()) return std::optional<Timestamp>{};
  if (!j[field].is_string()) {
    return Error{ErrorCode::Parse, std::string("$.") + field + ": not a string"};
  }
  auto t = ParseRfc3339(j[field].get<std::string>());
  if (!t) return Error{ErrorCode::Parse, std::string("$.") + field + ": not an RFC 3339 time"};
  return std::optional<Timestamp>(*t);
}

}  // namespace

const char* ToString(BackgroundTrigger trigger) {
  switch (trigger) {
    case BackgroundTrigger::Scheduled:
      return "scheduled";
    case BackgroundTrigger::SignIn:
      return "sign_in";
    case BackgroundTrigger::Manual:
      return "manual";
  }
  return "manual";
}

json ToJson(const BackgroundState& s) {
  return {{"format", kFormat},
          {"version", 1},
          {"first_start", FormatRfc3339(s.first_start)},
          {"slot_offset_seconds", s.slot_offset_seconds},
          {"last_run", OptionalTime(s.last_run)},
          {"last_scheduled_run", OptionalTime(s.last_scheduled_run)},
          {"consecutive_failures", s.consecutive_failures},
          {"backoff_until", OptionalTime(s.backoff_until)}};
}

Result<BackgroundState> BackgroundStateFromJson(const json& j) {
  if (!j.is_object() || j.value("format", "") != kFormat || j.value("version", 0) != 1) {
    return Error{ErrorCode::Parse, "$.format: not a TrustDesk background-actions state"};
  }
  BackgroundState s;
  if (!j.contains("first_start") || !j["first_start"].is_string()) {
    return Error{ErrorCode::Parse, "$.first_start: missing or not a string"};
  }
  auto first = ParseRfc3339(j["first_start"].get<std::string>());
  if (!first) return Error{ErrorCode::Parse, "$.first_start: not an RFC 3339 time"};
  s.first_start = *first;
  if (!j.contains("slot_offset_seconds") || !j["slot_offset_seconds"].is_number_integer()) {
    return Error{ErrorCode::Parse, "$.slot_offset_seconds: missing or not an integer"};
  }
  s.slot_offset_seconds = j["slot_offset_seconds"].get<int64_t>();
  if (s.slot_offset_seconds < 0 || s.slot_offset_seconds >= 3600) {
    return Error{ErrorCode::Parse, "$.slot_offset_seconds: must be 0..3599"};
  }
  if (!j.contains("consecutive_failures") || !j["consecutive_failures"].is_number_integer() ||
      j["consecutive_failures"].get<int64_t>() < 0) {
    return Error{ErrorCode::Parse, "$.consecutive_failures: missing or negative"};
  }
  s.consecutive_failures =
      static_cast<int>(std::min<int64_t>(j["consecutive_failures"].get<int64_t>(), 1000));
  for (auto [field, target] :
       {std::pair{"last_run", &s.last_run}, std::pair{"last_scheduled_run", &s.last_scheduled_run},
        std::pair{"backoff_until", &s.backoff_until}}) {
    auto t = ReadOptionalTime(j, field);
    if (!t) return t.error();
    *target = *t;
  }
  return s;
}

Timestamp NextDailySlot(const BackgroundState& s) {
  const int64_t base = s.first_start.unix_seconds + s.slot_offset_seconds;
  if (!s.last_scheduled_run || s.last_scheduled_run->unix_seconds < base) return Timestamp{base};
  const int64_t days = (s.last_scheduled_run->unix_seconds - base) / kDay + 1;
  return Timestamp{base + days * kDay};
}

Timestamp ScheduledRunAt(const BackgroundState& s) {
  const Timestamp slot = NextDailySlot(s);
  if (s.backoff_until && *s.backoff_until > slot) return *s.backoff_until;
  return slot;
}

int64_t BackoffSeconds(int failures) {
  if (failures <= 0) return 0;
  int64_t delay = kBackoffInitial;
  for (int i = 1; i < failures && delay < kDay; ++i) delay *= 2;
  return std::min(delay, kDay);
}

BackgroundSchedule::BackgroundSchedule(std::filesystem::path file, uint64_t seed)
    : file_(std::move(file)), seed_(seed) {}

Result<BackgroundState> BackgroundSchedule::ReadLocked(Timestamp now, bool* created) {
  *created = false;
  auto bytes = ReadFileLimited(file_, 64 * 1024);
  if (bytes) {
    auto doc = ParseJsonDocument(*bytes, file_.string());
    if (doc) {
      auto state = BackgroundStateFromJson(*doc);
      if (state) return state;
    }
  } else if (bytes.error().code != ErrorCode::NotFound) {
    return bytes.error();
  }
  // First start (or an unreadable state, which only costs a new slot): pick the daily slot.
  std::mt19937_64 rng(seed_ != 0 ? seed_ : std::random_device{}());
  BackgroundState s;
  s.first_start = now;
  s.slot_offset_seconds = static_cast<int64_t>(rng() % 3600);
  if (Status w = WriteFileAtomic(file_, ToJson(s).dump(2) + "\n", kModePrivate); !w) {
    return w.error();
  }
  *created = true;
  return s;
}

Result<BackgroundState> BackgroundSchedule::LoadOrCreate(Timestamp now) {
  auto lock = FileLock::Acquire(FileLock::LockFileFor(file_));
  if (!lock) return lock.error();
  bool created = false;
  return ReadLocked(now, &created);
}

Result<bool> BackgroundSchedule::MayRun(BackgroundTrigger trigger, Timestamp now) {
  if (trigger == BackgroundTrigger::Manual) return true;
  auto state = LoadOrCreate(now);
  if (!state) return state.error();
  return !state->backoff_until || now >= *state->backoff_until;
}

Result<bool> BackgroundSchedule::IsDue(Timestamp now) {
  auto state = LoadOrCreate(now);
  if (!state) return state.error();
  return now >= ScheduledRunAt(*state);
}

Result<BackgroundState> BackgroundSchedule::RecordRun(BackgroundTrigger trigger, Timestamp started,
                                                      bool failed, Timestamp now) {
  auto lock = FileLock::Acquire(FileLock::LockFileFor(file_));
  if (!lock) return lock.error();
  bool created = false;
  auto state = ReadLocked(now, &created);
  if (!state) return state.error();
  BackgroundState s = *state;
  s.last_run = started;
  if (trigger == BackgroundTrigger::Scheduled) s.last_scheduled_run = started;
  if (failed) {
    ++s.consecutive_failures;
    s.backoff_until = Timestamp{now.unix_seconds + BackoffSeconds(s.consecutive_failures)};
  } else {
    s.consecutive_failures = 0;
    s.backoff_until.reset();
  }
  if (Status w = WriteFileAtomic(file_, ToJson(s).dump(2) + "\n", kModePrivate); !w) {
    return w.error();
  }
  return s;
}

}  // namespace trustdesk
