#include "core/sync/sync_timeline.h"

#include <array>
#include <optional>
#include <utility>

#include "core/sync/durable_file.h"
#include "core/util/json_document.h"

namespace trustdesk {
namespace {

constexpr const char* kFormat = "trustdesk-sync-timeline";
constexpr int kFormatVersion = 1;
constexpr std::size_t kMaxFileBytes = 16u * 1024 * 1024;

constexpr std::array<std::pair<SyncTrigger, const char*>, 5> kTriggers = {{
    {SyncTrigger::SignIn, "sign_in"},
    {SyncTrigger::Scheduled, "scheduled"},
    {SyncTrigger::Manual, "manual"},
    {SyncTrigger::Retry, "retry"},
    {SyncTrigger::NetworkRestored, "network_restored"},
}};

constexpr std::array<SyncState, 8> kStates = {
    SyncState::NeverSynced, SyncState::Syncing, SyncState::UpToDate, SyncState::Updated,
    SyncState::Failed,      SyncState::Offline, SyncState::SignedOut, SyncState::TokenExpired};

std::optional<SyncTrigger> TriggerFromString(const std::string& s) {
  for (const auto& [t, name] : kTriggers) {
    if (s == name) return t;
  }
  return std::nullopt;
}

std::optional<SyncState> StateFromString(const std::string& s) {
  for (SyncState st : kStates) {
    if (s == ToString(st)) return st;
  }
  return std::nullopt;
}

nlohmann::json ToJson(const SyncAttempt& a) {
  return {{"id", a.id},
          {"trigger", ToString(a.trigger)},
          {"started_at", FormatRfc3339(a.started_at)},
          {"duration_ms", a.duration_ms},
          {"http_status", a.http_status},
          {"revision", a.revision},
          {"bytes", a.bytes},
          {"result", ToString(a.result)},
          {"changed_profiles", a.changed_profiles},
          {"message", a.message}};
}

Result<SyncAttempt> FromJson(const nlohmann::json& j, const std::string& path) {
  auto bad = [&](const char* field, const char* what) {
    return Error{ErrorCode::Parse, path + "." + field + ": " + what};
  };
  if (!j.is_object()) return Error{ErrorCode::Parse, path + ": must be an object"};
  SyncAttempt a;
  auto integer = [&](const char* field, auto& out) -> bool {
    const auto it = j.find(field);
    if (it == j.end() || !it->is_number_integer()) return false;
    out = it->get<std::decay_t<decltype(out)>>();
    return true;
  };
  auto string = [&](const char* field, std::string& out) -> bool {
    const auto it = j.find(field);
    if (it == j.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  if (!integer("id", a.id)) return bad("id", "must be an integer");
  if (!integer("duration_ms", a.duration_ms)) return bad("duration_ms", "must be an integer");
  if (!integer("http_status", a.http_status)) return bad("http_status", "must be an integer");
  if (!integer("revision", a.revision)) return bad("revision", "must be an integer");
  if (!integer("bytes", a.bytes)) return bad("bytes", "must be an integer");
  if (!integer("changed_profiles", a.changed_profiles)) {
    return bad("changed_profiles", "must be an integer");
  }
  std::string text;
  if (!string("trigger", text)) return bad("trigger", "must be a string");
  const auto trigger = TriggerFromString(text);
  if (!trigger) return bad("trigger", "unknown value");
  a.trigger = *trigger;
  if (!string("result", text)) return bad("result", "must be a string");
  const auto state = StateFromString(text);
  if (!state) return bad("result", "unknown value");
  a.result = *state;
  if (!string("started_at", text)) return bad("started_at", "must be a string");
  const auto started = ParseRfc3339(text);
  if (!started) return bad("started_at", "not an RFC 3339 timestamp");
  a.started_at = *started;
  if (!string("message", a.message)) return bad("message", "must be a string");
  return a;
}

}  // namespace

const char* ToString(SyncTrigger trigger) {
  for (const auto& [t, name] : kTriggers) {
    if (t == trigger) return name;
  }
  return "unknown";
}

SyncTimeline::SyncTimeline(std::filesystem::path path, std::size_t capacity)
    : path_(std::move(path)), capacity_(capacity == 0 ? 1 : capacity) {}

Status SyncTimeline::Load() {
  if (path_.empty()) return Status::Ok();
  auto bytes = ReadFileLimited(path_, kMaxFileBytes);
  if (!bytes) {
    if (bytes.error().code == ErrorCode::NotFound) return Status::Ok();
    return bytes.error();
  }
  auto doc = ParseJsonDocument(*bytes, "sync timeline " + path_.string());
  if (!doc) return doc.error();
  const std::string where = "sync timeline " + path_.string() + ": ";
  // value() would throw on a wrongly typed field; check types first.
  const auto format = doc->is_object() ? doc->find("format") : doc->end();
  if (!doc->is_object() || format == doc->end() || !format->is_string() ||
      format->get<std::string>() != kFormat) {
    return Error{ErrorCode::Parse, where + "$.format: not a TrustDesk sync timeline"};
  }
  const auto version = doc->find("version");
  if (version == doc->end() || !version->is_number_integer() ||
      version->get<int64_t>() != kFormatVersion) {
    return Error{ErrorCode::Unsupported, where + "$.version: unsupported"};
  }
  const auto list = doc->find("attempts");
  if (list == doc->end() || !list->is_array()) {
    return Error{ErrorCode::Parse, where + "$.attempts: must be an array"};
  }
  std::deque<SyncAttempt> loaded;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto a = FromJson((*list)[i], "$.attempts[" + std::to_string(i) + "]");
    if (!a) return Error{a.error().code, where + a.error().message};
    loaded.push_back(std::move(a.value()));
  }
  std::lock_guard lock(mutex_);
  entries_ = std::move(loaded);
  while (entries_.size() > capacity_) entries_.pop_front();
  next_id_ = entries_.empty() ? 1 : entries_.back().id + 1;
  return Status::Ok();
}

Status SyncTimeline::Add(SyncAttempt attempt) {
  std::string data;
  {
    std::lock_guard lock(mutex_);
    attempt.id = next_id_++;
    entries_.push_back(std::move(attempt));
    while (entries_.size() > capacity_) entries_.pop_front();
    if (path_.empty()) return Status::Ok();
    data = ToJsonLocked().dump(1);
  }
  // Two concurrent Add calls may write in either order; the sync engine is the only writer.
  return WriteFileDurably(path_, data);
}

std::vector<SyncAttempt> SyncTimeline::Entries() const {
  std::lock_guard lock(mutex_);
  return {entries_.begin(), entries_.end()};
}

nlohmann::json SyncTimeline::ToJson() const {
  std::lock_guard lock(mutex_);
  return ToJsonLocked();
}

nlohmann::json SyncTimeline::ToJsonLocked() const {
  nlohmann::json attempts = nlohmann::json::array();
  for (const SyncAttempt& a : entries_) attempts.push_back(trustdesk::ToJson(a));
  return {{"format", kFormat}, {"version", kFormatVersion}, {"attempts", std::move(attempts)}};
}

}  // namespace trustdesk
