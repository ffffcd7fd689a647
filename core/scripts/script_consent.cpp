// Sections: consent state · reading and checking the file · changing it under its lock.
#include "core/scripts/script_consent.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/util/atomic_file.h"
#include "core/util/file_lock.h"

namespace trustdesk {
namespace {

using nlohmann::json;

constexpr int kFormat = 1;
constexpr std::size_t kMaxArguments = 1000;

}  // namespace

// --- Consent state -------------------------------------------------------------------------------

const char* ToString(ScriptConsentState state) {
  switch (state) {
    case ScriptConsentState::Allowed:
      return "allowed";
    case ScriptConsentState::NotAllowed:
      return "not_allowed";
    case ScriptConsentState::Changed:
      return "changed";
  }
  return "not_allowed";
}

const ScriptConsent* FindConsent(const std::vector<ScriptConsent>& consents,
                                 const std::string& digest) {
  for (const ScriptConsent& c : consents) {
    if (c.digest == digest) return &c;
  }
  return nullptr;
}

ScriptConsentState ConsentStateOf(const std::vector<ScriptConsent>& consents,
                                  const ProfileScript& script) {
  if (FindConsent(consents, script.digest) != nullptr) return ScriptConsentState::Allowed;
  for (const ScriptConsent& c : consents) {
    if (c.profile_id == script.profile_id && c.slot == script.slot) {
      return ScriptConsentState::Changed;
    }
  }
  return ScriptConsentState::NotAllowed;
}

// --- Reading and checking ------------------------------------------------------------------------

namespace {

Result<ScriptConsent> ConsentFromJson(const json& j, const std::string& where) {
  auto bad = [&](const std::string& field, const std::string& what) {
    return Error{ErrorCode::Parse, where + "." + field + ": " + what};
  };
  if (!j.is_object()) return Error{ErrorCode::Parse, where + ": must be an object"};
  for (const auto& item : j.items()) {
    static const std::vector<std::string> kKnown = {"digest",  "profile_id", "slot",      "name",
                                                    "command", "arguments",  "allowed_at"};
    if (std::find(kKnown.begin(), kKnown.end(), item.key()) == kKnown.end()) {
      return bad(item.key(), "is not a known field");
    }
  }
  for (const char* f : {"digest", "profile_id", "name", "command", "allowed_at"}) {
    if (!j.contains(f) || !j[f].is_string()) return bad(f, "missing or not a string");
  }
  ScriptConsent c;
  c.digest = j["digest"].get<std::string>();
  if (!IsScriptDigest(c.digest)) return bad("digest", "must be 64 lower-case hex digits");
  c.profile_id = j["profile_id"].get<std::string>();
  if (!j.contains("slot") || !j["slot"].is_number_unsigned() || j["slot"].get<uint64_t>() > 10000) {
    return bad("slot", "missing or not a number from 0 to 10000");
  }
  c.slot = j["slot"].get<std::size_t>();
  c.name = j["name"].get<std::string>();
  c.command = j["command"].get<std::string>();
  if (!j.contains("arguments") || !j["arguments"].is_array() ||
      j["arguments"].size() > kMaxArguments) {
    return bad("arguments", "missing, not a list or too long");
  }
  for (const json& a : j["arguments"]) {
    if (!a.is_string()) return bad("arguments", "must hold strings only");
    c.arguments.push_back(a.get<std::string>());
  }
  auto allowed_at = ParseRfc3339(j["allowed_at"].get<std::string>());
  if (!allowed_at) return bad("allowed_at", "not an RFC 3339 time");
  c.allowed_at = *allowed_at;
  // The digest must be the one of the script the record describes: a record edited on disk, or
  // a digest copied next to another command, is not a consent.
  Script script;
  script.name = c.name;
  script.command = c.command;
  script.arguments = c.arguments;
  if (ScriptDigest(c.profile_id, c.slot, script) != c.digest) {
    return bad("digest", "does not match the script the record describes");
  }
  return c;
}

json ConsentToJson(const ScriptConsent& c) {
  return json{{"digest", c.digest},
              {"profile_id", c.profile_id},
              {"slot", c.slot},
              {"name", c.name},
              {"command", c.command},
              {"arguments", c.arguments},
              {"allowed_at", FormatRfc3339(c.allowed_at)}};
}

Result<std::vector<ScriptConsent>> Parse(const std::string& text, const std::string& path) {
  const std::string where = "script consent file " + path;
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    return Error{ErrorCode::Parse, where + ": not valid JSON: " + e.what()};
  }
  if (!doc.is_object() || !doc.contains("format") || doc["format"] != kFormat) {
    return Error{ErrorCode::Parse, where + ": $.format must be " + std::to_string(kFormat)};
  }
  if (!doc.contains("allowed") || !doc["allowed"].is_array()) {
    return Error{ErrorCode::Parse, where + ": $.allowed must be a list"};
  }
  if (doc["allowed"].size() > kMaxScriptConsents) {
    return Error{ErrorCode::TooLarge,
                 where + ": more than " + std::to_string(kMaxScriptConsents) + " consents"};
  }
  std::vector<ScriptConsent> out;
  for (std::size_t i = 0; i < doc["allowed"].size(); ++i) {
    auto c = ConsentFromJson(doc["allowed"][i], where + ": $.allowed[" + std::to_string(i) + "]");
    if (!c) return c.error();
    out.push_back(std::move(c).value());
  }
  return out;
}

Status Write(const std::filesystem::path& path, const std::vector<ScriptConsent>& consents) {
  json allowed = json::array();
  for (const ScriptConsent& c : consents) allowed.push_back(ConsentToJson(c));
  std::string text;
  try {
    text = json{{"format", kFormat}, {"allowed", std::move(allowed)}}.dump(2) + "\n";
  } catch (const json::exception& e) {
    return Error{ErrorCode::InvalidInput,
                 "script consent file " + path.string() + ": cannot encode: " + e.what()};
  }
  return WriteFileAtomic(path, text, kModePrivate);
}

}  // namespace

