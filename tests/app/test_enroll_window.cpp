// The enrollment window on fixture snapshots: the form generated from the certificate format,
// live validation, the EnrollCommand it sends, then progress, cancel, result and retry.
#include <doctest/doctest.h>

#include <algorithm>

#include "app/support/app_harness.h"
#include "app/support/fixture_enroll.h"
#include "app/views/enrollment_window.h"

#include <imgui_internal.h>

using namespace trustdesk;
using trustdesk::test::AppHarness;
using trustdesk::test::FindContaining;

namespace {

// Tall enough for the whole vpn form without scrolling (the harness clicks only visible items).
const ImVec2 kTall(1280, 1400);

// Opens the window the way the profiles page's quick action does.
void Open(AppHarness& app, const std::string& profile_id) {
  app.ui.enrollment.open_for_profile = profile_id;
  app.harness.Step(2);
}

template <typename T>
const T* Last(const AppHarness& app) {
  for (auto it = app.last_commands.rbegin(); it != app.last_commands.rend(); ++it) {
    if (const T* c = std::get_if<T>(&*it)) return c;
  }
  return nullptr;
}

// Clicks, then lets the window settle: it sizes itself to its content one frame later.
bool Press(AppHarness& app, const std::string& label) {
  if (!app.harness.Click(label)) return false;
  app.harness.Step();
  return true;
}

// Presses Enroll; the vpn profile's Linux script has not been allowed, so the window first asks
// about it: these tests are about the command, not the script, and answer "Don't run".
bool EnrollWithoutScripts(AppHarness& app) {
  if (!Press(app, "Enroll")) return false;
  if (app.harness.Find("Allow this script?") == nullptr) return true;
  return Press(app, "Don't run");
}

void TypeInto(AppHarness& app, const char* field, const char* text) {
  REQUIRE(Press(app, field));
  app.harness.Type(text);
}

// Leaves the focused text field, so the next click starts from the value in the state.
void Leave(AppHarness& app) {
  ImGui::ClearActiveID();
  app.harness.Step();
}

void Retype(AppHarness& app, const char* field, std::string& value, const char* text) {
  Leave(app);
  value.clear();
  TypeInto(app, field, text);
}

// Fills the vpn form with valid values (CN, Team, PIN twice) on the software store.
void FillVpn(AppHarness& app) {
  TypeInto(app, "subject.CN", "laptop-042");
  REQUIRE(Press(app, "subject.OU"));
  REQUIRE(Press(app, "Security"));
  TypeInto(app, "PIN", "246810");
  TypeInto(app, "Confirm PIN", "246810");
}

}  // namespace

TEST_CASE("Enrollment form: fixed values read-only, user attributes pre-filled, choices from "
          "the policy") {
  AppHarness app(test::EnrollSnapshot(), {}, kTall);
  Open(app, "vpn");
  CHECK(app.ui.enrollment.open());
  // Fixed values and user attributes are shown as text with their source, not as fields.
  CHECK(app.harness.Find("Acme Corp") != nullptr);
  CHECK(app.harness.Find("Fixed by the profile") != nullptr);
  CHECK(app.harness.Find("ana@example.com") != nullptr);
  CHECK(app.harness.Find("From your account (email)") != nullptr);
  CHECK(app.harness.Find("subject.O") == nullptr);
  CHECK(app.harness.Find("subject.emailAddress") == nullptr);
  CHECK(app.harness.Find("subject.CN") != nullptr);
  CHECK(app.harness.Find("san.dns") != nullptr);

  // Key types: exactly what the policy allows, in policy order.
  std::vector<std::string> keys;
  for (const LoggedItem& item : app.harness.log().items()) {
    if (item.label.rfind("EC ", 0) == 0 || item.label.rfind("RSA ", 0) == 0 ||
        item.label == "Ed25519") {
      keys.push_back(item.label);
    }
  }
  CHECK(keys == std::vector<std::string>{"EC P-256", "EC P-384", "RSA 3072"});

  // Key stores: the policy's; the OS store is there but disabled, with the reason.
  const LoggedItem* software = app.harness.Find("Software key store");
  REQUIRE(software != nullptr);
  CHECK(software->enabled);
  CHECK(app.harness.Find("PKCS#12 file") != nullptr);
  CHECK(app.harness.Find("PEM files") != nullptr);
  const LoggedItem* os = app.harness.Find("OS key store");
  REQUIRE(os != nullptr);
  CHECK_FALSE(os->enabled);
  CHECK(os->tooltip.find("cannot install") != std::string::npos);
  CHECK(app.harness.Find("Hardware token (PKCS#11)") == nullptr);

  // The scripts, in full, with the consent state.
  CHECK(FindContaining(app.harness.log(),
                       "/usr/local/bin/acme-vpn-setup --profile 'corp vpn' --import") != nullptr);
  CHECK(FindContaining(app.harness.log(), "'C:\\Program Files\\Acme\\vpn-setup.exe' /import") !=
        nullptr);
  CHECK(FindContaining(app.harness.log(), "Not allowed yet: TrustDesk shows it in full and asks") !=
        nullptr);
}

