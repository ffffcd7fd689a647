// The quick-actions popup and the profile details modal on fixture snapshots.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "app/support/app_harness.h"
#include "app/support/fixture_profiles.h"
#include "core/model/version.h"

using namespace trustdesk;
using namespace trustdesk::test;

namespace {

Settings Advanced() {
  Settings s;
  s.advanced_mode = true;
  return s;
}

// The enrollment window takes the request on its next frame (then it shows that profile).
std::string EnrollmentFor(const AppHarness& app) {
  return app.ui.enrollment.open_for_profile.empty() ? app.ui.enrollment.profile_id
                                                    : app.ui.enrollment.open_for_profile;
}

// Opens the ⋮ popup of a row and lets it appear.
void OpenQuickActions(AppHarness& app, const std::string& profile_id) {
  REQUIRE(app.harness.Click("Quick actions: " + profile_id));
  app.harness.Step(2);
  REQUIRE(app.harness.Find("Details") != nullptr);
}

void OpenDetails(AppHarness& app, const std::string& profile_id) {
  OpenQuickActions(app, profile_id);
  REQUIRE(app.harness.Click("Details"));
  app.harness.Step(2);
  REQUIRE(app.harness.Find("General information") != nullptr);
}

}  // namespace

TEST_CASE("Quick actions: Enroll is disabled for an incompatible profile and says why") {
  AppHarness app(FixtureSnapshot());
  OpenQuickActions(app, "nw-pq-pilot");
  const LoggedItem* enroll = app.harness.Find("Enroll certificate");
  REQUIRE(enroll != nullptr);
  CHECK_FALSE(enroll->enabled);
  const std::string reason =
      "Requires TrustDesk 3.0 or later; this is " + std::string(AppVersion());
  CHECK(enroll->tooltip == reason);
  REQUIRE(app.harness.Hover("Enroll certificate"));
  CHECK(app.harness.Find(reason) != nullptr);  // the tooltip is on screen
  // Clicking it does nothing.
  REQUIRE(app.harness.Click("Enroll certificate"));
  CHECK(EnrollmentFor(app).empty());
  // Nothing issued yet: View issued certificates says so too.
  const LoggedItem* view = app.harness.Find("View issued certificates");
  REQUIRE(view != nullptr);
  CHECK_FALSE(view->enabled);
  CHECK(view->tooltip == "No certificates have been issued from this profile yet");
}

TEST_CASE("Quick actions: the duplicate policy, sign-in and connectivity disable Enroll") {
  SUBCASE("an active certificate and no duplicates allowed") {
    AppHarness app(FixtureSnapshot());
    OpenQuickActions(app, "nw-smime-signing");
    const LoggedItem* enroll = app.harness.Find("Enroll certificate");
    REQUIRE(enroll != nullptr);
    CHECK_FALSE(enroll->enabled);
    CHECK(enroll->tooltip.find("A valid certificate already exists and the profile allows no "
                               "duplicates") == 0);
  }
  SUBCASE("offline") {
    Snapshot snap = FixtureSnapshot();
    snap.sync.state = SyncState::Offline;
    snap.sync.data_from = snap.sync.last_synced;
    AppHarness app(snap);
    OpenQuickActions(app, "nw-vpn");
    CHECK(app.harness.Find("Enroll certificate")->tooltip ==
          "Offline: enrolling needs a connection to the server");
  }
  SUBCASE("session expired") {
    Snapshot snap = FixtureSnapshot();
    snap.sync.state = SyncState::TokenExpired;
    AppHarness app(snap);
    OpenQuickActions(app, "nw-vpn");
    CHECK(app.harness.Find("Enroll certificate")->tooltip ==
          "Your session has expired; sign in again to enroll");
  }
}

TEST_CASE("Quick actions: Esc closes the popup, Enroll opens the enrollment window") {
  AppHarness app(FixtureSnapshot());
  OpenQuickActions(app, "nw-client-auth");
  app.harness.PressKey(ImGuiKey_Escape);
  app.harness.Step();
  CHECK(app.harness.Find("Details") == nullptr);
  CHECK(app.ui.profiles.quick_actions.profile_id.empty());

  OpenQuickActions(app, "nw-vpn");
  const LoggedItem* enroll = app.harness.Find("Enroll certificate");
  REQUIRE(enroll != nullptr);
  CHECK(enroll->enabled);
  REQUIRE(app.harness.Click("Enroll certificate"));
  CHECK(EnrollmentFor(app) == "nw-vpn");
  CHECK(app.harness.Find("Details") == nullptr);  // the popup closed
}

