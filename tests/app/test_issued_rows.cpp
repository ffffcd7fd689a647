#include <doctest/doctest.h>

#include <algorithm>

#include "app/support/fixture_certs.h"
#include "app/support/visible_rows.h"
#include "app/ui/issued_actions.h"
#include "app/ui/issued_rows.h"

using namespace trustdesk;
using namespace trustdesk::test;

namespace {

const IssuedRow& Row(const IssuedRowCache& cache, const char* serial) {
  const IssuedRow* row = cache.Find(serial);
  REQUIRE_MESSAGE(row != nullptr, serial);
  return *row;
}

}  // namespace

TEST_CASE("Issued rows: server list merged with the inventory, with status and renew state") {
  const Snapshot snap = CertificatesSnapshot();
  IssuedRowCache cache;
  REQUIRE(cache.Update(snap, kFixtureNow));
  // 10 listed by the server + 1 installed here only.
  CHECK(cache.rows().size() == 11);

  CHECK(Row(cache, serials::kVpnValid).status == CertStatus::Valid);
  CHECK(Row(cache, serials::kVpnExpiring).status == CertStatus::ExpiringSoon);
  CHECK(Row(cache, serials::kVpnExpired).status == CertStatus::Expired);
  CHECK(Row(cache, serials::kSmimeRevoked).status == CertStatus::Revoked);
  // 25 days left with a 30-day window.
  CHECK(Row(cache, serials::kContractor).status == CertStatus::ExpiringSoon);

  CHECK(Row(cache, serials::kVpnExpiring).renew == RenewState::CanRenew);
  CHECK(Row(cache, serials::kVpnValid).renew == RenewState::NoAction);
  CHECK(Row(cache, serials::kContractor).renew == RenewState::NoAction);  // incompatible
  CHECK_FALSE(Row(cache, serials::kContractor).compatible);

  const IssuedRow& local = Row(cache, serials::kLocalOnly);
  CHECK(local.cert == nullptr);
  REQUIRE(local.installed != nullptr);
  CHECK(local.common_name == "build-agent-7.acme.example");
  CHECK(local.profile != nullptr);

  const IssuedRow& unassigned = Row(cache, serials::kUnassigned);
  CHECK(unassigned.profile == nullptr);
  CHECK(unassigned.installed == nullptr);

  CHECK(cache.CountByStatus(CertStatus::Revoked) == 1);
  CHECK(cache.CountByStatus(CertStatus::Expired) == 1);
  CHECK(cache.CountByStatus(CertStatus::ExpiringSoon) == 2);
  CHECK(cache.CountByStatus(CertStatus::Valid) == 7);
}

TEST_CASE("Issued rows: filters by profile, status, installed here and text") {
  const Snapshot snap = CertificatesSnapshot();
  IssuedRowCache cache;
  cache.Update(snap, kFixtureNow);

  IssuedQuery q;
  cache.Apply(q);
  CHECK(cache.visible().size() == 11);

  q.profile_id = "smime-eng";
  cache.Apply(q);
  auto serials = VisibleSerials(cache);
  CHECK(serials.size() == 2);
  CHECK(std::count(serials.begin(), serials.end(), serials::kSmimeEscrowed) == 1);

  q = {};
  q.status = CertStatus::ExpiringSoon;
  cache.Apply(q);
  CHECK(VisibleSerials(cache).size() == 2);

  q = {};
  q.installed_only = true;
  cache.Apply(q);
  CHECK(VisibleSerials(cache).size() == 6);

  q = {};
  q.text = "  DESKTOP ";  // case-insensitive, trimmed
  cache.Apply(q);
  REQUIRE(VisibleSerials(cache).size() == 1);
  CHECK(VisibleSerials(cache)[0] == serials::kVpnExpiring);

  q.text = "wi-fi";  // the profile name matches too
  cache.Apply(q);
  CHECK(VisibleSerials(cache) == std::vector<std::string>{serials::kWifi});

  q.text = "build-agent";  // a row known only from the inventory
  cache.Apply(q);
  CHECK(VisibleSerials(cache) == std::vector<std::string>{serials::kLocalOnly});

  q.text = "no such certificate";
  cache.Apply(q);
  CHECK(cache.visible().empty());
}

