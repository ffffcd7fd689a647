// Fixture snapshots for the profiles page, its popup and the details modal: the Northwind demo
// profiles (assets/demo) built in code, with certificates issued from them and installed here so
// that every state shows: Can renew, waiting for the window, incompatible (requires 3.0), no
// duplicates allowed, changed and new in the last sync. Also a generator of N profiles for the
// 10,000-row test and the frame benchmark, and helpers to read the ItemLog by row.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/item_log.h"
#include "core/model/snapshot.h"

namespace trustdesk::test {

// 2026-01-01T00:00:00Z, the harness's "now" (AppHarness::now).
inline constexpr Timestamp kProfilesNow{1767225600};

Account NorthwindAccount();
// A profile with the fields every profile needs, the rest left at plain defaults.
Profile FixtureProfile(const std::string& id, const std::string& name, const std::string& version);

// Ten Northwind profiles; certificates and inventory relative to `now`. Signed in, up to date.
Snapshot FixtureSnapshot(Timestamp now = kProfilesNow);
// `count` generated profiles; every third has a certificate, every ninth one installed here (a
// third of those inside the renewal window), every 97th requires TrustDesk 3.0.
Snapshot ManyProfilesSnapshot(std::size_t count, Timestamp now = kProfilesNow);

// The first logged item whose label contains `text`, or nullptr.
const LoggedItem* FindLabelContaining(const ItemLog& log, std::string_view text);
// The logged item labelled `label` drawn on the same line (row) as the item labelled `row`.
const LoggedItem* FindInRow(const ItemLog& log, std::string_view row, std::string_view label);
// Labels of the visible logged items that start with `prefix`, top to bottom.
std::vector<std::string> LabelsWithPrefix(const ItemLog& log, std::string_view prefix);

}  // namespace trustdesk::test
