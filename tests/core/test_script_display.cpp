#include <doctest/doctest.h>

#include "core/scripts/script_display.h"

using namespace trustdesk;

TEST_CASE("security: hidden characters in a script are shown escaped") {
  // A terminal escape and a carriage return could hide "rm -rf" behind an innocent text.
  CHECK(VisibleText("rm -rf ~\r\x1b[2Kecho hello") == "rm -rf ~\\r\\x1b[2Kecho hello");
  // A right-to-left override reverses what follows it on screen.
  CHECK(VisibleText("invoice\u202Etxt.exe") == "invoice\\u{202e}txt.exe");
  CHECK(VisibleText("zero\u200Bwidth") == "zero\\u{200b}width");
  CHECK(VisibleText("bad \xff byte") == "bad \\xff byte");
  CHECK(VisibleText("back\\slash") == "back\\\\slash");
  CHECK(VisibleText("Zürich ✓") == "Zürich ✓");  // ordinary text stays as it is
}

TEST_CASE("script display: arguments are quoted so their boundaries show") {
  CHECK(QuotedArgument("--user") == "--user");
  CHECK(QuotedArgument("/usr/bin/systemctl") == "/usr/bin/systemctl");
  CHECK(QuotedArgument("") == "''");
  CHECK(QuotedArgument("two words") == "'two words'");
  CHECK(QuotedArgument("it's") == "'it'\\''s'");
  CHECK(QuotedArgument("$(touch x)") == "'$(touch x)'");
  CHECK(QuotedArgument("a\nb") == "$'a\\nb'");
  CHECK(QuotedArgument("it's\x1b") == "$'it\\'s\\x1b'");
  CHECK(QuotedArgument("\u202Eexe") == "$'\\u202eexe'");
  Script s;
  s.command = "/bin/sh";
  s.arguments = {"-c", "touch /tmp/x"};
  CHECK(CommandLineText(s) == "/bin/sh -c 'touch /tmp/x'");
}
