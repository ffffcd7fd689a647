// The sync state shown on the profiles page and in the status bar (SPEC §4), with the data each
// state needs to be rendered exactly.
#pragma once

#include <optional>
#include <string>

#include "core/model/timestamp.h"

namespace trustdesk {

enum class SyncState {
  NeverSynced,   // "Never synced"
  Syncing,       // "Syncing…"
  UpToDate,      // "Up to date" (the last sync returned 304 or nothing changed)
  Updated,       // "Updated — N profiles changed"
  Failed,        // "Failed: <reason>, retrying in 40 s"
  Offline,       // "Offline — showing data from <time>"
  SignedOut,     // "Signed out"
  TokenExpired,  // "Token expired — sign in again"
};

struct SyncStatus {
  SyncState state = SyncState::NeverSynced;
  int changed_profiles = 0;                 // Updated
  std::string failure_reason;               // Failed, Offline
  std::optional<Timestamp> retry_at;        // Failed, Offline
  std::optional<Timestamp> last_synced;     // last successful sync (any state)
  std::optional<Timestamp> data_from;       // when the data on screen was fetched (Offline)

  bool operator==(const SyncStatus&) const = default;
};

const char* ToString(SyncState state);      // "never_synced", "syncing", ...

}  // namespace trustdesk
