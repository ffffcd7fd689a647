// Enrollment from PKCS#10 CSRs: issuance checked against the CA, every profile rule refused with a
// clear 4xx and nothing stored, renewal with the duplicate policy, revocation and the CRL.
#include <doctest/doctest.h>
#include <openssl/pem.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/crypto/certificate.h"
#include "core/crypto/csr_builder.h"
#include "core/model/json_mapping.h"
#include "tests/integration/support/api.h"
#include "tests/integration/support/csr_factory.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk::testing;

namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Verifies `cert_pem` up to the server's root with OpenSSL's chain verifier.
bool VerifiesToRoot(const TestServer& server, const std::string& cert_pem,
                    const std::string& chain_pem) {
  auto leaf = trustdesk::Certificate::FromPem(cert_pem);
  auto chain = trustdesk::LoadPemChain(chain_pem);
  auto roots = trustdesk::LoadPemChain(ReadFile(server.issuance_root_file()));
  if (!leaf.ok() || !chain.ok() || !roots.ok()) return false;
  trustdesk::ossl::X509StorePtr store(X509_STORE_new());
  for (const auto& r : *roots) X509_STORE_add_cert(store.get(), r.get());
  trustdesk::ossl::X509StackPtr untrusted(sk_X509_new_null());
  for (const auto& c : *chain) sk_X509_push(untrusted.get(), c.get());
  trustdesk::ossl::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf->get(), untrusted.get());
  return X509_verify_cert(ctx.get()) == 1;
}

ApiResponse Enroll(TestServer& server, const std::string& token, const std::string& profile,
                   const std::string& csr, const std::string& renews = "") {
  nlohmann::json body = {{"csr_pem", csr}};
  if (!renews.empty()) body["renews_serial"] = renews;
  return Call(*server.Client(), "POST", "/api/v1/profiles/" + profile + "/enroll", token, body);
}

size_t CertificateCount(TestServer& server, const std::string& token) {
  return Call(*server.Client(), "GET", "/api/v1/certificates", token).json["certificates"].size();
}

}  // namespace

TEST_CASE("server enroll: a CSR made by the openssl command is issued under the profile's rules") {
  TestServer server;
  std::string token = server.SignIn("demo", "demo");
  TempDir dir;
  auto key = dir.path() / "key.pem";
  auto csr = dir.path() / "csr.pem";
  std::string cmd = "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout '" +
                    key.string() + "' -out '" + csr.string() +
                    "' -subj '/CN=demo' -addext 'basicConstraints=critical,CA:TRUE' "
                    "-addext 'keyUsage=keyCertSign' 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  auto res = Enroll(server, token, "nw-client-auth", ReadFile(csr));
  REQUIRE_MESSAGE(res.status == 201, res.body);
  const auto& cert = res.json["certificate"];
  CHECK(cert["profile_id"] == "nw-client-auth");
  CHECK(cert["common_name"] == "demo");
  CHECK(cert["serial"].get<std::string>().size() == 32);
  CHECK(VerifiesToRoot(server, cert["certificate_pem"], res.json["chain_pem"]));

  auto info = trustdesk::ParseCertificate(cert["certificate_pem"].get<std::string>());
  REQUIRE(info.ok());
  CHECK(info->subject.Get("O") == "Northwind Engineering");  // fixed values filled in
  CHECK(info->subject.Get("OU") == "Engineering");
  CHECK(info->extended_key_usage == std::vector<std::string>{"clientAuth"});
  CHECK(info->key_usage == std::vector<std::string>{"digitalSignature"});  // not keyCertSign
  REQUIRE(info->basic_constraints);
  CHECK_FALSE(info->basic_constraints->ca);  // the CSR asked for CA:TRUE; the profile decides
  CHECK(info->not_after.unix_seconds - info->not_before.unix_seconds == 180 * 86400 + 60);

  auto list = Call(*server.Client(), "GET", "/api/v1/certificates?profile_id=nw-client-auth", token);
  REQUIRE(list.status == 200);
  REQUIRE(list.json["certificates"].size() == 1);
  CHECK(list.json["certificates"][0]["serial"] == cert["serial"]);
}