TEST_CASE("Quick actions: View issued certificates navigates with the profile filter") {
  AppHarness app(FixtureSnapshot());
  OpenQuickActions(app, "nw-client-auth");
  REQUIRE(app.harness.Click("View issued certificates"));
  REQUIRE(app.last_commands.size() == 1);
  const auto& nav = std::get<NavigateTo>(app.last_commands[0]);
  CHECK(nav.page == Page::Issued);
  CHECK(nav.profile_filter == "nw-client-auth");
  CHECK(app.ui.issued.profile_filter == "nw-client-auth");
}

TEST_CASE("Details: four sections, summaries while closed, opening one shows its fields") {
  AppHarness app(FixtureSnapshot());
  OpenDetails(app, "nw-smime-signing");
  CHECK(app.ui.profiles.details.profile_id == "nw-smime-signing");

  // General is open and shows version compatibility.
  CHECK(FindLabelContaining(app.harness.log(), "Compatible with this TrustDesk") != nullptr);
  // The others are closed, each with a summary.
  const LoggedItem* account = app.harness.Find("Account");
  REQUIRE(account != nullptr);
  CHECK(account->tooltip ==
        "Northwind Engineering \u00b7 Platform Engineering \u00b7 issued by Northwind Issuing CA 1");
  const LoggedItem* policy = app.harness.Find("Policy");
  REQUIRE(policy != nullptr);
  CHECK(policy->tooltip.find("Software, PKCS#12, OS store \u00b7 auto-enroll + auto-renew \u00b7 "
                             "no duplicates") == 0);
  const LoggedItem* format = app.harness.Find("Certificate format");
  REQUIRE(format != nullptr);
  CHECK(format->tooltip.find("CN, O, C, E, OU \u00b7 EC P-256/P-384, RSA 3072") == 0);
  CHECK(app.harness.Find("Not allowed: one active certificate at a time; the previous one is "
                         "revoked on renewal") == nullptr);

  REQUIRE(app.harness.Click("Policy"));
  CHECK(app.harness.Find("Not allowed: one active certificate at a time; the previous one is "
                         "revoked on renewal") != nullptr);
  REQUIRE(app.harness.Click("Account"));
  CHECK(app.harness.Find("Dana Demo (demo) \u00b7 dana.demo@northwind.example") != nullptr);
  // Everything open is taller than the modal; close two to bring the last header into view.
  REQUIRE(app.harness.Click("Policy"));
  REQUIRE(app.harness.Click("Account"));
  REQUIRE(app.harness.Click("Certificate format"));
  CHECK(app.harness.Find("From your account: email") != nullptr);
  CHECK(app.harness.Find("730 days (about 2 years)") != nullptr);

  // No Advanced sections without Advanced mode.
  CHECK(app.harness.Find("Identifiers and endpoint") == nullptr);
  CHECK(app.harness.Find("Raw JSON") == nullptr);

  // Esc closes the modal.
  app.harness.PressKey(ImGuiKey_Escape);
  app.harness.Step();
  CHECK(app.harness.Find("General information") == nullptr);
  CHECK(app.ui.profiles.details.profile_id.empty());
}

TEST_CASE("Details: an incompatible profile says so, and its Enroll button is disabled") {
  AppHarness app(FixtureSnapshot());
  OpenDetails(app, "nw-pq-pilot");
  CHECK(FindLabelContaining(app.harness.log(), "Incompatible: the profile requires TrustDesk 3.0 or later and this is ") !=
        nullptr);
  const LoggedItem* enroll = app.harness.Find("Enroll certificate");
  REQUIRE(enroll != nullptr);
  CHECK_FALSE(enroll->enabled);
  REQUIRE(app.harness.Click("Close"));
  CHECK(app.harness.Find("General information") == nullptr);
}

