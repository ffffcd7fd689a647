#include "app/ui/pattern_text.h"

#include <vector>

namespace trustdesk {
namespace {

constexpr std::string_view kCorePrefix = "does not match the pattern ";

std::string CharName(char c) {
  switch (c) {
    case '-': return "hyphens";
    case '.': return "dots";
    case '_': return "underscores";
    case ' ': return "spaces";
    case '@': return "\u201c@\u201d";
    default: return std::string("\u201c") + c + "\u201d";
  }
}

bool Printable(char c) { return c > ' ' && c < 0x7f; }

}  // namespace

std::string DescribePattern(std::string_view p) {
  if (!p.empty() && p.front() == '^') p.remove_prefix(1);
  if (!p.empty() && p.back() == '$') p.remove_suffix(1);
  // One class, then + or * (a length limit is described separately by max_length).
  if (p.size() < 4 || p.front() != '[' || (p.back() != '+' && p.back() != '*')) return {};
  p.remove_suffix(1);
  if (p.back() != ']') return {};
  std::string_view body = p.substr(1, p.size() - 2);
  if (body.empty() || body.front() == '^') return {};

  bool lower = false, upper = false, digits = false;
  std::vector<std::string> others;
  for (std::size_t i = 0; i < body.size();) {
    const char c = body[i];
    if (c == '\\' || c == '[' || c == ']') return {};  // escapes and nested classes: not simple
    if (i + 2 < body.size() && body[i + 1] == '-') {
      const std::string_view range = body.substr(i, 3);
      if (range == "a-z") lower = true;
      else if (range == "A-Z") upper = true;
      else if (range == "0-9") digits = true;
      else return {};
      i += 3;
      continue;
    }
    if (c != ' ' && !Printable(c)) return {};
    others.push_back(CharName(c));
    ++i;
  }
  std::vector<std::string> parts;
  if (lower && upper) parts.push_back("letters");
  else if (lower) parts.push_back("lower-case letters");
  else if (upper) parts.push_back("capital letters");
  if (digits) parts.push_back("digits");
  parts.insert(parts.end(), others.begin(), others.end());
  if (parts.empty()) return {};
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) text += i + 1 == parts.size() ? " and " : ", ";
    text += parts[i];
  }
  return text;
}

std::string PatternHelp(std::string_view pattern) {
  std::string words = DescribePattern(pattern);
  if (words.empty()) return "Must match " + std::string(pattern);
  words[0] = static_cast<char>(words[0] >= 'a' && words[0] <= 'z' ? words[0] - 'a' + 'A' : words[0]);
  return words + " only";
}

std::string RewordPatternError(const std::string& message) {
  if (message.rfind(kCorePrefix, 0) != 0) return message;
  const std::string words = DescribePattern(std::string_view(message).substr(kCorePrefix.size()));
  return words.empty() ? message : "may only contain " + words;
}

}  // namespace trustdesk
