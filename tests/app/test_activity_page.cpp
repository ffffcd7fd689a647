#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "app/support/app_harness.h"
#include "app/support/fixture_certs.h"
#include "app/views/activity_page.h"

using namespace trustdesk;
using namespace trustdesk::test;

namespace {

void ShowActivity(AppHarness& app) {
  app.ui.nav.page = Page::Activity;
  app.harness.Step(2);
}

// Titles of the entries drawn, top to bottom (each entry's row is recorded under its title).
std::vector<std::string> Titles(const AppHarness& app, const std::vector<ActivityEntry>& all) {
  std::vector<std::string> out;
  for (const auto& item : app.harness.log().items()) {
    for (const auto& e : all) {
      if (item.label == e.title && (out.empty() || out.back() != e.title)) {
        out.push_back(e.title);
        break;
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("Activity: newest first, with every entry") {
  AppHarness app(CertificatesSnapshot());
  ShowActivity(app);
  const auto all = ActivityFixture();
  const auto titles = Titles(app, all);
  REQUIRE(titles.size() == all.size());
  CHECK(titles.front() == all.back().title);
  CHECK(titles.back() == all.front().title);
  CHECK(app.harness.Find("6 entries") != nullptr);
}

TEST_CASE("Activity: kind and outcome filters") {
  AppHarness app(CertificatesSnapshot());
  ShowActivity(app);
  REQUIRE(app.harness.Click("Kind filter"));
  REQUIRE(app.harness.Click("Job"));
  app.harness.Step();
  CHECK(app.ui.activity.filter.kind == ActivityKind::Job);
  CHECK(app.ui.activity.rows.size() == 2);
  CHECK(app.harness.Find("2 of 6 entries match the filters") != nullptr);

  REQUIRE(app.harness.Click("Outcome filter"));
  REQUIRE(app.harness.Click("Failed"));
  app.harness.Step();
  REQUIRE(app.ui.activity.rows.size() == 1);
  CHECK(app.harness.Find("Renew Wi-Fi 802.1X (EAP-TLS) failed") != nullptr);
  CHECK(app.harness.Find("Enrolled VPN client certificate") == nullptr);

  REQUIRE(app.harness.Click("Clear filters"));
  app.harness.Step();
  CHECK(app.ui.activity.rows.size() == 6);

  app.ui.activity.filter.text = "RELOADED";  // the detail text is searched too
  app.harness.Step(2);
  CHECK(app.ui.activity.rows.size() == 1);
  app.ui.activity.filter.text = "nothing like this";
  app.harness.Step(2);
  CHECK(app.harness.Find("No activity matches the filters") != nullptr);
}

TEST_CASE("Activity: an entry expands to its detail and copies as JSON") {
  AppHarness app(CertificatesSnapshot());
  ShowActivity(app);
  const char* title = "Renew Wi-Fi 802.1X (EAP-TLS) failed";
  CHECK(app.harness.Find("Copy entry as JSON") == nullptr);
  REQUIRE(app.harness.Click(title));
  CHECK(app.ui.activity.expanded.size() == 1);
  const LoggedItem* detail = nullptr;
  for (const auto& item : app.harness.log().items()) {
    if (item.label.find("Submit request") != std::string::npos) detail = &item;
  }
  CHECK(detail != nullptr);
  REQUIRE(app.harness.Click("Copy entry as JSON"));
  REQUIRE_FALSE(app.clipboard.empty());
  const auto json = nlohmann::json::parse(app.clipboard.back());
  CHECK(json.at("title") == title);
  CHECK(json.at("outcome") == "failed");

  // Collapses again.
  REQUIRE(app.harness.Click(title));
  CHECK(app.ui.activity.expanded.empty());

  REQUIRE(app.harness.Click("Copy as JSON"));
  const auto all = nlohmann::json::parse(app.clipboard.back());
  REQUIRE(all.is_array());
  CHECK(all.size() == 6);
  CHECK(all.front().at("id") == 6);  // newest first
}

TEST_CASE("Activity: a long timeline draws only what is visible") {
  Snapshot snap = CertificatesSnapshot();
  snap.activity = ActivityFixture(2000);
  AppHarness app(snap);
  ShowActivity(app);
  int drawn = 0;
  for (const auto& item : app.harness.log().items()) {
    for (const char* t : {"Synced profiles \u2014 up to date", "Signed in as ana.lopez"}) {
      if (item.label == t) ++drawn;
    }
  }
  CHECK(drawn > 2);
  CHECK(drawn < 30);
  // Expanding the newest entry keeps the rest clipped.
  REQUIRE(app.harness.Click("Signed in as ana.lopez"));
  CHECK(app.ui.activity.expanded.size() == 1);
  CHECK(app.harness.Find("No further detail was recorded.") != nullptr);
}

TEST_CASE("Activity: empty state") {
  Snapshot snap = CertificatesSnapshot();
  snap.activity = std::vector<ActivityEntry>{};
  AppHarness app(snap);
  ShowActivity(app);
  CHECK(app.harness.Find("No activity yet") != nullptr);
}
