#include <doctest/doctest.h>

#include <string>
#include <variant>

#include "app/support/app_harness.h"
#include "app/support/fixture_certs.h"
#include "app/views/export_dialog.h"
#include "app/views/recover_key_dialog.h"
#include "core/scripts/profile_scripts.h"

using namespace trustdesk;
using namespace trustdesk::test;

namespace {

// Opens the Issued page and the actions popup of one certificate.
void OpenActions(AppHarness& app, const char* serial) {
  app.ui.nav.page = Page::Issued;
  app.harness.Step(2);
  REQUIRE(app.harness.Click(std::string("Actions ") + serial));
  REQUIRE(app.harness.Find("Details") != nullptr);
}

template <typename T>
std::vector<T> Sent(const AppHarness& app) {
  std::vector<T> out;
  for (const auto& c : app.last_commands) {
    if (const auto* t = std::get_if<T>(&c)) out.push_back(*t);
  }
  return out;
}

void TypeInto(AppHarness& app, const char* field, const char* text) {
  // Let the double-click time pass: a second click on the same field would select its text.
  app.harness.Step(30);
  REQUIRE_MESSAGE(app.harness.Click(field), field);
  app.harness.Type(text);
}

}  // namespace

TEST_CASE("Renew: disabled items say why") {
  AppHarness app(CertificatesSnapshot());
  OpenActions(app, serials::kVpnValid);
  const LoggedItem* renew = app.harness.Find("Renew\u2026");
  REQUIRE(renew != nullptr);
  CHECK_FALSE(renew->enabled);
  CHECK(renew->tooltip.find("Not in the renewal window yet") != std::string::npos);
  app.harness.PressKey(ImGuiKey_Escape);

  OpenActions(app, serials::kVpnExpired);
  renew = app.harness.Find("Renew\u2026");
  REQUIRE(renew != nullptr);
  CHECK(renew->tooltip.find("Not installed on this machine") != std::string::npos);
  app.harness.PressKey(ImGuiKey_Escape);

  OpenActions(app, serials::kContractor);
  renew = app.harness.Find("Renew\u2026");
  REQUIRE(renew != nullptr);
  CHECK(renew->tooltip.find("requires TrustDesk 99.0 or newer") != std::string::npos);
  // Clicking a disabled item does nothing.
  REQUIRE(app.harness.Click("Renew\u2026"));
  CHECK(Sent<RenewCommand>(app).empty());
  CHECK(app.harness.Find("Renew certificate") == nullptr);
}

TEST_CASE("Renew: the key store passphrase is asked for, then RenewCommand") {
  AppHarness app(CertificatesSnapshot());
  OpenActions(app, serials::kVpnExpiring);
  REQUIRE(app.harness.Click("Renew\u2026"));
  const LoggedItem* renew = app.harness.Find("Renew");
  REQUIRE(renew != nullptr);
  CHECK_FALSE(renew->enabled);  // the PKCS#12 file needs its passphrase
  CHECK(renew->tooltip == "Enter the PKCS#12 file's passphrase first.");
  TypeInto(app, "Renew secret", "correct horse");
  REQUIRE(app.harness.Find("Renew")->enabled);
  REQUIRE(app.harness.Click("Renew"));
  const auto sent = Sent<RenewCommand>(app);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].serial == serials::kVpnExpiring);
  CHECK(sent[0].secret == "correct horse");
  CHECK(app.ui.issued.dialogs.renew.secret.empty());  // not kept after sending
}

TEST_CASE("security: Renew asks about an unallowed script before it sends the job") {
  Snapshot snap = CertificatesSnapshot();
  auto profiles = snap.profiles.Copy();
  Script script;
  script.name = "Reload VPN";
  script.command = "/bin/sh";
  script.arguments = {"-c", "touch /tmp/renewed"};
  for (ProfileEntry& p : profiles) {
    if (p.profile.id == "vpn-client") p.profile.policy.scripts = {script};
  }
  snap.profiles = std::move(profiles);
  AppHarness app(snap);
  OpenActions(app, serials::kVpnExpiring);
  REQUIRE(app.harness.Click("Renew\u2026"));
  TypeInto(app, "Renew secret", "correct horse");
  REQUIRE(app.harness.Click("Renew"));
  app.harness.Step();

  REQUIRE(app.harness.Find("Allow this script?") != nullptr);
  CHECK(Sent<RenewCommand>(app).empty());
  CHECK(app.harness.Find("/bin/sh") != nullptr);
  CHECK(app.harness.Find("'touch /tmp/renewed'") != nullptr);
  REQUIRE(app.harness.Click("Allow once"));
  const auto sent = Sent<RenewCommand>(app);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].secret == "correct horse");
  CHECK(sent[0].scripts_allowed_once ==
        std::vector<std::string>{ScriptDigest("vpn-client", 0, script)});
}