TEST_CASE("server enroll: every broken profile rule is a 422 naming it, and nothing is stored") {
  TestServer server;
  std::string token = server.SignIn("demo", "demo");
  const std::vector<std::pair<std::string, std::string>> ok_subject = {
      {"CN", "dana-laptop.corp.northwind.example"}};
  const std::vector<std::string> ok_san = {"DNS:dana-laptop.corp.northwind.example"};
  struct Case {
    const char* what;
    CsrSpec spec;
    const char* message_part;
  };
  std::vector<Case> cases = {
      {"RSA key", {"RSA:2048", ok_subject, ok_san}, "key"},
      {"P-384 curve", {"EC:P-384", ok_subject, ok_san}, "P-384"},
      {"fixed OU changed", {"EC:P-256", {{"CN", ok_subject[0].second}, {"OU", "Marketing"}}, ok_san},
       "OU"},
      {"attribute not in profile", {"EC:P-256", {{"CN", ok_subject[0].second}, {"L", "Seattle"}}, ok_san},
       "not allowed"},
      {"CN breaks pattern", {"EC:P-256", {{"CN", "Dana's Laptop"}}, ok_san}, "CN"},
      {"SAN type not allowed", {"EC:P-256", ok_subject, {ok_san[0], "email:dana@northwind.example"}},
       "email"},
      {"too many DNS names",
       {"EC:P-256", ok_subject,
        {"DNS:a.corp.northwind.example", "DNS:b.corp.northwind.example",
         "DNS:c.corp.northwind.example", "DNS:d.corp.northwind.example"}},
       "at most"},
      {"SAN breaks pattern", {"EC:P-256", ok_subject, {"DNS:evil.example.com"}}, "san.dns"},
      {"required SAN missing", {"EC:P-256", ok_subject, {}}, "required"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    auto res = Enroll(server, token, "nw-device-laptop", MakeCsr(c.spec).csr_pem);
    CHECK(res.status == 422);
    CHECK(res.ErrorCode() == "policy_violation");
    CHECK_MESSAGE(res.json["error"]["message"].get<std::string>().find(c.message_part) !=
                      std::string::npos,
                  res.body);
  }
  // A user-attribute value the CSR tries to change.
  auto other_cn = Enroll(server, token, "nw-client-auth",
                         MakeCsr({"EC:P-256", {{"CN", "alice"}}, {}}).csr_pem);
  CHECK(other_cn.status == 422);
  CHECK(CertificateCount(server, token) == 0);

  // And the valid request goes through.
  auto good = Enroll(server, token, "nw-device-laptop",
                     MakeCsr({"EC:P-256", ok_subject, ok_san}).csr_pem);
  CHECK_MESSAGE(good.status == 201, good.body);
  CHECK(CertificateCount(server, token) == 1);
}

TEST_CASE("server enroll: bad signature, garbage PEM, unknown profile and missing fields") {
  TestServer server;
  std::string token = server.SignIn("demo", "demo");
  CsrSpec spec{"EC:P-256", {{"CN", "demo"}}, {}};
  spec.corrupt_signature = true;
  auto bad_sig = Enroll(server, token, "nw-client-auth", MakeCsr(spec).csr_pem);
  CHECK(bad_sig.status == 400);
  CHECK(bad_sig.ErrorCode() == "invalid_csr");
  CHECK(bad_sig.json["error"]["message"].get<std::string>().find("signature") != std::string::npos);
  auto garbage = Enroll(server, token, "nw-client-auth",
                        "-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgQ1NS!!\n"
                        "-----END CERTIFICATE REQUEST-----\n");
  CHECK(garbage.status == 400);
  CHECK(garbage.ErrorCode() == "invalid_csr");
  CHECK(Enroll(server, token, "nw-client-auth", "hello").status == 400);
  auto unknown = Enroll(server, token, "no-such-profile", MakeCsr({}).csr_pem);
  CHECK(unknown.status == 404);
  auto missing = Call(*server.Client(), "POST", "/api/v1/profiles/nw-client-auth/enroll", token,
                      {{"csr", 5}});
  CHECK(missing.status == 400);
  CHECK(missing.json["error"]["message"].get<std::string>().find("csr_pem") != std::string::npos);
  CHECK(CertificateCount(server, token) == 0);
}

TEST_CASE("server enroll: duplicates, renewal revokes the previous certificate, revoke, CRL") {
  TestServer server;
  std::string token = server.SignIn("demo", "demo");
  // S/MIME signing: every subject field comes from the profile or the user; the CSR carries none.
  auto first = Enroll(server, token, "nw-smime-signing", MakeCsr({"EC:P-256", {}, {}}).csr_pem);
  REQUIRE_MESSAGE(first.status == 201, first.body);
  std::string serial1 = first.json["certificate"]["serial"];
  CHECK(first.json["certificate"]["san"][0] == "email:dana.demo@northwind.example");

  auto duplicate = Enroll(server, token, "nw-smime-signing", MakeCsr({"EC:P-256", {}, {}}).csr_pem);
  CHECK(duplicate.status == 409);
  CHECK(duplicate.ErrorCode() == "duplicate_not_allowed");

  auto renewed = Enroll(server, token, "nw-smime-signing", MakeCsr({"EC:P-256", {}, {}}).csr_pem,
                        serial1);
  REQUIRE_MESSAGE(renewed.status == 201, renewed.body);
  std::string serial2 = renewed.json["certificate"]["serial"];
  auto old = Call(*server.Client(), "GET", "/api/v1/certificates/" + serial1, token);
  CHECK(old.json["revoked"] == true);
  CHECK(old.json["revocation_reason"] == "superseded");

  auto revoke = Call(*server.Client(), "POST", "/api/v1/certificates/" + serial2 + "/revoke", token,
                     {{"reason", "key_compromise"}});
  REQUIRE(revoke.status == 200);
  CHECK(revoke.json["revoked"] == true);
  CHECK(revoke.json["revocation_reason"] == "key_compromise");
  auto again = Call(*server.Client(), "POST", "/api/v1/certificates/" + serial2 + "/revoke", token,
                    {{"reason", "key_compromise"}});
  CHECK(again.status == 409);
  auto bad_reason = Call(*server.Client(), "POST", "/api/v1/certificates/" + serial1 + "/revoke",
                         token, {{"reason", "bored"}});
  CHECK(bad_reason.status == 400);

  auto crl_res = server.Client()->Get("/api/v1/crl");
  REQUIRE(crl_res);
  REQUIRE(crl_res->status == 200);
  CHECK(crl_res->get_header_value("Content-Type") == "application/pkix-crl");
  const auto* p = reinterpret_cast<const unsigned char*>(crl_res->body.data());
  trustdesk::ossl::X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(crl_res->body.size())));
  REQUIRE(crl);
  auto chain = trustdesk::LoadPemChain(Call(*server.Client(), "GET", "/api/v1/ca/chain", "").body);
  REQUIRE(chain.ok());
  CHECK(X509_CRL_verify(crl.get(), X509_get0_pubkey((*chain)[0].get())) == 1);
  std::vector<std::string> listed;
  STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl.get());
  for (int i = 0; i < sk_X509_REVOKED_num(revoked); ++i) {
    listed.push_back(trustdesk::SerialHex(X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(revoked, i))));
  }
  CHECK(std::find(listed.begin(), listed.end(), serial1) != listed.end());
  CHECK(std::find(listed.begin(), listed.end(), serial2) != listed.end());

  // With both revoked, a new certificate is allowed again.
  CHECK(Enroll(server, token, "nw-smime-signing", MakeCsr({"EC:P-256", {}, {}}).csr_pem).status == 201);
}