TEST_CASE("Enrollment form: Enroll stays disabled until every field is valid, naming the field") {
  AppHarness app(test::EnrollSnapshot(), {}, kTall);
  Open(app, "vpn");
  const LoggedItem* enroll = app.harness.Find("Enroll");
  REQUIRE(enroll != nullptr);
  CHECK_FALSE(enroll->enabled);
  CHECK(enroll->tooltip == "Device name: required");

  TypeInto(app, "subject.CN", "Laptop 42");
  // Live validation: the error appears under the field and in the reason.
  // The pattern [a-z0-9-]+ is put in words, not shown as a regular expression.
  CHECK(FindContaining(app.harness.log(),
                       "May only contain lower-case letters, digits and hyphens") != nullptr);
  CHECK(FindContaining(app.harness.log(), "[a-z0-9-]") == nullptr);
  enroll = app.harness.Find("Enroll");
  CHECK(enroll->tooltip == "Device name: may only contain lower-case letters, digits and hyphens");

  Retype(app, "subject.CN", app.ui.enrollment.values["subject.CN"], "laptop-042");
  CHECK(FindContaining(app.harness.log(), "Does not match") == nullptr);
  CHECK(app.harness.Find("Enroll")->tooltip == "Team: required");

  REQUIRE(Press(app, "subject.OU"));
  REQUIRE(Press(app, "Security"));
  CHECK(app.ui.enrollment.values["subject.OU"] == "Security");
  CHECK(app.harness.Find("Enroll")->tooltip == "PIN: required");

  TypeInto(app, "PIN", "2468");
  CHECK(app.harness.Find("Enroll")->tooltip == "PIN: at least 6 characters");
  TypeInto(app, "PIN", "10");
  TypeInto(app, "Confirm PIN", "246811");
  CHECK(app.harness.Find("Enroll")->tooltip == "PIN: the two entries do not match");
  CHECK(FindContaining(app.harness.log(), "The two entries do not match") != nullptr);

  Retype(app, "Confirm PIN", app.ui.enrollment.secret_confirm, "246810");
  CHECK(app.harness.Find("Enroll")->enabled);
}

TEST_CASE("Enrollment form: the command carries the typed values, key type and chosen store") {
  AppHarness app(test::EnrollSnapshot(), {}, kTall);
  Open(app, "vpn");
  FillVpn(app);
  TypeInto(app, "san.dns", "laptop-042.acme.test, vpn.acme.test");
  REQUIRE(Press(app, "EC P-384"));
  REQUIRE(EnrollWithoutScripts(app));

  const EnrollCommand* cmd = Last<EnrollCommand>(app);
  REQUIRE(cmd != nullptr);
  CHECK(cmd->profile_id == "vpn");
  CHECK(cmd->key_algorithm == KeyAlgorithm::Ec);
  CHECK(cmd->key_size == 384);
  CHECK(cmd->store.kind == KeyStoreKind::Software);
  CHECK(cmd->store.location.empty());
  CHECK(cmd->store.secret == "246810");
  CHECK(cmd->fields == std::map<std::string, std::string>{
                           {"subject.CN", "laptop-042"},
                           {"subject.OU", "Security"},
                           {"san.dns", "laptop-042.acme.test, vpn.acme.test"}});
  // The form forgets the PIN once it is sent; the window now shows progress.
  CHECK(app.ui.enrollment.secret.empty());
  CHECK(app.ui.enrollment.secret_confirm.empty());
  CHECK(app.harness.Find("Enroll") == nullptr);
  CHECK(FindContaining(app.harness.log(), "waiting for TrustDesk") != nullptr);
}

TEST_CASE("Enrollment form: PKCS#12 needs a folder and a passphrase, RSA is sent with its size") {
  AppHarness app(test::EnrollSnapshot(), {}, kTall);
  Open(app, "vpn");
  TypeInto(app, "subject.CN", "build-agent-7");
  REQUIRE(Press(app, "subject.OU"));
  REQUIRE(Press(app, "Platform"));
  REQUIRE(Press(app, "PKCS#12 file"));
  REQUIRE(Press(app, "RSA 3072"));
  CHECK(app.harness.Find("Enroll")->tooltip == "Folder: required");
  TypeInto(app, "Folder", "certs");
  CHECK(app.harness.Find("Enroll")->tooltip == "Folder: must be a full path, e.g. /home/you/certs");
  Retype(app, "Folder", app.ui.enrollment.location, "/home/ana/exports");
  CHECK(app.harness.Find("Enroll")->tooltip == "Passphrase: required");
  TypeInto(app, "Passphrase", "correct horse");
  TypeInto(app, "Confirm Passphrase", "correct horse");
  REQUIRE(EnrollWithoutScripts(app));
  const EnrollCommand* cmd = Last<EnrollCommand>(app);
  REQUIRE(cmd != nullptr);
  CHECK(cmd->key_algorithm == KeyAlgorithm::Rsa);
  CHECK(cmd->key_size == 3072);
  CHECK(cmd->store.kind == KeyStoreKind::Pkcs12);
  CHECK(cmd->store.location == "/home/ana/exports");
  CHECK(cmd->store.secret == "correct horse");
}

