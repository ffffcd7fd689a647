#include "core/workspace/workspace_publisher.h"

#include <cstdlib>

namespace trustdesk {
namespace {

constexpr std::size_t kSnapshotActivity = 500;

// Changes whenever the file is replaced (it is only ever written by an atomic rename).
std::string FileStamp(const std::filesystem::path& path) {
  std::error_code ec;
  const auto time = std::filesystem::last_write_time(path, ec);
  if (ec) return "absent";
  const auto size = std::filesystem::file_size(path, ec);
  return std::to_string(time.time_since_epoch().count()) + "/" + std::to_string(ec ? 0 : size);
}

}  // namespace

WorkspacePublisher::WorkspacePublisher(Sources sources) : src_(std::move(sources)) {
  const auto attempts = src_.engine->timeline().Entries();
  if (!attempts.empty()) attempt_id_reported_ = attempts.back().id;
}

void WorkspacePublisher::Refresh(bool poll_files) {
  std::lock_guard lock(mutex_);
  // Someone else (the job worker) published installed certificates: it saved them first, so the
  // file is at least as new; re-read it before comparing.
  const auto current = src_.store->Current();
  const bool installed_published = !current->installed.SameAs(installed_seen_);
  if (poll_files || installed_published) {
    if (auto changed = src_.inventory->Refresh(); !changed && src_.log) {
      src_.log("inventory not re-read: " + changed.error().message);
    }
  }
  if (poll_files) {
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

  // The file is the truth about what is installed. The job worker publishes its own copy after
  // each change it saved; when the snapshot then differs from the file (another process wrote
  // in between), the file's entries win.
  std::optional<std::vector<InventoryEntry>> installed;
  if (const uint64_t v = src_.inventory->version(); v != inventory_version_) {
    inventory_version_ = v;
    auto entries = src_.inventory->Entries();
    if (first_ || !SameInventoryEntries(entries, current->installed))
      installed = std::move(entries);
  } else if (installed_published) {
    auto entries = src_.inventory->Entries();
    if (!SameInventoryEntries(entries, current->installed)) installed = std::move(entries);
  }
  installed_seen_ = current->installed;
  std::optional<std::vector<ActivityEntry>> activity;
  if (const uint64_t last = src_.activity->last_id(); first_ || last != activity_id_) {
    activity_id_ = last;
    activity = src_.activity->Entries();
    // The snapshot carries the recent part (as the job worker does); the file keeps more.
    if (activity->size() > kSnapshotActivity) {
      activity->erase(activity->begin(), activity->end() - kSnapshotActivity);
    }
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
  std::optional<std::pair<std::vector<ScriptConsent>, std::string>> consents;
  if (src_.script_consents != nullptr && (first_ || poll_files)) {
    if (std::string stamp = FileStamp(src_.script_consents->path()); stamp != consent_stamp_) {
      consent_stamp_ = std::move(stamp);
      auto loaded = src_.script_consents->Load();
      consents.emplace(loaded ? std::move(loaded).value() : std::vector<ScriptConsent>{},
                       loaded ? std::string() : loaded.error().message);
      if (consents->first == current->script_consents &&
          consents->second == current->script_consent_error) {
        consents.reset();
      }
    }
  }
  const std::optional<Timestamp> next = src_.engine->NextSyncAt();
  // NextSyncAt() is derived from two clocks and may wobble by a second: not worth a publish.
  const bool next_changed =
      first_ || next.has_value() != next_sync_at_.has_value() ||
      (next && std::abs(next->unix_seconds - next_sync_at_->unix_seconds) > 1);
  if (next_changed) next_sync_at_ = next;
  first_ = false;

  if (!installed && !activity && !requests && !timeline && !next_changed && !consents) return;
  src_.store->Update([&](Snapshot& s) {
    if (installed) {
      s.installed = std::move(*installed);
      installed_seen_ = s.installed;
    }
    if (activity) s.activity = std::move(*activity);
    if (requests) s.requests = std::move(*requests);
    if (timeline) s.sync_attempts = std::move(*timeline);
    if (next_changed) s.next_sync_at = next;
    if (consents) {
      s.script_consents = std::move(consents->first);
      s.script_consent_error = std::move(consents->second);
    }
  });
}

}  // namespace trustdesk
