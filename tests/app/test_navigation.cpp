#include <doctest/doctest.h>

#include "app/support/app_harness.h"
#include "app/support/fixture_enroll.h"  // FindContaining

using namespace trustdesk;
using trustdesk::test::AppHarness;

TEST_CASE("Navigation: clicking Issued certificates selects that page and remembers it") {
  AppHarness app;
  CHECK(app.ui.nav.page == Page::Profiles);
  REQUIRE(app.harness.Find("Issued certificates") != nullptr);
  REQUIRE(app.harness.Click("Issued certificates"));
  CHECK(app.ui.nav.page == Page::Issued);
  REQUIRE_FALSE(app.saved.empty());
  CHECK(app.saved.back().last_page == "issued");
  // The page itself is drawn: its empty state says why it is empty.
  CHECK(app.harness.Find("Not signed in") != nullptr);

  REQUIRE(app.harness.Click("Activity"));
  CHECK(app.ui.nav.page == Page::Activity);
  CHECK(app.harness.Find("No activity yet") != nullptr);
}

TEST_CASE("Navigation: the Advanced group appears only in Advanced mode") {
  AppHarness app;
  CHECK(app.harness.Find("Diagnostics") == nullptr);
  CHECK(app.harness.Find("Key stores & devices") == nullptr);

  REQUIRE(app.harness.Click("Settings"));
  CHECK(app.ui.nav.page == Page::Settings);
  REQUIRE(app.harness.Click("Advanced mode"));
  CHECK(app.settings.advanced_mode);
  REQUIRE_FALSE(app.saved.empty());
  CHECK(app.saved.back().advanced_mode);

  REQUIRE(app.harness.Find("Diagnostics") != nullptr);
  REQUIRE(app.harness.Click("Diagnostics"));
  CHECK(app.ui.nav.page == Page::Diagnostics);

  // Turning Advanced mode off while on an Advanced page falls back to Settings.
  REQUIRE(app.harness.Click("Settings"));
  REQUIRE(app.harness.Click("Advanced mode"));
  CHECK_FALSE(app.settings.advanced_mode);
  CHECK(app.harness.Find("Diagnostics") == nullptr);
}

TEST_CASE("Not signed in: the form takes input but Sign in is disabled and says why") {
  AppHarness app;
  const LoggedItem* sign_in = app.harness.Find("Sign in");
  REQUIRE(sign_in != nullptr);
  CHECK_FALSE(sign_in->enabled);
  CHECK(sign_in->tooltip == "Server URL: required");
  CHECK(app.harness.Find("No profiles synced yet") == nullptr);

  REQUIRE(app.harness.Click("Account ID"));
  app.harness.Type("acme-42");
  CHECK(app.ui.sign_in.account_id == "acme-42");
  // Clicking the disabled button does nothing.
  REQUIRE(app.harness.Click("Sign in"));
  CHECK(app.last_commands.empty());
}

TEST_CASE("Signed in with no profiles: honest empty state and sync line") {
  Snapshot snap;
  snap.account = Account{"a1b2", "Acme Corp", "Engineering", "", User{"u1", "ana", "Ana", "ana@example.com", {}}};
  AppHarness app(snap);
  CHECK(app.harness.Find("No profiles synced yet") != nullptr);
  CHECK(app.harness.Find("Sync profiles") != nullptr);
  CHECK(app.harness.Find("Sign in") == nullptr);
}

TEST_CASE("Settings: theme, text size, sync interval, Advanced mode and scripts are saved") {
  AppHarness app;
  REQUIRE(app.harness.Click("Settings"));
  REQUIRE(app.harness.Click("Light"));
  CHECK(app.settings.theme == Theme::Light);
  CHECK(app.saved.back().theme == Theme::Light);
  REQUIRE(app.harness.Click("Dark"));
  CHECK(app.settings.theme == Theme::Dark);

  // The interval field: a digit typed after "15" makes 150 minutes; past a day it is clamped.
  REQUIRE(app.settings.sync_interval_minutes == 15);
  REQUIRE(app.harness.Click("Sync interval"));
  app.harness.PressKey(ImGuiKey_End);
  app.harness.Type("0");
  CHECK(app.settings.sync_interval_minutes == 150);
  CHECK(app.saved.back().sync_interval_minutes == 150);
  app.harness.Type("0");
  CHECK(app.settings.sync_interval_minutes == kMaxSyncInterval);
  app.harness.PressKey(ImGuiKey_Enter);
  REQUIRE(app.harness.Click("-"));
  CHECK(app.settings.sync_interval_minutes == kMaxSyncInterval - 5);
  REQUIRE(app.harness.Click("+"));
  REQUIRE(app.harness.Click("+"));
  CHECK(app.settings.sync_interval_minutes == kMaxSyncInterval);

  // Text size applies when the edit ends (a font atlas rebuild per step would be wasted).
  const std::size_t saves = app.saved.size();
  REQUIRE(app.harness.CtrlClick("Text size"));
  app.harness.PressKey(ImGuiKey_Backspace);
  app.harness.Type("150");
  CHECK(app.saved.size() == saves);  // still typing
  app.harness.PressKey(ImGuiKey_Enter);
  CHECK(app.settings.font_scale == doctest::Approx(1.5f));
  CHECK(app.saved.back().font_scale == doctest::Approx(1.5f));

  REQUIRE(app.harness.Find("Key stores & devices") == nullptr);
  REQUIRE(app.harness.Click("Advanced mode"));
  CHECK(app.settings.advanced_mode);
  CHECK(app.saved.back().advanced_mode);
  CHECK(app.harness.Find("Key stores & devices") != nullptr);

  // The scripts switch is on by default (each script still needs its own consent); off stops all.
  REQUIRE(app.settings.scripts_enabled);
  REQUIRE(app.harness.Click("Run post-processing scripts I have allowed"));
  CHECK_FALSE(app.settings.scripts_enabled);
  CHECK_FALSE(app.saved.back().scripts_enabled);
  CHECK(test::FindContaining(app.harness.log(), "runs only after you allowed that exact script") !=
        nullptr);
  CHECK(test::FindContaining(app.harness.log(), "You have not allowed any script.") != nullptr);
}
