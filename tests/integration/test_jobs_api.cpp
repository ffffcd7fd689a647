// ApiClient's certificate calls against the in-process reference server: enroll (and renew),
// show, revoke, escrow certificate, escrow and recover, CA chain. Refusals keep the server's
// message and code; broken responses are rejected naming the route and the field.
#include <doctest/doctest.h>
#include <openssl/pem.h>

#include <thread>

#include "core/api/api_client.h"
#include "core/crypto/certificate.h"
#include "core/crypto/key_pair.h"
#include "tests/integration/support/api.h"
#include "tests/integration/support/csr_factory.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::unique_ptr<ApiClient> MakeClient(const TestServer& server) {
  HttpOptions options;
  options.server_url = server.url();
  options.ca_file = server.ca_file().string();
  auto client = ApiClient::Create(options);
  REQUIRE_MESSAGE(client.ok(), (client.ok() ? "" : client.error().message));
  return std::move(client.value());
}

TestCsr ClientAuthCsr() { return MakeCsr({"EC:P-256", {{"CN", "demo"}}, {}}); }

void LoadScenario(TestServer& server, const nlohmann::json& scenario) {
  auto admin = server.Client();
  auto res = Call(*admin, "PUT", "/api/v1/admin/scenario", server.admin_token(), scenario);
  REQUIRE_MESSAGE(res.status == 200, res.body);
}

}  // namespace

TEST_CASE("api jobs: enroll returns the certificate and its chain, then show and renew it") {
  TestServer server;
  auto api = MakeClient(server);
  const std::string token = server.SignIn("demo", "demo");

  TestCsr csr = ClientAuthCsr();
  CallInfo info;
  auto enrolled = api->Enroll(token, "nw-client-auth", csr.csr_pem, std::nullopt, &info);
  REQUIRE_MESSAGE(enrolled.ok(), (enrolled.ok() ? "" : enrolled.error().message));
  CHECK(info.http_status == 201);
  const IssuedCertificate& cert = enrolled->certificate;
  CHECK(cert.profile_id == "nw-client-auth");
  CHECK(cert.common_name == "demo");
  CHECK_FALSE(cert.revoked);
  auto parsed = Certificate::FromPem(cert.certificate_pem);
  REQUIRE(parsed.ok());
  CHECK(PublicKeysEqual(X509_get0_pubkey(parsed->get()), csr.key.get()));
  auto chain = LoadPemChain(enrolled->chain_pem);
  REQUIRE(chain.ok());
  CHECK(chain->size() == 2);  // issuing CA, root

  auto shown = api->GetCertificate(token, cert.serial);
  REQUIRE(shown.ok());
  CHECK(*shown == cert);

  TestCsr next = ClientAuthCsr();
  auto renewed = api->Enroll(token, "nw-client-auth", next.csr_pem, cert.serial);
  REQUIRE_MESSAGE(renewed.ok(), (renewed.ok() ? "" : renewed.error().message));
  CHECK(renewed->certificate.serial != cert.serial);
  auto old = api->GetCertificate(token, cert.serial);
  REQUIRE(old.ok());
  CHECK(old->revoked);  // nw-client-auth revokes the previous certificate on renewal
  CHECK(old->revocation_reason == RevocationReason::Superseded);

  auto again = api->Enroll(token, "nw-client-auth", ClientAuthCsr().csr_pem, cert.serial);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::Conflict);
  CHECK(Contains(again.error().message, "renewal_not_possible"));
  CHECK(Contains(again.error().message, "POST /api/v1/profiles/nw-client-auth/enroll"));
}

