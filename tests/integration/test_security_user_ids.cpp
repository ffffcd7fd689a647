// Users are identified by opaque ids that are never reused: a user name reused after a delete,
// or the same dotted name in two accounts, is a different user who owns nothing of the other.
#include <doctest/doctest.h>

#include <string>

#include "tests/integration/support/api.h"
#include "tests/integration/support/csr_factory.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk::testing;

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

ApiResponse CreateUser(TestServer& server, const std::string& account, const nlohmann::json& body) {
  return Call(*server.Client(), "POST", "/api/v1/admin/accounts/" + account + "/users",
              server.admin_token(), body);
}

nlohmann::json Me(TestServer& server, const std::string& token) {
  auto me = Call(*server.Client(), "GET", "/api/v1/me", token);
  REQUIRE(me.status == 200);
  return me.json;
}

}  // namespace

TEST_CASE("security: the same dotted name in two accounts makes two users, nothing moves") {
  TestServer server;
  auto client = server.Client();
  for (std::string account : {"a", "a.b"}) {
    REQUIRE(Call(*client, "PUT", "/api/v1/admin/accounts/" + account, server.admin_token(),
                 {{"name", "Account " + account}})
                .status == 200);
  }
  auto c = CreateUser(server, "a.b", {{"username", "c"}, {"password", "c-pass"}});
  REQUIRE(c.status == 201);
  std::string c_token = server.SignIn("c", "c-pass", "a.b");
  auto bc = CreateUser(server, "a", {{"username", "b.c"}, {"password", "bc-pass"}});
  REQUIRE(bc.status == 201);
  CHECK(bc.json["id"] != c.json["id"]);

  // The first user is still in a.b under its name, with its live token.
  auto me = Me(server, c_token);
  CHECK(me["id"] == "a.b");
  CHECK(me["user"]["username"] == "c");
  CHECK(me["user"]["id"] == c.json["id"]);
  CHECK(Me(server, server.SignIn("c", "c-pass", "a.b"))["id"] == "a.b");
  CHECK(Me(server, server.SignIn("b.c", "bc-pass", "a"))["id"] == "a");
}

TEST_CASE("security: an explicit id or user name that is taken is a 409 naming the field") {
  TestServer server;
  auto client = server.Client();
  REQUIRE(Call(*client, "PUT", "/api/v1/admin/accounts/contoso", server.admin_token(),
               {{"name", "Contoso"}})
              .status == 200);
  std::string bob_token = server.SignIn("bob", "bob-demo-pass");
  std::string bob_id = Me(server, bob_token)["user"]["id"];

  // Bob's id in another account: refused, and bob stays where he is.
  auto steal = CreateUser(server, "contoso",
                          {{"id", bob_id}, {"username", "mallory"}, {"password", "m-pass"}});
  CHECK(steal.status == 409);
  CHECK(Contains(steal.json["error"]["message"].get<std::string>(), "$.id"));
  auto me = Me(server, bob_token);
  CHECK(me["id"] == "northwind");
  CHECK(me["user"]["username"] == "bob");

  auto twin = CreateUser(server, "northwind", {{"username", "bob"}, {"password", "other"}});
  CHECK(twin.status == 409);
  CHECK(Contains(twin.json["error"]["message"].get<std::string>(), "$.username"));
  CHECK(server.SignIn("bob", "bob-demo-pass") != "");

  // A deleted user's id is retired: it is never given to anyone again.
  std::string alice_id = Me(server, server.SignIn("alice", "alice-demo-pass"))["user"]["id"];
  REQUIRE(Call(*client, "DELETE", "/api/v1/admin/users/" + alice_id, server.admin_token()).status ==
          204);
  auto reuse = CreateUser(server, "northwind",
                          {{"id", alice_id}, {"username", "alice"}, {"password", "a-pass"}});
  CHECK(reuse.status == 409);
  CHECK(Contains(reuse.json["error"]["message"].get<std::string>(), "$.id"));
}

TEST_CASE("security: a recreated user does not inherit the deleted user's certificates or keys") {
  TestServer server;
  auto client = server.Client();
  std::string old_token = server.SignIn("alice", "alice-demo-pass");
  std::string old_id = Me(server, old_token)["user"]["id"];
  TestCsr csr = MakeCsr({"RSA:2048", {}, {}});
  auto issued = Call(*client, "POST", "/api/v1/profiles/nw-smime-encryption/enroll", old_token,
                     {{"csr_pem", csr.csr_pem}});
  REQUIRE_MESSAGE(issued.status == 201, issued.body);
  std::string serial = issued.json["certificate"]["serial"];
  std::string recipient =
      Call(*client, "GET", "/api/v1/escrow/certificate", old_token).json["certificate_pem"];
  REQUIRE(Call(*client, "POST", "/api/v1/certificates/" + serial + "/escrow", old_token,
               {{"cms_pem", EnvelopeKey(csr.key.get(), recipient)}})
              .status == 204);

  REQUIRE(Call(*client, "DELETE", "/api/v1/admin/users/" + old_id, server.admin_token()).status ==
          204);
  // The demo profile names alice as its recovery agent: the name leaves the list with her.
  auto profile = Call(*client, "GET", "/api/v1/admin/profiles/nw-smime-encryption",
                      server.admin_token());
  REQUIRE(profile.status == 200);
  CHECK(profile.json["policy"]["key_escrow"]
            .value("recovery_agents", nlohmann::json::array())
            .empty());
  auto created =
      CreateUser(server, "northwind", {{"username", "alice"}, {"password", "alice-demo-pass"}});
  REQUIRE(created.status == 201);
  std::string new_id = created.json["id"];
  CHECK(new_id != old_id);
  REQUIRE(Call(*client, "PUT", "/api/v1/admin/users/" + new_id + "/profiles/nw-smime-encryption",
               server.admin_token())
              .status == 204);
  std::string token = server.SignIn("alice", "alice-demo-pass");

  auto list = Call(*client, "GET", "/api/v1/certificates", token);
  REQUIRE(list.status == 200);
  CHECK(list.json["certificates"].empty());
  CHECK(Call(*client, "GET", "/api/v1/certificates/" + serial, token).status == 404);
  CHECK(Call(*client, "POST", "/api/v1/certificates/" + serial + "/revoke", token,
             {{"reason", "key_compromise"}})
            .status == 404);
  auto recover = Call(*client, "POST", "/api/v1/certificates/" + serial + "/recover", token,
                      {{"passphrase", "correct horse battery"}, {"password", "alice-demo-pass"}});
  CHECK(recover.status == 404);
  CHECK_FALSE(recover.json.contains("encrypted_private_key_pem"));
}
