// Human wording for times: "3 minutes ago", "today 14:02", "12 Mar 2026 09:15".
#pragma once

#include <string>

#include "core/model/timestamp.h"

namespace trustdesk {

// Relative to `now`: "just now", "3 minutes ago", "in 40 s", "2 days ago".
std::string RelativeTime(Timestamp then, Timestamp now);
// Local wall-clock time: "today 14:02", "yesterday 09:15", otherwise "12 Mar 2026 09:15".
std::string LocalTime(Timestamp t, Timestamp now);
// Absolute UTC time for tooltips: "2026-03-12 14:02:11 UTC".
std::string FormatUtc(Timestamp t);
// Seconds until `then`, rounded to a short unit: "40 s", "3 min", "2 h".
std::string ShortDuration(int64_t seconds);

}  // namespace trustdesk
