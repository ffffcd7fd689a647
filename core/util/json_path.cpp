#include "core/util/json_path.h"

#include <nlohmann/json.hpp>

namespace trustdesk {
namespace {

bool IsIdentifier(std::string_view key) {
  if (key.empty()) return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

std::string JsonString(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string JsonPathKey(std::string_view parent, std::string_view key) {
  std::string path(parent);
  if (IsIdentifier(key)) {
    path += '.';
    path += key;
  } else {
    path += '[';
    path += JsonString(key);
    path += ']';
  }
  return path;
}

std::string JsonPathIndex(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

std::string QuoteForMessage(std::string_view text, std::size_t max_chars) {
  if (text.size() <= max_chars) return JsonString(text);
  // Cut on a code point boundary so the replacement handler does not eat the last character.
  std::size_t cut = max_chars;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string quoted = JsonString(text.substr(0, cut));
  quoted.insert(quoted.size() - 1, "...");
  return quoted;
}

}  // namespace trustdesk
