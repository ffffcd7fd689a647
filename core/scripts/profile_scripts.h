// The post-processing scripts of a profile as consent sees them (SPEC §7). A profile comes from
// the server, so each script is untrusted input: what the user allows is one exact script,
// identified by a SHA-256 digest of the profile id, the script's slot (its index in the profile's
// list), its name, its command and every argument. Any change to one of them is a new digest, so
// a consent never carries over to a script the user has not seen.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/model/profile.h"

namespace trustdesk {

// One script of a profile, with where it sits and the digest consent binds to.
struct ProfileScript {
  std::string profile_id;
  std::string profile_name;
  std::size_t slot = 0;  // index in profile.policy.scripts
  Script script;
  std::string digest;  // ScriptDigest(profile_id, slot, script)

  bool operator==(const ProfileScript&) const = default;
};

// 64 lower-case hex digits. The fields are length-prefixed before hashing, so no two different
// scripts (e.g. arguments {"a b"} and {"a", "b"}) share an encoding.
std::string ScriptDigest(const std::string& profile_id, std::size_t slot, const Script& script);

// True when `script` runs on this operating system (platform "any" or this one).
bool RunsOnThisPlatform(const Script& script);

// The profile's scripts that run on this platform, in profile order, with slots and digests.
std::vector<ProfileScript> ProfileScriptsHere(const Profile& profile);

// True for 64 lower-case hex digits.
bool IsScriptDigest(const std::string& text);

}  // namespace trustdesk