TEST_CASE("Export: disabled when the policy forbids it, saying so") {
  AppHarness app(CertificatesSnapshot());
  OpenActions(app, serials::kWifi);
  const LoggedItem* item = app.harness.Find("Export\u2026");
  REQUIRE(item != nullptr);
  CHECK_FALSE(item->enabled);
  CHECK(item->tooltip == "The profile's policy does not allow exporting the private key.");
}

TEST_CASE("Export: format, path and PIN, then ExportCommand") {
  AppHarness app(CertificatesSnapshot());
  OpenActions(app, serials::kVpnValid);  // in the software key store
  REQUIRE(app.harness.Click("Export\u2026"));
  REQUIRE(app.harness.Find("Export") != nullptr);
  CHECK_FALSE(app.harness.Find("Export")->enabled);

  TypeInto(app, "Export path", "/home/ana/exports/vpn.p12");
  CHECK(app.harness.Find("Export")->tooltip == "Enter the key store PIN.");
  TypeInto(app, "Export passphrase", "4321");
  REQUIRE(app.harness.Find("Export")->enabled);
  REQUIRE(app.harness.Click("Export"));
  const auto sent = Sent<ExportCommand>(app);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].serial == serials::kVpnValid);
  CHECK(sent[0].format == ExportFormat::Pkcs12);
  CHECK(sent[0].path == "/home/ana/exports/vpn.p12");
  CHECK(sent[0].secret == "4321");
}

TEST_CASE("Export: a relative path is refused with a reason") {
  ExportDialogState s;
  s.path = "exports/vpn.p12";
  s.secret = "4321";
  CHECK(ExportFormProblem(s, KeyStoreKind::Software).find("full path") != std::string::npos);
  s.path.clear();
  CHECK(ExportFormProblem(s, KeyStoreKind::Software) == "Choose where to write the export.");
}

TEST_CASE("Export: a PEM key gets a new passphrase of at least 8 characters, typed twice") {
  ExportDialogState s;
  s.format = ExportFormat::Pem;
  s.path = "/home/ana/exports/vpn";
  s.secret = "short";
  CHECK(ExportFormProblem(s, KeyStoreKind::Pem) == "The passphrase needs at least 8 characters.");
  s.secret = "long enough";
  s.secret_confirm = "long enougH";
  CHECK(ExportFormProblem(s, KeyStoreKind::Pem) == "The two passphrases do not match.");
  s.secret_confirm = "long enough";
  CHECK(ExportFormProblem(s, KeyStoreKind::Pem).empty());
  s.format = ExportFormat::Pkcs12;
  s.path = "/home/ana/exports/";
  CHECK(ExportFormProblem(s, KeyStoreKind::Pem).find("file name") != std::string::npos);
}

TEST_CASE("Revoke: RevokeCommand only after the typed confirmation") {
  AppHarness app(CertificatesSnapshot());
  OpenActions(app, serials::kVpnValid);
  REQUIRE(app.harness.Click("Revoke\u2026"));
  const LoggedItem* revoke = app.harness.Find("Revoke");
  REQUIRE(revoke != nullptr);
  CHECK_FALSE(revoke->enabled);
  REQUIRE(app.harness.Click("Revoke"));
  CHECK(Sent<RevokeCommand>(app).empty());

  REQUIRE(app.harness.Click("Revocation reason"));
  REQUIRE(app.harness.Click("Key compromise"));
  CHECK(app.ui.issued.dialogs.revoke.reason == RevocationReason::KeyCompromise);

  TypeInto(app, "Revoke confirmation", "ana-laptop");
  CHECK_FALSE(app.harness.Find("Revoke")->enabled);
  REQUIRE(app.harness.Click("Revoke"));
  CHECK(Sent<RevokeCommand>(app).empty());

  TypeInto(app, "Revoke confirmation", ".acme.example");
  REQUIRE(app.harness.Find("Revoke")->enabled);
  REQUIRE(app.harness.Click("Revoke"));
  const auto sent = Sent<RevokeCommand>(app);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].serial == serials::kVpnValid);
  CHECK(sent[0].reason == RevocationReason::KeyCompromise);
  app.harness.Step(2);
  CHECK(app.harness.Find("Revocation reason") == nullptr);  // the dialog closed
}

