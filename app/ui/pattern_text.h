// A profile's value pattern in words, for the enrollment form: "[a-z0-9-]+" reads as
// "lower-case letters, digits and hyphens". Only the simple one-character-class patterns admins
// actually write are described; anything else is shown as the pattern itself.
#pragma once

#include <string>
#include <string_view>

namespace trustdesk {

// "lower-case letters, digits and hyphens" for "^[a-z0-9-]+$"; empty when the pattern is not a
// single character class repeated (then the caller shows the pattern).
std::string DescribePattern(std::string_view pattern);

// The help line under a field: "Lower-case letters, digits and hyphens only", or
// "Must match <pattern>" when it cannot be put in words.
std::string PatternHelp(std::string_view pattern);

// Rewords core's "does not match the pattern <p>" as "may only contain …" when <p> can be put in
// words; any other message is returned unchanged.
std::string RewordPatternError(const std::string& message);

}  // namespace trustdesk
