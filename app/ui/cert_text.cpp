#include "app/ui/cert_text.h"

#include <cstdio>
#include <ctime>

namespace trustdesk {

std::string ShortDate(Timestamp t) {
  std::tm local{};
  const std::time_t tt = static_cast<std::time_t>(t.unix_seconds);
#ifdef _WIN32
  localtime_s(&local, &tt);
#else
  localtime_r(&tt, &local);
#endif
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d %s %d", local.tm_mday, kMonths[local.tm_mon % 12],
                local.tm_year + 1900);
  return buf;
}

std::string ShortSerial(std::string_view serial) {
  constexpr std::size_t kHead = 6, kTail = 4;
  if (serial.size() <= kHead + kTail + 2) return std::string(serial);
  return std::string(serial.substr(0, kHead)) + "\u2026" +
         std::string(serial.substr(serial.size() - kTail));
}

std::string GroupedHex(std::string_view hex) {
  std::string out;
  // An odd number of digits gets a leading zero so every group is one byte.
  std::string padded = hex.size() % 2 == 1 ? "0" + std::string(hex) : std::string(hex);
  for (std::size_t i = 0; i < padded.size(); i += 2) {
    if (i != 0) out += ':';
    out += padded.substr(i, 2);
  }
  return out;
}

std::string StoreText(const InventoryEntry& entry) {
  std::string text = DisplayName(entry.store);
  if (!entry.location.empty()) text += " \u00b7 " + entry.location;
  return text;
}

std::string StoreShortText(const InventoryEntry& entry) {
  std::string text = DisplayName(entry.store);
  std::string_view location = entry.location;
  while (!location.empty() && (location.back() == '/' || location.back() == '\\')) {
    location.remove_suffix(1);
  }
  const auto slash = location.find_last_of("/\\");
  const std::string_view name =
      slash == std::string_view::npos ? location : location.substr(slash + 1);
  if (!name.empty()) text += " \u00b7 " + std::string(name);
  return text;
}

std::string CountText(std::size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string DurationText(int64_t ms) {
  if (ms < 0) ms = 0;
  char buf[32];
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%lld ms", static_cast<long long>(ms));
  } else if (ms < 60'000) {
    std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000.0);
  } else if (ms < 3'600'000) {
    std::snprintf(buf, sizeof buf, "%lld min %02lld s", static_cast<long long>(ms / 60'000),
                  static_cast<long long>((ms / 1000) % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lld h %02lld min", static_cast<long long>(ms / 3'600'000),
                  static_cast<long long>((ms / 60'000) % 60));
  }
  return buf;
}

std::string SpanText(int64_t seconds) {
  if (seconds < 0) seconds = -seconds;
  auto plural = [](int64_t n, const char* unit) {
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  if (seconds >= 2 * 86400) return plural(seconds / 86400, "day");
  if (seconds >= 2 * 3600) return plural(seconds / 3600, "hour");
  if (seconds >= 120) return plural(seconds / 60, "minute");
  return plural(seconds, "second");
}

}  // namespace trustdesk
