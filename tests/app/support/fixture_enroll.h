// Fixture snapshots for the enrollment window, the sign-in panel, the avatar menu and the Advanced
// pages: a signed-in user, two profiles with different certificate formats, jobs in each state,
// installed certificates in several stores, a request log and a sync timeline.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "app/ui/item_log.h"
#include "core/model/snapshot.h"

namespace trustdesk::test {

// 2026-01-01T00:00:00Z, the AppHarness clock.
inline constexpr int64_t kFixtureNow = 1767225600;

Account FixtureAccount();
// "vpn": CN typed by the user (pattern, 32 characters), O fixed, E from the user's e-mail,
// OU chosen from a list; DNS SANs (up to 3); EC P-256/P-384 or RSA 3072; software store,
// PKCS#12, PEM files and the OS store; escrow; a Linux and a Windows script.
Profile VpnProfile();
// "smime": CN and E from user attributes, RSA 2048/4096 or Ed25519, PEM files only, no scripts,
// no duplicates allowed.
Profile SmimeProfile();
ProfileEntry Entry(Profile profile);

// Signed in as ana@example.com with both profiles.
Snapshot EnrollSnapshot();

// An enroll job for `profile_id` at step `current` of the usual enroll steps.
JobStatus EnrollJob(uint64_t id, const std::string& profile_id, JobState state,
                    std::size_t current, bool cancellable);

// Installed certificates in the software store, a PEM folder (one missing) and a PKCS#12 folder.
Snapshot KeyStoresSnapshot();
// A request log (one failed request) and a sync timeline (up to date, updated, failed).
Snapshot DiagnosticsSnapshot();

// The first item whose label contains `text`, or nullptr.
const LoggedItem* FindContaining(const ItemLog& log, std::string_view text);

}  // namespace trustdesk::test
