#include <doctest/doctest.h>

#include "app/ui/pattern_text.h"

using namespace trustdesk;

TEST_CASE("Pattern text: simple character classes are put in words") {
  CHECK(DescribePattern("[a-z0-9-]+") == "lower-case letters, digits and hyphens");
  CHECK(DescribePattern("^[A-Za-z0-9._-]+$") == "letters, digits, dots, underscores and hyphens");
  CHECK(DescribePattern("[0-9]*") == "digits");
  CHECK(DescribePattern("[A-Z]+") == "capital letters");
  CHECK(PatternHelp("[a-z0-9-]+") == "Lower-case letters, digits and hyphens only");
}

TEST_CASE("Pattern text: anything else is shown as the pattern itself") {
  CHECK(DescribePattern("[^a-z]+").empty());
  CHECK(DescribePattern("[a-f]+").empty());
  CHECK(DescribePattern("[a-z]+\\.example\\.com").empty());
  CHECK(DescribePattern("(a|b)+").empty());
  CHECK(DescribePattern("[\\w]+").empty());
  CHECK(PatternHelp("[a-z]+\\.example\\.com") == "Must match [a-z]+\\.example\\.com");
}

TEST_CASE("Pattern text: the core's pattern message is reworded, other messages are kept") {
  CHECK(RewordPatternError("does not match the pattern [a-z0-9-]+") ==
        "may only contain lower-case letters, digits and hyphens");
  CHECK(RewordPatternError("does not match the pattern (a|b)+") ==
        "does not match the pattern (a|b)+");
  CHECK(RewordPatternError("longer than 32 characters") == "longer than 32 characters");
}
