// Key escrow, recovery and export jobs: the escrowed profile's key goes to the server inside a
// CMS envelope during enrollment and comes back into another key store; exports follow the
// profile's export rule and are read by openssl.
#include <doctest/doctest.h>

#include "core/crypto/certificate.h"
#include "core/keystore/pkcs12_key_store.h"
#include "core/keystore/software_key_store.h"
#include "core/util/atomic_file.h"
#include "tests/integration/support/jobs_client.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

constexpr const char* kP12Pass = "p12-passphrase-1";
constexpr const char* kExportPass = "export-passphrase-1";

}  // namespace

TEST_CASE(
    "jobs escrow: enroll escrows the key, recover brings the same key back into another store") {
  TestServer server;
  TempDir dir;
  JobsClient client(server, SystemClock::Instance(), dir.path() / "data");
  client.SignIn();
  EnrollRequest r;
  r.profile_id = "nw-smime-encryption";
  r.key_algorithm = KeyAlgorithm::Rsa;
  r.key_size = 2048;
  r.store = {KeyStoreKind::Pkcs12, (dir.path() / "p12").string(), kP12Pass};
  const JobStatus enrolled = client.Run(r);
  REQUIRE_MESSAGE(enrolled.state == JobState::Succeeded, enrolled.error);
  const std::string serial = enrolled.result_serial;
  CHECK(std::find(enrolled.steps.begin(), enrolled.steps.end(), JobStep::Escrow) !=
        enrolled.steps.end());
  REQUIRE(client.Issued(serial) != nullptr);
  CHECK(client.Issued(serial)->key_escrowed);

  Pkcs12KeyStore p12(dir.path() / "p12", kP12Pass);
  auto original = p12.Load(serial);
  REQUIRE(original.ok());

  RecoverKeyRequest short_pass{
      serial, "short", {KeyStoreKind::Software, "", kTestPin}, {}, kDemoPassword};
  const JobStatus refused = client.Run(short_pass);
  CHECK(refused.state == JobState::Failed);
  CHECK(Contains(refused.error, "at least 8 characters"));
  RecoverKeyRequest no_password{
      serial, "recovery-passphrase", {KeyStoreKind::Software, "", kTestPin}, {}, ""};
  const JobStatus unasked = client.Run(no_password);
  CHECK(unasked.state == JobState::Failed);
  CHECK(Contains(unasked.error, "password is needed again"));
  RecoverKeyRequest wrong_password{
      serial, "recovery-passphrase", {KeyStoreKind::Software, "", kTestPin}, {}, "not-it"};
  const JobStatus wrong = client.Run(wrong_password);
  CHECK(wrong.state == JobState::Failed);
  CHECK(Contains(wrong.error, "password is wrong"));

  RecoverKeyRequest recover{
      serial, "recovery-passphrase", {KeyStoreKind::Software, "", kTestPin}, {}, kDemoPassword};
  const JobStatus recovered = client.Run(recover);
  REQUIRE_MESSAGE(recovered.state == JobState::Succeeded, recovered.error);
  CHECK(recovered.kind == JobKind::RecoverKey);
  ScryptParams cheap;
  cheap.n = 1u << 10;
  auto soft = SoftwareKeyStore::Open(client.data_dir, kTestPin, cheap);
  REQUIRE(soft.ok());
  auto back = (*soft)->Load(serial);
  REQUIRE(back.ok());
  CHECK(back->key.SamePublicKey(original->key.get()));
  auto a = original->key.ToPkcs8Der();
  auto b = back->key.ToPkcs8Der();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a == *b);  // the very same private key
  // The inventory now knows the software-store copy (same serial, the latest install wins).
  REQUIRE(client.inventory.Find(serial) != nullptr);
  CHECK(client.inventory.Find(serial)->store == KeyStoreKind::Software);

  // A certificate without an escrowed key cannot be recovered.
  EnrollRequest auth;
  auth.profile_id = "nw-client-auth";
  auth.store = {KeyStoreKind::Pem, (dir.path() / "pem").string(), ""};
  const JobStatus plain = client.Run(auth);
  REQUIRE_MESSAGE(plain.state == JobState::Succeeded, plain.error);
  const JobStatus nothing = client.Run(RecoverKeyRequest{plain.result_serial,
                                                         "recovery-passphrase",
                                                         {KeyStoreKind::Software, "", kTestPin},
                                                         {},
                                                         kDemoPassword});
  CHECK(nothing.state == JobState::Failed);
  CHECK(Contains(nothing.error, "no key is escrowed"));

  // Its profile does not ask for escrow: the key stays here.
  const JobStatus escrowed = client.Run(EscrowRequest{plain.result_serial, ""});
  CHECK(escrowed.state == JobState::Failed);
  CHECK(Contains(escrowed.error, "does not ask for key escrow"));
  CHECK_FALSE(client.Issued(plain.result_serial)->key_escrowed);

  // Escrowing again on request works for a certificate of an escrowed profile.
  const JobStatus again = client.Run(EscrowRequest{serial, kTestPin});
  REQUIRE_MESSAGE(again.state == JobState::Succeeded, again.error);
}

