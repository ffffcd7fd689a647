// Safe parsing of untrusted JSON bytes: size limit checked before parsing, nesting depth limited
// while parsing (no stack exhaustion), invalid UTF-8 rejected with the byte offset.
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/util/result.h"

namespace trustdesk {

struct JsonLimits {
  std::size_t max_bytes = 64u * 1024 * 1024;  // whole document
  int max_depth = 64;                          // nested arrays/objects
};

// Parses `bytes` as one JSON document. `what` names the source in error messages
// (e.g. "profile list response", "offline cache").
Result<nlohmann::json> ParseJsonDocument(std::string_view bytes, std::string_view what,
                                         const JsonLimits& limits = {});

}  // namespace trustdesk
