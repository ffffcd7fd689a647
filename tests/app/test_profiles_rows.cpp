// ProfileRowCache: the derived rows of the profiles table (counts, renew status and its reason,
// filter, sort) and when they are rebuilt.
#include <doctest/doctest.h>

#include <algorithm>

#include "app/support/fixture_profiles.h"
#include "app/support/visible_rows.h"
#include "app/ui/profile_actions.h"
#include "app/ui/profile_rows.h"

using namespace trustdesk;
using namespace trustdesk::test;

namespace {

constexpr const char* kApp = "2.1.0";

}  // namespace

TEST_CASE("Profile rows: counts, renew status and reasons per profile") {
  const Snapshot snap = FixtureSnapshot();
  ProfileRowCache cache;
  REQUIRE(cache.Update(snap, kProfilesNow, kApp));
  CHECK(cache.rows().size() == 10);

  const ProfileRow* smime = cache.Find("nw-smime-signing");
  REQUIRE(smime != nullptr);
  CHECK(smime->issued == 1);
  CHECK(smime->active == 1);
  CHECK(smime->installed == 1);
  CHECK(smime->renew == RenewState::CanRenew);
  CHECK(smime->auto_config == AutoConfig::Both);
  CHECK(smime->key_stores == "Software, PKCS#12, OS store");
  const std::string why = cache.RenewReason(*smime, kProfilesNow);
  CHECK(why.find("Certificate \u201cDana Demo\u201d: expires in 20 days; inside the renewal "
                 "window (30 days).") == 0);
  CHECK(why.find("renews automatically") != std::string::npos);

  const ProfileRow* enc = cache.Find("nw-smime-encryption");
  CHECK(enc->renew == RenewState::NoAction);
  CHECK(cache.RenewReason(*enc, kProfilesNow) ==
        "Certificate \u201cDana Demo\u201d: expires in 200 days; window opens at 30 days.");
  CHECK(enc->auto_config == AutoConfig::RenewOnly);

  const ProfileRow* client = cache.Find("nw-client-auth");
  CHECK(client->issued == 2);
  CHECK(client->active == 1);  // the other is revoked
  CHECK(client->installed == 1);

  const ProfileRow* vpn = cache.Find("nw-vpn");
  CHECK(vpn->issued == 0);
  CHECK(cache.RenewReason(*vpn, kProfilesNow) ==
        "No certificate has been issued from this profile yet.");
  CHECK(cache.RenewReason(*cache.Find("nw-wifi-8021x"), kProfilesNow) ==
        "Its certificate is not installed on this machine.");
  CHECK(cache.RenewReason(*cache.Find("nw-code-signing"), kProfilesNow).find("expired 35 days ago") !=
        std::string::npos);

  const ProfileRow* pq = cache.Find("nw-pq-pilot");
  CHECK_FALSE(pq->compatible);
  CHECK(cache.RenewReason(*pq, kProfilesNow) ==
        "Incompatible: requires TrustDesk 3.0 or later; this is 2.1.0. Enrollment and renewal "
        "are disabled.");
  CHECK(cache.Find("no-such-profile") == nullptr);
}

TEST_CASE("Profile rows: nothing is re-derived until a list is replaced or a status can change") {
  Snapshot snap = FixtureSnapshot();
  ProfileRowCache cache;
  CHECK(cache.Update(snap, kProfilesNow, kApp));
  CHECK(cache.rebuilds() == 1);

  // A new snapshot generation that shares the lists (e.g. job progress): no rebuild.
  snap.generation = 2;
  snap.jobs.push_back(JobStatus{});
  for (int i = 0; i < 100; ++i) {
    CHECK_FALSE(cache.Update(snap, Timestamp{kProfilesNow.unix_seconds + i}, kApp));
  }
  CHECK(cache.rebuilds() == 1);

  // The first moment anything can change: the S/MIME signing certificate expires in 20 days
  // (every window that opens sooner is already open).
  REQUIRE(cache.valid_until().has_value());
  const Timestamp next = *cache.valid_until();
  CHECK(next.unix_seconds == kProfilesNow.unix_seconds + 20 * 86400);
  CHECK_FALSE(cache.Update(snap, Timestamp{next.unix_seconds - 1}, kApp));
  CHECK(cache.Update(snap, next, kApp));
  CHECK(cache.rebuilds() == 2);

  // Replacing the issued list (a sync) rebuilds.
  auto issued = snap.issued.Copy();
  issued.pop_back();
  snap.issued = std::move(issued);
  CHECK(cache.Update(snap, next, kApp));
  CHECK(cache.rebuilds() == 3);

  // A clock set back rebuilds too.
  CHECK(cache.Update(snap, kProfilesNow, kApp));
}

TEST_CASE("Profile rows: moving into the renewal window flips the status without a new snapshot") {
  const Snapshot snap = FixtureSnapshot();
  ProfileRowCache cache;
  cache.Update(snap, kProfilesNow, kApp);
  CHECK(cache.Find("nw-smime-encryption")->renew == RenewState::NoAction);
  // 200 days left, 30-day window: it opens 170 days from now.
  const Timestamp later{kProfilesNow.unix_seconds + 171 * 86400};
  CHECK(cache.Update(snap, later, kApp));
  CHECK(cache.Find("nw-smime-encryption")->renew == RenewState::CanRenew);
  // By then the S/MIME signing certificate has expired.
  const ProfileRow* smime = cache.Find("nw-smime-signing");
  CHECK(smime->renew == RenewState::NoAction);
  CHECK(smime->active == 0);
  CHECK(cache.RenewReason(*smime, later).find("expired 151 days ago") != std::string::npos);
}