TEST_CASE("jobs export: PEM and PKCS#12 when the profile allows it, refused otherwise") {
  TestServer server;
  TempDir dir;
  JobsClient client(server, SystemClock::Instance(), dir.path() / "data");
  client.SignIn();
  EnrollRequest web;
  web.profile_id = "nw-web-server";
  web.key_algorithm = KeyAlgorithm::Ec;
  web.key_size = 384;
  web.fields = DemoFields("nw-web-server");
  web.store = {KeyStoreKind::Pem, (dir.path() / "tls").string(), ""};
  const JobStatus enrolled = client.Run(web);
  REQUIRE_MESSAGE(enrolled.state == JobState::Succeeded, enrolled.error);
  const std::string serial = enrolled.result_serial;
  const auto out = dir.path() / "out";
  std::filesystem::create_directories(out);
  const std::string openssl = Which("openssl");
  REQUIRE_FALSE(openssl.empty());

  const JobStatus weak =
      client.Run(ExportRequest{serial, ExportFormat::Pem, out.string(), "", "short"});
  CHECK(weak.state == JobState::Failed);

  const JobStatus pem =
      client.Run(ExportRequest{serial, ExportFormat::Pem, out.string(), "", kExportPass});
  REQUIRE_MESSAGE(pem.state == JobState::Succeeded, pem.error);
  const auto pem_file = out / ("build.northwind.example-" + serial.substr(0, 8) + ".pem");
  REQUIRE(std::filesystem::exists(pem_file));
  CHECK((static_cast<unsigned>(std::filesystem::status(pem_file).permissions()) & 0777u) == 0600);
  auto check = RunTool(
      openssl,
      {"pkey", "-check", "-noout", "-in", pem_file.string(), "-passin", "env:TD_EXPORT_PASS"},
      {{"TD_EXPORT_PASS", kExportPass}});
  CHECK_MESSAGE(check.exit_code == 0, check.output);
  auto text = ReadFileLimited(pem_file, 1 << 20);
  REQUIRE(text.ok());
  CHECK(Contains(*text, "BEGIN ENCRYPTED PRIVATE KEY"));
  CHECK_FALSE(Contains(*text, "BEGIN PRIVATE KEY"));

  const JobStatus again =
      client.Run(ExportRequest{serial, ExportFormat::Pem, out.string(), "", kExportPass});
  CHECK(again.state == JobState::Failed);
  CHECK(Contains(again.error, "already exists"));

  const auto p12_file = out / "server.p12";
  const JobStatus p12 =
      client.Run(ExportRequest{serial, ExportFormat::Pkcs12, p12_file.string(), "", kExportPass});
  REQUIRE_MESSAGE(p12.state == JobState::Succeeded, p12.error);
  auto info = RunTool(
      openssl,
      {"pkcs12", "-info", "-noout", "-in", p12_file.string(), "-passin", "env:TD_EXPORT_PASS"},
      {{"TD_EXPORT_PASS", kExportPass}});
  CHECK_MESSAGE(info.exit_code == 0, info.output);

  EnrollRequest auth;
  auth.profile_id = "nw-client-auth";
  auth.store = {KeyStoreKind::Pem, (dir.path() / "pem").string(), ""};
  const JobStatus plain = client.Run(auth);
  REQUIRE_MESSAGE(plain.state == JobState::Succeeded, plain.error);
  const JobStatus forbidden = client.Run(
      ExportRequest{plain.result_serial, ExportFormat::Pem, out.string(), "", kExportPass});
  CHECK(forbidden.state == JobState::Failed);
  CHECK(Contains(forbidden.error, "does not allow exporting the private key"));
}
