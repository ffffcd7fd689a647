// The Certificate profiles page on fixture snapshots: layout of the sync header, the table's
// cells, links and tooltips, Advanced columns, sorting, filtering, shortcuts, empty states and a
// 10,000-row table.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/support/app_harness.h"
#include "app/support/fixture_profiles.h"
#include "app/ui/shortcuts.h"
#include "app/ui/time_text.h"

using namespace trustdesk;
using namespace trustdesk::test;

namespace {

Settings Advanced() {
  Settings s;
  s.advanced_mode = true;
  return s;
}

// Presses Ctrl+<key> for one frame; `key` as the GLFW backend indexes it (app/ui/shortcuts.h).
void PressCtrl(UiHarness& harness, int key) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeyCtrl = true;
  io.KeysDown[key] = true;
  harness.Step();
  io.KeysDown[key] = false;
  io.KeyCtrl = false;
  harness.Step();
}

SyncStatus InState(SyncState state) {
  SyncStatus status;
  status.state = state;
  return status;
}

std::vector<std::string> RowOrder(const AppHarness& app) {
  return LabelsWithPrefix(app.harness.log(), "Quick actions: ");
}

}  // namespace

TEST_CASE("Profiles page: Last synced sits directly above Sync profiles at the top left") {
  AppHarness app(FixtureSnapshot());
  const LoggedItem* last = app.harness.Find("Last synced");
  const LoggedItem* sync = app.harness.Find("Sync profiles");
  REQUIRE(last != nullptr);
  REQUIRE(sync != nullptr);
  CHECK(sync->enabled);
  CHECK(last->max.y <= sync->min.y);
  CHECK(sync->min.y - last->max.y < 16.0f);       // directly above, nothing in between
  CHECK(std::abs(last->min.x - sync->min.x) < 1.0f);  // same left edge
  // Nothing of the page is to the left of them or above them.
  const LoggedItem* table_row = app.harness.Find("S/MIME Email Signing");
  REQUIRE(table_row != nullptr);
  CHECK(table_row->min.y > sync->max.y);
  CHECK(FindLabelContaining(app.harness.log(), "Sync state: Up to date") != nullptr);

  REQUIRE(app.harness.Click("Sync profiles"));
  REQUIRE(app.last_commands.size() == 1);
  CHECK(std::holds_alternative<SyncNowCommand>(app.last_commands[0]));
}

TEST_CASE("Profiles page: every profile is a row with its version, renew status and counts") {
  AppHarness app(FixtureSnapshot());
  const ItemLog& log = app.harness.log();
  CHECK(RowOrder(app).size() == 10);
  CHECK(FindInRow(log, "S/MIME Email Signing", "Can renew") != nullptr);
  CHECK(FindInRow(log, "S/MIME Email Signing", "Yes") != nullptr);  // auto-configured
  CHECK(FindInRow(log, "Corporate VPN (IKEv2)", "No action") != nullptr);
  CHECK(FindInRow(log, "Release Code Signing", "No") != nullptr);
  CHECK(FindInRow(log, "S/MIME Email Encryption (escrowed)", "Renewal only") != nullptr);
  CHECK(FindInRow(log, "Post-Quantum Pilot (requires TrustDesk 3.0)", "3.0 \u26a0") != nullptr);
  CHECK(FindInRow(log, "Engineering Client Authentication", "Issued count: nw-client-auth") !=
        nullptr);
  CHECK(FindInRow(log, "Engineering Client Authentication", "2") != nullptr);
  CHECK(app.harness.Find("10 profiles") == nullptr);  // the footer is plain text
  // Advanced columns are off.
  CHECK(app.harness.Find("Profile ID") == nullptr);
  CHECK(app.harness.Find("Revision") == nullptr);
  CHECK(app.harness.Find("# of Issued certificates") != nullptr);
}

TEST_CASE("Profiles page: hovering the renew status explains it") {
  AppHarness app(FixtureSnapshot());
  const LoggedItem* cell = FindInRow(app.harness.log(), "S/MIME Email Signing", "Can renew");
  REQUIRE(cell != nullptr);
  ImGui::GetIO().MousePos = ImVec2((cell->min.x + cell->max.x) / 2, (cell->min.y + cell->max.y) / 2);
  app.harness.Step(2);
  CHECK(FindLabelContaining(app.harness.log(),
                       "expires in 20 days; inside the renewal window (30 days)") != nullptr);

  REQUIRE(app.harness.Hover("3.0 \u26a0"));
  CHECK(FindLabelContaining(app.harness.log(), "Requires TrustDesk 3.0 or later; this is " +
                                              std::string(AppVersion())) != nullptr);
}

