// One immutable picture of everything the UI shows. Background threads build a new Snapshot and
// publish it through SnapshotStore; views read it and never mutate it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/api/request_log.h"
#include "core/inventory/inventory.h"
#include "core/model/account.h"
#include "core/model/activity_entry.h"
#include "core/model/issued_certificate.h"
#include "core/model/job_status.h"
#include "core/model/profile.h"
#include "core/model/shared_list.h"
#include "core/model/sync_status.h"
#include "core/scripts/script_consent.h"
#include "core/sync/sync_timeline.h"

namespace trustdesk {

// One field-level difference of a profile between two syncs (Advanced mode, details modal).
struct FieldChange {
  std::string path;      // JSON path, e.g. "$.policy.renewal_window.days_before_expiry"
  std::string before;    // compact JSON of the old value; empty when the field was added
  std::string after;     // compact JSON of the new value; empty when the field was removed

  bool operator==(const FieldChange&) const = default;
};

struct ProfileEntry {
  Profile profile;
  std::string raw_json;                       // the profile as received (compact JSON)
  std::vector<FieldChange> changes;           // since the previous sync; empty if unchanged
  bool is_new = false;                        // first seen in the last sync
};

// A session operation the UI waits on (sign-in, sign-out, Sync user, diagnostics export): whether
// it is running and how the last one ended, worded for a person.
struct OperationStatus {
  bool busy = false;
  std::string error;    // "Cannot reach https://…: connection refused"
  std::string message;  // success note, e.g. "Signed in; not remembered: no secret store"

  bool operator==(const OperationStatus&) const = default;
};

struct Snapshot {
  uint64_t generation = 0;                    // set by SnapshotStore on publish
  std::optional<Account> account;             // empty when signed out
  std::string server_url;
  SharedList<ProfileEntry> profiles;          // shared between snapshots (see shared_list.h)
  SharedList<IssuedCertificate> issued;       // the user's certificates as the server lists them
  SharedList<InventoryEntry> installed;       // what is installed on this machine, and where
  std::vector<JobStatus> jobs;                // running and recently finished jobs, oldest first
  SharedList<ActivityEntry> activity;         // recent Activity entries, newest last
  SyncStatus sync;
  std::optional<Timestamp> next_sync_at;      // next scheduled sync or retry
  OperationStatus session_op;                 // sign-in / sign-out / Sync user
  OperationStatus diagnostics_op;             // diagnostics bundle export
  OperationStatus background_op;              // "Run background actions now"
  SharedList<RequestLogEntry> requests;       // Diagnostics: the request log, redacted
  SharedList<SyncAttempt> sync_attempts;      // Diagnostics: the sync timeline
  std::string profiles_etag;                  // ETag of the last profile list
  int64_t profiles_revision = 0;              // list revision reported by the server
  std::vector<ScriptConsent> script_consents; // the scripts the user allowed (script-consent.json)
  std::string script_consent_error;           // the consent file could not be read: none counts
};

}  // namespace trustdesk
