// Timestamps: UTC seconds since the Unix epoch; RFC 3339 ("2026-11-25T19:06:47Z") on the wire.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trustdesk {

struct Timestamp {
  int64_t unix_seconds = 0;
  auto operator<=>(const Timestamp&) const = default;
};

std::string FormatRfc3339(Timestamp t);
// Accepts "YYYY-MM-DDTHH:MM:SSZ" (optional fractional seconds, Z or ±HH:MM offset).
std::optional<Timestamp> ParseRfc3339(std::string_view text);

}  // namespace trustdesk