TEST_CASE("Enrollment form: user attributes only, Ed25519, and the duplicate policy blocks") {
  Snapshot snap = test::EnrollSnapshot();
  AppHarness app(snap, {}, kTall);
  Open(app, "smime");
  CHECK(FindContaining(app.harness.log(), "RSA 2048") != nullptr);
  CHECK(app.harness.Find("Ed25519") != nullptr);
  REQUIRE(Press(app, "Ed25519"));
  TypeInto(app, "Folder", "/home/ana/certificates");
  REQUIRE(app.harness.Find("Enroll")->enabled);  // the key passphrase of PEM files is optional
  REQUIRE(EnrollWithoutScripts(app));
  const EnrollCommand* cmd = Last<EnrollCommand>(app);
  REQUIRE(cmd != nullptr);
  CHECK(cmd->key_algorithm == KeyAlgorithm::Ed25519);
  CHECK(cmd->key_size == 0);
  CHECK(cmd->fields.empty());  // nothing typed: every value comes from the account
  CHECK(cmd->store.kind == KeyStoreKind::Pem);

  // A valid certificate from a no-duplicates profile: enrolling again is refused, with why.
  IssuedCertificate existing;
  existing.serial = "0a1b";
  existing.profile_id = "smime";
  existing.not_after = Timestamp{test::kFixtureNow + 86400 * 100};
  app.snapshot.issued = std::vector<IssuedCertificate>{existing};
  app.snapshot.generation = 2;
  trustdesk::CloseEnrollmentWindow(app.ui.enrollment);
  Open(app, "smime");
  const LoggedItem* enroll = app.harness.Find("Enroll");
  REQUIRE(enroll != nullptr);
  CHECK_FALSE(enroll->enabled);
  CHECK(enroll->tooltip.find("allows no duplicates") != std::string::npos);
}

TEST_CASE("Enrollment form: an incompatible profile cannot be enrolled, and says why") {
  Snapshot snap = test::EnrollSnapshot();
  auto profiles = snap.profiles.Copy();
  profiles[0].profile.profile_version = "99.0";
  snap.profiles = std::move(profiles);
  AppHarness app(snap, {}, kTall);
  Open(app, "vpn");
  FillVpn(app);
  const LoggedItem* enroll = app.harness.Find("Enroll");
  REQUIRE(enroll != nullptr);
  CHECK_FALSE(enroll->enabled);
  CHECK(enroll->tooltip.find("Requires TrustDesk 99.0 or newer") == 0);
}

TEST_CASE("Enrollment window: scripts turned off in Settings can be turned on from the window") {
  Settings off;
  off.scripts_enabled = false;
  AppHarness app(test::EnrollSnapshot(), off, kTall);
  Open(app, "vpn");
  CHECK(FindContaining(app.harness.log(), "turned off in Settings") != nullptr);
  REQUIRE(Press(app, "Turn scripts on (each one still asks before it runs)"));
  CHECK(app.settings.scripts_enabled);
  REQUIRE_FALSE(app.saved.empty());
  CHECK(app.saved.back().scripts_enabled);
  CHECK(FindContaining(app.harness.log(), "Not allowed yet") != nullptr);
}

TEST_CASE("Enrollment window: Esc closes the form and forgets it") {
  AppHarness app(test::EnrollSnapshot(), {}, kTall);
  Open(app, "vpn");
  TypeInto(app, "PIN", "246810");
  Leave(app);
  app.harness.PressKey(ImGuiKey_Escape);
  app.harness.Step();
  CHECK_FALSE(app.ui.enrollment.open());
  CHECK(app.ui.enrollment.secret.empty());
  CHECK(app.harness.Find("Enroll") == nullptr);
}

