#include "app/ui/text_wrap.h"

#include <algorithm>
#include <cstddef>

namespace trustdesk {
namespace {

std::size_t CodePointLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;  // a stray continuation byte: one byte at a time
}

bool BreaksAfter(char c) { return c == ' ' || c == '/' || c == '\\'; }

std::string_view TrimTrailingSpaces(std::string_view line) {
  while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
  return line;
}

}  // namespace

std::vector<std::string_view> WrapLines(std::string_view text, float width,
                                        const MeasureText& measure) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;     // first byte of the current line
  std::size_t breakpos = 0;  // the line may end before this byte (0: no break seen yet)
  float line_width = 0.0f;   // width of text[start, i)
  float after_break = 0.0f;  // width of text[breakpos, i)
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\n') {
      lines.push_back(TrimTrailingSpaces(text.substr(start, i - start)));
      start = ++i;
      breakpos = 0;
      line_width = after_break = 0.0f;
      continue;
    }
    const std::size_t len =
        std::min(CodePointLength(static_cast<unsigned char>(text[i])), text.size() - i);
    const float w = measure(text.substr(i, len));
    if (line_width + w > width && i > start && text[i] != ' ') {
      if (breakpos > start) {
        lines.push_back(TrimTrailingSpaces(text.substr(start, breakpos - start)));
        start = breakpos;
        line_width = after_break;
      } else {
        lines.push_back(text.substr(start, i - start));  // no break: cut the word
        start = i;
        line_width = 0.0f;
      }
      breakpos = 0;
      after_break = 0.0f;
    }
    // Spaces at the start of a wrapped line are dropped.
    if (text[i] == ' ' && i == start && !lines.empty()) {
      start = i + len;
      i += len;
      continue;
    }
    line_width += w;
    after_break += w;
    i += len;
    if (BreaksAfter(text[i - len])) {
      breakpos = i;
      after_break = 0.0f;
    }
  }
  if (start < text.size() || lines.empty()) {
    lines.push_back(TrimTrailingSpaces(text.substr(start)));
  }
  return lines;
}

}  // namespace trustdesk