Result<std::vector<ScriptConsent>> ScriptConsentFile::Load() const {
  auto text = ReadFileLimited(path_, kMaxScriptConsentBytes);
  if (!text) {
    if (text.error().code == ErrorCode::NotFound) return std::vector<ScriptConsent>{};
    return Error{text.error().code,
                 "script consent file " + path_.string() + ": " + text.error().message};
  }
  return Parse(*text, path_.string());
}

// --- Changing it under its lock ------------------------------------------------------------------

Result<ScriptConsent> ScriptConsentFile::Allow(const ProfileScript& script, Timestamp now) const {
  if (ScriptDigest(script.profile_id, script.slot, script.script) != script.digest) {
    return Error{ErrorCode::InvalidInput,
                 "script \"" + script.script.name + "\": the digest does not match the script"};
  }
  auto lock = FileLock::Acquire(FileLock::LockFileFor(path_));
  if (!lock) return lock.error();
  auto consents = Load();
  if (!consents) {
    return Error{consents.error().code,
                 consents.error().message + " (not changed; remove the file to start over)"};
  }
  if (consents->size() >= kMaxScriptConsents) {
    return Error{ErrorCode::TooLarge, "script consent file " + path_.string() + ": at most " +
                                          std::to_string(kMaxScriptConsents) + " consents"};
  }
  // One consent per profile and slot: the latest script the user allowed there.
  std::erase_if(*consents, [&](const ScriptConsent& c) {
    return c.digest == script.digest ||
           (c.profile_id == script.profile_id && c.slot == script.slot);
  });
  ScriptConsent c{script.digest,         script.profile_id,       script.slot, script.script.name,
                  script.script.command, script.script.arguments, now};
  consents->push_back(c);
  if (Status s = Write(path_, *consents); !s) return s.error();
  return c;
}

Result<ScriptConsent> ScriptConsentFile::Revoke(const std::string& digest) const {
  auto lock = FileLock::Acquire(FileLock::LockFileFor(path_));
  if (!lock) return lock.error();
  auto consents = Load();
  if (!consents) {
    return Error{consents.error().code,
                 consents.error().message + " (not changed; remove the file to start over)"};
  }
  auto it = std::find_if(consents->begin(), consents->end(),
                         [&](const ScriptConsent& c) { return c.digest == digest; });
  if (it == consents->end()) {
    return Error{ErrorCode::NotFound, "no script with digest " + digest + " is allowed"};
  }
  ScriptConsent removed = *it;
  consents->erase(it);
  if (Status s = Write(path_, *consents); !s) return s.error();
  return removed;
}

}  // namespace trustdesk
