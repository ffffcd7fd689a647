// IssuedRowCache with lists too big to derive inside a frame: the rows come from the worker, the
// previous rows stay until then, a newer snapshot wins, and filter and sort give the same answer
// as the in-frame derive. A sync limit of 0 sends even the small fixture to the worker, so these
// stay fast; the waits have deadlines and nothing sleeps.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <memory>

#include "app/support/fixture_certs.h"
#include "app/support/visible_rows.h"
#include "app/ui/issued_rows.h"

using namespace trustdesk;
using namespace trustdesk::test;

namespace {

constexpr auto kDeadline = std::chrono::seconds(30);

// Every query the page can ask, with each sort column in both directions.
std::vector<IssuedQuery> Queries() {
  std::vector<IssuedQuery> out;
  for (IssuedColumn column : {IssuedColumn::CommonName, IssuedColumn::Profile, IssuedColumn::Serial,
                              IssuedColumn::Issued, IssuedColumn::Expires, IssuedColumn::Status,
                              IssuedColumn::OnThisMachine, IssuedColumn::Renew}) {
    for (bool descending : {false, true}) {
      IssuedQuery q;
      q.sort = column;
      q.descending = descending;
      out.push_back(q);
    }
  }
  IssuedQuery q;
  q.profile_id = "vpn-client";
  out.push_back(q);
  q = {};
  q.status = CertStatus::ExpiringSoon;
  out.push_back(q);
  q = {};
  q.installed_only = true;
  q.text = "acme";
  out.push_back(q);
  q = {};
  q.text = "  DESKTOP ";
  out.push_back(q);
  return out;
}

}  // namespace

TEST_CASE("Issued rows worker: the first rows arrive from the worker, loading until then") {
  const Snapshot snap = CertificatesSnapshot();
  IssuedRowCache cache(/*sync_limit=*/0);
  int wakes = 0;  // read only after WaitForRows, which orders it after the worker's call
  cache.SetWake([&] { ++wakes; });
  CHECK(cache.Update(snap, kFixtureNow));
  // Nothing is shown before a Poll (the next Update, Apply or frame), so this frame draws
  // "Loading" even when the worker has already finished.
  CHECK(cache.rows().empty());
  CHECK(cache.visible().empty());
  CHECK(cache.loading());
  CHECK(cache.Find(serials::kVpnValid) == nullptr);
  REQUIRE(cache.WaitForRows(kDeadline));
  CHECK_FALSE(cache.loading());
  CHECK_FALSE(cache.pending());
  CHECK(wakes >= 1);
  CHECK(cache.rows().size() == 11);
  CHECK(cache.visible().size() == 11);
  CHECK(cache.rebuilds() == 1);
  CHECK(cache.CountByStatus(CertStatus::ExpiringSoon) == 2);
  REQUIRE(cache.Find(serials::kLocalOnly) != nullptr);
  CHECK(cache.Find(serials::kLocalOnly)->common_name == "build-agent-7.acme.example");
  // Same lists in the next frames: nothing more to derive.
  CHECK_FALSE(cache.Update(snap, kFixtureNow));
  cache.Apply(IssuedQuery{});
  CHECK_FALSE(cache.pending());
}

TEST_CASE("Issued rows worker: filter and sort match the in-frame derive for every query") {
  const Snapshot snap = CertificatesSnapshot();
  IssuedRowCache worker(/*sync_limit=*/0);
  IssuedRowCache inline_cache;
  worker.Update(snap, kFixtureNow);
  inline_cache.Update(snap, kFixtureNow);
  for (const IssuedQuery& q : Queries()) {
    CAPTURE(static_cast<int>(q.sort));
    CAPTURE(q.descending);
    CAPTURE(q.text);
    worker.Apply(q);
    inline_cache.Apply(q);
    REQUIRE(worker.WaitForRows(kDeadline));
    CHECK(VisibleSerials(worker) == VisibleSerials(inline_cache));
  }
  // A new filter or sort reuses the rows: derived once.
  CHECK(worker.rebuilds() == 1);
  IssuedQuery q;
  q.text = "desktop";
  worker.Apply(q);
  REQUIRE(worker.WaitForRows(kDeadline));
  CHECK(VisibleSerials(worker) == std::vector<std::string>{serials::kVpnExpiring});
}

TEST_CASE("Issued rows worker: the previous rows stay until the new ones are ready") {
  Snapshot snap = CertificatesSnapshot();
  IssuedRowCache cache(/*sync_limit=*/0);
  cache.Update(snap, kFixtureNow);
  REQUIRE(cache.WaitForRows(kDeadline));
  REQUIRE(cache.rows().size() == 11);

  auto issued = snap.issued.Copy();
  issued.pop_back();
  snap.issued = std::move(issued);
  CHECK(cache.Update(snap, kFixtureNow));
  // Until a Poll takes the new rows the old ones are shown, whole (not loading).
  CHECK(cache.rows().size() == 11);
  CHECK_FALSE(cache.loading());
  REQUIRE(cache.WaitForRows(kDeadline));
  CHECK(cache.rows().size() == 10);
  CHECK(cache.rebuilds() == 2);
}

