// A client mistake is a 4xx that names the field, never a 5xx, and no response carries internal
// exception text.
#include <doctest/doctest.h>

#include <string>

#include "tests/integration/support/api.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk::testing;

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("security: an out-of-range number at sign-in is a 400 naming the field") {
  TestServer server;
  auto client = server.Client();
  for (std::string number : {"1e999999", "-1e999999", "1E400"}) {
    CAPTURE(number);
    std::string body =
        "{\"account_id\":" + number + ",\"username\":\"demo\",\"password\":\"demo\"}";
    auto res = client->Post("/api/v1/auth/signin", body, "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    auto doc = nlohmann::json::parse(res->body, nullptr, false);
    REQUIRE(doc.is_object());
    std::string message = doc["error"]["message"].get<std::string>();
    CHECK(Contains(message, "$.account_id"));
    CHECK(Contains(message, "out of range"));
    CHECK_FALSE(Contains(res->body, "json.exception"));
  }
}

TEST_CASE("security: out-of-range numbers anywhere in a body name their path") {
  TestServer server;
  auto client = server.Client();
  std::string token = server.SignIn("demo", "demo");
  httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  httplib::Headers admin = {{"Authorization", "Bearer " + server.admin_token()}};
  struct Case {
    std::string path;
    std::string body;
    const httplib::Headers* headers;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"/api/v1/profiles/nw-web-server/enroll", R"({"csr_pem": 1e999999})", &auth, "$.csr_pem"},
      {"/api/v1/admin/accounts/northwind/users",
       R"({"username":"x","password":"p","attributes":{"level":[1,2,1e999]}})", &admin,
       "$.attributes.level[2]"},
      {"/api/v1/auth/signin", R"({"nested":{"deeper":[{"n":-1e999999}]}})", nullptr,
       "$.nested.deeper[0].n"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    auto res = c.headers ? client->Post(c.path, *c.headers, c.body, "application/json")
                         : client->Post(c.path, c.body, "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(Contains(res->body, c.field));
    CHECK_FALSE(Contains(res->body, "exception"));
  }
}

TEST_CASE("security: no 5xx answer echoes internal exception text") {
  TestServer server;
  auto client = server.Client();
  // Wrong JSON types in every field a handler reads: each is a 4xx naming the field.
  auto res = Call(*client, "POST", "/api/v1/auth/signin", "",
                  {{"account_id", {1, 2}}, {"username", nullptr}, {"password", 3.5}});
  CHECK(res.status == 400);
  CHECK(Contains(res.body, "$.account_id"));
  auto admin = Call(*client, "POST", "/api/v1/admin/accounts/northwind/users", server.admin_token(),
                    {{"username", "x"}, {"password", "p"}, {"disabled", 1}});
  CHECK(admin.status == 400);
  CHECK(Contains(admin.body, "$.disabled"));
  for (const auto& r : {res, admin}) CHECK_FALSE(Contains(r.body, "json.exception"));
}
