// Keeps the snapshot fields the workspace owns in step with their sources: the installed
// certificates (inventory), the Activity timeline, the API request log, the sync timeline and the
// next sync time and the script consents. Refresh() compares with what it published last and
// publishes only a change, so calling it after every publish (the store's wake) settles at once.
// New sync attempts are handed to `on_sync_attempt` (the workspace records them in the Activity
// log) exactly once, and new request-log entries to `on_new_requests`.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "core/activity/activity_log.h"
#include "core/scripts/script_consent.h"
#include "core/session/session_manager.h"
#include "core/state/snapshot_store.h"
#include "core/sync/sync_engine.h"
#include "core/workspace/shared_inventory.h"

namespace trustdesk {

class WorkspacePublisher {
 public:
  struct Sources {
    SnapshotStore* store = nullptr;
    SyncEngine* engine = nullptr;
    SessionManager* session = nullptr;
    SharedInventory* inventory = nullptr;
    ActivityLog* activity = nullptr;
    const ScriptConsentFile* script_consents = nullptr;
    std::function<void(const SyncAttempt&)> on_sync_attempt;
    // Request-log entries not reported before (the workspace appends them to logs/requests.log).
    std::function<void(const std::vector<RequestLogEntry>&)> on_new_requests;
    std::function<void(std::string_view)> log;
  };

  // Attempts already in the timeline when the workspace opened are not reported as new.
  explicit WorkspacePublisher(Sources sources);

  // Publishes whatever changed. With `poll_files`, first re-reads the inventory, activity and
  // script consent files when another process changed them. Thread-safe; concurrent calls are
  // serialised.
  void Refresh(bool poll_files);

 private:
  Sources src_;
  std::mutex mutex_;  // serialises Refresh
  uint64_t inventory_version_ = UINT64_MAX;
  SharedList<InventoryEntry> installed_seen_;  // the snapshot's list when last compared
  uint64_t activity_id_ = UINT64_MAX;
  const ApiClient* request_source_ = nullptr;
  uint64_t request_id_ = 0;
  uint64_t attempt_id_published_ = UINT64_MAX;
  uint64_t attempt_id_reported_ = 0;
  std::optional<Timestamp> next_sync_at_;
  std::string consent_stamp_;  // modification time and size of the consent file when last read
  bool first_ = true;
};

}  // namespace trustdesk