TEST_CASE("api jobs: refusals carry the server's message, code and route") {
  TestServer server;
  auto api = MakeClient(server);
  const std::string token = server.SignIn("demo", "demo");

  // An RSA key on an EC-only profile: 422 policy_violation with the rule named.
  auto rsa =
      api->Enroll(token, "nw-client-auth", MakeCsr({"RSA:2048", {{"CN", "demo"}}, {}}).csr_pem);
  REQUIRE_FALSE(rsa.ok());
  CHECK(rsa.error().code == ErrorCode::InvalidInput);
  CHECK(Contains(rsa.error().message, "policy_violation"));
  CHECK(Contains(rsa.error().message, "HTTP 422"));
  CHECK(Contains(rsa.error().message, "key"));

  // nw-smime-signing allows one active certificate.
  TestCsr first = MakeCsr({"EC:P-256", {}, {}});
  auto ok = api->Enroll(token, "nw-smime-signing", first.csr_pem);
  REQUIRE_MESSAGE(ok.ok(), (ok.ok() ? "" : ok.error().message));
  auto dup = api->Enroll(token, "nw-smime-signing", MakeCsr({"EC:P-256", {}, {}}).csr_pem);
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().code == ErrorCode::Conflict);
  CHECK(Contains(dup.error().message, "duplicate_not_allowed"));

  // Unknown serial, someone else's serial, an argument that is not a serial.
  auto missing = api->GetCertificate(token, "0123456789abcdef");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::NotFound);
  const std::string alice = server.SignIn("alice", "alice-demo-pass");
  auto foreign = api->GetCertificate(alice, ok->certificate.serial);
  REQUIRE_FALSE(foreign.ok());
  CHECK(foreign.error().code == ErrorCode::NotFound);
  auto bad = api->GetCertificate(token, "../profiles");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::InvalidInput);
  auto bad_profile = api->Enroll(token, "a/b", first.csr_pem);
  REQUIRE_FALSE(bad_profile.ok());
  CHECK(bad_profile.error().code == ErrorCode::InvalidInput);
  CHECK(api->request_log().Entries().size() == 5);  // the two invalid calls never reached the wire
}

TEST_CASE("api jobs: revoke, then revoking again is a conflict") {
  TestServer server;
  auto api = MakeClient(server);
  const std::string token = server.SignIn("demo", "demo");
  auto enrolled = api->Enroll(token, "nw-client-auth", ClientAuthCsr().csr_pem);
  REQUIRE(enrolled.ok());
  const std::string serial = enrolled->certificate.serial;
  auto revoked = api->Revoke(token, serial, RevocationReason::KeyCompromise);
  REQUIRE_MESSAGE(revoked.ok(), (revoked.ok() ? "" : revoked.error().message));
  CHECK(revoked->revoked);
  CHECK(revoked->revocation_reason == RevocationReason::KeyCompromise);
  CHECK(revoked->revoked_at.has_value());
  auto twice = api->Revoke(token, serial, RevocationReason::Unspecified);
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.error().code == ErrorCode::Conflict);
  CHECK(Contains(twice.error().message, "already_revoked"));
}

TEST_CASE("api jobs: escrow certificate, escrow and recover round trip") {
  TestServer server;
  auto api = MakeClient(server);
  const std::string token = server.SignIn("demo", "demo");
  TestCsr csr = MakeCsr({"RSA:2048", {}, {}});
  auto enrolled = api->Enroll(token, "nw-smime-encryption", csr.csr_pem);
  REQUIRE_MESSAGE(enrolled.ok(), (enrolled.ok() ? "" : enrolled.error().message));
  const std::string serial = enrolled->certificate.serial;

  auto not_yet = api->Recover(token, serial, "correct horse battery", "demo");
  REQUIRE_FALSE(not_yet.ok());
  CHECK(not_yet.error().code == ErrorCode::NotFound);
  CHECK(Contains(not_yet.error().message, "not_escrowed"));

  auto recipient = api->EscrowCertificate(token);
  REQUIRE_MESSAGE(recipient.ok(), (recipient.ok() ? "" : recipient.error().message));
  CHECK(Certificate::FromPem(*recipient).ok());
  REQUIRE(api->Escrow(token, serial, EnvelopeKey(csr.key.get(), *recipient)).ok());
  auto shown = api->GetCertificate(token, serial);
  REQUIRE(shown.ok());
  CHECK(shown->key_escrowed);

  auto short_pass = api->Recover(token, serial, "short", "demo");
  REQUIRE_FALSE(short_pass.ok());
  CHECK(short_pass.error().code == ErrorCode::InvalidInput);

  // The password is asked again; a wrong one is refused and never echoed.
  auto wrong_password = api->Recover(token, serial, "correct horse battery", "not-demo-pw");
  REQUIRE_FALSE(wrong_password.ok());
  CHECK(wrong_password.error().code == ErrorCode::Auth);
  CHECK(Contains(wrong_password.error().message, "reauthentication_failed"));
  CHECK_FALSE(Contains(wrong_password.error().message, "not-demo-pw"));
  CHECK_FALSE(api->Recover(token, serial, "correct horse battery", "").ok());

  auto recovered = api->Recover(token, serial, "correct horse battery", "demo");
  REQUIRE_MESSAGE(recovered.ok(), (recovered.ok() ? "" : recovered.error().message));
  CHECK(recovered->serial == serial);
  CHECK(recovered->certificate_pem == enrolled->certificate.certificate_pem);
  auto key = KeyPair::FromPem(recovered->encrypted_private_key_pem, "correct horse battery");
  REQUIRE(key.ok());
  CHECK(key->SamePublicKey(csr.key.get()));
  auto wrong = KeyPair::FromPem(recovered->encrypted_private_key_pem, "wrong horse battery");
  CHECK_FALSE(wrong.ok());

  // A garbage envelope is refused by the server with its code; the passphrase is never echoed.
  auto garbage = api->Escrow(token, serial, "-----BEGIN CMS-----\nAAAA\n-----END CMS-----\n");
  REQUIRE_FALSE(garbage.ok());
  CHECK(Contains(garbage.error().message, "invalid_escrow"));
}

