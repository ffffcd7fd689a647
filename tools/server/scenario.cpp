#include "tools/server/scenario.h"

namespace trustdesk::server {
namespace {

const char* ActionName(ScenarioAction a) {
  switch (a) {
    case ScenarioAction::Latency: return "latency";
    case ScenarioAction::Error: return "error";
    case ScenarioAction::Drop: return "drop";
    case ScenarioAction::Truncate: return "truncate";
    case ScenarioAction::Malformed: return "malformed";
    case ScenarioAction::ExpireToken: return "expire_token";
    case ScenarioAction::ProfileEdit: return "profile_edit";
  }
  return "?";
}

std::optional<ScenarioAction> ActionFromName(const std::string& s) {
  for (auto a : {ScenarioAction::Latency, ScenarioAction::Error, ScenarioAction::Drop,
                 ScenarioAction::Truncate, ScenarioAction::Malformed, ScenarioAction::ExpireToken,
                 ScenarioAction::ProfileEdit}) {
    if (s == ActionName(a)) return a;
  }
  return std::nullopt;
}

Error Bad(const std::string& path, const std::string& what) {
  return Error(ErrorCode::InvalidInput, "scenario " + path + ": " + what);
}

Result<std::optional<int64_t>> OptInt(const nlohmann::json& j, const std::string& key,
                                      const std::string& path, int64_t min, int64_t max) {
  auto it = j.find(key);
  if (it == j.end()) return std::optional<int64_t>();
  if (!it->is_number_integer()) return Bad(path + "." + key, "must be an integer");
  int64_t v = it->get<int64_t>();
  if (v < min || v > max) {
    return Bad(path + "." + key, "must be between " + std::to_string(min) + " and " +
                                     std::to_string(max));
  }
  return std::optional<int64_t>(v);
}

Result<std::optional<double>> OptSeconds(const nlohmann::json& j, const std::string& key,
                                         const std::string& path) {
  auto it = j.find(key);
  if (it == j.end()) return std::optional<double>();
  if (!it->is_number() || it->get<double>() < 0) return Bad(path + "." + key, "must be a number >= 0");
  return std::optional<double>(it->get<double>());
}

Result<std::string> OptText(const nlohmann::json& j, const std::string& key,
                            const std::string& path) {
  auto it = j.find(key);
  if (it == j.end()) return std::string();
  if (!it->is_string()) return Bad(path + "." + key, "must be a string");
  return it->get<std::string>();
}

Result<ProfileEdit> ParseEdit(const nlohmann::json& j, const std::string& path) {
  auto id = OptText(j, "profile_id", path);
  if (!id) return id.error();
  if (id->empty()) return Bad(path + ".profile_id", "is required for profile_edit");
  auto patch = j.find("patch");
  if (patch == j.end() || !patch->is_object()) {
    return Bad(path + ".patch", "must be an object (a JSON merge patch)");
  }
  return ProfileEdit{*id, *patch};
}

Result<ScenarioRule> ParseRule(const nlohmann::json& j, const std::string& path) {
  if (!j.is_object()) return Bad(path, "must be an object");
  ScenarioRule r;
  auto route = OptText(j, "route", path);
  if (!route) return route.error();
  if (*route == "*" || route->empty()) {
    r.method = "*";
    r.path_glob = "*";
  } else {
    auto space = route->find(' ');
    if (space == std::string::npos) return Bad(path + ".route", "must be 'METHOD /path' or '*'");
    r.method = route->substr(0, space);
    r.path_glob = route->substr(space + 1);
    if (r.path_glob.empty() || (r.path_glob[0] != '/' && r.path_glob != "*")) {
      return Bad(path + ".route", "the path must start with '/'");
    }
  }
  auto from = OptInt(j, "from_request", path, 1, 1LL << 40);
  auto to = OptInt(j, "to_request", path, 1, 1LL << 40);
  auto after = OptSeconds(j, "after_seconds", path);
  auto until = OptSeconds(j, "until_seconds", path);
  if (!from) return from.error();
  if (!to) return to.error();
  if (!after) return after.error();
  if (!until) return until.error();
  r.from_request = *from;
  r.to_request = *to;
  r.after_seconds = *after;
  r.until_seconds = *until;
  auto action_name = OptText(j, "action", path);
  if (!action_name) return action_name.error();
  auto action = ActionFromName(*action_name);
  if (!action) {
    return Bad(path + ".action", "unknown action '" + *action_name +
                                     "' (expected latency, error, drop, truncate, malformed, "
                                     "expire_token, profile_edit)");
  }
  r.action = *action;
  if (r.action == ScenarioAction::Latency) {
    auto delay = OptInt(j, "delay_ms", path, 0, 120000);
    if (!delay) return delay.error();
    if (!*delay) return Bad(path + ".delay_ms", "is required for latency");
    r.delay_ms = static_cast<int>(**delay);
  }
  if (r.action == ScenarioAction::Error) {
    auto status = OptInt(j, "status", path, 400, 599);
    auto retry = OptInt(j, "retry_after", path, 0, 86400);
    if (!status) return status.error();
    if (!retry) return retry.error();
    r.status = static_cast<int>(status->value_or(503));
    if (*retry) r.retry_after = static_cast<int>(**retry);
    auto code = OptText(j, "code", path);
    auto message = OptText(j, "message", path);
    if (!code) return code.error();
    if (!message) return message.error();
    r.code = code->empty() ? (r.status == 503 ? "service_unavailable" : "scenario_error") : *code;
    r.message = message->empty() ? "failure injected by scenario" : *message;
  }
  if (r.action == ScenarioAction::ProfileEdit) {
    auto edit = ParseEdit(j, path);
    if (!edit) return edit.error();
    r.profile_id = edit->profile_id;
    r.patch = edit->patch;
  }
  return r;
}

}  // namespace

bool GlobMatch(const std::string& pattern, const std::string& text) {
  // Iterative '*' matching with backtracking to the last star.
  size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Result<Scenario> ParseScenario(const nlohmann::json& doc) {
  if (!doc.is_object()) return Bad("$", "must be an object");
  Scenario s;
  auto name = OptText(doc, "name", "$");
  auto description = OptText(doc, "description", "$");
  if (!name) return name.error();
  if (!description) return description.error();
  if (name->empty()) return Bad("$.name", "is required");
  s.name = *name;
  s.description = *description;
  auto offset = OptInt(doc, "clock_offset_seconds", "$", -(100LL * 365 * 86400), 100LL * 365 * 86400);
  if (!offset) return offset.error();
  s.clock_offset_seconds = offset->value_or(0);
  auto expire = OptInt(doc, "certificates_expire_in_days", "$", 1, 3650);
  if (!expire) return expire.error();
  s.certificates_expire_in_days = *expire;
  if (auto it = doc.find("on_load"); it != doc.end()) {
    if (!it->is_array()) return Bad("$.on_load", "must be an array");
    for (size_t i = 0; i < it->size(); ++i) {
      std::string path = "$.on_load[" + std::to_string(i) + "]";
      const auto& e = (*it)[i];
      if (!e.is_object() || e.value("action", "") != "profile_edit") {
        return Bad(path, "only {\"action\": \"profile_edit\", ...} is supported here");
      }
      auto edit = ParseEdit(e, path);
      if (!edit) return edit.error();
      s.on_load.push_back(*edit);
    }
  }
  if (auto it = doc.find("rules"); it != doc.end()) {
    if (!it->is_array()) return Bad("$.rules", "must be an array");
    for (size_t i = 0; i < it->size(); ++i) {
      auto rule = ParseRule((*it)[i], "$.rules[" + std::to_string(i) + "]");
      if (!rule) return rule.error();
      s.rules.push_back(std::move(*rule));
    }
  }
  return s;
}

void ScenarioEngine::Load(Scenario scenario) {
  std::lock_guard lock(mu_);
  counts_.assign(scenario.rules.size(), 0);
  scenario_ = std::move(scenario);
  loaded_at_ = std::chrono::steady_clock::now();
}

void ScenarioEngine::Clear() {
  std::lock_guard lock(mu_);
  scenario_.reset();
  counts_.clear();
}

ScenarioPlan ScenarioEngine::OnRequest(const std::string& method, const std::string& path) {
  ScenarioPlan plan;
  std::lock_guard lock(mu_);
  if (!scenario_) return plan;
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - loaded_at_).count();
  for (size_t i = 0; i < scenario_->rules.size(); ++i) {
    const ScenarioRule& r = scenario_->rules[i];
    if ((r.method != "*" && r.method != method) || !GlobMatch(r.path_glob, path)) continue;
    int64_t n = ++counts_[i];
    if ((r.from_request && n < *r.from_request) || (r.to_request && n > *r.to_request)) continue;
    if ((r.after_seconds && elapsed < *r.after_seconds) ||
        (r.until_seconds && elapsed >= *r.until_seconds)) {
      continue;
    }
    switch (r.action) {
      case ScenarioAction::Latency: plan.delay_ms += r.delay_ms; break;
      case ScenarioAction::Error:
      case ScenarioAction::Drop:
        if (!plan.terminal) plan.terminal = r;
        break;
      case ScenarioAction::Truncate:
      case ScenarioAction::Malformed:
        if (!plan.body_fault) plan.body_fault = r.action;
        break;
      case ScenarioAction::ExpireToken: plan.expire_token = true; break;
      case ScenarioAction::ProfileEdit: plan.profile_edits.push_back({r.profile_id, r.patch}); break;
    }
  }
  return plan;
}

std::optional<int64_t> ScenarioEngine::CertificatesExpireInDays() const {
  std::lock_guard lock(mu_);
  return scenario_ ? scenario_->certificates_expire_in_days : std::nullopt;
}

nlohmann::json ScenarioEngine::Describe() const {
  std::lock_guard lock(mu_);
  if (!scenario_) return {{"active", false}};
  nlohmann::json rules = nlohmann::json::array();
  for (size_t i = 0; i < scenario_->rules.size(); ++i) {
    const auto& r = scenario_->rules[i];
    rules.push_back({{"route", r.method + " " + r.path_glob},
                     {"action", ActionName(r.action)},
                     {"matched", counts_[i]}});
  }
  return {{"active", true},
          {"name", scenario_->name},
          {"description", scenario_->description},
          {"clock_offset_seconds", scenario_->clock_offset_seconds},
          {"rules", rules}};
}

}  // namespace trustdesk::server
