#include "core/scripts/script_display.h"

#include <algorithm>
#include <cstdint>

namespace trustdesk {
namespace {

// Decodes one UTF-8 sequence at `text[i]`; returns its length, 0 when it is not valid UTF-8.
std::size_t DecodeUtf8(std::string_view text, std::size_t i, uint32_t& cp) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  std::size_t length = b0 < 0x80           ? 1
                       : (b0 >> 5) == 0x6  ? 2
                       : (b0 >> 4) == 0xE  ? 3
                       : (b0 >> 3) == 0x1E ? 4
                                           : 0;
  if (length == 0 || i + length > text.size()) return 0;
  cp = length == 1 ? b0 : length == 2 ? (b0 & 0x1F) : length == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b >> 6) != 0x2) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms and surrogates are not valid UTF-8.
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

// Characters that are invisible or change how the text around them is shown.
bool Hidden(uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0xAD || cp == 0x061C ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

std::string Hex(uint32_t value, int digits) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
  return out;
}

std::string Escaped(uint32_t cp) {
  switch (cp) {
    case '\n':
      return "\\n";
    case '\t':
      return "\\t";
    case '\r':
      return "\\r";
    default:
      break;
  }
  return cp < 0x100 ? "\\x" + Hex(cp, 2) : "\\u{" + Hex(cp, 4) + "}";
}

// Calls `plain(bytes)` for each visible character and `hidden(escape)` for each one that is not.
template <typename Plain, typename HiddenChar>
void Walk(std::string_view text, Plain plain, HiddenChar hidden) {
  for (std::size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const std::size_t length = DecodeUtf8(text, i, cp);
    if (length == 0) {
      hidden("\\x" + Hex(static_cast<unsigned char>(text[i]), 2));
      ++i;
      continue;
    }
    if (Hidden(cp)) {
      hidden(Escaped(cp));
    } else {
      plain(text.substr(i, length));
    }
    i += length;
  }
}

bool NeedsEscapes(std::string_view text) {
  bool needs = false;
  Walk(
      text, [](std::string_view) {}, [&](const std::string&) { needs = true; });
  return needs;
}

bool ShellSafe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_./:=@%+,-").find(c) != std::string_view::npos ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::string VisibleText(std::string_view text) {
  std::string out;
  Walk(
      text, [&](std::string_view s) { out += s == "\\" ? "\\\\" : std::string(s); },
      [&](const std::string& escape) { out += escape; });
  return out;
}

std::string QuotedArgument(std::string_view argument) {
  if (NeedsEscapes(argument)) {
    std::string out = "$'";
    Walk(
        argument,
        [&](std::string_view s) {
          if (s == "\\" || s == "'") out += '\\';
          out += s;
        },
        [&](const std::string& escape) {
          // bash's $'…' spells a code point \uNNNN, not \u{NNNN}.
          if (escape.rfind("\\u{", 0) == 0) {
            out += "\\u" + escape.substr(3, escape.size() - 4);
          } else {
            out += escape;
          }
        });
    return out + "'";
  }
  if (!argument.empty() &&
      std::all_of(argument.begin(), argument.end(), [](char c) { return ShellSafe(c); })) {
    return std::string(argument);
  }
  std::string out = "'";
  for (char c : argument) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string CommandLineText(const Script& script) {
  std::string text = QuotedArgument(script.command);
  for (const std::string& argument : script.arguments) text += " " + QuotedArgument(argument);
  return text;
}

}  // namespace trustdesk
