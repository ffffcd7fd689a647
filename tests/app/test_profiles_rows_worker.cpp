// ProfileRowCache with lists too big to derive inside a frame: the rows come from the worker, the
// previous rows stay until then, a newer snapshot wins, and filter and sort give the same answer
// as the in-frame derive. A sync limit of 0 sends even the small fixture to the worker; the waits
// have deadlines and nothing sleeps.
#include <doctest/doctest.h>

#include <chrono>
#include <memory>

#include "app/support/fixture_profiles.h"
#include "app/support/visible_rows.h"
#include "app/ui/profile_rows.h"

using namespace trustdesk;
using namespace trustdesk::test;

namespace {

constexpr auto kDeadline = std::chrono::seconds(30);
constexpr const char* kApp = "2.1.0";

}  // namespace

TEST_CASE("Profile rows worker: the first rows arrive from the worker, loading until then") {
  const Snapshot snap = FixtureSnapshot();
  ProfileRowCache cache(/*sync_limit=*/0);
  int wakes = 0;  // read only after WaitForRows, which orders it after the worker's call
  cache.SetWake([&] { ++wakes; });
  CHECK(cache.Update(snap, kProfilesNow, kApp));
  CHECK(cache.rows().empty());
  CHECK(cache.loading());
  CHECK(cache.Find("nw-smime-signing") == nullptr);
  REQUIRE(cache.WaitForRows(kDeadline));
  CHECK_FALSE(cache.loading());
  CHECK(wakes >= 1);
  CHECK(cache.rows().size() == 10);
  CHECK(cache.visible().size() == 10);
  CHECK(cache.rebuilds() == 1);
  CHECK(cache.app_version() == kApp);
  const ProfileRow* smime = cache.Find("nw-smime-signing");
  REQUIRE(smime != nullptr);
  CHECK(smime->renew == RenewState::CanRenew);
  CHECK_FALSE(cache.RenewReason(*smime, kProfilesNow).empty());
  CHECK_FALSE(cache.Update(snap, kProfilesNow, kApp));
  CHECK_FALSE(cache.pending());
}

TEST_CASE("Profile rows worker: filter and sort match the in-frame derive") {
  const Snapshot snap = FixtureSnapshot();
  ProfileRowCache worker(/*sync_limit=*/0);
  ProfileRowCache inline_cache;
  worker.Update(snap, kProfilesNow, kApp);
  inline_cache.Update(snap, kProfilesNow, kApp);
  for (ProfileColumn column :
       {ProfileColumn::Name, ProfileColumn::Version, ProfileColumn::RenewStatus,
        ProfileColumn::Issued, ProfileColumn::AutoConfigured, ProfileColumn::KeyStores,
        ProfileColumn::ProfileId, ProfileColumn::Revision}) {
    for (bool ascending : {true, false}) {
      CAPTURE(static_cast<int>(column));
      CAPTURE(ascending);
      worker.SetSort({{column, ascending}});
      inline_cache.SetSort({{column, ascending}});
      REQUIRE(worker.WaitForRows(kDeadline));
      CHECK(VisibleIds(worker) == VisibleIds(inline_cache));
    }
  }
  for (const char* filter : {"VPN", "pkcs#12", "3.0", "no such profile", ""}) {
    CAPTURE(filter);
    worker.SetFilter(filter);
    inline_cache.SetFilter(filter);
    REQUIRE(worker.WaitForRows(kDeadline));
    CHECK(VisibleIds(worker) == VisibleIds(inline_cache));
  }
  CHECK(worker.rebuilds() == 1);  // a filter or sort reuses the rows
}

TEST_CASE("Profile rows worker: a newer snapshot supersedes a pending one") {
  const Snapshot a = ManyProfilesSnapshot(3000);
  const Snapshot b = ManyProfilesSnapshot(2000);
  ProfileRowCache cache(/*sync_limit=*/0);
  cache.Update(a, kProfilesNow, kApp);
  REQUIRE(cache.WaitForRows(kDeadline));
  REQUIRE(cache.rows().size() == 3000);
  // New lists: the old rows stay until the new ones are taken, whole.
  cache.Update(b, kProfilesNow, kApp);
  CHECK(cache.rows().size() == 3000);
  cache.Update(a, kProfilesNow, kApp);  // and a newer snapshot again before that
  REQUIRE(cache.WaitForRows(kDeadline));
  CHECK(cache.rows().size() == 3000);
  CHECK(cache.rebuilds() <= 3);
  // Only b's row set could have been shown in between; the one shown last is a's.
  CHECK(cache.Find(b.profiles.get()[0].profile.id) != nullptr);  // same ids in both lists
  CHECK(cache.Find(b.profiles.get()[0].profile.id)->entry == &a.profiles.get()[0]);
}

TEST_CASE("Profile rows worker: destroying the cache while a derive runs is safe") {
  const Snapshot snap = ManyProfilesSnapshot(5000);
  for (int i = 0; i < 3; ++i) {
    auto cache = std::make_unique<ProfileRowCache>(/*sync_limit=*/0);
    cache->Update(snap, kProfilesNow, kApp);
    cache->SetFilter("profile");
    CHECK(cache->pending());
    cache.reset();  // joins the worker after its derive
  }
  ProfileRowCache cache(/*sync_limit=*/0);
  cache.Update(snap, kProfilesNow, kApp);
  REQUIRE(cache.WaitForRows(kDeadline));
  CHECK(cache.rows().size() == 5000);
}