TEST_CASE("Enrollment progress: steps, Cancel only while cancellable, Esc ignored while running") {
  AppHarness app(test::EnrollSnapshot(), {}, kTall);
  Open(app, "vpn");
  FillVpn(app);
  REQUIRE(EnrollWithoutScripts(app));
  REQUIRE(Last<EnrollCommand>(app) != nullptr);

  // The workspace publishes the job: generating the key, still cancellable.
  app.snapshot.jobs = {test::EnrollJob(7, "vpn", JobState::Running, 0, true)};
  app.harness.Step(2);
  CHECK(app.ui.enrollment.job_id == 7);
  CHECK(app.harness.Find("Generate key") != nullptr);
  CHECK(app.harness.Find("Run scripts") != nullptr);
  REQUIRE(app.harness.Find("Cancel enrollment") != nullptr);
  app.harness.PressKey(ImGuiKey_Escape);
  CHECK(app.ui.enrollment.open());

  REQUIRE(Press(app, "Cancel enrollment"));
  const CancelJobCommand* cancel = Last<CancelJobCommand>(app);
  REQUIRE(cancel != nullptr);
  CHECK(cancel->job_id == 7);

  // Past submission: no Cancel, and the reason is shown instead.
  app.ui.enrollment.cancel_sent = false;
  app.snapshot.jobs = {test::EnrollJob(7, "vpn", JobState::Running, 3, false)};
  app.harness.Step(2);
  CHECK(app.harness.Find("Cancel enrollment") == nullptr);
  CHECK(FindContaining(app.harness.log(), "can no longer be cancelled") != nullptr);
  CHECK(app.harness.Find("Continue in background") != nullptr);
}

TEST_CASE("Enrollment progress: a failure names its step, and Retry sends the same command") {
  AppHarness app(test::EnrollSnapshot(), {}, kTall);
  Open(app, "vpn");
  FillVpn(app);
  REQUIRE(EnrollWithoutScripts(app));
  const EnrollCommand first = *Last<EnrollCommand>(app);

  JobStatus failed = test::EnrollJob(8, "vpn", JobState::Failed, 2, false);
  failed.error = "Submit to CA: the CA rejected the request: CN does not match the profile";
  app.snapshot.jobs = {failed};
  app.harness.Step(2);
  CHECK(FindContaining(app.harness.log(), "Enrollment failed at \u201cSubmit to CA\u201d") !=
        nullptr);
  CHECK(FindContaining(app.harness.log(), "CN does not match the profile") != nullptr);
  // The step is in the heading; the reason is not prefixed with it a second time.
  CHECK(FindContaining(app.harness.log(), "The CA rejected the request") != nullptr);
  CHECK(FindContaining(app.harness.log(), "Submit to CA: ") == nullptr);
  CHECK(FindContaining(app.harness.log(), "did not issue a certificate") != nullptr);

  app.last_commands.clear();
  REQUIRE(Press(app, "Retry"));
  const EnrollCommand* again = Last<EnrollCommand>(app);
  REQUIRE(again != nullptr);
  CHECK(again->fields == first.fields);
  CHECK(again->store.secret == "246810");
  CHECK(app.ui.enrollment.job_id == 0);  // follows the new job once it appears
  CHECK(app.ui.enrollment.jobs_before == std::vector<uint64_t>{8});

  // "Change and retry" goes back to the form with the values as they were.
  app.snapshot.jobs = {failed, test::EnrollJob(9, "vpn", JobState::Cancelled, 1, true)};
  app.harness.Step(2);
  CHECK(app.ui.enrollment.job_id == 9);
  CHECK(FindContaining(app.harness.log(), "Enrollment cancelled") != nullptr);
  REQUIRE(Press(app, "Change and retry"));
  CHECK(app.harness.Find("Enroll") != nullptr);
  CHECK(app.harness.Find("Enroll")->enabled);
  CHECK(app.ui.enrollment.values["subject.CN"] == "laptop-042");
}

TEST_CASE("Enrollment progress: the result shows the serial and where it was installed") {
  AppHarness app(test::KeyStoresSnapshot(), {}, kTall);
  Open(app, "vpn");
  FillVpn(app);
  REQUIRE(EnrollWithoutScripts(app));
  JobStatus done = test::EnrollJob(11, "vpn", JobState::Succeeded, 7, false);
  done.result_serial = "4f1a09c2d3e4b5a6978812340abcdef1";
  done.result = "Enrolled laptop-042 (VPN client), valid until 2027-01-01";
  app.snapshot.jobs = {done};
  app.harness.Step(2);
  CHECK(FindContaining(app.harness.log(), "Certificate issued and installed") != nullptr);
  CHECK(app.harness.Find(done.result) != nullptr);
  CHECK(FindContaining(app.harness.log(), "software-keystore.json") != nullptr);
  REQUIRE(Press(app, "Copy serial"));
  CHECK(app.clipboard == std::vector<std::string>{done.result_serial});

  REQUIRE(Press(app, "View issued certificates"));
  CHECK(app.ui.nav.page == Page::Issued);
  CHECK(app.ui.issued.profile_filter == "vpn");
  CHECK_FALSE(app.ui.enrollment.open());
  CHECK(app.ui.enrollment.submitted == std::nullopt);  // the PIN is gone with the window
}
