// Screenshots of the Certificate profiles page from the profiles fixture: the table (hovering a
// renew status), Advanced columns with the quick-actions popup, the details modal (every section,
// an incompatible profile, the Advanced sections), a failed sync, offline, 10,000 rows, a filter
// with no match and a never-synced account. Drawn by the shared fixture screenshot runner.
// Usage: trustdesk_profile_screenshots OUT_DIR [WIDTHxHEIGHT] [SCALE]
#include <chrono>

#include "app/support/fixture_profiles.h"
#include "gui/fixture_screenshots.h"

namespace {

using namespace trustdesk;
using namespace trustdesk::test;

void OpenAllSections(UiState& ui) {
  for (bool& open : ui.profiles.details.section_open) open = true;
}

ScriptStep Click(const char* label) { return {ScriptStep::Click, label}; }
ScriptStep Hover(const char* label) { return {ScriptStep::Hover, label}; }

void NoSetup(Snapshot&, Settings&, UiState&) {}
void Advanced(Snapshot&, Settings& s, UiState&) { s.advanced_mode = true; }

void SetSection(UiState& ui, DetailsSection section, bool open) {
  ui.profiles.details.section_open[static_cast<int>(section)] = open;
}

std::vector<FixtureShot> Shots() {
  return {
      {"profiles", NoSetup, {Hover("Can renew")}, {}},
      {"profiles_advanced", Advanced,
       {Click("Quick actions: nw-pq-pilot"), Hover("Enroll certificate")}, {}},
      // Everyone's sections, all open but General (scrolls).
      {"details",
       [](Snapshot&, Settings&, UiState& ui) {
         OpenAllSections(ui);
         SetSection(ui, DetailsSection::General, false);
       },
       {Click("Quick actions: nw-client-auth"), Click("Details")}, {}},
      // An incompatible profile: General and Account open.
      {"details_general", NoSetup,
       {Click("Quick actions: nw-pq-pilot"), Click("Details"), Click("Account")}, {}},
      // Advanced mode: the changes since the last sync and the raw JSON.
      {"details_advanced",
       [](Snapshot&, Settings& s, UiState& ui) {
         s.advanced_mode = true;
         OpenAllSections(ui);
         for (DetailsSection closed :
              {DetailsSection::General, DetailsSection::Account, DetailsSection::Policy,
               DetailsSection::Format, DetailsSection::Internals}) {
           SetSection(ui, closed, false);
         }
       },
       {Click("Quick actions: nw-device-laptop"), Click("Details")}, {}},
      // Advanced mode: identifiers, endpoint, CA chain and OIDs.
      {"details_identifiers",
       [](Snapshot&, Settings& s, UiState& ui) {
         s.advanced_mode = true;
         SetSection(ui, DetailsSection::General, false);
         SetSection(ui, DetailsSection::Internals, true);
       },
       {Click("Quick actions: nw-vpn"), Click("Details")}, {}},
      {"profiles_failed",
       [](Snapshot& snap, Settings&, UiState&) {
         snap.sync.state = SyncState::Failed;
         snap.sync.failure_reason =
             "cannot reach https://127.0.0.1:8443: connection refused (sync #14)";
         snap.sync.retry_at = Timestamp{kProfilesNow.unix_seconds + 40};
       },
       {}, {}},
      {"profiles_offline",
       [](Snapshot& snap, Settings&, UiState&) {
         snap.sync.state = SyncState::Offline;
         snap.sync.data_from = Timestamp{kProfilesNow.unix_seconds - 5400};
         snap.sync.last_synced = snap.sync.data_from;
         snap.sync.failure_reason = "the network is unreachable";
       },
       {Click("Quick actions: nw-vpn"), Hover("Enroll certificate")}, {}},
      {"profiles_10000",
       [](Snapshot& snap, Settings& s, UiState&) {
         snap = ManyProfilesSnapshot(10000);
         s.advanced_mode = true;
       },
       {}, [](UiState& ui) { ui.profiles.rows.WaitForRows(std::chrono::seconds(60)); }},
      {"profiles_no_match", [](Snapshot&, Settings&, UiState& ui) { ui.profiles.filter = "zzz"; },
       {}, {}},
      {"profiles_never_synced",
       [](Snapshot& snap, Settings&, UiState&) {
         snap.profiles.clear();
         snap.issued.clear();
         snap.installed.clear();
         snap.sync = SyncStatus{};
       },
       {}, {}},
  };
}

}  // namespace

int main(int argc, char** argv) {
  return RunFixtureScreenshots(argc, argv, [] { return FixtureSnapshot(); }, kProfilesNow,
                               Shots());
}