TEST_CASE("Issued rows worker: from no certificates to many, the page says loading") {
  Snapshot empty = CertificatesSnapshot();
  empty.issued = std::vector<IssuedCertificate>{};
  empty.installed = std::vector<InventoryEntry>{};
  IssuedRowCache cache(/*sync_limit=*/0);
  cache.Update(empty, kFixtureNow);  // nothing to derive: done in the frame
  CHECK(cache.rows().empty());
  CHECK_FALSE(cache.loading());
  cache.Update(CertificatesSnapshot(), kFixtureNow);
  CHECK(cache.loading());  // not "No certificates issued yet" while the first ones are derived
  REQUIRE(cache.WaitForRows(kDeadline));
  CHECK_FALSE(cache.loading());
  CHECK(cache.rows().size() == 11);
}

TEST_CASE("Issued rows worker: a newer snapshot supersedes a pending one") {
  Snapshot a = ManyCertificatesSnapshot(3000);
  Snapshot b = a;
  auto issued = b.issued.Copy();
  issued.resize(1000);
  b.issued = std::move(issued);
  Snapshot c = a;
  issued = c.issued.Copy();
  issued.resize(2000);
  c.issued = std::move(issued);

  IssuedRowCache cache(/*sync_limit=*/0);
  // Three snapshots in a row, as from a burst of syncs: whatever the worker got to, the rows
  // shown in the end are the newest snapshot's.
  cache.Update(a, kFixtureNow);
  cache.Update(b, kFixtureNow);
  cache.Update(c, kFixtureNow);
  REQUIRE(cache.WaitForRows(kDeadline));
  CHECK_FALSE(cache.pending());
  CHECK(cache.rebuilds() <= 3);
  IssuedRowCache reference(std::numeric_limits<std::size_t>::max());  // always in the frame
  reference.Update(c, kFixtureNow);
  CHECK(VisibleSerials(cache) == VisibleSerials(reference));
  CHECK(cache.Find(c.issued[1999].serial)->cert == &c.issued[1999]);
  CHECK(cache.Find(a.issued[2999].serial) == nullptr);  // only in the first snapshot

  // Back to a small list: it derives in the frame and the worker's older work never shows.
  IssuedRowCache mixed(/*sync_limit=*/1500);
  mixed.Update(a, kFixtureNow);  // 3,000 listed + 429 installed: on the worker
  mixed.Update(b, kFixtureNow);  // 1,000 listed + 429 installed: in the frame
  reference.Update(b, kFixtureNow);
  CHECK(VisibleSerials(mixed) == VisibleSerials(reference));
  REQUIRE(mixed.WaitForRows(kDeadline));
  CHECK(VisibleSerials(mixed) == VisibleSerials(reference));
  CHECK(mixed.Find(b.issued[999].serial)->cert == &b.issued[999]);
}

TEST_CASE("Issued rows worker: destroying the cache while a derive runs is safe") {
  const Snapshot snap = ManyCertificatesSnapshot(20000);
  for (int i = 0; i < 3; ++i) {
    auto cache = std::make_unique<IssuedRowCache>(/*sync_limit=*/0);
    cache->Update(snap, kFixtureNow);
    IssuedQuery q;
    q.text = "device-1";
    cache->Apply(q);
    CHECK(cache->pending());
    cache.reset();  // joins the worker after its derive
  }
  // The snapshot the worker read is intact and derives as before.
  IssuedRowCache cache(/*sync_limit=*/0);
  cache.Update(snap, kFixtureNow);
  REQUIRE(cache.WaitForRows(kDeadline));
  CHECK(cache.rows().size() == 20000);  // every 7th is installed, all of them listed
}

TEST_CASE("Issued rows worker: a copy shows the same rows and derives on its own") {
  Snapshot snap = CertificatesSnapshot();
  IssuedRowCache original(/*sync_limit=*/0);
  original.Update(snap, kFixtureNow);
  REQUIRE(original.WaitForRows(kDeadline));
  IssuedRowCache copy = original;
  original = IssuedRowCache{};
  CHECK(copy.Find(serials::kLocalOnly)->common_name == "build-agent-7.acme.example");
  CHECK_FALSE(copy.Update(snap, kFixtureNow));
  auto issued = snap.issued.Copy();
  issued.pop_back();
  snap.issued = std::move(issued);
  CHECK(copy.Update(snap, kFixtureNow));
  REQUIRE(copy.WaitForRows(kDeadline));
  CHECK(copy.rows().size() == 10);
}
