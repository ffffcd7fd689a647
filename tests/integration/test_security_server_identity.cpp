// The API server's TLS identity cannot be borrowed by a user certificate: user certificates may not
// name the server's address or host name, and the trust anchor clients use for the API (ca_file)
// never signs user certificates. A fake server holding a certificate from the issuing CA for
// 127.0.0.1 never sees a password.
#include <doctest/doctest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/crypto/certificate.h"
#include "tests/integration/support/api.h"
#include "tests/integration/support/cli_runner.h"
#include "tests/integration/support/csr_factory.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk::testing;
using trustdesk::ossl::PkeyPtr;
using trustdesk::ossl::X509Ptr;

namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ApiResponse EnrollWebServer(TestServer& server, const std::string& token,
                            const std::vector<std::string>& san,
                            const std::string& cn = "web1.northwind.example") {
  auto csr = MakeCsr({"EC:P-256", {{"CN", cn}}, san});
  return Call(*server.Client(), "POST", "/api/v1/profiles/nw-web-server/enroll", token,
              {{"csr_pem", csr.csr_pem}});
}

// `openssl verify` semantics with the anchors in `anchors_pem` and `chain_pem` as untrusted.
bool Verifies(const std::string& cert_pem, const std::string& chain_pem,
              const std::string& anchors_pem) {
  auto leaf = trustdesk::Certificate::FromPem(cert_pem);
  auto chain = trustdesk::LoadPemChain(chain_pem);
  auto roots = trustdesk::LoadPemChain(anchors_pem);
  if (!leaf.ok() || !chain.ok() || !roots.ok()) return false;
  trustdesk::ossl::X509StorePtr store(X509_STORE_new());
  for (const auto& r : *roots) X509_STORE_add_cert(store.get(), r.get());
  trustdesk::ossl::X509StackPtr untrusted(sk_X509_new_null());
  for (const auto& c : *chain) sk_X509_push(untrusted.get(), c.get());
  trustdesk::ossl::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf->get(), untrusted.get());
  return X509_verify_cert(ctx.get()) == 1;
}

// What a user certificate for the server's address looked like before user certificates were
// kept off it: serverAuth, IP:127.0.0.1, signed by the issuing CA that signs every user
// certificate. Made here with the issuing CA's key so that the test does not depend on the
// enrollment policy that now refuses it.
struct ForgedServerIdentity {
  std::string cert_pem;
  std::string key_pem;
};

ForgedServerIdentity IssueWithIssuingCa(const std::filesystem::path& ca_dir) {
  const std::string issuing_key_pem = ReadFile(ca_dir / "issuing.key");
  const std::string issuing_pem = ReadFile(ca_dir / "issuing.pem");
  trustdesk::ossl::BioPtr kb(BIO_new_mem_buf(issuing_key_pem.data(), -1));
  PkeyPtr ca_key(PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr));
  trustdesk::ossl::BioPtr cb(BIO_new_mem_buf(issuing_pem.data(), -1));
  X509Ptr ca_cert(PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr));
  REQUIRE(ca_key);
  REQUIRE(ca_cert);

  auto csr = MakeCsr({"EC:P-256", {{"CN", "127.0.0.1"}}, {}});
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 4242);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert.get()));
  X509_set_pubkey(cert.get(), csr.key.get());
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, ca_cert.get(), cert.get(), nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
                            std::pair{NID_ext_key_usage, "serverAuth"},
                            std::pair{NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"}}) {
    trustdesk::ossl::X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    REQUIRE(ext);
    X509_add_ext(cert.get(), ext.get(), -1);
  }
  REQUIRE(X509_sign(cert.get(), ca_key.get(), EVP_sha256()) > 0);
  trustdesk::ossl::BioPtr out(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(out.get(), cert.get());
  PEM_write_bio_X509(out.get(), ca_cert.get());
  char* data = nullptr;
  const long n = BIO_get_mem_data(out.get(), &data);
  return {std::string(data, static_cast<size_t>(n)), csr.key_pem};
}

}  // namespace

TEST_CASE("security: a user certificate cannot claim the server's address or host name") {
  TestServer server;
  const std::string token = server.SignIn("bob", "bob-demo-pass");

  for (const std::string reserved : {"IP:127.0.0.1", "IP:127.0.0.2", "IP:::1"}) {
    CAPTURE(reserved);
    auto res = EnrollWebServer(server, token, {"DNS:web1.northwind.example", reserved});
    CHECK(res.status == 422);
    CHECK(res.body.find("subjectAltName " + reserved) != std::string::npos);
    CHECK(res.body.find("reserved") != std::string::npos);
  }
  // Any other address is the profile's business.
  auto ok = EnrollWebServer(server, token, {"DNS:web1.northwind.example", "IP:10.20.30.40"});
  CHECK_MESSAGE(ok.status == 201, ok.body);
  auto list = Call(*server.Client(), "GET", "/api/v1/certificates", token);
  CHECK(list.json["certificates"].size() == 1);  // nothing was stored for the refused ones
}

