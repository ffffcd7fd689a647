// Sign-in, tokens, rate limiting and the caller's identity.
#include <doctest/doctest.h>

#include "tests/integration/support/api.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk::testing;

namespace {

nlohmann::json Credentials(const std::string& user, const std::string& password,
                           const std::string& account = "northwind") {
  return {{"account_id", account}, {"username", user}, {"password", password}};
}

}  // namespace

TEST_CASE("server auth: the demo user signs in and sees their account") {
  TestServer server;
  auto client = server.Client();
  auto res = Call(*client, "POST", "/api/v1/auth/signin", "", Credentials("demo", "demo"));
  REQUIRE(res.status == 200);
  std::string token = res.json["token"];
  CHECK(token.size() == 43);  // 32 random bytes, base64url
  CHECK(res.json["account"]["name"] == "Northwind Engineering");
  CHECK(res.json["account"]["user"]["username"] == "demo");
  CHECK(res.json["expires_at"].is_string());
  auto me = Call(*client, "GET", "/api/v1/me", token);
  REQUIRE(me.status == 200);
  CHECK(me.json["id"] == "northwind");
  CHECK(me.json["user"]["email"] == "dana.demo@northwind.example");
  CHECK(me.json["user"]["attributes"]["department"] == "Platform");
}

TEST_CASE("server auth: wrong credentials, disabled users and missing tokens") {
  TestServer server;
  auto client = server.Client();
  auto wrong = Call(*client, "POST", "/api/v1/auth/signin", "", Credentials("demo", "nope"));
  CHECK(wrong.status == 401);
  CHECK(wrong.ErrorCode() == "invalid_credentials");
  auto unknown = Call(*client, "POST", "/api/v1/auth/signin", "", Credentials("nobody", "demo"));
  CHECK(unknown.status == 401);
  CHECK(unknown.json["error"]["message"] == wrong.json["error"]["message"]);
  auto other_account = Call(*client, "POST", "/api/v1/auth/signin", "",
                            Credentials("demo", "demo", "contoso"));
  CHECK(other_account.status == 401);
  auto disabled = Call(*client, "POST", "/api/v1/auth/signin", "",
                       Credentials("carol", "carol-demo-pass"));
  CHECK(disabled.status == 401);  // like a wrong password: no password oracle
  CHECK(disabled.ErrorCode() == "invalid_credentials");
  auto missing = Call(*client, "POST", "/api/v1/auth/signin", "", {{"username", "demo"}});
  CHECK(missing.status == 400);
  CHECK(missing.json["error"]["message"].get<std::string>().find("account_id") != std::string::npos);
  auto no_token = Call(*client, "GET", "/api/v1/me", "");
  CHECK(no_token.status == 401);
  CHECK(no_token.ErrorCode() == "unauthorized");
  auto bad_token = Call(*client, "GET", "/api/v1/me", "not-a-token");
  CHECK(bad_token.status == 401);
}

TEST_CASE("server auth: repeated failures are rate limited with Retry-After") {
  TestServer server;
  auto client = server.Client();
  for (int i = 0; i < 5; ++i) {
    auto res = Call(*client, "POST", "/api/v1/auth/signin", "", Credentials("alice", "wrong"));
    CHECK(res.status == 401);
  }
  auto limited = Call(*client, "POST", "/api/v1/auth/signin", "",
                      Credentials("alice", "alice-demo-pass"));
  CHECK(limited.status == 429);
  CHECK(limited.ErrorCode() == "rate_limited");
  CHECK(std::stoi(limited.Header("Retry-After")) > 0);
  // Another user is not affected.
  CHECK(Call(*client, "POST", "/api/v1/auth/signin", "", Credentials("demo", "demo")).status == 200);
}

TEST_CASE("server auth: sign-out revokes the token, an expired token says so") {
  trustdesk::OffsetClock clock;
  TestServerOptions options;
  options.clock = &clock;
  TestServer server(options);
  auto client = server.Client();
  std::string token = server.SignIn("demo", "demo");
  CHECK(Call(*client, "GET", "/api/v1/me", token).status == 200);
  CHECK(Call(*client, "POST", "/api/v1/auth/signout", token).status == 204);
  CHECK(Call(*client, "GET", "/api/v1/me", token).status == 401);

  std::string second = server.SignIn("demo", "demo");
  clock.Advance(std::chrono::hours(9));  // tokens live 8 hours
  auto expired = Call(*client, "GET", "/api/v1/profiles", second);
  CHECK(expired.status == 401);
  CHECK(expired.ErrorCode() == "token_expired");
}

TEST_CASE("server auth: malformed and oversized sign-in bodies are clear 4xx") {
  TestServer server;
  auto client = server.Client();
  auto res = client->Post("/api/v1/auth/signin", "{\"account_id\": ", "application/json");
  REQUIRE(res);
  CHECK(res->status == 400);
  auto body = nlohmann::json::parse(res->body);
  CHECK(body["error"]["code"] == "malformed_input");
  CHECK(body["error"]["message"].get<std::string>().find("byte") != std::string::npos);
  std::string deep(10000, '[');
  res = client->Post("/api/v1/auth/signin", deep, "application/json");
  REQUIRE(res);
  CHECK(res->status == 400);
  res = client->Post("/api/v1/auth/signin", "[1,2,3]", "application/json");
  REQUIRE(res);
  CHECK(res->status == 400);
  res = client->Post("/api/v1/auth/signin", std::string(1024 * 1024 + 10, ' '), "application/json");
  REQUIRE(res);
  CHECK(res->status == 413);
}
