// The user's consent to run post-processing scripts (SPEC §7), one record per allowed script,
// bound to the script's digest (profile_scripts.h). A script whose exact digest has no consent
// never runs; when its profile and slot have a consent for another digest, the server changed it
// since the user allowed it. The records of a data directory live in config/script-consent.json
// (0600), changed only under its lock ("<file>.lock") and replaced atomically; every read checks
// each record again (types, sizes and that its digest matches its fields) and a file that fails
// counts as no consent at all.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/model/timestamp.h"
#include "core/scripts/profile_scripts.h"
#include "core/util/result.h"

namespace trustdesk {

// One allowed script, with the text the user saw, so it can be listed (and withdrawn) even after
// the profile changed.
struct ScriptConsent {
  std::string digest;
  std::string profile_id;
  std::size_t slot = 0;
  std::string name;
  std::string command;
  std::vector<std::string> arguments;
  Timestamp allowed_at;

  bool operator==(const ScriptConsent&) const = default;
};

enum class ScriptConsentState {
  Allowed,     // this exact script was allowed
  NotAllowed,  // nothing was ever allowed for this profile and slot
  Changed,     // another script was allowed in this profile and slot: it changed since
};

const char* ToString(ScriptConsentState state);  // "allowed", "not_allowed", "changed"

ScriptConsentState ConsentStateOf(const std::vector<ScriptConsent>& consents,
                                  const ProfileScript& script);
// The consent for exactly this script, or null.
const ScriptConsent* FindConsent(const std::vector<ScriptConsent>& consents,
                                 const std::string& digest);

inline constexpr std::size_t kMaxScriptConsentBytes = 1u << 20;
inline constexpr std::size_t kMaxScriptConsents = 1000;

class ScriptConsentFile {
 public:
  explicit ScriptConsentFile(std::filesystem::path path) : path_(std::move(path)) {}

  // Every consent; none when the file does not exist. A damaged file is an error naming the
  // record and field; callers then treat it as no consent.
  Result<std::vector<ScriptConsent>> Load() const;
  // Allows `script` from now on, replacing an earlier consent for the same profile and slot.
  // A damaged file is not overwritten: the error says so.
  Result<ScriptConsent> Allow(const ProfileScript& script, Timestamp now) const;
  // Withdraws the consent with `digest`; NotFound when there is none.
  Result<ScriptConsent> Revoke(const std::string& digest) const;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace trustdesk
