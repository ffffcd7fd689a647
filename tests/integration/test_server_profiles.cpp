// Profile list with ETag / If-None-Match, single profiles, assignment and account boundaries,
// and the admin edit that bumps the revision and the ETag.
#include <doctest/doctest.h>

#include "core/model/json_mapping.h"
#include "tests/integration/support/api.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk::testing;

TEST_CASE("server profiles: list is 200 with an ETag, then 304 with no body") {
  TestServer server;
  auto client = server.Client();
  std::string token = server.SignIn("demo", "demo");
  auto first = Call(*client, "GET", "/api/v1/profiles", token);
  REQUIRE(first.status == 200);
  std::string etag = first.Header("ETag");
  CHECK(etag.size() > 2);
  auto list = trustdesk::ProfileListFromJson(first.json);
  REQUIRE_MESSAGE(list.ok(), list.error().message);
  CHECK(list->profiles.size() == 12);
  bool has_incompatible = false;
  for (const auto& p : list->profiles) has_incompatible |= p.profile_version == "3.0";
  CHECK(has_incompatible);

  auto second = Call(*client, "GET", "/api/v1/profiles", token, nullptr, {{"If-None-Match", etag}});
  CHECK(second.status == 304);
  CHECK(second.body.empty());
  CHECK(second.Header("ETag") == etag);

  auto one = Call(*client, "GET", "/api/v1/profiles/nw-vpn", token);
  REQUIRE(one.status == 200);
  auto profile = trustdesk::ProfileFromJson(one.json);
  REQUIRE(profile.ok());
  CHECK(profile->name == "Corporate VPN (IKEv2)");
  CHECK(profile->enrollment.url == "/api/v1/profiles/nw-vpn/enroll");
  CHECK(profile->issuing_ca_chain.size() == 2);
}

TEST_CASE("server profiles: an admin edit bumps the revision and changes the ETag") {
  TestServer server;
  auto client = server.Client();
  std::string token = server.SignIn("demo", "demo");
  auto before = Call(*client, "GET", "/api/v1/profiles/nw-wifi-8021x", token);
  REQUIRE(before.status == 200);
  std::string etag = Call(*client, "GET", "/api/v1/profiles", token).Header("ETag");

  auto edit = Call(*client, "PATCH", "/api/v1/admin/profiles/nw-wifi-8021x", server.admin_token(),
                   {{"description", "Now with WPA3-Enterprise."}});
  REQUIRE(edit.status == 200);
  CHECK(edit.json["revision"] == before.json["revision"].get<int64_t>() + 1);

  auto after = Call(*client, "GET", "/api/v1/profiles", token, nullptr, {{"If-None-Match", etag}});
  REQUIRE(after.status == 200);
  CHECK(after.Header("ETag") != etag);
  bool found = false;
  for (const auto& p : after.json["profiles"]) {
    if (p["id"] == "nw-wifi-8021x") {
      found = true;
      CHECK(p["description"] == "Now with WPA3-Enterprise.");
      CHECK(p["revision"] == edit.json["revision"]);
    }
  }
  CHECK(found);
  CHECK(after.json["revision"].get<int64_t>() > 0);

  // An invalid edit is refused with the failing field named, and changes nothing.
  auto bad = Call(*client, "PATCH", "/api/v1/admin/profiles/nw-wifi-8021x", server.admin_token(),
                  {{"certificate_format", {{"validity_days", 99999}}}});
  CHECK(bad.status == 400);
  CHECK(bad.json["error"]["message"].get<std::string>().find("validity_days") != std::string::npos);
  auto same = Call(*client, "GET", "/api/v1/profiles", token, nullptr,
                   {{"If-None-Match", after.Header("ETag")}});
  CHECK(same.status == 304);
}

TEST_CASE("server profiles: users see only their assignments and their own account") {
  TestServer server;
  auto client = server.Client();
  std::string admin = server.admin_token();
  std::string alice = server.SignIn("alice", "alice-demo-pass");
  auto list = Call(*client, "GET", "/api/v1/profiles", alice);
  REQUIRE(list.status == 200);
  CHECK(list.json["profiles"].size() == 4);
  auto hidden = Call(*client, "GET", "/api/v1/profiles/nw-vpn", alice);
  CHECK(hidden.status == 404);
  CHECK(hidden.ErrorCode() == "profile_not_found");

  // A second account with a user and a profile of its own.
  REQUIRE(Call(*client, "PUT", "/api/v1/admin/accounts/contoso", admin,
               {{"name", "Contoso Ltd"}}).status == 200);
  auto profile = Call(*client, "GET", "/api/v1/admin/profiles/nw-client-auth", admin).json;
  profile["id"] = "contoso-client";
  profile["name"] = "Contoso Client";
  REQUIRE(Call(*client, "POST", "/api/v1/admin/accounts/contoso/profiles", admin, profile).status == 201);
  auto mallory = Call(*client, "POST", "/api/v1/admin/accounts/contoso/users", admin,
                      {{"username", "mallory"}, {"password", "mallory-pass"}});
  REQUIRE(mallory.status == 201);
  std::string mallory_id = mallory.json["id"];
  // A profile of another account cannot be assigned, seen or enrolled on.
  CHECK(Call(*client, "PUT", "/api/v1/admin/users/" + mallory_id + "/profiles/nw-vpn", admin).status == 404);
  REQUIRE(Call(*client, "PUT", "/api/v1/admin/users/" + mallory_id + "/profiles/contoso-client",
               admin).status == 204);
  std::string mtoken = server.SignIn("mallory", "mallory-pass", "contoso");
  auto mlist = Call(*client, "GET", "/api/v1/profiles", mtoken);
  REQUIRE(mlist.status == 200);
  REQUIRE(mlist.json["profiles"].size() == 1);
  CHECK(mlist.json["profiles"][0]["id"] == "contoso-client");
  CHECK(Call(*client, "GET", "/api/v1/profiles/nw-client-auth", mtoken).status == 404);
  CHECK(Call(*client, "GET", "/api/v1/profiles/contoso-client", alice).status == 404);

  // Admin routes refuse user tokens and no token.
  CHECK(Call(*client, "GET", "/api/v1/admin/profiles/nw-vpn", alice).status == 401);
  CHECK(Call(*client, "GET", "/api/v1/admin/profiles/nw-vpn", "").status == 401);
}

TEST_CASE("server profiles: unassigning a profile changes the user's list and ETag") {
  TestServer server;
  auto client = server.Client();
  std::string token = server.SignIn("bob", "bob-demo-pass");
  auto first = Call(*client, "GET", "/api/v1/profiles", token);
  REQUIRE(first.json["profiles"].size() == 4);
  std::string bob_id = Call(*client, "GET", "/api/v1/me", token).json["user"]["id"];
  REQUIRE(Call(*client, "DELETE", "/api/v1/admin/users/" + bob_id + "/profiles/nw-vpn",
               server.admin_token())
              .status == 204);
  auto second = Call(*client, "GET", "/api/v1/profiles", token, nullptr,
                     {{"If-None-Match", first.Header("ETag")}});
  REQUIRE(second.status == 200);
  CHECK(second.json["profiles"].size() == 3);
  CHECK(second.json["revision"].get<int64_t>() > first.json["revision"].get<int64_t>());
}
