#include "core/inventory/renew_status.h"

#include <array>
#include <charconv>

namespace trustdesk {
namespace {

constexpr int64_t kDay = 86400;

std::optional<std::array<int, 3>> ParseVersion(std::string_view v) {
  std::array<int, 3> parts{0, 0, 0};
  int count = 0;
  while (!v.empty() && count < 3) {
    auto dot = v.find('.');
    std::string_view piece = v.substr(0, dot);
    int value = 0;
    auto [end, ec] = std::from_chars(piece.data(), piece.data() + piece.size(), value);
    if (ec != std::errc() || end != piece.data() + piece.size() || piece.empty() || value < 0) {
      return std::nullopt;
    }
    parts[static_cast<std::size_t>(count++)] = value;
    if (dot == std::string_view::npos) {
      v = {};
    } else {
      v.remove_prefix(dot + 1);
      if (v.empty()) return std::nullopt;
    }
  }
  if (count < 2 || !v.empty()) return std::nullopt;
  return parts;
}

std::string Days(int64_t n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }

std::string ExpiresText(int64_t seconds_left) {
  int64_t days = seconds_left / kDay;
  return days == 0 ? "expires today" : "expires in " + Days(days);
}

std::string WindowText(const RenewalWindow& w) {
  if (w.days_before_expiry) return Days(*w.days_before_expiry);
  return std::to_string(*w.percent_of_lifetime) + "% of lifetime left";
}

}  // namespace

std::optional<Timestamp> RenewalWindowStart(const RenewalWindow& window, Timestamp not_before,
                                            Timestamp not_after) {
  if (window.days_before_expiry) {
    return Timestamp{not_after.unix_seconds - int64_t{*window.days_before_expiry} * kDay};
  }
  if (window.percent_of_lifetime) {
    int64_t lifetime = std::max<int64_t>(0, not_after.unix_seconds - not_before.unix_seconds);
    return Timestamp{not_after.unix_seconds - lifetime * *window.percent_of_lifetime / 100};
  }
  return std::nullopt;
}

bool IsProfileCompatible(std::string_view profile_version, std::string_view app_version) {
  auto need = ParseVersion(profile_version);
  auto have = ParseVersion(app_version);
  return need && have && *have >= *need;
}

RenewStatus ComputeRenewStatus(const Profile& profile, const IssuedCertificate& certificate,
                               const InventoryEntry* installed, Timestamp now,
                               std::string_view app_version) {
  RenewStatus out;
  if (!IsProfileCompatible(profile.profile_version, app_version)) {
    out.reason = "incompatible: requires TrustDesk " + profile.profile_version + " or newer";
    return out;
  }
  if (installed == nullptr) {
    out.reason = "not installed on this machine";
    return out;
  }
  if (installed->missing) {
    out.reason = "installed files are missing from " + installed->location;
    return out;
  }
  if (certificate.revoked) {
    out.reason = "revoked";
    return out;
  }
  const int64_t left = certificate.not_after.unix_seconds - now.unix_seconds;
  if (left <= 0) {
    int64_t ago = -left / kDay;
    out.reason = ago == 0 ? "expired today" : "expired " + Days(ago) + " ago";
    return out;
  }
  out.window_opens = RenewalWindowStart(profile.policy.renewal_window, certificate.not_before,
                                        certificate.not_after);
  if (!out.window_opens) {
    out.reason = ExpiresText(left) + "; the profile sets no renewal window";
    return out;
  }
  const RenewalWindow& w = profile.policy.renewal_window;
  if (now < *out.window_opens) {
    out.reason = ExpiresText(left) + "; window opens at " + WindowText(w);
    if (w.percent_of_lifetime) {
      out.reason += " (in " + Days((out.window_opens->unix_seconds - now.unix_seconds) / kDay) + ")";
    }
    return out;
  }
  out.state = RenewState::CanRenew;
  out.reason = ExpiresText(left) + "; inside the renewal window (" + WindowText(w) + ")";
  return out;
}

}  // namespace trustdesk
