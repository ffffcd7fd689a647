#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "app/support/app_harness.h"
#include "app/support/fixture_certs.h"

using namespace trustdesk;
using namespace trustdesk::test;

namespace {

void ShowIssued(AppHarness& app) {
  app.ui.nav.page = Page::Issued;
  app.harness.Step(2);
}

int CountRowsDrawn(const AppHarness& app) {
  int n = 0;
  for (const auto& item : app.harness.log().items()) {
    if (item.label.rfind("Actions ", 0) == 0) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("Issued page: every certificate with its status, installed place and renew state") {
  AppHarness app(CertificatesSnapshot());
  ShowIssued(app);
  CHECK(CountRowsDrawn(app) == 11);
  CHECK(app.harness.Find("ana-laptop.acme.example") != nullptr);
  CHECK(app.harness.Find("build-agent-7.acme.example") != nullptr);  // inventory only
  CHECK(app.harness.Find("11 certificates") != nullptr);
  CHECK(app.harness.Find("No certificates issued yet") == nullptr);
}

TEST_CASE("Issued page: opened from a profile it is filtered to that profile") {
  AppHarness app(CertificatesSnapshot());
  // What the profiles page's issued-count link pushes.
  app.controller.Execute({NavigateTo{Page::Issued, "smime-eng"}});
  app.harness.Step(2);
  CHECK(app.ui.nav.page == Page::Issued);
  CHECK(app.ui.issued.profile_filter == "smime-eng");
  CHECK(CountRowsDrawn(app) == 2);
  CHECK(app.harness.Find("Ana Lopez") != nullptr);
  CHECK(app.harness.Find("ana-laptop.acme.example") == nullptr);
  CHECK(app.harness.Find("2 of 11 certificates match the filters") != nullptr);

  REQUIRE(app.harness.Click("Clear filters"));
  CHECK(app.ui.issued.profile_filter.empty());
  CHECK(CountRowsDrawn(app) == 11);
}

TEST_CASE("Issued page: a profile with no certificates says so") {
  AppHarness app(CertificatesSnapshot());
  app.controller.Execute({NavigateTo{Page::Issued, "wifi"}});
  app.harness.Step(2);
  CHECK(CountRowsDrawn(app) == 1);
  app.ui.issued.profile_filter = "nothing-here";
  app.harness.Step(2);
  CHECK(app.harness.Find("No certificates from nothing-here") != nullptr);
}

TEST_CASE("Issued page: status, installed-here and text filters") {
  AppHarness app(CertificatesSnapshot());
  ShowIssued(app);

  REQUIRE(app.harness.Click("Status filter"));
  REQUIRE(app.harness.Find("Expired (1)") != nullptr);
  REQUIRE(app.harness.Click("Expired (1)"));
  CHECK(app.ui.issued.status_filter == CertStatus::Expired);
  CHECK(CountRowsDrawn(app) == 1);
  CHECK(app.harness.Find("ana-old-laptop.acme.example") != nullptr);

  REQUIRE(app.harness.Click("Status filter"));
  REQUIRE(app.harness.Click("All statuses"));
  CHECK_FALSE(app.ui.issued.status_filter.has_value());

  REQUIRE(app.harness.Click("On this machine"));
  CHECK(app.ui.issued.installed_only);
  CHECK(CountRowsDrawn(app) == 6);
  REQUIRE(app.harness.Click("On this machine"));

  REQUIRE(app.harness.Click("Filter certificates"));
  app.harness.Type("Desktop");
  CHECK(app.ui.issued.text_filter == "Desktop");
  CHECK(CountRowsDrawn(app) == 1);
  CHECK(app.harness.Find("ana-desktop.acme.example") != nullptr);
}

TEST_CASE("Issued page: filters that match nothing say so") {
  AppHarness app(CertificatesSnapshot());
  app.ui.issued.text_filter = "zzz";
  ShowIssued(app);
  CHECK(app.harness.Find("No certificates match the filters") != nullptr);
  REQUIRE(app.harness.Click("Clear filters"));
  CHECK(CountRowsDrawn(app) == 11);
}

TEST_CASE("Issued page: the profile filter combo lists the profiles") {
  AppHarness app(CertificatesSnapshot());
  ShowIssued(app);
  REQUIRE(app.harness.Click("Profile filter"));
  REQUIRE(app.harness.Click("Wi-Fi 802.1X (EAP-TLS)"));
  CHECK(app.ui.issued.profile_filter == "wifi");
  CHECK(CountRowsDrawn(app) == 1);
}

TEST_CASE("Issued page: sorting by a column header") {
  AppHarness app(CertificatesSnapshot());
  ShowIssued(app);
  CHECK(app.ui.issued.sort == IssuedColumn::Expires);
  REQUIRE(app.harness.Click("Common name"));
  CHECK(app.ui.issued.sort == IssuedColumn::CommonName);
  CHECK_FALSE(app.ui.issued.sort_descending);
  REQUIRE(app.harness.Click("Common name"));
  CHECK(app.ui.issued.sort_descending);
}

TEST_CASE("Issued page: 200,000 certificates draw only the visible rows, derived once") {
  AppHarness app(ManyCertificatesSnapshot(200'000));
  ShowIssued(app);
  // The rows are derived on a worker; a frame drawn before they arrive says they are loading.
  if (app.ui.issued.rows.rows().empty()) {
    CHECK(app.harness.Find("Loading 200,000 certificates\u2026") != nullptr);
    CHECK(CountRowsDrawn(app) == 0);
  }
  REQUIRE(app.ui.issued.rows.WaitForRows(std::chrono::seconds(60)));
  app.harness.Step(2);
  CHECK(app.harness.Find("Loading 200,000 certificates\u2026") == nullptr);
  const int drawn = CountRowsDrawn(app);
  CHECK(drawn > 5);
  CHECK(drawn < 60);
  CHECK(app.harness.Find("200,000 certificates") != nullptr);
  app.snapshot.generation += 1;  // e.g. a job progress update: same lists
  app.harness.Step(5);
  CHECK(app.ui.issued.rows.rebuilds() == 1);
}

TEST_CASE("Issued page: signed out and empty states") {
  {
    AppHarness app;
    ShowIssued(app);
    CHECK(app.harness.Find("Not signed in") != nullptr);
  }
  Snapshot snap = CertificatesSnapshot();
  snap.issued = std::vector<IssuedCertificate>{};
  snap.installed = std::vector<InventoryEntry>{};
  AppHarness app(snap);
  ShowIssued(app);
  CHECK(app.harness.Find("No certificates issued yet") != nullptr);
}
