#include <doctest/doctest.h>

#include <string>

#include "core/model/timestamp.h"

using namespace trustdesk;

TEST_CASE("FormatRfc3339 writes UTC with a Z suffix") {
  CHECK(FormatRfc3339(Timestamp{0}) == "1970-01-01T00:00:00Z");
  CHECK(FormatRfc3339(Timestamp{1795633607}) == "2026-11-25T19:06:47Z");
  CHECK(FormatRfc3339(Timestamp{951782400}) == "2000-02-29T00:00:00Z");
  CHECK(FormatRfc3339(Timestamp{-1}) == "1969-12-31T23:59:59Z");
  CHECK(FormatRfc3339(Timestamp{253402300799}) == "9999-12-31T23:59:59Z");
}

TEST_CASE("ParseRfc3339 accepts Z, offsets and fractional seconds") {
  CHECK(ParseRfc3339("2026-11-25T19:06:47Z")->unix_seconds == 1795633607);
  CHECK(ParseRfc3339("2026-11-25t19:06:47z")->unix_seconds == 1795633607);
  CHECK(ParseRfc3339("2026-11-25T19:06:47.999Z")->unix_seconds == 1795633607);
  CHECK(ParseRfc3339("2026-11-25T21:06:47+02:00")->unix_seconds == 1795633607);
  CHECK(ParseRfc3339("2026-11-25T14:36:47-04:30")->unix_seconds == 1795633607);
  CHECK(ParseRfc3339("1969-12-31T23:59:59Z")->unix_seconds == -1);
  CHECK(ParseRfc3339("2024-02-29T00:00:00Z").has_value());
  CHECK(ParseRfc3339("2000-02-29T00:00:00Z").has_value());
}

TEST_CASE("ParseRfc3339 rejects impossible dates and malformed text") {
  for (const char* bad : {
           "2026-13-40T00:00:00Z",       // month and day out of range
           "2026-00-10T00:00:00Z",       // month 0
           "2026-04-31T00:00:00Z",       // April has 30 days
           "2026-02-29T00:00:00Z",       // not a leap year
           "1900-02-29T00:00:00Z",       // century, not a leap year
           "2026-01-01T24:00:00Z",       // hour 24
           "2026-01-01T23:60:00Z",       // minute 60
           "2026-01-01T23:59:60Z",       // leap second
           "2026-01-01T00:00:00",        // no offset
           "2026-01-01 00:00:00Z",       // space separator
           "2026-01-01T00:00:00.Z",      // empty fraction
           "2026-01-01T00:00:00+0200",   // offset without colon
           "2026-01-01T00:00:00+24:00",  // offset hour out of range
           "2026-01-01T00:00:00Zjunk",   // trailing text
           "26-01-01T00:00:00Z",         // two-digit year
           "2026-1-01T00:00:00Z",        // one-digit month
           "+2026-01-01T00:00:00Z",      // sign
           "",
       }) {
    CAPTURE(bad);
    CHECK_FALSE(ParseRfc3339(bad).has_value());
  }
}

TEST_CASE("Format and parse round-trip across the supported range") {
  // Steps of a little over 97 days hit every month, leap days and both centuries.
  for (int64_t t = -2208988800; t < 4102444800; t += 8400017) {
    CAPTURE(t);
    const auto parsed = ParseRfc3339(FormatRfc3339(Timestamp{t}));
    REQUIRE(parsed.has_value());
    CHECK(parsed->unix_seconds == t);
  }
}
