// Key stores & devices (Advanced mode): stores in use grouped from the inventory with counts and
// locations, missing entries flagged, and the stores this build cannot use said honestly.
#include <doctest/doctest.h>

#include "app/support/app_harness.h"
#include "app/support/fixture_enroll.h"

using namespace trustdesk;
using trustdesk::test::AppHarness;
using trustdesk::test::FindContaining;

namespace {

Settings Advanced() {
  Settings s;
  s.advanced_mode = true;
  return s;
}

}  // namespace

TEST_CASE("Key stores: the stores in use, grouped with counts, locations and missing entries") {
  AppHarness app(test::KeyStoresSnapshot(), Advanced(), ImVec2(1280, 1000));
  REQUIRE(app.harness.Click("Key stores & devices"));
  CHECK(app.ui.nav.page == Page::KeyStores);

  // One group per store and location, with its count.
  CHECK(app.harness.Find("Software key store \u2014 "
                         "/home/ana/.local/share/trustdesk/software-keystore.json (1)") != nullptr);
  CHECK(app.harness.Find("PEM files \u2014 /home/ana/certificates (2)") != nullptr);
  CHECK(app.harness.Find("PKCS#12 file \u2014 /home/ana/exports (1)") != nullptr);
  CHECK(app.harness.Find("/home/ana/certificates") != nullptr);  // location in the stores table

  // The PEM folder has one entry whose files are gone.
  const LoggedItem* missing_store = app.harness.Find("\u26a0 1 missing");
  REQUIRE(missing_store != nullptr);
  CHECK(missing_store->tooltip.find("files are gone") != std::string::npos);
  const LoggedItem* missing_cert = app.harness.Find("\u26a0 Missing");
  REQUIRE(missing_cert != nullptr);
  CHECK(missing_cert->tooltip.find("/home/ana/certificates") != std::string::npos);

  // Certificates by common name, with the profile's name; expiring soon is flagged.
  CHECK(app.harness.Find("laptop-042") != nullptr);
  CHECK(app.harness.Find("old-laptop") != nullptr);
  CHECK(app.harness.Find("VPN client") != nullptr);
  CHECK(app.harness.Find("Ana L\u00f3pez") != nullptr);
  CHECK(FindContaining(app.harness.log(), "Expires in 12 days") == nullptr);  // it is missing
  CHECK(app.harness.Find("\u2713 Installed") != nullptr);
}

TEST_CASE("Key stores: the OS store and PKCS#11 say they are not available in this build") {
  AppHarness app(test::KeyStoresSnapshot(), Advanced());
  REQUIRE(app.harness.Click("Key stores & devices"));
  int unavailable = 0;
  for (const LoggedItem& item : app.harness.log().items()) {
    if (item.label == "Not available in this build") {
      ++unavailable;
      CHECK(item.tooltip.find("This build of TrustDesk cannot use") == 0);
    }
  }
  CHECK(unavailable == 2);
}

TEST_CASE("Key stores: nothing installed gives an honest empty state") {
  AppHarness app(test::EnrollSnapshot(), Advanced());
  REQUIRE(app.harness.Click("Key stores & devices"));
  CHECK(app.harness.Find("No certificates installed here") != nullptr);
  int not_in_use = 0;
  for (const LoggedItem& item : app.harness.log().items()) not_in_use += item.label == "Not in use";
  CHECK(not_in_use == 3);  // PEM files, PKCS#12, software store: available but unused
}
