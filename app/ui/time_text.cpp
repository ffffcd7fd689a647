#include "app/ui/time_text.h"

#include <cstdio>
#include <ctime>

namespace trustdesk {
namespace {

std::tm ToLocal(int64_t unix_seconds) {
  std::tm out{};
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
#ifdef _WIN32
  localtime_s(&out, &t);
#else
  localtime_r(&t, &out);
#endif
  return out;
}

std::string Plural(int64_t n, const char* unit) {
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

}  // namespace

std::string FormatUtc(Timestamp t) {
  std::tm u{};
  const std::time_t tt = static_cast<std::time_t>(t.unix_seconds);
#ifdef _WIN32
  gmtime_s(&u, &tt);
#else
  gmtime_r(&tt, &u);
#endif
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d UTC", u.tm_year + 1900,
                u.tm_mon + 1, u.tm_mday, u.tm_hour, u.tm_min, u.tm_sec);
  return buf;
}

std::string ShortDuration(int64_t s) {
  if (s < 0) s = 0;
  if (s < 90) return std::to_string(s) + " s";
  if (s < 90 * 60) return std::to_string((s + 30) / 60) + " min";
  if (s < 36 * 3600) return std::to_string((s + 1800) / 3600) + " h";
  return Plural((s + 43200) / 86400, "day");
}

std::string RelativeTime(Timestamp then, Timestamp now) {
  const int64_t d = now.unix_seconds - then.unix_seconds;
  if (d >= 0 && d < 45) return "just now";
  if (d < 0) return "in " + ShortDuration(-d);
  if (d < 90 * 60) return Plural((d + 30) / 60, "minute") + " ago";
  if (d < 36 * 3600) return Plural((d + 1800) / 3600, "hour") + " ago";
  return Plural((d + 43200) / 86400, "day") + " ago";
}

std::string LocalTime(Timestamp t, Timestamp now) {
  const std::tm a = ToLocal(t.unix_seconds);
  const std::tm n = ToLocal(now.unix_seconds);
  const std::tm y = ToLocal(now.unix_seconds - 86400);
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", a.tm_hour, a.tm_min);
  if (a.tm_year == n.tm_year && a.tm_yday == n.tm_yday) return std::string("today ") + hm;
  if (a.tm_year == y.tm_year && a.tm_yday == y.tm_yday) return std::string("yesterday ") + hm;
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%d %s %d %s", a.tm_mday, kMonths[a.tm_mon % 12],
                a.tm_year + 1900, hm);
  return buf;
}

}  // namespace trustdesk
