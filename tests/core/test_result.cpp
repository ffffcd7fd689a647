#include <doctest/doctest.h>

#include <string>

#include "core/util/result.h"

using namespace trustdesk;

TEST_CASE("Result carries either a value or an error") {
  Result<int> good = 42;
  REQUIRE(good.ok());
  CHECK(*good == 42);

  Result<int> bad = Error{ErrorCode::InvalidInput, "$.name: must not be empty"};
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::InvalidInput);
  CHECK(bad.error().message == "$.name: must not be empty");
}

TEST_CASE("Status defaults to ok and keeps the error it was given") {
  Status ok;
  CHECK(ok.ok());
  Status failed = Error{ErrorCode::Io, "write cache.json: disk full"};
  CHECK_FALSE(failed.ok());
  CHECK(std::string(ToString(failed.error().code)) == "io_error");
}
