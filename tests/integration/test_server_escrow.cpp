// Key escrow: the client envelopes its private key to the escrow certificate (CMS); the owner
// (the demo profile allows it) recovers it re-encrypted under a passphrase; a user who is neither
// owner nor recovery agent cannot (test_server_escrow_recovery.cpp has the rest).
#include <doctest/doctest.h>
#include <openssl/pem.h>

#include "tests/integration/support/api.h"
#include "tests/integration/support/csr_factory.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk::testing;

TEST_CASE("server escrow: escrow and recover round trip for the owner") {
  TestServer server;
  auto client = server.Client();
  std::string token = server.SignIn("demo", "demo");
  TestCsr csr = MakeCsr({"RSA:2048", {}, {}});
  auto issued = Call(*client, "POST", "/api/v1/profiles/nw-smime-encryption/enroll", token,
                     {{"csr_pem", csr.csr_pem}});
  REQUIRE_MESSAGE(issued.status == 201, issued.body);
  std::string serial = issued.json["certificate"]["serial"];
  CHECK(issued.json["certificate"]["key_escrowed"] == false);

  auto escrow_cert = Call(*client, "GET", "/api/v1/escrow/certificate", token);
  REQUIRE(escrow_cert.status == 200);
  std::string recipient = escrow_cert.json["certificate_pem"];

  // Wrong key in the envelope, wrong recipient, garbage: all refused, nothing stored.
  TestCsr other = MakeCsr({"RSA:2048", {}, {}});
  auto wrong_key = Call(*client, "POST", "/api/v1/certificates/" + serial + "/escrow", token,
                        {{"cms_pem", EnvelopeKey(other.key.get(), recipient)}});
  CHECK(wrong_key.status == 400);
  CHECK(wrong_key.ErrorCode() == "invalid_escrow");
  std::string not_escrow = issued.json["certificate"]["certificate_pem"];
  auto wrong_recipient = Call(*client, "POST", "/api/v1/certificates/" + serial + "/escrow", token,
                              {{"cms_pem", EnvelopeKey(csr.key.get(), not_escrow)}});
  CHECK(wrong_recipient.status == 400);
  auto garbage = Call(*client, "POST", "/api/v1/certificates/" + serial + "/escrow", token,
                      {{"cms_pem", "-----BEGIN CMS-----\nAAAA\n-----END CMS-----\n"}});
  CHECK(garbage.status == 400);
  auto nothing = Call(*client, "POST", "/api/v1/certificates/" + serial + "/recover", token,
                      {{"passphrase", "correct horse battery"}, {"password", "demo"}});
  CHECK(nothing.status == 404);
  CHECK(nothing.ErrorCode() == "not_escrowed");

  auto stored = Call(*client, "POST", "/api/v1/certificates/" + serial + "/escrow", token,
                     {{"cms_pem", EnvelopeKey(csr.key.get(), recipient)}});
  REQUIRE_MESSAGE(stored.status == 204, stored.body);
  CHECK(Call(*client, "GET", "/api/v1/certificates/" + serial, token).json["key_escrowed"] == true);

  CHECK(Call(*client, "POST", "/api/v1/certificates/" + serial + "/recover", token,
             {{"passphrase", "short"}, {"password", "demo"}})
            .status == 400);
  auto recovered = Call(*client, "POST", "/api/v1/certificates/" + serial + "/recover", token,
                        {{"passphrase", "correct horse battery"}, {"password", "demo"}});
  REQUIRE_MESSAGE(recovered.status == 200, recovered.body);
  std::string pem = recovered.json["encrypted_private_key_pem"];
  CHECK(pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") == 0);
  CHECK(recovered.json["certificate_pem"] == issued.json["certificate"]["certificate_pem"]);
  trustdesk::ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  char pass[] = "correct horse battery";
  trustdesk::ossl::PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, pass));
  REQUIRE(key);
  CHECK(EVP_PKEY_eq(key.get(), csr.key.get()) == 1);

  // Another user of the same account, not a recovery agent, gets 404 for the same serial.
  std::string bob = server.SignIn("bob", "bob-demo-pass");
  CHECK(Call(*client, "POST", "/api/v1/certificates/" + serial + "/recover", bob,
             {{"passphrase", "correct horse battery"}, {"password", "bob-demo-pass"}})
            .status == 404);
}

TEST_CASE("security: an escrow upload for a profile that does not ask for escrow is refused") {
  TestServer server;
  auto client = server.Client();
  std::string token = server.SignIn("demo", "demo");
  TestCsr csr = MakeCsr({"EC:P-256", {}, {}});
  auto issued = Call(*client, "POST", "/api/v1/profiles/nw-client-auth/enroll", token,
                     {{"csr_pem", csr.csr_pem}});
  REQUIRE_MESSAGE(issued.status == 201, issued.body);
  std::string serial = issued.json["certificate"]["serial"];
  std::string recipient =
      Call(*client, "GET", "/api/v1/escrow/certificate", token).json["certificate_pem"];

  auto upload = Call(*client, "POST", "/api/v1/certificates/" + serial + "/escrow", token,
                     {{"cms_pem", EnvelopeKey(csr.key.get(), recipient)}});
  CHECK(upload.status == 409);
  CHECK(upload.ErrorCode() == "escrow_not_requested");
  CHECK(upload.body.find("nw-client-auth") != std::string::npos);
  CHECK(Call(*client, "GET", "/api/v1/certificates/" + serial, token).json["key_escrowed"] ==
        false);
}
