// The sign-in throttle holds under concurrency (an attempt is reserved before the slow hash, not
// counted after it) and cannot be turned against the owner: limits are per user and client
// address, per address, and per user over all addresses, and the last one only stops addresses
// that have already failed, so the right password from a clean address still signs in.
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/support/api.h"
#include "tests/integration/support/test_server.h"
#include "tests/integration/support/tls_probe.h"

using namespace trustdesk::testing;

namespace {

std::string Credentials(const std::string& user, const std::string& password) {
  nlohmann::json body = {{"account_id", "northwind"}, {"username", user}, {"password", password}};
  return body.dump();
}

// Signs in over a connection from `source_ip` (127.0.0.x: a distinct client address).
int SignInFrom(const TestServer& server, const std::string& source_ip, const std::string& user,
               const std::string& password) {
  TlsProbe probe(server.port(), source_ip);
  REQUIRE(probe.connected());
  REQUIRE(probe.Handshake(server.ca_file(), {}));
  return probe.Exchange(HttpRequest("POST", "/api/v1/auth/signin", Credentials(user, password)))
      .status;
}

}  // namespace

TEST_CASE("security: 40 parallel wrong passwords get at most 5 answers, the owner still signs in") {
  // A realistic hash cost, so that the attempts really overlap while they are being checked.
  TestServerOptions options;
  options.password_hash_iterations = 200000;
  TestServer server(options);
  constexpr int kAttempts = 40;
  std::atomic<int> refused{0}, limited{0}, other{0};
  std::atomic<bool> retry_after_ok{true};
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i) {
    threads.emplace_back([&] {
      auto client = server.Client();
      auto res =
          client->Post("/api/v1/auth/signin", Credentials("alice", "guess"), "application/json");
      if (res && res->status == 401) {
        ++refused;
      } else if (res && res->status == 429) {
        ++limited;
        if (std::atoi(res->get_header_value("Retry-After").c_str()) <= 0) retry_after_ok = false;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  const int answered = refused, stopped = limited;
  CHECK(other == 0);
  CHECK(answered >= 1);
  CHECK(answered <= 5);
  CHECK(answered + stopped == kAttempts);
  CHECK(retry_after_ok);

  // The attacker's address is stopped, even with the right password ...
  CHECK(SignInFrom(server, "127.0.0.1", "alice", "alice-demo-pass") == 429);
  // ... but alice, from her own address, is not.
  CHECK(SignInFrom(server, "127.0.0.2", "alice", "alice-demo-pass") == 200);
}

TEST_CASE("security: guesses spread over many addresses stop those addresses, not the owner") {
  TestServer server;
  // One wrong guess from each of 25 addresses: each is answered (a fresh address always gets
  // one try), and together they pass the per-user limit of 20.
  for (int i = 10; i < 35; ++i) {
    CHECK(SignInFrom(server, "127.0.0." + std::to_string(i), "alice", "guess") == 401);
  }
  // An address that already failed is stopped now, below its own limit of 5 ...
  CHECK(SignInFrom(server, "127.0.0.10", "alice", "guess") == 429);
  CHECK(SignInFrom(server, "127.0.0.11", "alice", "alice-demo-pass") == 429);
  // ... while a clean address with the right password signs in, and other users are untouched.
  CHECK(SignInFrom(server, "127.0.0.99", "alice", "alice-demo-pass") == 200);
  CHECK(SignInFrom(server, "127.0.0.10", "bob", "bob-demo-pass") == 200);
}
