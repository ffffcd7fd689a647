// Who may recover an escrowed key: the certificate's owner when the profile allows it, and the
// profile's named recovery agents, each only after typing their password again. Every attempt,
// granted or refused, is in the audit the admin reads.
#include <doctest/doctest.h>

#include "core/crypto/key_pair.h"
#include "tests/integration/support/api.h"
#include "tests/integration/support/csr_factory.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

constexpr const char* kPassphrase = "correct horse battery";

struct Escrowed {
  std::string serial;
  TestCsr csr;
};

// demo enrolls on nw-smime-encryption and escrows the key.
Escrowed EnrollAndEscrow(TestServer& server, const std::string& token) {
  auto client = server.Client();
  Escrowed out{"", MakeCsr({"RSA:2048", {}, {}})};
  auto issued = Call(*client, "POST", "/api/v1/profiles/nw-smime-encryption/enroll", token,
                     {{"csr_pem", out.csr.csr_pem}});
  REQUIRE_MESSAGE(issued.status == 201, issued.body);
  out.serial = issued.json["certificate"]["serial"];
  std::string recipient =
      Call(*client, "GET", "/api/v1/escrow/certificate", token).json["certificate_pem"];
  auto stored = Call(*client, "POST", "/api/v1/certificates/" + out.serial + "/escrow", token,
                     {{"cms_pem", EnvelopeKey(out.csr.key.get(), recipient)}});
  REQUIRE_MESSAGE(stored.status == 204, stored.body);
  return out;
}

ApiResponse Recover(TestServer& server, const std::string& token, const std::string& serial,
                    const nlohmann::json& body) {
  return Call(*server.Client(), "POST", "/api/v1/certificates/" + serial + "/recover", token, body);
}

bool SameKey(const ApiResponse& res, EVP_PKEY* expected) {
  if (!res.json.is_object() || !res.json.contains("encrypted_private_key_pem")) return false;
  auto key =
      KeyPair::FromPem(res.json["encrypted_private_key_pem"].get<std::string>(), kPassphrase);
  return key.ok() && key->SamePublicKey(expected);
}

}  // namespace

TEST_CASE("security: recovering an escrowed key needs the password again, not just a token") {
  TestServer server;
  const std::string token = server.SignIn("demo", "demo");
  const Escrowed e = EnrollAndEscrow(server, token);

  auto token_only = Recover(server, token, e.serial, {{"passphrase", kPassphrase}});
  CHECK(token_only.status == 400);
  CHECK(token_only.body.find("$.password") != std::string::npos);
  CHECK_FALSE(SameKey(token_only, e.csr.key.get()));

  auto wrong =
      Recover(server, token, e.serial, {{"passphrase", kPassphrase}, {"password", "nope"}});
  CHECK(wrong.status == 403);
  CHECK(wrong.ErrorCode() == "reauthentication_failed");
  CHECK(wrong.body.find("nope") == std::string::npos);

  auto right =
      Recover(server, token, e.serial, {{"passphrase", kPassphrase}, {"password", "demo"}});
  REQUIRE_MESSAGE(right.status == 200, right.body);
  CHECK(SameKey(right, e.csr.key.get()));
}

TEST_CASE("security: password guesses at recovery count against the sign-in throttle") {
  TestServer server;
  const std::string token = server.SignIn("demo", "demo");
  const Escrowed e = EnrollAndEscrow(server, token);
  for (int i = 0; i < 5; ++i) {
    auto guess = Recover(server, token, e.serial,
                         {{"passphrase", kPassphrase}, {"password", "guess-" + std::to_string(i)}});
    CHECK(guess.status == 403);
  }
  // The next try is throttled, even with the right password, and so is signing in.
  auto throttled =
      Recover(server, token, e.serial, {{"passphrase", kPassphrase}, {"password", "demo"}});
  CHECK(throttled.status == 429);
  CHECK_FALSE(throttled.Header("Retry-After").empty());
  CHECK_FALSE(SameKey(throttled, e.csr.key.get()));
  auto signin = Call(*server.Client(), "POST", "/api/v1/auth/signin", "",
                     {{"account_id", "northwind"}, {"username", "demo"}, {"password", "demo"}});
  CHECK(signin.status == 429);
}

TEST_CASE(
    "security: only the profile's recovery agents, and the owner when allowed, recover a key") {
  TestServer server;
  auto client = server.Client();
  const std::string demo = server.SignIn("demo", "demo");
  const Escrowed e = EnrollAndEscrow(server, demo);

  // The Security Office's alice may recover; the owner may not.
  auto patched =
      Call(*client, "PATCH", "/api/v1/admin/profiles/nw-smime-encryption", server.admin_token(),
           {{"policy",
             {{"key_escrow", {{"owner_can_recover", false}, {"recovery_agents", {"alice"}}}}}}});
  REQUIRE_MESSAGE(patched.status == 200, patched.body);

  auto owner = Recover(server, demo, e.serial, {{"passphrase", kPassphrase}, {"password", "demo"}});
  CHECK(owner.status == 403);
  CHECK(owner.ErrorCode() == "recovery_not_allowed");
  CHECK(owner.body.find("nw-smime-encryption") != std::string::npos);
  CHECK_FALSE(SameKey(owner, e.csr.key.get()));

  // bob (same account, not an agent) learns nothing about the certificate.
  const std::string bob = server.SignIn("bob", "bob-demo-pass");
  auto stranger =
      Recover(server, bob, e.serial, {{"passphrase", kPassphrase}, {"password", "bob-demo-pass"}});
  CHECK(stranger.status == 404);
  CHECK_FALSE(SameKey(stranger, e.csr.key.get()));

  const std::string alice = server.SignIn("alice", "alice-demo-pass");
  auto agent = Recover(server, alice, e.serial,
                       {{"passphrase", kPassphrase}, {"password", "alice-demo-pass"}});
  REQUIRE_MESSAGE(agent.status == 200, agent.body);
  CHECK(SameKey(agent, e.csr.key.get()));

  // Every attempt is audited, refused ones too, in order; only the admin reads the audit.
  const std::string route = "/api/v1/admin/certificates/" + e.serial + "/recoveries";
  CHECK(Call(*client, "GET", route, alice).status == 401);
  auto audit = Call(*client, "GET", route, server.admin_token());
  REQUIRE_MESSAGE(audit.status == 200, audit.body);
  CHECK(audit.json["serial"] == e.serial);
  const auto& rows = audit.json["recoveries"];
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["username"] == "demo");
  CHECK(rows[0]["role"] == "owner");
  CHECK(rows[0]["outcome"] == "recovery_not_allowed");
  CHECK(rows[1]["username"] == "bob");
  CHECK(rows[1]["role"] == "none");
  CHECK(rows[1]["outcome"] == "certificate_not_found");
  CHECK(rows[2]["username"] == "alice");
  CHECK(rows[2]["role"] == "agent");
  CHECK(rows[2]["outcome"] == "granted");
  CHECK(rows[2]["account_id"] == "northwind");
  CHECK(rows[2]["remote_addr"] == "127.0.0.1");
  CHECK(rows[2]["at"].is_string());
}