TEST_CASE("security: the API's trust anchor never signs user certificates") {
  TestServer server;
  const std::string token = server.SignIn("bob", "bob-demo-pass");
  auto issued = EnrollWebServer(server, token, {"DNS:web1.northwind.example", "IP:10.20.30.40"});
  REQUIRE_MESSAGE(issued.status == 201, issued.body);
  const std::string cert_pem = issued.json["certificate"]["certificate_pem"];
  const std::string chain_pem = issued.json["chain_pem"];
  const std::string api_anchor = ReadFile(server.ca_file());

  CHECK_FALSE(Verifies(cert_pem, chain_pem, api_anchor));
  CHECK(Verifies(cert_pem, chain_pem, ReadFile(server.issuance_root_file())));
  // The server's own TLS chain is what the API anchor is for.
  const std::string tls_chain = ReadFile(server.data_dir() / "data" / "ca" / "tls-chain.pem");
  CHECK(Verifies(tls_chain, tls_chain, api_anchor));
  CHECK(server.Client()->Get("/api/v1/health"));
}

TEST_CASE("security: a fake server with a user certificate for 127.0.0.1 never gets a password") {
  TestServer server;
  auto forged = IssueWithIssuingCa(server.data_dir() / "data" / "ca");
  // The attack this blocks: the forged certificate chains to the issuing CA's root.
  CHECK(Verifies(forged.cert_pem, forged.cert_pem,
                 ReadFile(server.issuance_root_file())));

  TempDir dir;
  std::ofstream(dir.path() / "fake.pem") << forged.cert_pem;
  std::ofstream(dir.path() / "fake.key") << forged.key_pem;
  httplib::SSLServer fake((dir.path() / "fake.pem").c_str(), (dir.path() / "fake.key").c_str());
  REQUIRE(fake.is_valid());
  // Any HTTP request at all means the TLS handshake was accepted; the password follows the
  // health check.
  std::atomic<int> requests{0};
  std::atomic<bool> got_password{false};
  auto record = [&](const httplib::Request& req, httplib::Response& res) {
    ++requests;
    if (req.body.find("alice-demo-pass") != std::string::npos) got_password = true;
    res.set_content(R"({"status":"ok","version":"2.1.0","api_version":1})", "application/json");
  };
  fake.Get(".*", record);
  fake.Post(".*", record);
  const int port = fake.bind_to_any_port("127.0.0.1");
  REQUIRE(port > 0);
  std::thread serve([&] { fake.listen_after_bind(); });

  TempDir home;
  auto r = RunCli({{"--server", "https://127.0.0.1:" + std::to_string(port), "--ca-file",
                    server.ca_file().string(), "--account", "northwind", "--user", "alice",
                    "--data-dir", (home.path() / "td").string(), "signin"},
                   {{"TRUSTDESK_PASSWORD", "alice-demo-pass"}},
                   {},
                   home.path()});
  fake.stop();
  serve.join();
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code != 0);
  CHECK(requests.load() == 0);
  CHECK_FALSE(got_password.load());
  CHECK((r.err + r.out).find("certificate verification failed") != std::string::npos);
}

TEST_CASE("security: a data directory whose TLS certificate came from the issuing CA gets a new one") {
  TestServer server;
  const auto ca_dir = server.data_dir() / "data" / "ca";
  // The layout before the TLS root existed: the TLS certificate signed by the issuing CA.
  auto old = IssueWithIssuingCa(ca_dir);
  std::ofstream(ca_dir / "tls.pem") << old.cert_pem.substr(0, old.cert_pem.find("-----END") + 26);
  std::ofstream(ca_dir / "tls.key") << old.key_pem;
  server.Restart();

  const std::string tls_chain = ReadFile(ca_dir / "tls-chain.pem");
  CHECK(Verifies(tls_chain, tls_chain, ReadFile(server.ca_file())));
  CHECK_FALSE(Verifies(tls_chain, tls_chain, ReadFile(server.issuance_root_file())));
  CHECK(ReadFile(server.ca_file()).find(ReadFile(ca_dir / "tls-root.pem")) == 0);
  auto health = server.Client()->Get("/api/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
}