TEST_CASE("Profiles page: the issued count opens Issued certificates filtered to the profile") {
  AppHarness app(FixtureSnapshot());
  REQUIRE(app.harness.Click("Issued count: nw-client-auth"));
  REQUIRE(app.last_commands.size() == 1);
  const auto* nav = std::get_if<NavigateTo>(&app.last_commands[0]);
  REQUIRE(nav != nullptr);
  CHECK(nav->page == Page::Issued);
  CHECK(nav->profile_filter == "nw-client-auth");
  CHECK(app.ui.nav.page == Page::Issued);
  CHECK(app.ui.issued.profile_filter == "nw-client-auth");
}

TEST_CASE("Profiles page: a zero count is not a link and says why") {
  AppHarness app(FixtureSnapshot());
  const LoggedItem* zero = app.harness.Find("Issued count: nw-vpn");
  REQUIRE(zero != nullptr);
  CHECK_FALSE(zero->enabled);
  REQUIRE(app.harness.Click("Issued count: nw-vpn"));
  CHECK(app.last_commands.empty());
  CHECK(app.ui.nav.page == Page::Profiles);
}

TEST_CASE("Profiles page: Advanced mode adds the Profile ID and Revision columns") {
  AppHarness app(FixtureSnapshot(), Advanced());
  CHECK(app.harness.Find("Profile ID") != nullptr);
  CHECK(app.harness.Find("Revision") != nullptr);
  CHECK(FindInRow(app.harness.log(), "Corporate VPN (IKEv2)", "Profile ID: nw-vpn") != nullptr);
  CHECK(FindInRow(app.harness.log(), "Engineering Client Authentication", "7") != nullptr);

  // Sorting by the revision column.
  REQUIRE(app.harness.Click("Revision"));
  CHECK(RowOrder(app).front() != "Quick actions: nw-client-auth");
  REQUIRE(app.harness.Click("Revision"));
  CHECK(RowOrder(app).front() == "Quick actions: nw-client-auth");
}

TEST_CASE("Profiles page: clicking a header sorts by it, clicking again reverses") {
  AppHarness app(FixtureSnapshot());
  // By name at first.
  CHECK(RowOrder(app).front() == "Quick actions: nw-vpn");  // "Corporate VPN (IKEv2)"
  CHECK(RowOrder(app).back() == "Quick actions: nw-wifi-8021x");

  REQUIRE(app.harness.Click("Profile"));
  CHECK(RowOrder(app).front() == "Quick actions: nw-wifi-8021x");

  REQUIRE(app.harness.Click("Version"));
  CHECK(RowOrder(app).back() == "Quick actions: nw-pq-pilot");
  REQUIRE(app.harness.Click("Version"));
  CHECK(RowOrder(app).front() == "Quick actions: nw-pq-pilot");

  REQUIRE(app.harness.Click("Renew status"));
  CHECK(RowOrder(app).front() == "Quick actions: nw-smime-signing");
  REQUIRE(app.harness.Click("# of Issued certificates"));
  REQUIRE(app.harness.Click("# of Issued certificates"));
  CHECK(RowOrder(app).front() == "Quick actions: nw-client-auth");
}

TEST_CASE("Profiles page: the filter narrows the rows, no match says so and can be cleared") {
  AppHarness app(FixtureSnapshot());
  REQUIRE(app.harness.Click("Filter profiles"));
  app.harness.Type("smime");
  CHECK(app.ui.profiles.filter == "smime");
  CHECK(RowOrder(app) ==
        std::vector<std::string>{"Quick actions: nw-smime-encryption", "Quick actions: nw-smime-signing"});

  app.harness.Type("-none");
  CHECK(RowOrder(app).empty());
  CHECK(app.harness.Find("No profiles match the filter") != nullptr);
  REQUIRE(app.harness.Click("Clear filter"));
  CHECK(app.ui.profiles.filter.empty());
  CHECK(RowOrder(app).size() == 10);
}

TEST_CASE("Profiles page: Ctrl+R syncs now unless a sync is running, Ctrl+F focuses the filter") {
  AppHarness app(FixtureSnapshot());
  PressCtrl(app.harness, kKeyR);
  REQUIRE(app.last_commands.size() == 1);
  CHECK(std::holds_alternative<SyncNowCommand>(app.last_commands[0]));

  PressCtrl(app.harness, kKeyF);
  app.harness.Type("wi-fi");
  CHECK(app.ui.profiles.filter == "wi-fi");
  CHECK(RowOrder(app) == std::vector<std::string>{"Quick actions: nw-wifi-8021x"});

  app.last_commands.clear();
  app.snapshot.sync.state = SyncState::Syncing;
  app.harness.Step();
  PressCtrl(app.harness, kKeyR);
  CHECK(app.last_commands.empty());
  const LoggedItem* button = app.harness.Find("\u21bb Syncing\u2026");
  REQUIRE(button != nullptr);
  CHECK_FALSE(button->enabled);
  CHECK(button->tooltip == "A sync is already running");
}

