#include <doctest/doctest.h>

#include <string>

#include "core/model/version.h"

using namespace trustdesk;

TEST_CASE("ParseVersion reads MAJOR.MINOR and MAJOR.MINOR.PATCH") {
  CHECK(ParseVersion("2.1") == Version{2, 1, 0});
  CHECK(ParseVersion("2.1.0") == Version{2, 1, 0});
  CHECK(ParseVersion("10.0.7") == Version{10, 0, 7});
  CHECK(ParseVersion("0.0") == Version{0, 0, 0});
  CHECK(ToString(*ParseVersion("3.4")) == "3.4.0");
}

TEST_CASE("ParseVersion rejects anything else") {
  for (const char* bad :
       {"", "2", "2.", ".1", "2..1", "2.1.", "2.1.0.4", "v2.1", "2.1-beta", " 2.1", "2.1 ", "+2.1",
        "-2.1", "02.1", "2.01", "2.1.00", "1000000.0", "99999999999999999999.0", "2,1"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseVersion(bad).has_value());
  }
}

TEST_CASE("Versions compare numerically, not as text") {
  CHECK(*ParseVersion("2.10") > *ParseVersion("2.9"));
  CHECK(*ParseVersion("2.1") == *ParseVersion("2.1.0"));
  CHECK(*ParseVersion("2.1.1") > *ParseVersion("2.1"));
  CHECK(*ParseVersion("3.0") > *ParseVersion("2.99.99"));
}

TEST_CASE("A profile is compatible when the app is at least its version") {
  Profile p;
  p.profile_version = "2.1";
  CHECK(IsProfileCompatible(p, "2.1.0"));
  CHECK(IsProfileCompatible(p, "2.2"));
  CHECK_FALSE(IsProfileCompatible(p, "2.0.9"));
  p.profile_version = "2.1.1";
  CHECK_FALSE(IsProfileCompatible(p, "2.1.0"));
  p.profile_version = "1.0";
  CHECK(IsProfileCompatible(p, "1.0"));
}

TEST_CASE("Unparsable versions are never compatible") {
  Profile p;
  p.profile_version = "two";
  CHECK_FALSE(IsProfileCompatible(p, "9.9"));
  p.profile_version = "1.0";
  CHECK_FALSE(IsProfileCompatible(p, "dev"));
}

TEST_CASE("The app version is this build's TRUSTDESK_VERSION") {
  CHECK(AppVersion() == "2.1.0");
  Profile p;
  p.profile_version = "2.1";
  CHECK(IsProfileCompatible(p));
  p.profile_version = "2.2";
  CHECK_FALSE(IsProfileCompatible(p));
}
