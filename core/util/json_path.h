// JSON path strings for error messages and diffs: "$.policy.scripts[2].command". Keys that are not
// plain identifiers are written in bracket form with JSON string quoting: $["odd key"].
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace trustdesk {

std::string JsonPathKey(std::string_view parent, std::string_view key);
std::string JsonPathIndex(std::string_view parent, std::size_t index);

// `text` as a JSON string literal for a message, cut to `max_chars` bytes with "..." so that a
// hostile value cannot flood a log line. Invalid UTF-8 is replaced, never thrown on.
std::string QuoteForMessage(std::string_view text, std::size_t max_chars = 80);

}  // namespace trustdesk
