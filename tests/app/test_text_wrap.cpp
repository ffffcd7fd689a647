// WrapLines with one width unit per code point, so expectations can be counted by eye.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "app/ui/text_wrap.h"

using namespace trustdesk;

namespace {

std::vector<std::string> Wrap(std::string_view text, float width) {
  const auto per_code_point = [](std::string_view) { return 1.0f; };
  std::vector<std::string> out;
  for (std::string_view line : WrapLines(text, width, per_code_point)) out.emplace_back(line);
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("Text wrap: words break at spaces, and spaces at a break are dropped") {
  CHECK(Wrap("short", 10) == Lines{"short"});
  CHECK(Wrap("", 10) == Lines{""});
  CHECK(Wrap("aaa bbb ccc", 7) == Lines{"aaa bbb", "ccc"});
  CHECK(Wrap("aaaa  bbb", 4) == Lines{"aaaa", "bbb"});
  CHECK(Wrap("one\ntwo three", 20) == Lines{"one", "two three"});
}

TEST_CASE("Text wrap: a path breaks after a separator, never inside a name") {
  const Lines lines =
      Wrap("Installed in PEM files at /home/ana/.local/share/trustdesk/certificates/vpn", 20);
  CHECK(lines == Lines{"Installed in PEM", "files at /home/ana/", ".local/share/", "trustdesk/",
                       "certificates/vpn"});
  for (const std::string& line : lines) CHECK(line.size() <= 20);
  CHECK(Wrap(R"(C:\Users\ana\AppData\TrustDesk)", 14) ==
        Lines{R"(C:\Users\ana\)", R"(AppData\)", "TrustDesk"});
}

TEST_CASE("Text wrap: a word longer than the line is cut, and multi-byte characters stay whole") {
  CHECK(Wrap("abcdefghij", 4) == Lines{"abcd", "efgh", "ij"});
  // "é" is two bytes but one code point: four of them fit a line of 4.
  CHECK(Wrap("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 4) ==
        Lines{"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", "\xc3\xa9"});
  // Narrower than one character: one per line rather than none.
  CHECK(Wrap("ab", 0.5f) == Lines{"a", "b"});
}
