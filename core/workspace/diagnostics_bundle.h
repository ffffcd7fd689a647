// The one-click diagnostics bundle (SPEC §9): one JSON file with the version, settings, session
// identity, sync state and timeline, the API request log, the Activity timeline, the local
// inventory and the jobs — never a token, password, PIN or passphrase. Everything passes through
// RedactSecrets() before it is written, on top of the redaction each source already does.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/model/activity_entry.h"
#include "core/model/snapshot.h"
#include "core/util/result.h"

namespace trustdesk {

struct DiagnosticsInput {
  const Snapshot* snapshot = nullptr;  // sync state, request log, jobs, inventory
  nlohmann::json settings;             // the settings document (or null)
  std::string settings_error;          // why settings.json was not used, if it was not
  nlohmann::json sync_timeline;        // SyncTimeline::ToJson()
  std::vector<ActivityEntry> activity;
  nlohmann::json paths;              // where the workspace keeps its files
  std::string username;              // signed-in or last user (redaction of echoes)
  std::vector<std::string> secrets;  // values that must not appear anywhere (e.g. token)
  Timestamp now;
};

// The bundle document.
nlohmann::json BuildDiagnosticsBundle(const DiagnosticsInput& input);

// Replaces the value of every key that names a secret (token, password, passphrase, pin, secret,
// authorization, cookie, private_key …) with "<redacted>", and every occurrence of each of
// `secrets` (at least 4 characters) inside any string. Recurses into arrays and objects.
nlohmann::json RedactSecrets(nlohmann::json document, const std::vector<std::string>& secrets);

// Writes the bundle atomically (0600); the parent directory must exist.
Status WriteDiagnosticsBundle(const std::filesystem::path& file, const nlohmann::json& bundle);

}  // namespace trustdesk