TEST_CASE("Revoke: Cancel and Esc close without a command, a revoked certificate says so") {
  AppHarness app(CertificatesSnapshot());
  OpenActions(app, serials::kVpnValid);
  REQUIRE(app.harness.Click("Revoke\u2026"));
  REQUIRE(app.harness.Find("Revocation reason") != nullptr);
  REQUIRE(app.harness.Click("Cancel"));
  CHECK(app.harness.Find("Revocation reason") == nullptr);

  OpenActions(app, serials::kVpnValid);
  REQUIRE(app.harness.Click("Revoke\u2026"));
  app.harness.PressKey(ImGuiKey_Escape);
  app.harness.Step();
  CHECK(app.harness.Find("Revocation reason") == nullptr);
  CHECK(Sent<RevokeCommand>(app).empty());

  OpenActions(app, serials::kSmimeRevoked);
  const LoggedItem* item = app.harness.Find("Revoke\u2026");
  REQUIRE(item != nullptr);
  CHECK_FALSE(item->enabled);
  CHECK(item->tooltip.find("Already revoked") != std::string::npos);
}

TEST_CASE("Recover key: passphrase of at least 8 characters, confirmed, into a key store") {
  AppHarness app(CertificatesSnapshot());
  OpenActions(app, serials::kVpnValid);
  const LoggedItem* item = app.harness.Find("Recover key\u2026");
  REQUIRE(item != nullptr);
  CHECK_FALSE(item->enabled);
  CHECK(item->tooltip.find("does not escrow keys") != std::string::npos);
  app.harness.PressKey(ImGuiKey_Escape);

  OpenActions(app, serials::kSmimeEscrowed);
  REQUIRE(app.harness.Click("Recover key\u2026"));
  REQUIRE(app.harness.Find("Recover key") != nullptr);
  CHECK(app.ui.issued.dialogs.recover.store == KeyStoreKind::Software);
  TypeInto(app, "Recover store secret", "2468");
  TypeInto(app, "Recovery passphrase", "seven77");
  CHECK(app.harness.Find("Recover key")->tooltip ==
        "The recovery passphrase needs at least 8 characters.");
  TypeInto(app, "Recovery passphrase", "8");
  TypeInto(app, "Repeat recovery passphrase", "seven77");
  CHECK(app.harness.Find("Recover key")->tooltip == "The two recovery passphrases do not match.");
  TypeInto(app, "Repeat recovery passphrase", "8");
  CHECK(app.harness.Find("Recover key")->tooltip.find("Enter your password") == 0);
  TypeInto(app, "Recover account password", "my sign-in password");
  REQUIRE(app.harness.Find("Recover key")->enabled);
  REQUIRE(app.harness.Click("Recover key"));
  const auto sent = Sent<RecoverKeyCommand>(app);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].serial == serials::kSmimeEscrowed);
  CHECK(sent[0].passphrase == "seven778");
  CHECK(sent[0].store.kind == KeyStoreKind::Software);
  CHECK(sent[0].store.secret == "2468");
  CHECK(sent[0].store.location.empty());
  CHECK(sent[0].password == "my sign-in password");
}

TEST_CASE("Recover key: file stores need a full path") {
  RecoverKeyDialogState s;
  s.store = KeyStoreKind::Pkcs12;
  s.passphrase = s.passphrase_confirm = "12345678";
  CHECK(RecoverFormProblem(s) == "Choose where the recovered key goes.");
  s.location = "keys/recovered.p12";
  CHECK(RecoverFormProblem(s).find("full path") != std::string::npos);
  s.location = "/home/ana/keys/recovered.p12";
  CHECK(RecoverFormProblem(s) == "Enter a passphrase for the PKCS#12 file.");
  s.store_secret = "file pass";
  CHECK(RecoverFormProblem(s).find("Enter your password") == 0);
  s.account_password = "sign-in password";
  CHECK(RecoverFormProblem(s).empty());
  s.store = KeyStoreKind::Pkcs11;
  CHECK(RecoverFormProblem(s).find("cannot install") != std::string::npos);
}