TEST_CASE("Details: scripts are shown in full before anything runs") {
  AppHarness app(FixtureSnapshot(), Settings{}, ImVec2(1280, 1000));
  OpenDetails(app, "nw-client-auth");
  REQUIRE(app.harness.Click("General information"));  // close it to make room
  REQUIRE(app.harness.Click("Policy"));
  // Quoted so each argument's boundaries show, as the "Allow this script?" prompt shows them.
  CHECK(app.harness.Find("/usr/local/bin/nw-agent register --profile 'client auth'") != nullptr);
  CHECK(app.harness.Find("'C:\\Program Files\\Northwind\\nw-import.exe' /user /quiet") != nullptr);
  CHECK(app.harness.Find("Allowed: up to 3 active certificates; the previous one stays valid on "
                         "renewal") != nullptr);
}

TEST_CASE("Details: Advanced mode adds identifiers, changes since the last sync and raw JSON") {
  AppHarness app(FixtureSnapshot(), Advanced(), ImVec2(1280, 1000));
  OpenDetails(app, "nw-device-laptop");
  const LoggedItem* changes = app.harness.Find("Changes since the previous sync");
  REQUIRE(changes != nullptr);
  CHECK(changes->tooltip == "2 fields changed");
  REQUIRE(app.harness.Find("Identifiers and endpoint") != nullptr);
  REQUIRE(app.harness.Find("Raw JSON") != nullptr);

  REQUIRE(app.harness.Click("General information"));  // close it to make room
  REQUIRE(app.harness.Click("Changes since the previous sync"));
  CHECK(app.harness.Find("policy.renewal_window.days_before_expiry") != nullptr);
  CHECK(FindInRow(app.harness.log(), "policy.renewal_window.days_before_expiry", "14") != nullptr);
  CHECK(FindInRow(app.harness.log(), "policy.renewal_window.days_before_expiry", "30") != nullptr);
  REQUIRE(app.harness.Click("Changes since the previous sync"));

  REQUIRE(app.harness.Click("Identifiers and endpoint"));
  CHECK(app.harness.Find("https://127.0.0.1:8443/api/v1/profiles/nw-device-laptop/enroll") !=
        nullptr);
  CHECK(app.harness.Find("\"r42-7f3c9a1e\"") != nullptr);  // the list ETag
  CHECK(app.harness.Find("2.5.4.3") != nullptr);           // the CN attribute's OID
  REQUIRE(app.harness.Click("Identifiers and endpoint"));

  REQUIRE(app.harness.Click("Raw JSON"));
  REQUIRE(app.harness.Click("Copy JSON"));
  REQUIRE(app.clipboard.size() == 1);
  // The snapshot keeps the JSON compact; the section shows and copies it indented.
  CHECK(app.snapshot.profiles[6].raw_json.find('\n') == std::string::npos);
  CHECK(app.clipboard[0] ==
        nlohmann::json::parse(app.snapshot.profiles[6].raw_json).dump(2));
  CHECK(app.clipboard[0].find("\n  \"id\": \"nw-device-laptop\"") != std::string::npos);
}

TEST_CASE("Details: a profile removed by a sync while open is reported, not shown stale") {
  AppHarness app(FixtureSnapshot());
  OpenDetails(app, "nw-vpn");
  auto profiles = app.snapshot.profiles.Copy();
  profiles.erase(profiles.begin() + 3);  // nw-vpn
  app.snapshot.profiles = std::move(profiles);
  app.harness.Step(2);
  CHECK(app.harness.Find("Profile removed") != nullptr);
  CHECK(app.harness.Find("General information") == nullptr);
  REQUIRE(app.harness.Click("Close"));
  CHECK(app.ui.profiles.details.profile_id.empty());
}

TEST_CASE("Details: the footer enrolls or opens the issued certificates") {
  AppHarness app(FixtureSnapshot());
  OpenDetails(app, "nw-client-auth");
  REQUIRE(app.harness.Click("View issued certificates (2)"));
  CHECK(app.ui.nav.page == Page::Issued);
  CHECK(app.ui.issued.profile_filter == "nw-client-auth");

  REQUIRE(app.harness.Click("Certificate profiles"));
  OpenDetails(app, "nw-client-auth");
  REQUIRE(app.harness.Click("Enroll certificate"));
  CHECK(EnrollmentFor(app) == "nw-client-auth");
  CHECK(app.harness.Find("General information") == nullptr);
}
