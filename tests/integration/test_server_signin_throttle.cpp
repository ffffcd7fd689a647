// SignInThrottle on its own, with time points made up by the test: reservations, the three
// limits, Retry-After and the sliding window.
#include <doctest/doctest.h>

#include "tools/server/signin_throttle.h"

using trustdesk::server::SignInThrottle;
using namespace std::chrono_literals;

namespace {

SignInThrottle::Limits Small() {
  SignInThrottle::Limits l;
  l.per_user_address = 2;
  l.per_address = 4;
  l.per_user = 3;
  l.window = 60s;
  return l;
}

bool Fail(SignInThrottle& t, const std::string& user, const std::string& addr,
          SignInThrottle::TimePoint at) {
  return t.Begin(user, addr, at).attempt != nullptr;  // the attempt stays a failure
}

}  // namespace

TEST_CASE("security: throttle reservations count until taken back by a success") {
  SignInThrottle t(Small());
  const SignInThrottle::TimePoint t0{};
  auto first = t.Begin("alice", "a1", t0);
  auto second = t.Begin("alice", "a1", t0);
  REQUIRE(first.attempt);
  REQUIRE(second.attempt);
  auto third = t.Begin("alice", "a1", t0 + 1s);  // both reservations still open: refused
  CHECK_FALSE(third.attempt);
  CHECK(third.retry_after_seconds == 60);
  first.attempt->Succeeded();  // the right password: this pair starts afresh
  CHECK(t.Begin("alice", "a1", t0 + 2s).attempt);
}

TEST_CASE("security: throttle windows slide and Retry-After says when") {
  SignInThrottle t(Small());
  const SignInThrottle::TimePoint t0{};
  CHECK(Fail(t, "alice", "a1", t0));
  CHECK(Fail(t, "alice", "a1", t0 + 10s));
  auto refused = t.Begin("alice", "a1", t0 + 20s);
  CHECK_FALSE(refused.attempt);
  CHECK(refused.retry_after_seconds == 41);  // the first failure leaves the window at t0 + 60 s
  CHECK(t.Begin("alice", "a1", t0 + 60s).attempt);
}

TEST_CASE("security: the per-user limit stops only addresses that failed for that user") {
  SignInThrottle t(Small());
  const SignInThrottle::TimePoint t0{};
  for (const char* addr : {"a1", "a2", "a3", "a4"}) CHECK(Fail(t, "alice", addr, t0));
  CHECK_FALSE(t.Begin("alice", "a1", t0 + 1s).attempt);  // failed before, user over 3
  CHECK(t.Begin("alice", "clean", t0 + 1s).attempt);     // never failed: one try
  CHECK(t.Begin("bob", "a1", t0 + 1s).attempt);          // other users are untouched
  // Per address, over all users.
  for (const char* user : {"u1", "u2", "u3"}) t.Begin(user, "busy", t0);
  CHECK(Fail(t, "u4", "busy", t0));
  CHECK_FALSE(t.Begin("u5", "busy", t0).attempt);
}
