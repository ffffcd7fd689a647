#include "core/workspace/diagnostics_bundle.h"

#include <algorithm>
#include <cctype>

#include "core/activity/activity_log.h"
#include "core/api/http_transport.h"
#include "core/util/atomic_file.h"

namespace trustdesk {
namespace {

using nlohmann::json;

constexpr const char* kFormat = "trustdesk-diagnostics";

const char* Platform() {
#if defined(_WIN32)
  return "windows";
#elif defined(__APPLE__)
  return "macos";
#else
  return "linux";
#endif
}

json OptionalTime(const std::optional<Timestamp>& t) {
  return t ? json(FormatRfc3339(*t)) : json(nullptr);
}

bool IsSecretKey(std::string key) {
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* word : {"token", "password", "passphrase", "secret", "authorization", "cookie",
                           "private_key", "pin"}) {
    if (key == word) return true;
    const std::string w(word);
    // access_token, admin-token, x-admin-token, key_passphrase, new_pin ...
    if (key.size() > w.size() &&
        (key.ends_with("_" + w) || key.ends_with("-" + w) || key.starts_with(w + "_"))) {
      return true;
    }
  }
  return false;
}

json RequestsJson(const std::vector<RequestLogEntry>& entries) {
  json out = json::array();
  for (const auto& e : entries) {
    json headers = json::object();
    for (const auto& [name, value] : e.request_headers) {
      headers[name] = IsSecretHeader(name) ? json(kRedacted) : json(value);
    }
    out.push_back({{"id", e.id},
                   {"started_at", FormatRfc3339(e.started_at)},
                   {"method", e.method},
                   {"path", RedactQuery(e.path)},
                   {"status", e.status},
                   {"duration_ms", e.duration_ms},
                   {"bytes_sent", e.bytes_sent},
                   {"bytes_received", e.bytes_received},
                   {"error", e.error},
                   {"request_headers", std::move(headers)}});
  }
  return out;
}

json InventoryJson(const std::vector<InventoryEntry>& entries) {
  json out = json::array();
  for (const auto& e : entries) {
    out.push_back({{"serial", e.serial},
                   {"profile_id", e.profile_id},
                   {"store", ToString(e.store)},
                   {"location", e.location},
                   {"subject", e.subject},
                   {"not_after", FormatRfc3339(e.not_after)},
                   {"installed_at", FormatRfc3339(e.installed_at)},
                   {"missing", e.missing}});
  }
  return out;
}

json JobsJson(const std::vector<JobStatus>& jobs) {
  json out = json::array();
  for (const auto& j : jobs) {
    json steps = json::array();
    for (JobStep s : j.steps) steps.push_back(ToString(s));
    out.push_back({{"id", j.id},
                   {"kind", ToString(j.kind)},
                   {"state", ToString(j.state)},
                   {"title", j.title},
                   {"profile_id", j.profile_id},
                   {"serial", j.serial},
                   {"result_serial", j.result_serial},
                   {"steps", std::move(steps)},
                   {"current", j.current},
                   {"error", j.error},
                   {"result", j.result},
                   {"started_at", OptionalTime(j.started_at)},
                   {"finished_at", OptionalTime(j.finished_at)}});
  }
  return out;
}

json SyncJson(const Snapshot& s) {
  return {{"state", ToString(s.sync.state)},
          {"changed_profiles", s.sync.changed_profiles},
          {"failure_reason", s.sync.failure_reason},
          {"retry_at", OptionalTime(s.sync.retry_at)},
          {"last_synced", OptionalTime(s.sync.last_synced)},
          {"data_from", OptionalTime(s.sync.data_from)},
          {"next_sync_at", OptionalTime(s.next_sync_at)},
          {"profiles", s.profiles.size()},
          {"issued_certificates", s.issued.size()},
          {"profiles_revision", s.profiles_revision},
          {"profiles_etag", s.profiles_etag}};
}

void RedactStrings(json& node, const std::vector<std::string>& secrets) {
  if (node.is_string()) {
    std::string text = node.get<std::string>();
    for (const auto& secret : secrets) text = RedactValue(std::move(text), secret);
    node = text;
  } else if (node.is_array()) {
    for (auto& item : node) RedactStrings(item, secrets);
  } else if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (IsSecretKey(it.key()) && !it.value().is_null() && !it.value().is_boolean()) {
        it.value() = kRedacted;
      } else {
        RedactStrings(it.value(), secrets);
      }
    }
  }
}

}  // namespace

json BuildDiagnosticsBundle(const DiagnosticsInput& in) {
  static const Snapshot kEmpty;
  const Snapshot& s = in.snapshot ? *in.snapshot : kEmpty;
  json account = nullptr;
  if (s.account) {
    account = {{"id", s.account->id}, {"name", s.account->name}};
  }
  json activity = json::array();
  for (const auto& e : in.activity) activity.push_back(ToJson(e));
  json bundle = {
      {"format", kFormat},
      {"version", 1},
      {"created_at", FormatRfc3339(in.now)},
      {"app",
       {{"version", TRUSTDESK_VERSION},
        {"platform", Platform()},
        {"user_agent", HttpTransport::UserAgent()}}},
      {"settings", in.settings},
      {"settings_error", in.settings_error},
      {"paths", in.paths},
      {"session",
       {{"signed_in", s.account.has_value()},
        {"server_url", s.server_url},
        {"account", std::move(account)},
        {"username", in.username}}},
      {"sync", SyncJson(s)},
      {"sync_timeline", in.sync_timeline},
      {"request_log", RequestsJson(s.requests)},
      {"activity", std::move(activity)},
      {"inventory", InventoryJson(s.installed)},
      {"jobs", JobsJson(s.jobs)},
  };
  return RedactSecrets(std::move(bundle), in.secrets);
}

json RedactSecrets(json document, const std::vector<std::string>& secrets) {
  RedactStrings(document, secrets);
  return document;
}

Status WriteDiagnosticsBundle(const std::filesystem::path& file, const json& bundle) {
  const std::string text = bundle.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  if (Status s = WriteFileAtomic(file, text, kModePrivate); !s) {
    return Error{s.error().code, "diagnostics bundle: " + s.error().message};
  }
  return Status::Ok();
}

}  // namespace trustdesk