TEST_CASE("server enroll: another user's certificate is invisible on every route") {
  TestServer server;
  std::string demo = server.SignIn("demo", "demo");
  std::string bob = server.SignIn("bob", "bob-demo-pass");
  auto issued = Enroll(server, demo, "nw-client-auth", MakeCsr({"EC:P-256", {{"CN", "demo"}}, {}}).csr_pem);
  REQUIRE(issued.status == 201);
  std::string serial = issued.json["certificate"]["serial"];
  auto client = server.Client();
  CHECK(Call(*client, "GET", "/api/v1/certificates/" + serial, bob).status == 404);
  CHECK(Call(*client, "POST", "/api/v1/certificates/" + serial + "/revoke", bob,
             {{"reason", "unspecified"}}).status == 404);
  CHECK(Call(*client, "POST", "/api/v1/certificates/" + serial + "/escrow", bob,
             {{"cms_pem", "x"}}).status == 404);
  CHECK(Call(*client, "POST", "/api/v1/certificates/" + serial + "/recover", bob,
             {{"passphrase", "long enough"}, {"password", "bob-demo-pass"}})
            .status == 404);
  CHECK(Call(*client, "GET", "/api/v1/certificates", bob).json["certificates"].empty());
  // bob is not assigned nw-client-auth, so he cannot enroll on it either.
  CHECK(Enroll(server, bob, "nw-client-auth", MakeCsr({"EC:P-256", {{"CN", "bob"}}, {}}).csr_pem).status == 404);
  // And renewing someone else's certificate is refused.
  auto steal = Enroll(server, bob, "nw-vpn", MakeCsr({"EC:P-256", {}, {}}).csr_pem, serial);
  CHECK(steal.status == 409);
  CHECK(Call(*client, "GET", "/api/v1/certificates/" + serial, demo).json["revoked"] == false);
}