TEST_CASE("Shortcuts: Ctrl+F focuses the filter of the Issued certificates page too") {
  AppHarness app(FixtureSnapshot());
  REQUIRE(app.harness.Click("Issued certificates"));
  PressCtrl(app.harness, kKeyF);
  app.harness.Type("dana");
  CHECK(app.ui.issued.text_filter == "dana");
  CHECK(app.ui.profiles.filter.empty());
}

TEST_CASE("Profiles page: every sync state is worded for a person") {
  struct Case {
    SyncStatus status;
    std::string text;
  };
  const Timestamp now = kProfilesNow;
  SyncStatus failed;
  failed.state = SyncState::Failed;
  failed.failure_reason = "the server answered 503 Service Unavailable";
  failed.retry_at = Timestamp{now.unix_seconds + 40};
  SyncStatus offline;
  offline.state = SyncState::Offline;
  offline.data_from = Timestamp{now.unix_seconds - 3600};
  SyncStatus updated;
  updated.state = SyncState::Updated;
  updated.changed_profiles = 3;
  const std::vector<Case> cases = {
      {SyncStatus{}, "Never synced"},
      {InState(SyncState::Syncing), "Syncing\u2026"},
      {InState(SyncState::UpToDate), "Up to date"},
      {updated, "Updated \u2014 3 profiles changed"},
      {failed, "Failed: the server answered 503 Service Unavailable, retrying in 40 s"},
      {offline, "Offline \u2014 showing data from " + LocalTime(*offline.data_from, now)},
      {InState(SyncState::TokenExpired), "Token expired \u2014 sign in again"},
      {InState(SyncState::SignedOut), "Signed out"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Snapshot snap = FixtureSnapshot();
    snap.sync = c.status;
    AppHarness app(snap);
    CHECK(app.harness.Find("Sync state: " + c.text) != nullptr);
    // Failures keep the last good data on screen.
    CHECK(RowOrder(app).size() == 10);
  }
}

TEST_CASE("Profiles page: empty states say why there is nothing to list") {
  Snapshot snap;
  snap.account = NorthwindAccount();
  {
    AppHarness app(snap);
    CHECK(app.harness.Find("No profiles synced yet") != nullptr);
    CHECK(app.harness.Find("Filter profiles") == nullptr);
    CHECK(app.harness.Find("Last synced") != nullptr);
  }
  snap.sync.state = SyncState::Failed;
  snap.sync.failure_reason = "Cannot reach https://td.example: connection refused";
  {
    AppHarness app(snap);
    CHECK(app.harness.Find("Profiles could not be loaded yet") != nullptr);
  }
  snap.sync.state = SyncState::UpToDate;
  snap.sync.last_synced = Timestamp{kProfilesNow.unix_seconds - 60};
  {
    AppHarness app(snap);
    CHECK(app.harness.Find("No profiles assigned to you") != nullptr);
  }
  snap.account.reset();
  {
    AppHarness app(snap);
    CHECK(app.harness.Find("Sign in") != nullptr);  // the sign-in panel
    CHECK(app.harness.Find("Sync profiles") == nullptr);
  }
}

TEST_CASE("Profiles page: 10,000 profiles draw only the visible rows and derive them once") {
  AppHarness app(ManyProfilesSnapshot(10000));
  app.harness.Step();
  // The rows are derived on a worker; a frame drawn before they arrive says they are loading.
  if (app.ui.profiles.rows.rows().empty()) {
    CHECK(app.harness.Find("Loading 10,000 profiles\u2026") != nullptr);
  }
  REQUIRE(app.ui.profiles.rows.WaitForRows(std::chrono::seconds(60)));
  app.harness.Step(10);
  CHECK(app.harness.Find("Loading 10,000 profiles\u2026") == nullptr);
  CHECK(app.ui.profiles.rows.rebuilds() == 1);
  CHECK(app.ui.profiles.rows.rows().size() == 10000);
  const auto first = RowOrder(app);
  CHECK(first.size() > 5);
  CHECK(first.size() < 60);

  // Scroll the table: other rows are drawn, nothing is re-derived.
  const LoggedItem* row = app.harness.Find(first[first.size() / 2]);
  REQUIRE(row != nullptr);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(row->max.x + 200, row->min.y);
  io.MouseWheel = -40.0f;
  app.harness.Step();
  io.MouseWheel = 0;
  app.harness.Step(2);
  const auto scrolled = RowOrder(app);
  CHECK(scrolled.size() < 60);
  CHECK(scrolled.front() != first.front());
  CHECK(app.ui.profiles.rows.rebuilds() == 1);

  // A new snapshot generation sharing the same lists does not re-derive either.
  app.snapshot.generation += 1;
  app.snapshot.jobs.push_back(JobStatus{});
  app.harness.Step(3);
  CHECK(app.ui.profiles.rows.rebuilds() == 1);
}