TEST_CASE("Issued rows: sorting by each column, both directions, with a stable tie-break") {
  const Snapshot snap = CertificatesSnapshot();
  IssuedRowCache cache;
  cache.Update(snap, kFixtureNow);

  IssuedQuery q;
  q.sort = IssuedColumn::Expires;
  cache.Apply(q);
  auto rows = cache.visible();
  for (std::size_t i = 1; i < rows.size(); ++i) {
    CHECK(cache.rows()[rows[i - 1]].not_after <= cache.rows()[rows[i]].not_after);
  }
  CHECK(cache.rows()[rows.front()].serial == serials::kVpnExpired);

  q.descending = true;
  cache.Apply(q);
  CHECK(cache.rows()[cache.visible().back()].serial == serials::kVpnExpired);

  q.sort = IssuedColumn::CommonName;
  q.descending = false;
  cache.Apply(q);
  rows = cache.visible();
  // Case-insensitive: "Ana Lopez" first (a space sorts before '-'), then the "ana-…" names.
  CHECK(cache.rows()[rows.front()].common_name == "Ana Lopez");
  CHECK(cache.rows()[rows[1]].common_name == "ana-desktop.acme.example");

  q.sort = IssuedColumn::Renew;
  cache.Apply(q);
  CHECK(cache.rows()[cache.visible().front()].serial == serials::kVpnExpiring);

  q.sort = IssuedColumn::OnThisMachine;
  cache.Apply(q);
  for (std::size_t i = 0; i < 6; ++i) CHECK(cache.rows()[cache.visible()[i]].installed != nullptr);
  CHECK(cache.rows()[cache.visible()[6]].installed == nullptr);

  // Equal keys (status) fall back to the serial, so the order never flickers between frames.
  q.sort = IssuedColumn::Status;
  cache.Apply(q);
  const auto first = VisibleSerials(cache);
  IssuedRowCache other;
  other.Update(snap, kFixtureNow);
  other.Apply(q);
  CHECK(VisibleSerials(other) == first);
  for (std::size_t i = 1; i < first.size(); ++i) {
    const IssuedRow& a = *cache.Find(first[i - 1]);
    const IssuedRow& b = *cache.Find(first[i]);
    if (a.status == b.status) CHECK(a.serial < b.serial);
  }
}

TEST_CASE("Issued rows: derived once per list, not per frame or job update") {
  Snapshot snap = CertificatesSnapshot();
  IssuedRowCache cache;
  CHECK(cache.Update(snap, kFixtureNow));
  CHECK(cache.rebuilds() == 1);

  // A job progress update publishes a new generation with the same lists.
  snap.generation += 1;
  snap.jobs.push_back(JobStatus{});
  CHECK_FALSE(cache.Update(snap, kFixtureNow));
  CHECK_FALSE(cache.Update(snap, Timestamp{kFixtureNow.unix_seconds + 30}));
  CHECK(cache.rebuilds() == 1);

  // A sync replaced the issued list.
  auto issued = snap.issued.Copy();
  issued.pop_back();
  snap.issued = std::move(issued);
  CHECK(cache.Update(snap, kFixtureNow));
  CHECK(cache.rows().size() == 10);
  CHECK(cache.rebuilds() == 2);
}

TEST_CASE("Issued rows: statuses move with time") {
  const Snapshot snap = CertificatesSnapshot();
  IssuedRowCache cache;
  cache.Update(snap, kFixtureNow);
  CHECK(cache.Find(serials::kVpnExpiring)->status == CertStatus::ExpiringSoon);
  // Eleven days later the expiring certificate has expired.
  const Timestamp later{kFixtureNow.unix_seconds + 11 * kDay};
  CHECK(cache.Update(snap, later));
  CHECK(cache.Find(serials::kVpnExpiring)->status == CertStatus::Expired);
  CHECK(cache.Find(serials::kVpnExpiring)->renew == RenewState::NoAction);
  // Nothing changes in the next minute: no rebuild.
  CHECK_FALSE(cache.Update(snap, Timestamp{later.unix_seconds + 50}));
}

TEST_CASE("Issued rows: a copied cache keeps valid names for inventory-only rows") {
  const Snapshot snap = CertificatesSnapshot();
  IssuedRowCache original;
  original.Update(snap, kFixtureNow);
  IssuedRowCache copy = original;
  original = IssuedRowCache{};
  CHECK(copy.Find(serials::kLocalOnly)->common_name == "build-agent-7.acme.example");
}