TEST_CASE("server enroll: a CSR from the client's own builder is accepted on every demo profile") {
  TestServer server;
  std::string token = server.SignIn("demo", "demo");
  auto me = Call(*server.Client(), "GET", "/api/v1/me", token);
  auto account = trustdesk::AccountFromJson(me.json);
  REQUIRE(account.ok());
  auto list = trustdesk::ProfileListFromJson(Call(*server.Client(), "GET", "/api/v1/profiles", token).json);
  REQUIRE(list.ok());
  // What a user would type for the fields the profile leaves to them.
  const std::map<std::string, trustdesk::EnrollmentValues> typed = {
      {"nw-code-signing", {{"subject.CN", "Northwind Desktop Release Signing"}}},
      {"nw-device-laptop", {{"subject.CN", "dana-laptop.corp.northwind.example"},
                            {"san.dns", "dana-laptop.corp.northwind.example"}}},
      {"nw-web-server", {{"subject.CN", "wiki.northwind.example"},
                         {"san.dns", "wiki.northwind.example\nwww.wiki.northwind.example"},
                         {"san.ip", "10.20.30.40"}}},
      {"nw-contractor-access", {{"subject.OU", "Partners"}}},
  };
  int enrolled = 0;
  for (const auto& profile : list->profiles) {
    if (profile.profile_version == "3.0") continue;  // incompatible: the client never enrolls
    CAPTURE(profile.id);
    auto specs = trustdesk::AllowedKeySpecs(profile.certificate_format);
    REQUIRE(!specs.empty());
    auto key = trustdesk::KeyPair::Generate(specs.front());
    REQUIRE(key.ok());
    auto values = typed.count(profile.id) ? typed.at(profile.id) : trustdesk::EnrollmentValues{};
    auto csr = trustdesk::BuildCsr(profile.certificate_format, *account, values, *key);
    REQUIRE_MESSAGE(csr.ok(), csr.error().message);
    auto res = Enroll(server, token, profile.id, csr->pem);
    CHECK_MESSAGE(res.status == 201, res.body);
    if (res.status == 201) ++enrolled;
  }
  CHECK(enrolled == 11);
}
