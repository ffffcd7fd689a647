// Sessions end when the credential behind them changes: a new password, a disabled user or a
// deleted user leaves no token that still answers. A disabled user is refused exactly like a
// wrong password, whatever password is tried, so sign-in is no password oracle.
#include <doctest/doctest.h>

#include <string>

#include "tests/integration/support/api.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk::testing;

namespace {

nlohmann::json Credentials(const std::string& user, const std::string& password) {
  return {{"account_id", "northwind"}, {"username", user}, {"password", password}};
}

std::string UserId(TestServer& server, const std::string& token) {
  auto me = Call(*server.Client(), "GET", "/api/v1/me", token);
  REQUIRE(me.status == 200);
  return me.json["user"]["id"].get<std::string>();
}

}  // namespace

TEST_CASE("security: a password change ends every session of that user") {
  TestServer server;
  auto client = server.Client();
  std::string first = server.SignIn("alice", "alice-demo-pass");
  std::string second = server.SignIn("alice", "alice-demo-pass");
  std::string other = server.SignIn("bob", "bob-demo-pass");
  std::string id = UserId(server, first);

  auto changed = Call(*client, "PATCH", "/api/v1/admin/users/" + id, server.admin_token(),
                      {{"password", "alice-new-pass"}});
  REQUIRE(changed.status == 200);
  for (const auto& token : {first, second}) {
    auto me = Call(*client, "GET", "/api/v1/me", token);
    CHECK(me.status == 401);
    CHECK(me.ErrorCode() == "unauthorized");
  }
  CHECK(Call(*client, "GET", "/api/v1/me", other).status == 200);  // only alice's sessions
  std::string fresh = server.SignIn("alice", "alice-new-pass");
  CHECK(Call(*client, "GET", "/api/v1/me", fresh).status == 200);

  // An edit that leaves the password alone keeps the session.
  auto renamed = Call(*client, "PATCH", "/api/v1/admin/users/" + id, server.admin_token(),
                      {{"display_name", "Alice C."}});
  REQUIRE(renamed.status == 200);
  CHECK(Call(*client, "GET", "/api/v1/me", fresh).status == 200);
}

TEST_CASE("security: disabling a user ends their sessions for good, re-enabling revives none") {
  TestServer server;
  auto client = server.Client();
  std::string token = server.SignIn("alice", "alice-demo-pass");
  std::string id = UserId(server, token);
  std::string path = "/api/v1/admin/users/" + id;
  REQUIRE(Call(*client, "PATCH", path, server.admin_token(), {{"disabled", true}}).status == 200);
  CHECK(Call(*client, "GET", "/api/v1/me", token).status == 401);
  REQUIRE(Call(*client, "PATCH", path, server.admin_token(), {{"disabled", false}}).status == 200);
  CHECK(Call(*client, "GET", "/api/v1/me", token).status == 401);
  CHECK(Call(*client, "GET", "/api/v1/me", server.SignIn("alice", "alice-demo-pass")).status ==
        200);
}

TEST_CASE("security: deleting a user ends their sessions") {
  TestServer server;
  auto client = server.Client();
  std::string token = server.SignIn("alice", "alice-demo-pass");
  std::string id = UserId(server, token);
  REQUIRE(Call(*client, "DELETE", "/api/v1/admin/users/" + id, server.admin_token()).status == 204);
  CHECK(Call(*client, "GET", "/api/v1/me", token).status == 401);
  CHECK(Call(*client, "GET", "/api/v1/certificates", token).status == 401);
}

TEST_CASE("security: a disabled user's sign-in reads like a wrong password, right or wrong") {
  TestServer server;
  auto client = server.Client();
  auto signin = [&](const std::string& user, const std::string& password) {
    return Call(*client, "POST", "/api/v1/auth/signin", "", Credentials(user, password));
  };
  auto wrong = signin("alice", "not-her-password");
  REQUIRE(wrong.status == 401);
  // carol is disabled in the demo data.
  for (const auto& res : {signin("carol", "carol-demo-pass"), signin("carol", "wrong-pass")}) {
    CHECK(res.status == wrong.status);
    CHECK(res.body == wrong.body);
  }
  // A disabled account answers the same way for its users' right passwords.
  auto disabled = Call(*client, "PUT", "/api/v1/admin/accounts/northwind", server.admin_token(),
                       {{"name", "Northwind Engineering"}, {"disabled", true}});
  REQUIRE(disabled.status == 200);
  auto bob = signin("bob", "bob-demo-pass");
  CHECK(bob.status == wrong.status);
  CHECK(bob.body == wrong.body);
}
