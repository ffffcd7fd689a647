#include <doctest/doctest.h>

#include "app/support/app_harness.h"

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

TEST_CASE("Settings: theme and sync interval are edited through commands") {
  AppHarness app;
  REQUIRE(app.harness.Click("Settings"));
  REQUIRE(app.harness.Click("Light"));
  CHECK(app.settings.theme == Theme::Light);
  CHECK(app.saved.back().theme == Theme::Light);
  REQUIRE(app.harness.Click("Dark"));
  CHECK(app.settings.theme == Theme::Dark);
}