TEST_CASE("Profile rows: filter is a case-insensitive substring over name, ID, version, stores") {
  const Snapshot snap = FixtureSnapshot();
  ProfileRowCache cache;
  cache.Update(snap, kProfilesNow, kApp);
  cache.SetFilter("S/MIME");
  CHECK(VisibleIds(cache) == std::vector<std::string>{"nw-smime-encryption", "nw-smime-signing"});
  cache.SetFilter("NW-VPN");
  CHECK(VisibleIds(cache) == std::vector<std::string>{"nw-vpn"});
  cache.SetFilter("pkcs#11");  // key stores
  CHECK(VisibleIds(cache) == std::vector<std::string>{"nw-code-signing", "nw-wifi-8021x"});
  cache.SetFilter("3.0");
  CHECK(VisibleIds(cache) == std::vector<std::string>{"nw-pq-pilot"});
  cache.SetFilter("nothing like this");
  CHECK(cache.visible().empty());
  cache.SetFilter("");
  CHECK(cache.visible().size() == 10);
}

TEST_CASE("Profile rows: every column sorts, both ways, with a stable tie-break") {
  const Snapshot snap = FixtureSnapshot();
  ProfileRowCache cache;
  cache.Update(snap, kProfilesNow, kApp);

  // Default: by name.
  std::vector<std::string> names;
  for (uint32_t i : cache.visible()) names.push_back(cache.rows()[i].name_key);
  CHECK(std::is_sorted(names.begin(), names.end()));

  cache.SetSort({{ProfileColumn::RenewStatus, true}});
  CHECK(VisibleIds(cache).front() == "nw-smime-signing");  // the only "Can renew"

  cache.SetSort({{ProfileColumn::Issued, false}});
  CHECK(VisibleIds(cache).front() == "nw-client-auth");  // 2 certificates

  cache.SetSort({{ProfileColumn::Version, false}});
  CHECK(VisibleIds(cache).front() == "nw-pq-pilot");
  // Equal versions fall back to the name: "Document Signing" before "Release Code Signing".
  const auto ids = VisibleIds(cache);
  CHECK(ids[1] == "nw-document-signing");
  CHECK(ids[2] == "nw-code-signing");

  cache.SetSort({{ProfileColumn::AutoConfigured, true}});
  CHECK(cache.rows()[cache.visible().front()].auto_config == AutoConfig::None);

  cache.SetSort({{ProfileColumn::Revision, false}});
  CHECK(VisibleIds(cache).front() == "nw-client-auth");  // revision 7

  cache.SetSort({{ProfileColumn::ProfileId, true}});
  auto by_id = VisibleIds(cache);
  CHECK(std::is_sorted(by_id.begin(), by_id.end()));

  cache.SetSort({{ProfileColumn::Name, false}});
  CHECK(VisibleIds(cache).front() == "nw-wifi-8021x");

  // Sorting survives a filter change and a rebuild.
  cache.SetFilter("nw-s");
  CHECK(VisibleIds(cache) == std::vector<std::string>{"nw-smime-signing", "nw-smime-encryption"});
}

TEST_CASE("Profile actions: why Enroll certificate is disabled") {
  Snapshot snap = FixtureSnapshot();
  ProfileRowCache cache;
  cache.Update(snap, kProfilesNow, kApp);

  CHECK(EnrollDisabledReason(*cache.Find("nw-vpn"), snap, kApp).empty());
  CHECK(EnrollDisabledReason(*cache.Find("nw-pq-pilot"), snap, kApp) ==
        "Requires TrustDesk 3.0 or later; this is 2.1.0");
  CHECK(EnrollDisabledReason(*cache.Find("nw-smime-signing"), snap, kApp)
            .find("allows no duplicates") != std::string::npos);
  // Client auth allows 3 and has 1 active.
  CHECK(EnrollDisabledReason(*cache.Find("nw-client-auth"), snap, kApp).empty());

  JobStatus job;
  job.kind = JobKind::Enroll;
  job.state = JobState::Running;
  job.profile_id = "nw-vpn";
  snap.jobs.push_back(job);
  CHECK(EnrollDisabledReason(*cache.Find("nw-vpn"), snap, kApp) ==
        "An enrollment from this profile is already running");
  snap.jobs.clear();

  snap.sync.state = SyncState::Offline;
  CHECK(EnrollDisabledReason(*cache.Find("nw-vpn"), snap, kApp).find("Offline") == 0);
  snap.sync.state = SyncState::TokenExpired;
  CHECK(EnrollDisabledReason(*cache.Find("nw-vpn"), snap, kApp).find("expired") !=
        std::string::npos);
  CHECK(SyncDisabledReason(snap).find("expired") != std::string::npos);
  snap.sync.state = SyncState::Syncing;
  CHECK(SyncDisabledReason(snap) == "A sync is already running");
  snap.account.reset();
  CHECK(EnrollDisabledReason(*cache.Find("nw-vpn"), snap, kApp) ==
        "Sign in to enroll a certificate");
  CHECK(ViewIssuedDisabledReason(*cache.Find("nw-vpn")).find("No certificates") == 0);
  CHECK(ViewIssuedDisabledReason(*cache.Find("nw-client-auth")).empty());
}
