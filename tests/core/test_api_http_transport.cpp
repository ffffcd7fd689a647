// HttpTransport against a real TLS server on 127.0.0.1 with a PKI generated at test time.
#include <doctest/doctest.h>

#include <cstdlib>
#include <future>
#include <string>

#include "core/api/http_transport.h"
#include "core/support/connect_proxy.h"
#include "core/support/dropping_tls_server.h"
#include "core/support/tls_test_server.h"

using namespace trustdesk;
using trustdesk::testing::DroppingTlsServer;
using trustdesk::testing::LeafOptions;
using trustdesk::testing::TempDir;
using trustdesk::testing::TestPki;
using trustdesk::testing::TlsTestServer;

namespace {

std::unique_ptr<HttpTransport> MakeTransport(const std::string& url, const std::string& ca_file,
                                             HttpOptions options = {}) {
  options.server_url = url;
  options.ca_file = ca_file;
  auto t = HttpTransport::Create(options);
  REQUIRE_MESSAGE(t.ok(), (t.ok() ? "" : t.error().message));
  return std::move(t.value());
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("ParseServerUrl accepts https host and port and rejects anything else") {
  auto a = ParseServerUrl("https://127.0.0.1:8443");
  REQUIRE(a.ok());
  CHECK(a->first == "127.0.0.1");
  CHECK(a->second == 8443);
  auto b = ParseServerUrl("https://pki.example.com/");
  REQUIRE(b.ok());
  CHECK(b->second == 443);
  auto c = ParseServerUrl("https://[::1]:9000");
  REQUIRE(c.ok());
  CHECK(c->first == "::1");

  auto http = ParseServerUrl("http://example.com");
  REQUIRE_FALSE(http.ok());
  CHECK(Contains(http.error().message, "must start with https://"));
  CHECK_FALSE(ParseServerUrl("https://example.com:0").ok());
  CHECK_FALSE(ParseServerUrl("https://example.com:99999").ok());
  CHECK_FALSE(ParseServerUrl("https://example.com/api").ok());
  CHECK_FALSE(ParseServerUrl("https://user@example.com").ok());
  CHECK_FALSE(ParseServerUrl("https://").ok());
}

TEST_CASE("ParseRetryAfter reads seconds and HTTP dates") {
  const Timestamp now{1'700'000'000};  // 2023-11-14T22:13:20Z
  CHECK(ParseRetryAfter("40", now) == std::chrono::seconds(40));
  CHECK(ParseRetryAfter("Tue, 14 Nov 2023 22:14:00 GMT", now) == std::chrono::seconds(40));
  CHECK(ParseRetryAfter("Tue, 14 Nov 2023 22:00:00 GMT", now) == std::chrono::seconds(0));
  CHECK_FALSE(ParseRetryAfter("", now).has_value());
  CHECK_FALSE(ParseRetryAfter("-5", now).has_value());
  CHECK_FALSE(ParseRetryAfter("soon", now).has_value());
}

TEST_CASE("Create rejects a missing or non-PEM CA bundle with the path") {
  TempDir dir;
  HttpOptions options;
  options.server_url = "https://127.0.0.1:1";
  options.ca_file = (dir.path() / "missing.pem").string();
  auto missing = HttpTransport::Create(options);
  REQUIRE_FALSE(missing.ok());
  CHECK(Contains(missing.error().message, "missing.pem"));

  options.ca_file = (dir.path() / "junk.pem").string();
  std::ofstream(options.ca_file) << "not a certificate";
  auto junk = HttpTransport::Create(options);
  REQUIRE_FALSE(junk.ok());
  CHECK(Contains(junk.error().message, "no PEM certificate"));
}

TEST_CASE("A trusted server answers with its headers and ETag and Retry-After") {
  TempDir dir;
  TestPki pki;
  auto leaf = pki.IssueLeaf();
  TlsTestServer server(leaf);
  std::string seen_agent, seen_auth;
  server.http().Get("/api/v1/thing", [&](const httplib::Request& req, httplib::Response& res) {
    seen_agent = req.get_header_value("User-Agent");
    seen_auth = req.get_header_value("Authorization");
    res.set_header("ETag", "\"r7\"");
    res.set_header("Retry-After", "12");
    res.set_content(R"({"ok":true})", "application/json");
  });
  server.Start();

  auto t = MakeTransport(server.url(), pki.WriteCaFile(dir.path()));
  HttpRequest req;
  req.path = "/api/v1/thing";
  req.bearer_token = "tok-secret-123456";
  auto res = t->Send(req);
  REQUIRE_MESSAGE(res.ok(), (res.ok() ? "" : res.error().message));
  CHECK(res->status == 200);
  CHECK(res->body == R"({"ok":true})");
  CHECK(res->etag == "\"r7\"");
  CHECK(res->retry_after == std::chrono::seconds(12));
  CHECK(seen_agent == std::string("TrustDesk/") + TRUSTDESK_VERSION + " (Linux)");
  CHECK(seen_auth == "Bearer tok-secret-123456");

  // A second request reuses the pooled connection and still works.
  auto again = t->Send(req);
  REQUIRE(again.ok());

  const auto entries = t->log().Entries();
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].method == "GET");
  CHECK(entries[0].path == "/api/v1/thing");
  CHECK(entries[0].status == 200);
  CHECK(entries[0].bytes_received == res->body.size());
  const std::string dump = t->log().ToJson().dump();
  CHECK_FALSE(Contains(dump, "tok-secret-123456"));
  CHECK(Contains(dump, "Bearer <redacted>"));
}

TEST_CASE("TLS verification failures name the failing check") {
  TempDir dir;
  TestPki pki;
  const std::string ca_file = pki.WriteCaFile(dir.path());

  SUBCASE("untrusted issuer") {
    auto leaf = TestPki("Some Other CA").IssueLeaf();  // issued by a CA we do not trust
    TlsTestServer server(leaf);
    server.Start();
    auto res = MakeTransport(server.url(), ca_file)->Send({});
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().code == ErrorCode::Tls);
    INFO(res.error().message);
    CHECK(Contains(res.error().message, "unable to get local issuer certificate"));
  }
  SUBCASE("self-signed") {
    auto leaf = pki.IssueLeaf({}, /*self_signed=*/true);
    TlsTestServer server(leaf);
    server.Start();
    auto res = MakeTransport(server.url(), ca_file)->Send({});
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().code == ErrorCode::Tls);
    CHECK(Contains(res.error().message, "self-signed certificate"));
  }
  SUBCASE("expired") {
    LeafOptions o;
    o.not_before_offset_s = -86400 * 10;
    o.not_after_offset_s = -86400;
    auto leaf = pki.IssueLeaf(o);
    TlsTestServer server(leaf);
    server.Start();
    auto res = MakeTransport(server.url(), ca_file)->Send({});
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().code == ErrorCode::Tls);
    CHECK(Contains(res.error().message, "certificate has expired"));
  }
  SUBCASE("wrong host name") {
    LeafOptions o;
    o.san = {"DNS:other.example"};
    auto leaf = pki.IssueLeaf(o);
    TlsTestServer server(leaf);
    server.Start();
    auto t = MakeTransport(server.url(), ca_file);
    auto res = t->Send({});
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().code == ErrorCode::Tls);
    CHECK(Contains(res.error().message, "not valid for 127.0.0.1"));
    REQUIRE(t->log().Entries().size() == 1);
    CHECK(t->log().Entries()[0].status == 0);
    CHECK_FALSE(t->log().Entries()[0].error.empty());
  }
}

