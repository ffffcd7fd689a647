// Every named scenario in assets/scenarios/ behaves as its README line says, seen from a real
// HTTPS client doing what TrustDesk does (sign in, sync profiles with If-None-Match, enroll).
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>

#include "core/crypto/certificate.h"
#include "core/model/json_mapping.h"
#include "tests/integration/support/api.h"
#include "tests/integration/support/csr_factory.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk::testing;

namespace {

// A profile-syncing client: remembers the ETag like the SyncEngine does.
struct Syncer {
  Syncer(TestServer& s, std::string t) : token(std::move(t)), client(s.Client()) {}
  std::string token;
  std::string etag;
  std::unique_ptr<httplib::SSLClient> client;

  ApiResponse Sync() {
    httplib::Headers h;
    if (!etag.empty()) h.emplace("If-None-Match", etag);
    auto res = Call(*client, "GET", "/api/v1/profiles", token, nullptr, h);
    if (res.status == 200 && res.json.is_object()) etag = res.Header("ETag");
    return res;
  }
};

nlohmann::json FindProfile(const ApiResponse& list, const std::string& id) {
  for (const auto& p : list.json["profiles"]) {
    if (p["id"] == id) return p;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("scenario files: each parses, has a one-line description and a README row") {
  std::ifstream readme(trustdesk::server::AssetsDir() / "scenarios" / "README.md");
  std::string text((std::istreambuf_iterator<char>(readme)), std::istreambuf_iterator<char>());
  for (const char* name : {"up-to-date", "admin-changed", "server-error-then-recover", "slow",
                           "offline", "token-expired", "malformed-response",
                           "incompatible-version", "can-renew"}) {
    CAPTURE(name);
    std::ifstream in(ScenarioPath(name));
    REQUIRE(in);
    auto doc = nlohmann::json::parse(in);
    CHECK(doc["name"] == name);
    std::string description = doc["description"];
    CHECK(!description.empty());
    CHECK(description.find('\n') == std::string::npos);
    CHECK(text.find("| `" + std::string(name) + "` | " + description + " |") != std::string::npos);
  }
}

TEST_CASE("scenario up-to-date: the second sync is a 304") {
  TestServer server(TestServerOptions{true, ScenarioPath("up-to-date"), nullptr});
  Syncer s(server, server.SignIn("demo", "demo"));
  CHECK(s.Sync().status == 200);
  CHECK(s.Sync().status == 304);
  CHECK(s.Sync().status == 304);
}

TEST_CASE("scenario admin-changed: the second sync returns nw-vpn with a new revision") {
  TestServer server(TestServerOptions{true, ScenarioPath("admin-changed"), nullptr});
  Syncer s(server, server.SignIn("demo", "demo"));
  auto first = s.Sync();
  REQUIRE(first.status == 200);
  auto second = s.Sync();
  REQUIRE(second.status == 200);
  auto before = FindProfile(first, "nw-vpn");
  auto after = FindProfile(second, "nw-vpn");
  CHECK(after["revision"] == before["revision"].get<int64_t>() + 1);
  CHECK(after["policy"]["renewal_window"]["days_before_expiry"] == 21);
  CHECK(FindProfile(second, "nw-wifi-8021x") == FindProfile(first, "nw-wifi-8021x"));
  CHECK(s.Sync().status == 304);  // edited once only
}

TEST_CASE("scenario server-error-then-recover: three 503s with Retry-After, then success") {
  TestServer server(TestServerOptions{true, ScenarioPath("server-error-then-recover"), nullptr});
  Syncer s(server, server.SignIn("demo", "demo"));
  CHECK(s.Sync().status == 200);
  for (int i = 0; i < 3; ++i) {
    auto res = s.Sync();
    CHECK(res.status == 503);
    CHECK(res.Header("Retry-After") == "2");
    CHECK(res.ErrorCode() == "service_unavailable");
  }
  CHECK(s.Sync().status == 304);
}

TEST_CASE("scenario slow: requests take at least 3 seconds longer") {
  TestServer server(TestServerOptions{true, ScenarioPath("slow"), nullptr});
  auto client = server.Client();
  auto start = std::chrono::steady_clock::now();
  auto res = Call(*client, "GET", "/api/v1/health", "");
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(res.status == 200);
  CHECK(elapsed >= std::chrono::milliseconds(3000));
}

TEST_CASE("scenario offline: loaded after a first sync, every request fails at the transport") {
  TestServer server;
  Syncer s(server, server.SignIn("demo", "demo"));
  REQUIRE(s.Sync().status == 200);
  std::ifstream in(ScenarioPath("offline"));
  auto doc = nlohmann::json::parse(in);
  auto admin = server.Client();
  REQUIRE(Call(*admin, "PUT", "/api/v1/admin/scenario", server.admin_token(), doc).status == 200);
  auto res = s.Sync();
  CHECK(res.status == 0);
  CHECK(res.error != httplib::Error::Success);
  CHECK(Call(*server.Client(), "GET", "/api/v1/health", "").status == 0);
  // Clearing it brings the server back.
  REQUIRE(Call(*admin, "DELETE", "/api/v1/admin/scenario", server.admin_token()).status == 204);
  CHECK(Call(*server.Client(), "GET", "/api/v1/health", "").status == 200);
}

TEST_CASE("scenario token-expired: the second sync is 401 token_expired, signing in again works") {
  TestServer server(TestServerOptions{true, ScenarioPath("token-expired"), nullptr});
  Syncer s(server, server.SignIn("demo", "demo"));
  CHECK(s.Sync().status == 200);
  auto expired = s.Sync();
  CHECK(expired.status == 401);
  CHECK(expired.ErrorCode() == "token_expired");
  CHECK(s.Sync().status == 401);  // the token stays expired
  s.token = server.SignIn("demo", "demo");
  CHECK(s.Sync().status == 304);
}

TEST_CASE("scenario malformed-response: invalid JSON, then a truncated body, then normal") {
  TestServer server(TestServerOptions{true, ScenarioPath("malformed-response"), nullptr});
  Syncer s(server, server.SignIn("demo", "demo"));
  REQUIRE(s.Sync().status == 200);
  auto malformed = s.Sync();  // the client holds the current ETag: still a damaged 200
  CHECK(malformed.status == 200);
  CHECK(malformed.json.is_null());
  CHECK(!malformed.body.empty());
  auto truncated = s.Sync();
  CHECK(truncated.status == 0);  // the body ends early: a transport error
  auto normal = s.Sync();
  CHECK(normal.status == 304);
}

TEST_CASE("scenario incompatible-version: nw-client-auth requires 3.0 from the second sync") {
  TestServer server(TestServerOptions{true, ScenarioPath("incompatible-version"), nullptr});
  Syncer s(server, server.SignIn("demo", "demo"));
  auto first = s.Sync();
  CHECK(FindProfile(first, "nw-client-auth")["profile_version"] == "2.0");
  auto second = s.Sync();
  REQUIRE(second.status == 200);
  auto profile = trustdesk::ProfileFromJson(FindProfile(second, "nw-client-auth"));
  REQUIRE(profile.ok());
  CHECK(profile->profile_version == "3.0");
}

TEST_CASE("scenario can-renew: issued certificates expire in 5 days") {
  TestServer server(TestServerOptions{true, ScenarioPath("can-renew"), nullptr});
  std::string token = server.SignIn("demo", "demo");
  auto res = Call(*server.Client(), "POST", "/api/v1/profiles/nw-client-auth/enroll", token,
                  {{"csr_pem", MakeCsr({"EC:P-256", {{"CN", "demo"}}, {}}).csr_pem}});
  REQUIRE_MESSAGE(res.status == 201, res.body);
  auto info = trustdesk::ParseCertificate(res.json["certificate"]["certificate_pem"].get<std::string>());
  REQUIRE(info.ok());
  int64_t now = trustdesk::SystemClock::Instance().Now().unix_seconds;
  int64_t left = info->not_after.unix_seconds - now;
  CHECK(left > 4 * 86400);
  CHECK(left <= 5 * 86400);
  CHECK(info->not_after.unix_seconds - info->not_before.unix_seconds == 180 * 86400 + 60);
}

TEST_CASE("scenario engine: bad scenario documents are refused with the path named") {
  TestServer server;
  auto admin = server.Client();
  auto bad = Call(*admin, "PUT", "/api/v1/admin/scenario", server.admin_token(),
                  {{"name", "x"}, {"rules", {{{"route", "GET /x"}, {"action", "explode"}}}}});
  CHECK(bad.status == 400);
  CHECK(bad.json["error"]["message"].get<std::string>().find("$.rules[0].action") != std::string::npos);
  auto no_profile = Call(*admin, "PUT", "/api/v1/admin/scenario", server.admin_token(),
                         {{"name", "x"}, {"on_load", {{{"action", "profile_edit"}, {"profile_id", "nope"},
                                                       {"patch", {{"name", "y"}}}}}}});
  CHECK(no_profile.status == 404);
  auto status = Call(*admin, "GET", "/api/v1/admin/scenario", server.admin_token());
  CHECK(status.json["active"] == false);
}

TEST_CASE("scenario engine: clock offset moves the CA clock, time windows gate rules") {
  TestServer server;
  auto admin = server.Client();
  nlohmann::json doc = {{"name", "ten-days-ago"},
                        {"clock_offset_seconds", -10 * 86400},
                        {"rules", {{{"route", "GET /api/v1/health"}, {"after_seconds", 3600},
                                    {"action", "error"}, {"status", 500}}}}};
  REQUIRE(Call(*admin, "PUT", "/api/v1/admin/scenario", server.admin_token(), doc).status == 200);
  CHECK(Call(*admin, "GET", "/api/v1/health", "").status == 200);  // the rule starts in an hour
  std::string token = server.SignIn("demo", "demo");  // sessions keep real time
  auto res = Call(*server.Client(), "POST", "/api/v1/profiles/nw-client-auth/enroll", token,
                  {{"csr_pem", MakeCsr({"EC:P-256", {{"CN", "demo"}}, {}}).csr_pem}});
  REQUIRE_MESSAGE(res.status == 201, res.body);
  auto info = trustdesk::ParseCertificate(res.json["certificate"]["certificate_pem"].get<std::string>());
  REQUIRE(info.ok());
  int64_t now = trustdesk::SystemClock::Instance().Now().unix_seconds;
  CHECK(info->not_before.unix_seconds < now - 9 * 86400);
  CHECK(info->not_before.unix_seconds > now - 11 * 86400);
  auto status = Call(*admin, "GET", "/api/v1/admin/scenario", server.admin_token());
  CHECK(status.json["rules"][0]["matched"] == 1);
}

TEST_CASE("scenario engine: an injected error on a POST leaves the connection usable") {
  TestServer server;
  auto admin = server.Client();
  nlohmann::json doc = {{"name", "enroll-fails-once"},
                        {"rules", {{{"route", "POST /api/v1/profiles/*/enroll"}, {"to_request", 1},
                                    {"action", "error"}, {"status", 500}}}}};
  REQUIRE(Call(*admin, "PUT", "/api/v1/admin/scenario", server.admin_token(), doc).status == 200);
  std::string token = server.SignIn("demo", "demo");
  auto client = server.Client();
  client->set_keep_alive(true);
  nlohmann::json body = {{"csr_pem", MakeCsr({"EC:P-256", {{"CN", "demo"}}, {}}).csr_pem}};
  auto failed = Call(*client, "POST", "/api/v1/profiles/nw-client-auth/enroll", token, body);
  CHECK(failed.status == 500);
  CHECK(failed.ErrorCode() == "scenario_error");
  // The unread request body must not be taken for the next request on this client.
  auto ok = Call(*client, "POST", "/api/v1/profiles/nw-client-auth/enroll", token, body);
  CHECK_MESSAGE(ok.status == 201, ok.body);
  CHECK(Call(*client, "GET", "/api/v1/certificates", token).json["certificates"].size() == 1);
}
