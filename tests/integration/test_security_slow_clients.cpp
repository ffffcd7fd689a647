// Slow or stalled clients cannot starve the server: a request must arrive within a deadline
// (not merely make progress every few seconds), a body without Content-Length is refused at once,
// and one client address holds at most a bounded number of connections, so /health stays quick
// for everyone, the stalling address included. Normal clients are not cut: the deadline spares
// the handler's own time, restarts with each request on a kept-alive connection, and leaves room
// for a large body sent at a normal pace.
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/support/test_server.h"
#include "tests/integration/support/tls_probe.h"

using namespace trustdesk::testing;
using Clock = std::chrono::steady_clock;

namespace {

std::chrono::milliseconds Since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// GET /health over a fresh connection from `source_ip`; the status, 0 when it failed.
int Health(const TestServer& server, const std::string& source_ip) {
  TlsProbe probe(server.port(), source_ip);
  if (!probe.Handshake(server.ca_file(), {})) return 0;
  return probe.Exchange(HttpRequest("GET", "/api/v1/health"), std::chrono::seconds(10)).status;
}

// Sends `bytes` one at a time, 200 ms apart (always "making progress"); how long until the server
// cut the connection, or nullopt when it never did.
std::optional<std::chrono::milliseconds> DribbleUntilCut(TlsProbe& probe,
                                                         const std::string& bytes) {
  const auto start = Clock::now();
  for (char c : bytes) {
    if (!probe.Send(std::string(1, c)) || probe.WaitClosed(std::chrono::milliseconds(200))) {
      return Since(start);
    }
  }
  return std::nullopt;
}

std::string SignInBody(const std::string& password) {
  return nlohmann::json{{"account_id", "northwind"}, {"username", "alice"}, {"password", password}}
      .dump();
}

}  // namespace

TEST_CASE("security: a POST without Content-Length is refused at once, not read until a timeout") {
  TestServer server;
  TlsProbe probe(server.port());
  REQUIRE(probe.Handshake(server.ca_file(), {}));
  auto start = Clock::now();
  auto reply = probe.Exchange(
      "POST /api/v1/auth/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "\r\n{\"account_id\":",
      std::chrono::seconds(5));
  CHECK(reply.status == 411);
  CHECK(reply.body.find("length_required") != std::string::npos);
  CHECK(reply.body.find("Content-Length") != std::string::npos);
  CHECK(Since(start) < std::chrono::seconds(2));
  CHECK(probe.WaitClosed(std::chrono::seconds(2)));  // and the connection is not reused
}

TEST_CASE("security: 70 stalled connections leave /health quick and are closed in bounded time") {
  TestServer server;
  // 70 connections from one address that never send a byte (not even a TLS ClientHello).
  std::vector<std::unique_ptr<TlsProbe>> stalled;
  for (int i = 0; i < 70; ++i) {
    stalled.push_back(std::make_unique<TlsProbe>(server.port(), "127.0.0.3"));
    REQUIRE(stalled.back()->connected());
  }
  auto start = Clock::now();
  CHECK(Health(server, "127.0.0.2") == 200);
  auto elapsed = Since(start);
  MESSAGE("/health from another address with 70 stalled connections: " << elapsed.count() << " ms");
  CHECK(elapsed < std::chrono::seconds(2));

  // The stalling address itself: once its connections have waited a while, a new one of its
  // own replaces the longest-waiting one instead of queueing behind them.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  start = Clock::now();
  CHECK(Health(server, "127.0.0.3") == 200);
  elapsed = Since(start);
  MESSAGE("/health from the stalling address: " << elapsed.count() << " ms");
  CHECK(elapsed < std::chrono::seconds(2));

  // Every stalled connection is closed by the server: the read deadline is 5 s.
  start = Clock::now();
  int still_open = 0;
  for (auto& probe : stalled) {
    if (!probe->WaitClosed(std::chrono::seconds(10) - Since(start))) ++still_open;
  }
  MESSAGE("all 70 stalled connections closed after " << Since(start).count() << " ms more");
  CHECK(still_open == 0);
}

TEST_CASE("security: a request or body dribbled a byte at a time is cut off at the read deadline") {
  TestServer server;  // deadline 5 s; httplib alone only bounds each read (10 s)
  TlsProbe probe(server.port(), "127.0.0.4");
  REQUIRE(probe.Handshake(server.ca_file(), {}));
  std::optional<std::chrono::milliseconds> cut;
  SUBCASE("request line and headers") {
    cut =
        DribbleUntilCut(probe, "GET /api/v1/health HTTP/1.1\r\nX-Padding: " + std::string(60, 'a'));
  }
  SUBCASE("body") {
    const std::string body(100, ' ');
    const std::string request = HttpRequest("POST", "/api/v1/auth/signin", body);
    REQUIRE(probe.Send(request.substr(0, request.size() - body.size())));  // headers at once
    cut = DribbleUntilCut(probe, body);
  }
  REQUIRE(cut.has_value());
  MESSAGE("dribbling connection closed after " << cut->count() << " ms");
  CHECK(*cut < std::chrono::seconds(8));
}

TEST_CASE("security: the read deadline spares slow handlers and later requests on a connection") {
  // Every API request sleeps 3 s in the server (the slow scenario): three times the deadline.
  TestServerOptions options;
  options.scenario_file = ScenarioPath("slow");
  options.request_read_timeout = std::chrono::seconds(1);
  TestServer server(options);
  TlsProbe probe(server.port(), "127.0.0.5");
  REQUIRE(probe.Handshake(server.ca_file(), {}));
  auto start = Clock::now();
  CHECK(probe.Exchange(HttpRequest("GET", "/api/v1/health")).status == 200);
  // The same connection again, now with a body: the deadline restarts after each response.
  CHECK(probe.Exchange(HttpRequest("POST", "/api/v1/auth/signin", SignInBody("alice-demo-pass")))
            .status == 200);
  CHECK(Since(start) >= std::chrono::milliseconds(5500));  // both requests did sleep
}

TEST_CASE("security: a large body sent at a normal pace is read in full") {
  TestServer server;
  TlsProbe probe(server.port(), "127.0.0.6");
  REQUIRE(probe.Handshake(server.ca_file(), {}));
  // 900 KiB (the limit is 1 MiB) in 64 KiB pieces 100 ms apart: about 1.5 s of a 5 s deadline.
  const std::string body = SignInBody(std::string(900 * 1024, 'x'));
  const std::string request = HttpRequest("POST", "/api/v1/auth/signin", body);
  const size_t head = request.size() - body.size();
  REQUIRE(probe.Send(request.substr(0, head)));
  for (size_t at = 0; at < body.size(); at += 64 * 1024) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE(probe.Send(body.substr(at, 64 * 1024)));
  }
  // The whole body was parsed: the answer names the over-long field.
  auto reply = probe.Exchange("", std::chrono::seconds(10));
  CHECK(reply.status == 400);
  CHECK(reply.body.find("password") != std::string::npos);
}
