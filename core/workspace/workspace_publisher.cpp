#include "core/workspace/workspace_publisher.h"

#include <cstdlib>

namespace trustdesk {

WorkspacePublisher::WorkspacePublisher(Sources sources) : src_(std::move(sources)) {
  const auto attempts = src_.engine->timeline().Entries();
  if (!attempts.empty()) attempt_id_reported_ = attempts.back().id;
}

void WorkspacePublisher::Refresh(bool poll_files) {
  std::lock_guard lock(mutex_);
  if (poll_files) {
    if (auto changed = src_.inventory->Refresh(); !changed && src_.log) {
      src_.log("inventory not re-read: " + changed.error().message);
    }
    if (auto changed = src_.activity->Refresh(); !changed && src_.log) {
      src_.log("activity log not re-read: " + changed.error().message);
    }
  }

  // New sync attempts first: reporting them appends to the Activity log published below.
  std::vector<SyncAttempt> attempts = src_.engine->timeline().Entries();
  for (const SyncAttempt& a : attempts) {
    if (a.id <= attempt_id_reported_) continue;
    attempt_id_reported_ = a.id;
    if (src_.on_sync_attempt) src_.on_sync_attempt(a);
  }

  std::optional<std::vector<InventoryEntry>> installed;
  if (const uint64_t v = src_.inventory->version(); v != inventory_version_) {
    inventory_version_ = v;
    installed = src_.inventory->Entries();
  }
  std::optional<std::vector<ActivityEntry>> activity;
  if (const uint64_t last = src_.activity->last_id(); first_ || last != activity_id_) {
    activity_id_ = last;
    activity = src_.activity->Entries();
  }
  // The request log belongs to the signed-in session's API client; after sign-out the last
  // session's log stays visible until the next sign-in.
  std::optional<std::vector<RequestLogEntry>> requests;
  if (const auto api = src_.session->api()) {
    auto entries = api->request_log().Entries();
    const uint64_t last = entries.empty() ? 0 : entries.back().id;
    if (api.get() != request_source_ || last != request_id_) {
      if (src_.on_new_requests) {
        const uint64_t seen = api.get() == request_source_ ? request_id_ : 0;
        std::vector<RequestLogEntry> fresh;
        for (const auto& e : entries) {
          if (e.id > seen) fresh.push_back(e);
        }
        if (!fresh.empty()) src_.on_new_requests(fresh);
      }
      request_source_ = api.get();
      request_id_ = last;
      requests = std::move(entries);
    }
  }
  std::optional<std::vector<SyncAttempt>> timeline;
  {
    const uint64_t last = attempts.empty() ? 0 : attempts.back().id;
    if (last != attempt_id_published_) {
      attempt_id_published_ = last;
      timeline = std::move(attempts);
    }
  }
  const std::optional<Timestamp> next = src_.engine->NextSyncAt();
  // NextSyncAt() is derived from two clocks and may wobble by a second: not worth a publish.
  const bool next_changed =
      first_ || next.has_value() != next_sync_at_.has_value() ||
      (next && std::abs(next->unix_seconds - next_sync_at_->unix_seconds) > 1);
  if (next_changed) next_sync_at_ = next;
  first_ = false;

  if (!installed && !activity && !requests && !timeline && !next_changed) return;
  src_.store->Update([&](Snapshot& s) {
    if (installed) s.installed = std::move(*installed);
    if (activity) s.activity = std::move(*activity);
    if (requests) s.requests = std::move(*requests);
    if (timeline) s.sync_attempts = std::move(*timeline);
    if (next_changed) s.next_sync_at = next;
  });
}

}  // namespace trustdesk
