// Exports protected with TrustDesk's key encryption (PBES2: PBKDF2-HMAC-SHA256 with 600,000
// rounds, AES-256-CBC; PKCS#12 with a SHA-256 MAC of as many rounds) are still read by the tools
// people import them with: openssl (PEM and PKCS#12), Java keytool and NSS pk12util (PKCS#12;
// neither reads an encrypted PEM key). keytool and pk12util come from default-jre-headless and
// libnss3-tools (tools/setup-debian.sh); without them their checks are skipped, visibly.
#include <doctest/doctest.h>

#include "core/util/atomic_file.h"
#include "tests/integration/support/jobs_client.h"

using namespace trustdesk;
using namespace trustdesk::testing;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPass = "export-passphrase-1";

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("security: openssl, keytool and pk12util read every export format") {
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
  const fs::path out = dir.path() / "out";
  fs::create_directories(out);
  const fs::path pem = out / "server.pem";
  const fs::path p12 = out / "server.p12";
  for (const auto& [format, file] :
       {std::pair{ExportFormat::Pem, pem}, {ExportFormat::Pkcs12, p12}}) {
    const JobStatus done = client.Run(ExportRequest{serial, format, file.string(), "", kPass});
    REQUIRE_MESSAGE(done.state == JobState::Succeeded, done.error);
  }
  const std::map<std::string, std::string> env = {{"TD_PASS", kPass}};

  const std::string openssl = Which("openssl");
  REQUIRE_MESSAGE(!openssl.empty(), "openssl is needed (tools/setup-debian.sh installs it)");
  auto key = RunTool(
      openssl, {"pkey", "-check", "-noout", "-in", pem.string(), "-passin", "env:TD_PASS"}, env);
  CHECK_MESSAGE(key.exit_code == 0, key.output);
  auto cert = RunTool(openssl, {"x509", "-noout", "-serial", "-in", pem.string()});
  CHECK_MESSAGE(cert.exit_code == 0, cert.output);
  auto info = RunTool(
      openssl, {"pkcs12", "-info", "-noout", "-in", p12.string(), "-passin", "env:TD_PASS"}, env);
  CHECK_MESSAGE(info.exit_code == 0, info.output);
  CHECK(Contains(info.output, "MAC: sha256, Iteration 600000"));
  CHECK(Contains(info.output, "Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 600000"));
  auto wrong = RunTool(
      openssl, {"pkcs12", "-info", "-noout", "-in", p12.string(), "-passin", "pass:not-it"});
  CHECK(wrong.exit_code != 0);

  if (const std::string keytool = Which("keytool"); !keytool.empty()) {
    auto listed = RunTool(
        keytool,
        {"-list", "-storetype", "PKCS12", "-keystore", p12.string(), "-storepass:env", "TD_PASS"},
        env);
    CHECK_MESSAGE(listed.exit_code == 0, listed.output);
    CHECK(Contains(listed.output, "PrivateKeyEntry"));
  } else {
    MESSAGE("keytool not installed (default-jre-headless): Java interop NOT checked");
  }

  const std::string pk12util = Which("pk12util");
  const std::string certutil = Which("certutil");
  if (!pk12util.empty() && !certutil.empty()) {
    // pk12util reads the passphrase from a file, never from the command line.
    const fs::path pw = dir.path() / "pw.txt";
    REQUIRE(WriteFileAtomic(pw, kPass).ok());
    const fs::path db = dir.path() / "nssdb";
    fs::create_directories(db);
    auto made = RunTool(certutil, {"-N", "-d", "sql:" + db.string(), "--empty-password"});
    REQUIRE_MESSAGE(made.exit_code == 0, made.output);
    auto imported = RunTool(
        pk12util, {"-i", p12.string(), "-d", "sql:" + db.string(), "-w", pw.string(), "-K", ""});
    CHECK_MESSAGE(imported.exit_code == 0, imported.output);
    CHECK(Contains(imported.output, "PKCS12 IMPORT SUCCESSFUL"));
    auto keys = RunTool(certutil, {"-K", "-d", "sql:" + db.string()});
    CHECK_MESSAGE(keys.exit_code == 0, keys.output);
    CHECK(Contains(keys.output, "ec "));
  } else {
    MESSAGE("pk12util/certutil not installed (libnss3-tools): NSS interop NOT checked");
  }
}
