#include <doctest/doctest.h>

#include "core/inventory/renew_status.h"

using namespace trustdesk;

namespace {
constexpr int64_t kDay = 86400;
const Timestamp kNow{1'800'000'000};

Profile MakeProfile(std::optional<int> days, std::optional<int> percent = std::nullopt) {
  Profile p;
  p.id = "vpn";
  p.profile_version = "2.0";
  p.policy.renewal_window.days_before_expiry = days;
  p.policy.renewal_window.percent_of_lifetime = percent;
  return p;
}

IssuedCertificate Cert(int64_t days_left, int64_t lifetime_days = 365) {
  IssuedCertificate c;
  c.serial = "0a";
  c.profile_id = "vpn";
  c.not_after = Timestamp{kNow.unix_seconds + days_left * kDay + 100};
  c.not_before = Timestamp{c.not_after.unix_seconds - lifetime_days * kDay};
  return c;
}

InventoryEntry Installed() {
  InventoryEntry e;
  e.serial = "0a";
  e.location = "/tmp/x.p12";
  e.store = KeyStoreKind::Pkcs12;
  return e;
}
}  // namespace

TEST_CASE("Renew status follows the days-before-expiry window") {
  auto entry = Installed();
  auto outside = ComputeRenewStatus(MakeProfile(30), Cert(41), &entry, kNow, "2.1.0");
  CHECK(outside.state == RenewState::NoAction);
  CHECK(outside.reason == "expires in 41 days; window opens at 30 days");
  auto inside = ComputeRenewStatus(MakeProfile(30), Cert(12), &entry, kNow, "2.1.0");
  CHECK(inside.state == RenewState::CanRenew);
  CHECK(inside.reason == "expires in 12 days; inside the renewal window (30 days)");
  CHECK(ComputeRenewStatus(MakeProfile(30), Cert(1), &entry, kNow, "2.1.0").reason ==
        "expires in 1 day; inside the renewal window (30 days)");
}

TEST_CASE("Renew status follows the percent-of-lifetime window") {
  auto entry = Installed();
  // 100-day certificate, window at 20% left = 20 days before expiry.
  auto outside = ComputeRenewStatus(MakeProfile(std::nullopt, 20), Cert(41, 100), &entry, kNow, "2.1");
  CHECK(outside.state == RenewState::NoAction);
  CHECK(outside.reason == "expires in 41 days; window opens at 20% of lifetime left (in 21 days)");
  auto inside = ComputeRenewStatus(MakeProfile(std::nullopt, 20), Cert(19, 100), &entry, kNow, "2.1");
  CHECK(inside.state == RenewState::CanRenew);
  CHECK(RenewalWindowStart(RenewalWindow{std::nullopt, 20}, Timestamp{0}, Timestamp{100 * kDay}) ==
        Timestamp{80 * kDay});
}

TEST_CASE("No action when not installed, missing, revoked, expired, windowless or incompatible") {
  auto entry = Installed();
  auto profile = MakeProfile(30);
  CHECK(ComputeRenewStatus(profile, Cert(5), nullptr, kNow, "2.1.0").reason ==
        "not installed on this machine");
  auto gone = entry;
  gone.missing = true;
  CHECK(ComputeRenewStatus(profile, Cert(5), &gone, kNow, "2.1.0").reason ==
        "installed files are missing from /tmp/x.p12");
  auto revoked = Cert(5);
  revoked.revoked = true;
  CHECK(ComputeRenewStatus(profile, revoked, &entry, kNow, "2.1.0").reason == "revoked");
  CHECK(ComputeRenewStatus(profile, Cert(-3), &entry, kNow, "2.1.0").reason == "expired 2 days ago");
  CHECK(ComputeRenewStatus(MakeProfile(std::nullopt), Cert(5), &entry, kNow, "2.1.0").reason ==
        "expires in 5 days; the profile sets no renewal window");
  auto future = profile;
  future.profile_version = "2.2";
  auto incompatible = ComputeRenewStatus(future, Cert(5), &entry, kNow, "2.1.0");
  CHECK(incompatible.state == RenewState::NoAction);
  CHECK(incompatible.reason == "incompatible: requires TrustDesk 2.2 or newer");
}

TEST_CASE("Profile version compatibility") {
  CHECK(IsProfileCompatible("2.1", "2.1.0"));
  CHECK(IsProfileCompatible("2.0.9", "2.1.0"));
  CHECK(IsProfileCompatible("1", "2.1.0") == false);  // MAJOR alone is not a valid version
  CHECK_FALSE(IsProfileCompatible("2.1.1", "2.1.0"));
  CHECK_FALSE(IsProfileCompatible("3.0", "2.1.0"));
  CHECK_FALSE(IsProfileCompatible("2.x", "2.1.0"));
  CHECK_FALSE(IsProfileCompatible("", "2.1.0"));
  CHECK(IsProfileCompatible("10.0", "10.0.0"));
  CHECK_FALSE(IsProfileCompatible("10.0", "9.9.9"));
}