TEST_CASE("Issued actions: each disabled action says why") {
  Snapshot snap = CertificatesSnapshot();
  IssuedRowCache cache;
  cache.Update(snap, kFixtureNow);
  const auto& jobs = snap.jobs;
  auto row = [&](const char* s) -> const IssuedRow& { return *cache.Find(s); };

  CHECK(RenewBlockedReason(row(serials::kVpnExpiring), jobs, kFixtureNow).empty());
  CHECK(RenewBlockedReason(row(serials::kVpnValid), jobs, kFixtureNow)
            .find("Not in the renewal window yet") != std::string::npos);
  CHECK(RenewBlockedReason(row(serials::kVpnExpired), jobs, kFixtureNow)
            .find("Not installed on this machine") != std::string::npos);
  CHECK(RenewBlockedReason(row(serials::kContractor), jobs, kFixtureNow)
            .find("requires TrustDesk 99.0 or newer") != std::string::npos);
  CHECK(RenewBlockedReason(row(serials::kSmimeRevoked), jobs, kFixtureNow).find("Revoked") !=
        std::string::npos);
  CHECK(RenewBlockedReason(row(serials::kVpnMissing), jobs, kFixtureNow)
            .find("missing from /home/ana/certs/ana-vm") != std::string::npos);
  CHECK(
      RenewBlockedReason(row(serials::kUnassigned), jobs, kFixtureNow).find("no longer assigned") !=
      std::string::npos);

  CHECK(ExportBlockedReason(row(serials::kVpnValid), jobs).empty());
  CHECK(ExportBlockedReason(row(serials::kWifi), jobs) ==
        "The profile's policy does not allow exporting the private key.");
  CHECK(ExportBlockedReason(row(serials::kVpnExpired), jobs) ==
        "The private key is not on this machine.");

  CHECK(RevokeBlockedReason(row(serials::kVpnValid), jobs).empty());
  CHECK(RevokeBlockedReason(row(serials::kSmimeRevoked), jobs)
            .find("Already revoked on 2025-12-27 (key_compromise)") != std::string::npos);
  CHECK_FALSE(RevokeBlockedReason(row(serials::kLocalOnly), jobs).empty());

  CHECK(RecoverBlockedReason(row(serials::kSmimeEscrowed), jobs).empty());
  CHECK(RecoverBlockedReason(row(serials::kVpnValid), jobs).find("does not escrow keys") !=
        std::string::npos);

  // A running job on a certificate blocks its other actions until it finishes.
  JobStatus job;
  job.id = 4;
  job.kind = JobKind::Renew;
  job.state = JobState::Running;
  job.title = "Renew VPN client";
  job.serial = serials::kVpnExpiring;
  snap.jobs.push_back(job);
  CHECK(RenewBlockedReason(row(serials::kVpnExpiring), snap.jobs, kFixtureNow)
            .find("A renew job is running") != std::string::npos);
  CHECK_FALSE(RevokeBlockedReason(row(serials::kVpnExpiring), snap.jobs).empty());
  snap.jobs.back().state = JobState::Succeeded;
  CHECK(RenewBlockedReason(row(serials::kVpnExpiring), snap.jobs, kFixtureNow).empty());
}

TEST_CASE("Issued rows: common name from an RFC 4514 subject") {
  CHECK(CommonNameFromSubject("CN=alice,O=Acme") == "alice");
  CHECK(CommonNameFromSubject("O=Acme,CN=bob") == "bob");
  CHECK(CommonNameFromSubject("CN=Lopez\\, Ana,O=Acme") == "Lopez, Ana");
  CHECK(CommonNameFromSubject("O=Acme").empty());
  CHECK(CommonNameFromSubject("").empty());
}

TEST_CASE("Issued rows: a text filter sees the new rows after a sync replaced the list") {
  Snapshot snap = CertificatesSnapshot();
  IssuedRowCache cache;
  cache.Update(snap, kFixtureNow);
  IssuedQuery q;
  q.text = "desktop";
  cache.Apply(q);
  REQUIRE(VisibleSerials(cache) == std::vector<std::string>{serials::kVpnExpiring});

  auto issued = snap.issued.Copy();
  issued.erase(
      std::remove_if(issued.begin(), issued.end(),
                     [](const IssuedCertificate& c) { return c.serial == serials::kVpnExpiring; }),
      issued.end());
  IssuedCertificate renamed = issued.front();
  renamed.serial = "f00d";
  renamed.common_name = "new-DESKTOP.acme.example";
  issued.push_back(renamed);
  snap.issued = std::move(issued);
  REQUIRE(cache.Update(snap, kFixtureNow));
  cache.Apply(q);
  // The old certificate is still installed here, so it stays as an inventory-only row.
  auto found = VisibleSerials(cache);
  std::sort(found.begin(), found.end());
  CHECK(found == std::vector<std::string>{serials::kVpnExpiring, "f00d"});
  CHECK(cache.Find(serials::kVpnExpiring)->cert == nullptr);
  CHECK(cache.Find("f00d") != nullptr);
}
