#include "core/workspace/session_file.h"

#include <nlohmann/json.hpp>

#include "core/util/atomic_file.h"
#include "core/util/json_document.h"

namespace trustdesk {
namespace {

constexpr const char* kFormat = "trustdesk-session";
constexpr std::size_t kMaxBytes = 64 * 1024;

}  // namespace

Result<std::optional<SessionIdentity>> LoadSessionIdentity(const std::filesystem::path& file) {
  auto bytes = ReadFileLimited(file, kMaxBytes);
  if (!bytes) {
    if (bytes.error().code == ErrorCode::NotFound) return std::optional<SessionIdentity>{};
    return bytes.error();
  }
  const std::string what = file.string();
  auto doc = ParseJsonDocument(*bytes, what);
  if (!doc) return doc.error();
  const nlohmann::json& j = *doc;
  if (!j.is_object() || j.value("format", "") != kFormat) {
    return Error{ErrorCode::Parse, what + ": $.format: not a TrustDesk session file"};
  }
  SessionIdentity id;
  for (auto [field, target] :
       {std::pair{"server_url", &id.server_url}, std::pair{"ca_file", &id.ca_file},
        std::pair{"account_id", &id.account_id}, std::pair{"username", &id.username}}) {
    if (!j.contains(field) || !j[field].is_string()) {
      return Error{ErrorCode::Parse, what + ": $." + field + ": missing or not a string"};
    }
    *target = j[field].get<std::string>();
  }
  if (!j.contains("remember") || !j["remember"].is_boolean()) {
    return Error{ErrorCode::Parse, what + ": $.remember: missing or not a boolean"};
  }
  id.remember = j["remember"].get<bool>();
  if (id.server_url.empty()) return Error{ErrorCode::Parse, what + ": $.server_url: empty"};
  return std::optional<SessionIdentity>(std::move(id));
}

Status SaveSessionIdentity(const std::filesystem::path& file, const SessionIdentity& id) {
  const nlohmann::json j{{"format", kFormat},           {"version", 1},
                         {"server_url", id.server_url}, {"ca_file", id.ca_file},
                         {"account_id", id.account_id}, {"username", id.username},
                         {"remember", id.remember}};
  return WriteFileAtomic(file, j.dump(2) + "\n", kModePrivate);
}

}  // namespace trustdesk