TEST_CASE("Unreachable and timeout and dropped connection are told apart") {
  TempDir dir;
  TestPki pki;
  const std::string ca_file = pki.WriteCaFile(dir.path());
  auto leaf = pki.IssueLeaf();

  SUBCASE("connection refused") {
    int port = 0;
    {
      TlsTestServer closed(leaf);
      closed.Start();
      port = closed.port();
    }
    auto res = MakeTransport("https://127.0.0.1:" + std::to_string(port), ca_file)->Send({});
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().code == ErrorCode::Network);
    CHECK(Contains(res.error().message, "cannot connect to 127.0.0.1"));
  }
  SUBCASE("read timeout") {
    TlsTestServer server(leaf);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    server.http().Get("/slow", [released](const httplib::Request&, httplib::Response& res) {
      released.wait();
      res.set_content("{}", "application/json");
    });
    server.Start();
    HttpOptions o;
    o.read_timeout = std::chrono::milliseconds(300);
    auto t = MakeTransport(server.url(), ca_file, o);
    HttpRequest req;
    req.path = "/slow";
    auto res = t->Send(req);
    release.set_value();
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().code == ErrorCode::Network);
    CHECK(Contains(res.error().message, "timed out after 300 ms"));
  }
  SUBCASE("connection dropped mid-body") {
    TlsTestServer server(leaf);
    server.http().Get("/cut", [](const httplib::Request&, httplib::Response& res) {
      res.set_content_provider(
          1000, "application/json", [](size_t offset, size_t, httplib::DataSink& sink) {
            if (offset > 0) return false;  // abort: the server closes the connection
            sink.write("{\"profiles\":[", 13);
            return true;
          });
    });
    server.Start();
    HttpRequest req;
    req.path = "/cut";
    auto res = MakeTransport(server.url(), ca_file)->Send(req);
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().code == ErrorCode::Network);
    CHECK(Contains(res.error().message, "closed before the response was complete"));
  }
}

