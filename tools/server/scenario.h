// QA scenarios: a JSON document that scripts the server's behaviour by route and request count
// or time since the scenario was loaded. Loaded at start (--scenario FILE) or through the admin
// API; the format and every action are documented in assets/scenarios/README.md.
//
//   {"name": "...", "description": "one line",
//    "clock_offset_seconds": 0,                       // shifts the CA's clock
//    "certificates_expire_in_days": 5,                // issue certificates about to expire
//    "on_load": [{"action": "profile_edit", "profile_id": "p", "patch": {...}}],
//    "rules": [{"route": "GET /api/v1/profiles",       // METHOD PATH; '*' is a wildcard
//               "from_request": 2, "to_request": 3,    // 1-based count of matching requests
//               "after_seconds": 0, "until_seconds": 60,
//               "action": "error", "status": 503, "retry_after": 2}]}
//
// Actions: latency (delay_ms), error (status, retry_after, code, message), drop (close the
// connection after the headers), truncate (send half the body, then close), malformed (replace
// the body with invalid JSON), expire_token (the caller's token expires now), profile_edit
// (profile_id, patch: a JSON merge patch applied before the request is handled).
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/result.h"

namespace trustdesk::server {

enum class ScenarioAction { Latency, Error, Drop, Truncate, Malformed, ExpireToken, ProfileEdit };

struct ScenarioRule {
  std::string method = "*";  // "GET", or "*"
  std::string path_glob;     // "/api/v1/profiles", "/api/v1/*"
  std::optional<int64_t> from_request, to_request;
  std::optional<double> after_seconds, until_seconds;
  ScenarioAction action = ScenarioAction::Latency;
  int delay_ms = 0;
  int status = 503;
  std::optional<int> retry_after;
  std::string code;
  std::string message;
  std::string profile_id;
  nlohmann::json patch;
};

struct ProfileEdit {
  std::string profile_id;
  nlohmann::json patch;
};

struct Scenario {
  std::string name;
  std::string description;
  int64_t clock_offset_seconds = 0;
  // When set, issued certificates are back-dated so they expire this many days from now.
  std::optional<int64_t> certificates_expire_in_days;
  std::vector<ProfileEdit> on_load;
  std::vector<ScenarioRule> rules;
};

// Strict parsing: unknown actions, wrong types and missing fields are errors naming the path.
Result<Scenario> ParseScenario(const nlohmann::json& doc);

// What the server does to one request, decided before it is handled.
struct ScenarioPlan {
  int delay_ms = 0;
  std::optional<ScenarioRule> terminal;  // Error or Drop: the handler does not run
  bool expire_token = false;
  std::vector<ProfileEdit> profile_edits;
  std::optional<ScenarioAction> body_fault;  // Truncate or Malformed, applied to the response
};

// The active scenario and its per-rule request counters. Thread-safe.
class ScenarioEngine {
 public:
  void Load(Scenario scenario);
  void Clear();
  // Counts the request against every rule whose route matches and returns the plan.
  ScenarioPlan OnRequest(const std::string& method, const std::string& path);
  // {"active": bool, "name", "description", "rules": [{"route", "action", "matched"}]}
  nlohmann::json Describe() const;
  std::optional<int64_t> CertificatesExpireInDays() const;

 private:
  mutable std::mutex mu_;
  std::optional<Scenario> scenario_;
  std::vector<int64_t> counts_;
  std::chrono::steady_clock::time_point loaded_at_;
};

bool GlobMatch(const std::string& pattern, const std::string& text);

}  // namespace trustdesk::server
