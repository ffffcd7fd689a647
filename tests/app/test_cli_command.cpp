// "Copy as CLI command": the trustdesk-cli line for each window action, quoted for a shell and
// without secrets; the button exists only in Advanced mode and copies the line.
#include <doctest/doctest.h>

#include <string>

#include "app/support/app_harness.h"
#include "app/support/fixture_certs.h"
#include "app/ui/cli_command.h"

using namespace trustdesk;
using namespace trustdesk::test;

TEST_CASE("CLI line: shell quoting leaves plain words alone and quotes the rest") {
  CHECK(ShellQuote("nw-vpn") == "nw-vpn");
  CHECK(ShellQuote("pem:/home/ana/certs") == "pem:/home/ana/certs");
  CHECK(ShellQuote("subject.CN=laptop-042") == "subject.CN=laptop-042");
  CHECK(ShellQuote("My Certs") == "'My Certs'");
  CHECK(ShellQuote("it's") == "'it'\\''s'");
  CHECK(ShellQuote("$(rm -rf ~)") == "'$(rm -rf ~)'");
  CHECK(ShellQuote("") == "''");
}

TEST_CASE("CLI line: every action maps to its command, secrets left out") {
  EnrollCommand enroll;
  enroll.profile_id = "nw-vpn";
  enroll.key_algorithm = KeyAlgorithm::Ec;
  enroll.key_size = 384;
  enroll.store = {KeyStoreKind::Pem, "/home/ana/My Certs", "secret-passphrase"};
  enroll.fields = {{"subject.CN", "laptop 042"}, {"san.dns", "a.example,b.example"}};
  const std::string line = CliCommand(enroll);
  CHECK(line ==
        "trustdesk-cli enroll nw-vpn --store 'pem:/home/ana/My Certs' --key-type ec384 "
        "--field san.dns=a.example,b.example --field 'subject.CN=laptop 042'");
  CHECK(line.find("secret-passphrase") == std::string::npos);

  EnrollCommand software;
  software.profile_id = "nw-document-signing";
  software.key_algorithm = KeyAlgorithm::Ed25519;
  software.store = {KeyStoreKind::Software, "", "123456"};
  CHECK(CliCommand(software) ==
        "trustdesk-cli enroll nw-document-signing --store software --key-type ed25519");

  CHECK(CliCommand(RenewCommand{"51b0e8", "pin"}) == "trustdesk-cli renew 51b0e8");
  CHECK(CliCommand(RevokeCommand{"51b0e8", RevocationReason::KeyCompromise}) ==
        "trustdesk-cli revoke 51b0e8 --reason key_compromise");
  CHECK(CliCommand(ExportCommand{"51b0e8", ExportFormat::Pkcs12, "/tmp/vpn.p12", "pass"}) ==
        "trustdesk-cli export 51b0e8 --format pkcs12 --out /tmp/vpn.p12");
  CHECK(CliCommand(
            RecoverKeyCommand{"51b0e8", "passphrase", {KeyStoreKind::Pkcs12, "/k", "x"}, "pw"}) ==
        "trustdesk-cli recover 51b0e8 --store pkcs12:/k");
  CHECK(CliCommand(SyncNowCommand{}) == "trustdesk-cli sync");
  CHECK(CliCommand(RunBackgroundActionsCommand{}) == "trustdesk-cli background-actions");
}

namespace {

void OpenRenew(AppHarness& app) {
  app.ui.nav.page = Page::Issued;
  app.harness.Step(2);
  REQUIRE(app.harness.Click(std::string("Actions ") + serials::kVpnExpiring));
  REQUIRE(app.harness.Click("Renew\u2026"));
  app.harness.Step(2);
  REQUIRE(app.harness.Find("Renew") != nullptr);
}

}  // namespace

TEST_CASE("CLI line: the renew dialog offers Copy as CLI command in Advanced mode only") {
  {
    AppHarness plain(CertificatesSnapshot());
    OpenRenew(plain);
    CHECK(plain.harness.Find("Copy as CLI command") == nullptr);
  }
  Settings advanced;
  advanced.advanced_mode = true;
  AppHarness app(CertificatesSnapshot(), advanced);
  OpenRenew(app);
  const LoggedItem* copy = app.harness.Find("Copy as CLI command");
  REQUIRE(copy != nullptr);
  CHECK(copy->enabled);  // the line is there before the passphrase is typed
  REQUIRE(app.harness.Click("Copy as CLI command"));
  REQUIRE_FALSE(app.clipboard.empty());
  CHECK(app.clipboard.back() == std::string("trustdesk-cli renew ") + serials::kVpnExpiring);
}
