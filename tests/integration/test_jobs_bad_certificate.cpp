// A certificate from the server that is not what we asked for is rejected with a clear error and
// nothing is installed: one for another key, one from another CA, an expired one, a malformed one.
// A man-in-the-middle proxy with the server's own TLS certificate rewrites the enrollment answer.
#include <doctest/doctest.h>

#include "core/crypto/certificate.h"
#include "core/model/json_mapping.h"
#include "tests/integration/support/api.h"
#include "tests/integration/support/csr_factory.h"
#include "tests/integration/support/jobs_client.h"
#include "tests/integration/support/tamper_proxy.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

EnrollRequest ClientAuth(const std::filesystem::path& pem_dir) {
  EnrollRequest r;
  r.profile_id = "nw-client-auth";
  r.key_algorithm = KeyAlgorithm::Ec;
  r.key_size = 256;
  r.store = {KeyStoreKind::Pem, pem_dir.string(), ""};
  return r;
}

// Signs in through the proxy instead of the server.
void SignInThrough(JobsClient& client, const TamperProxy& proxy, const TestServer& server) {
  SignInRequest req;
  req.server_url = proxy.url();
  req.ca_file = server.ca_file().string();
  req.account_id = "northwind";
  req.username = "demo";
  req.password = "demo";
  auto r = client.session->SignIn(req);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  client.engine->Wait(r->sync_ticket);
}

void CheckNothingInstalled(JobsClient& client, const std::filesystem::path& pem_dir) {
  CHECK(client.inventory.entries().empty());
  CHECK(client.snap()->installed.empty());
  std::error_code ec;
  CHECK((!std::filesystem::exists(pem_dir, ec) || std::filesystem::is_empty(pem_dir, ec)));
  CHECK((!std::filesystem::exists(client.data_dir / "jobs", ec) ||
         std::filesystem::is_empty(client.data_dir / "jobs", ec)));
}

}  // namespace

TEST_CASE("jobs bad certificate: another key's certificate is rejected, nothing installed") {
  TestServer server;
  TamperProxy proxy(server);
  // A genuine certificate from the same CA and profile, for a key that is not ours.
  const std::string token = server.SignIn("demo", "demo");
  TestCsr other = MakeCsr({"EC:P-256", {{"CN", "demo"}}, {}});
  auto foreign = Call(*server.Client(), "POST", "/api/v1/profiles/nw-client-auth/enroll", token,
                      {{"csr_pem", other.csr_pem}});
  REQUIRE(foreign.status == 201);
  proxy.SetEnrollRewriter([&](const nlohmann::json&, nlohmann::json& response) {
    response["certificate"] = foreign.json["certificate"];
  });
  TempDir dir;
  JobsClient client(server, SystemClock::Instance(), dir.path() / "data");
  SignInThrough(client, proxy, server);
  const JobStatus st = client.Run(ClientAuth(dir.path() / "pem"));
  CHECK(st.state == JobState::Failed);
  CHECK(st.steps[st.current] == JobStep::VerifyChain);
  CHECK(Contains(st.error,
                 "Verify chain: verify: certificate's public key does not match the key "
                 "generated for it; nothing was installed"));
  CheckNothingInstalled(client, dir.path() / "pem");
}

TEST_CASE("jobs bad certificate: a certificate from another CA is rejected, nothing installed") {
  TestServer server;
  TamperProxy proxy(server);
  RogueCa rogue;
  proxy.SetEnrollRewriter([&](const nlohmann::json& request, nlohmann::json& response) {
    const std::string pem =
        rogue.Sign(request["csr_pem"],
                   {{"CN", "demo"}, {"OU", "Engineering"}, {"O", "Northwind Engineering"}}, "7e57");
    auto cert = IssuedCertificateFromJson(response["certificate"]);
    REQUIRE(cert.ok());
    cert->certificate_pem = pem;
    cert->serial = "7e57";
    response["certificate"] = ToJson(*cert);
    response["chain_pem"] = rogue.root_pem();
  });
  TempDir dir;
  JobsClient client(server, SystemClock::Instance(), dir.path() / "data");
  SignInThrough(client, proxy, server);
  const JobStatus st = client.Run(ClientAuth(dir.path() / "pem"));
  CHECK(st.state == JobState::Failed);
  CHECK(st.steps[st.current] == JobStep::VerifyChain);
  CHECK(Contains(st.error, "does not chain to a trusted CA"));
  CheckNothingInstalled(client, dir.path() / "pem");
}

TEST_CASE("jobs bad certificate: an expired certificate is rejected, nothing installed") {
  TestServer server;
  auto admin = server.Client();
  // The CA's clock runs 400 days behind: a 180-day certificate has expired on arrival.
  auto loaded = Call(*admin, "PUT", "/api/v1/admin/scenario", server.admin_token(),
                     {{"name", "old-ca"},
                      {"clock_offset_seconds", -400 * 86400},
                      {"rules", nlohmann::json::array()}});
  REQUIRE_MESSAGE(loaded.status == 200, loaded.body);
  TempDir dir;
  JobsClient client(server, SystemClock::Instance(), dir.path() / "data");
  client.SignIn();
  const JobStatus st = client.Run(ClientAuth(dir.path() / "pem"));
  CHECK(st.state == JobState::Failed);
  CHECK(st.steps[st.current] == JobStep::VerifyChain);
  CHECK(Contains(st.error, "certificate has expired"));
  CheckNothingInstalled(client, dir.path() / "pem");
}

TEST_CASE(
    "jobs bad certificate: a malformed certificate is rejected, the genuine one is found later") {
  TestServer server;
  TamperProxy proxy(server);
  proxy.SetEnrollRewriter([](const nlohmann::json&, nlohmann::json& response) {
    response["certificate"]["certificate_pem"] =
        "-----BEGIN CERTIFICATE-----\nTUlJQm9yaWdpbmFs\n-----END CERTIFICATE-----\n";
  });
  TempDir dir;
  const auto data = dir.path() / "data";
  JobsClient client(server, SystemClock::Instance(), data,
                    [](JobWorkerOptions& o) { o.resume_on_start = false; });
  SignInThrough(client, proxy, server);
  const JobStatus st = client.Run(ClientAuth(dir.path() / "pem"));
  CHECK(st.state == JobState::Failed);
  CHECK(st.steps[st.current] == JobStep::Submit);
  CHECK(Contains(st.error, "certificate.certificate_pem: not a valid certificate"));
  CHECK(client.inventory.entries().empty());

  // The CA did issue a certificate for our key: resuming the journal finds and installs it.
  proxy.SetEnrollRewriter({});
  auto resumed = client.worker->ResumeJournal();
  REQUIRE(resumed.size() == 1);
  const JobStatus done = client.worker->Wait(resumed[0]);
  REQUIRE_MESSAGE(done.state == JobState::Succeeded, done.error);
  CHECK(client.inventory.entries().size() == 1);
}