TEST_CASE("A reused connection closed unanswered: a GET is sent again, a POST is reported") {
  TempDir dir;
  TestPki pki;
  const std::string ca_file = pki.WriteCaFile(dir.path());
  auto leaf = pki.IssueLeaf();
  DroppingTlsServer server(leaf);
  auto t = MakeTransport(server.url(), ca_file);
  HttpRequest first;
  first.path = "/api/v1/me";
  REQUIRE(t->Send(first).ok());  // answered; the connection goes back to the pool

  SUBCASE("GET") {
    auto again = t->Send(first);
    REQUIRE_MESSAGE(again.ok(), (again.ok() ? "" : again.error().message));
    CHECK(again->status == 200);
    CHECK(server.connections() == 2);
    CHECK(server.requests() == 3);
    const auto log = t->log().Entries();
    REQUIRE(log.size() == 3);
    CHECK(Contains(log[1].error, "the server closed the reused connection; sent again"));
    CHECK(log[2].error.empty());
  }
  SUBCASE("POST") {
    HttpRequest revoke;
    revoke.method = "POST";
    revoke.path = "/api/v1/certificates/01/revoke";
    revoke.body = "{}";
    auto res = t->Send(revoke);
    REQUIRE_FALSE(res.ok());
    CHECK(Contains(res.error().message, "closed before the response was complete"));
    CHECK(server.connections() == 1);  // not sent twice: its outcome on the server is unknown
    CHECK(server.requests() == 2);
  }
}

TEST_CASE("Responses over the size limit are refused while receiving") {
  TempDir dir;
  TestPki pki;
  auto leaf = pki.IssueLeaf();
  TlsTestServer server(leaf);
  server.http().Get("/declared", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(5000, 'x'), "application/json");
  });
  server.http().Get("/chunked", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/json",
                                     [](size_t offset, httplib::DataSink& sink) {
                                       if (offset >= 100'000) {
                                         sink.done();
                                         return true;
                                       }
                                       const std::string chunk(1000, 'y');
                                       return sink.write(chunk.data(), chunk.size());
                                     });
  });
  server.Start();
  HttpOptions o;
  o.max_response_bytes = 4096;
  auto t = MakeTransport(server.url(), pki.WriteCaFile(dir.path()), o);
  for (const char* path : {"/declared", "/chunked"}) {
    CAPTURE(path);
    HttpRequest req;
    req.path = path;
    auto res = t->Send(req);
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().code == ErrorCode::TooLarge);
    CHECK(Contains(res.error().message, "exceeds the limit of 4096 bytes"));
  }
}

TEST_CASE("RequestLog redacts secrets and keeps only the newest entries") {
  RequestLog log(3);
  for (int i = 0; i < 5; ++i) {
    RequestLogEntry e;
    e.method = "POST";
    e.path = "/api/v1/auth/signin?token=abcdef&page=" + std::to_string(i);
    e.request_headers = {{"Authorization", "Bearer abcdef"},
                         {"X-Admin-Token", "admintok"},
                         {"Content-Type", "application/json"}};
    log.Add(e);
  }
  const auto entries = log.Entries();
  REQUIRE(entries.size() == 3);
  CHECK(entries.front().id == 3);
  CHECK(entries.back().path == "/api/v1/auth/signin?token=<redacted>&page=4");
  CHECK(entries.back().request_headers[0].second == "Bearer <redacted>");
  CHECK(entries.back().request_headers[1].second == "<redacted>");
  CHECK(entries.back().request_headers[2].second == "application/json");
  CHECK(RedactValue("password hunter22 was sent", "hunter22") == "password <redacted> was sent");
}

