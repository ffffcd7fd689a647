// Dotted versions "MAJOR.MINOR[.PATCH]" and the profile compatibility rule of SPEC §5: the app's
// version must be at least the profile's version, otherwise enroll and renew are disabled.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/profile.h"

namespace trustdesk {

struct Version {
  int major = 0;
  int minor = 0;
  int patch = 0;  // 0 when the text has no PATCH part
  auto operator<=>(const Version&) const = default;
};

// Strict: decimal components without signs, spaces or leading zeros, each at most 999999.
std::optional<Version> ParseVersion(std::string_view text);
std::string ToString(const Version& version);  // always "MAJOR.MINOR.PATCH"

// This build's version (the TRUSTDESK_VERSION compile definition, e.g. "2.1.0").
std::string_view AppVersion();

// True when `app_version` >= the profile's profile_version. False when either is unparsable:
// an unreadable requirement is never treated as met.
bool IsProfileCompatible(const Profile& profile, std::string_view app_version = AppVersion());

}  // namespace trustdesk