TEST_CASE("api jobs: the CA chain parses and ends in a self-signed root") {
  TestServer server;
  auto api = MakeClient(server);
  const std::string token = server.SignIn("demo", "demo");
  auto chain = api->CaChain(token);
  REQUIRE_MESSAGE(chain.ok(), (chain.ok() ? "" : chain.error().message));
  auto certs = LoadPemChain(*chain);
  REQUIRE(certs.ok());
  REQUIRE(certs->size() == 2);
  CHECK(certs->back().Info().self_issued);
}

TEST_CASE("api jobs: a broken enroll or recover response is rejected naming route and field") {
  TestServer server;
  auto api = MakeClient(server);
  const std::string token = server.SignIn("demo", "demo");
  LoadScenario(server, {{"name", "broken-enroll"},
                        {"rules",
                         {{{"route", "POST /api/v1/profiles/*/enroll"},
                           {"from_request", 1},
                           {"to_request", 1},
                           {"action", "malformed"}},
                          {{"route", "POST /api/v1/profiles/*/enroll"},
                           {"from_request", 2},
                           {"to_request", 2},
                           {"action", "truncate"}},
                          {{"route", "GET /api/v1/ca/chain"}, {"action", "malformed"}}}}});
  auto malformed = api->Enroll(token, "nw-client-auth", ClientAuthCsr().csr_pem);
  REQUIRE_FALSE(malformed.ok());
  CHECK(malformed.error().code == ErrorCode::Parse);
  CHECK(Contains(malformed.error().message, "POST /api/v1/profiles/nw-client-auth/enroll"));
  auto truncated = api->Enroll(token, "nw-client-auth", ClientAuthCsr().csr_pem);
  REQUIRE_FALSE(truncated.ok());
  CHECK(
      (truncated.error().code == ErrorCode::Network || truncated.error().code == ErrorCode::Parse));
  auto chain = api->CaChain(token);
  REQUIRE_FALSE(chain.ok());
  CHECK(chain.error().code == ErrorCode::Parse);
  CHECK(Contains(chain.error().message, "GET /api/v1/ca/chain"));
}

TEST_CASE("api jobs: a keep-alive connection the server closed while idle is not reused") {
  TestServer server;
  auto api = MakeClient(server);
  const std::string token = server.SignIn("demo", "demo");
  auto enrolled = api->Enroll(token, "nw-client-auth", ClientAuthCsr().csr_pem);
  REQUIRE(enrolled.ok());
  // The reference server closes idle keep-alive connections after 1 s; 1.5 s of margin for its
  // thread to get scheduled on a loaded machine.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  // A POST must not be sent on the dead connection: its outcome would be unknown.
  auto revoked = api->Revoke(token, enrolled->certificate.serial, RevocationReason::Superseded);
  REQUIRE_MESSAGE(revoked.ok(), (revoked.ok() ? "" : revoked.error().message));
  CHECK(revoked->revoked);
}