TEST_CASE("HTTPS_PROXY is honoured through a CONNECT tunnel and NO_PROXY bypasses it") {
  TempDir dir;
  TestPki pki;
  LeafOptions o;
  o.san = {"DNS:trustdesk.test"};  // a name only the proxy knows how to reach
  auto leaf = pki.IssueLeaf(o);
  TlsTestServer server(leaf);
  server.http().Get("/api/v1/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
  server.Start();
  trustdesk::testing::ConnectProxy proxy;
  const std::string url = "https://trustdesk.test:" + std::to_string(server.port());
  const std::string ca = pki.WriteCaFile(dir.path());
  HttpRequest req;
  req.path = "/api/v1/health";

  ::setenv("HTTPS_PROXY", ("http://proxyuser:proxypass@127.0.0.1:" + std::to_string(proxy.port())).c_str(), 1);
  ::unsetenv("NO_PROXY");
  ::unsetenv("no_proxy");
  auto res = MakeTransport(url, ca)->Send(req);
  REQUIRE_MESSAGE(res.ok(), (res.ok() ? "" : res.error().message));
  CHECK(res->status == 200);
  REQUIRE(proxy.targets().size() == 1);
  CHECK(proxy.targets()[0] == "trustdesk.test:" + std::to_string(server.port()));
  CHECK(proxy.authorizations()[0] == "Basic cHJveHl1c2VyOnByb3h5cGFzcw==");

  CHECK(MakeTransport(url, ca)->proxy() == "127.0.0.1:" + std::to_string(proxy.port()));

  // NO_PROXY naming the host (or its domain) means a direct connection.
  for (const char* no_proxy : {"localhost,.test", "trustdesk.test", "*"}) {
    ::setenv("NO_PROXY", no_proxy, 1);
    CHECK(MakeTransport(url, ca)->proxy().empty());
  }
  ::setenv("NO_PROXY", "example.com,test.org", 1);
  CHECK_FALSE(MakeTransport(url, ca)->proxy().empty());
  ::unsetenv("NO_PROXY");
  ::unsetenv("HTTPS_PROXY");

  // Loopback servers never go through a proxy.
  HttpOptions explicit_proxy;
  explicit_proxy.proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
  auto loopback = HttpTransport::Create({"https://127.0.0.1:" + std::to_string(server.port()), ca,
                                         std::chrono::milliseconds(10'000),
                                         std::chrono::milliseconds(30'000), 1024 * 1024,
                                         explicit_proxy.proxy});
  REQUIRE(loopback.ok());
  CHECK((*loopback)->proxy().empty());
  (void)(*loopback)->Send(req);  // fails host-name verification, but never reaches the proxy
  CHECK(proxy.targets().size() == 1);
}

// A certificate must name the host the client connected to the way curl and browsers check it
// (RFC 6125 through OpenSSL's own verifier): subjectAltName only when one is present, no
// wildcard in an IP address, no partial-label wildcards.
TEST_CASE("security: the host name is checked by OpenSSL's verifier as strictly as curl") {
  TempDir dir;
  TestPki pki;
  const std::string ca_file = pki.WriteCaFile(dir.path());
  auto expect_rejected = [&](const LeafOptions& o) {
    TlsTestServer server(pki.IssueLeaf(o));
    server.Start();
    auto res = MakeTransport(server.url(), ca_file)->Send({});
    REQUIRE_FALSE(res.ok());
    INFO(res.error().message);
    CHECK(res.error().code == ErrorCode::Tls);
    CHECK(Contains(res.error().message, "not valid for 127.0.0.1"));
  };
  auto expect_accepted = [&](const LeafOptions& o) {
    TlsTestServer server(pki.IssueLeaf(o));
    server.http().Get("/", [](const httplib::Request&, httplib::Response& r) {
      r.set_content("{}", "application/json");
    });
    server.Start();
    HttpRequest get;
    get.path = "/";
    auto res = MakeTransport(server.url(), ca_file)->Send(get);
    INFO((res.ok() ? std::string() : res.error().message));
    REQUIRE(res.ok());
    CHECK(res->status == 200);
  };

  SUBCASE("the common name is ignored when a subjectAltName is present") {
    LeafOptions o;
    o.common_name = "127.0.0.1";
    o.san = {"DNS:other.example"};
    expect_rejected(o);
  }
  SUBCASE("a wildcard common name never matches an IP address") {
    LeafOptions o;
    o.common_name = "*.0.0.1";
    o.san = {};
    expect_rejected(o);
  }
  SUBCASE("a wildcard DNS name never matches an IP address") {
    LeafOptions o;
    o.san = {"DNS:*.0.0.1"};
    expect_rejected(o);
  }
  SUBCASE("an IP address only in the common name is not enough") {
    LeafOptions o;
    o.common_name = "127.0.0.1";
    o.san = {};
    expect_rejected(o);
  }
  SUBCASE("an IP subjectAltName for the address is accepted") {
    LeafOptions o;
    o.san = {"IP:127.0.0.1"};
    expect_accepted(o);
  }
}
