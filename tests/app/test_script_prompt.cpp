// "Allow this script?" in the enrollment window, headless: a script the user has not allowed is
// shown in full (escaped) before anything is sent, and the job carries exactly the answer given.
// Also the Settings page's list of allowed scripts.
#include <doctest/doctest.h>

#include "app/support/app_harness.h"
#include "app/support/fixture_enroll.h"
#include "app/views/enrollment_window.h"

using namespace trustdesk;
using trustdesk::test::AppHarness;
using trustdesk::test::FindContaining;

namespace {

const ImVec2 kTall(1280, 1400);

template <typename T>
std::vector<T> All(const AppHarness& app) {
  std::vector<T> out;
  for (const Command& c : app.last_commands) {
    if (const T* t = std::get_if<T>(&c)) out.push_back(*t);
  }
  return out;
}

bool Press(AppHarness& app, const std::string& label) {
  if (!app.harness.Click(label)) return false;
  app.harness.Step();
  return true;
}

// The vpn profile's form filled in, then Enroll.
void FillAndEnroll(AppHarness& app) {
  app.ui.enrollment.open_for_profile = "vpn";
  app.harness.Step(2);
  REQUIRE(Press(app, "subject.CN"));
  app.harness.Type("laptop-042");
  REQUIRE(Press(app, "subject.OU"));
  REQUIRE(Press(app, "Security"));
  REQUIRE(Press(app, "PIN"));
  app.harness.Type("246810");
  REQUIRE(Press(app, "Confirm PIN"));
  app.harness.Type("246810");
  app.last_commands.clear();
  REQUIRE(Press(app, "Enroll"));
}

// The Linux script of the vpn fixture, as consent identifies it.
ProfileScript VpnScript(const Snapshot& snap) {
  for (const ProfileEntry& p : snap.profiles) {
    if (p.profile.id == "vpn") return ProfileScriptsHere(p.profile).at(0);
  }
  FAIL("no vpn profile");
  return {};
}

}  // namespace

TEST_CASE("security: an unallowed script is shown in full and nothing is sent until answered") {
  AppHarness app(test::EnrollSnapshot(), {}, kTall);
  const ProfileScript script = VpnScript(app.snapshot);
  FillAndEnroll(app);
  REQUIRE(app.harness.Find("Allow this script?") != nullptr);
  CHECK(All<EnrollCommand>(app).empty());
  // The program and each argument on its own row, quoted where needed, and the digest.
  CHECK(app.harness.Find("/usr/local/bin/acme-vpn-setup") != nullptr);
  CHECK(app.harness.Find("--profile") != nullptr);
  CHECK(app.harness.Find("'corp vpn'") != nullptr);
  CHECK(app.harness.Find("--import") != nullptr);
  CHECK(app.harness.Find(script.digest) != nullptr);
  CHECK(app.harness.Find("Configure VPN (Windows)") == nullptr);  // not run on this machine

  REQUIRE(Press(app, "Allow once"));
  const auto sent = All<EnrollCommand>(app);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].scripts_allowed_once == std::vector<std::string>{script.digest});
  CHECK(sent[0].store.secret == "246810");
  CHECK(All<AllowScriptCommand>(app).empty());  // once: nothing is remembered
  CHECK(app.ui.enrollment.submitted.has_value());
}

TEST_CASE("security: Always allow saves that exact script, Don't run sends the job without it") {
  SUBCASE("always") {
    AppHarness app(test::EnrollSnapshot(), {}, kTall);
    const ProfileScript script = VpnScript(app.snapshot);
    FillAndEnroll(app);
    REQUIRE(Press(app, "Always allow"));
    const auto saved = All<AllowScriptCommand>(app);
    REQUIRE(saved.size() == 1);
    CHECK(saved[0].script == script);
    const auto sent = All<EnrollCommand>(app);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].scripts_allowed_once == std::vector<std::string>{script.digest});
  }
  SUBCASE("don't run") {
    AppHarness app(test::EnrollSnapshot(), {}, kTall);
    FillAndEnroll(app);
    REQUIRE(Press(app, "Don't run"));
    CHECK(All<AllowScriptCommand>(app).empty());
    const auto sent = All<EnrollCommand>(app);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].scripts_allowed_once.empty());
  }
  SUBCASE("back") {
    AppHarness app(test::EnrollSnapshot(), {}, kTall);
    FillAndEnroll(app);
    REQUIRE(Press(app, "Back"));
    CHECK(All<EnrollCommand>(app).empty());
    CHECK(app.harness.Find("Enroll") != nullptr);
    CHECK(app.ui.enrollment.secret == "246810");  // the form as it was
  }
}

TEST_CASE("security: an allowed script is not asked again, a changed one is, with what changed") {
  Snapshot snap = test::EnrollSnapshot();
  const ProfileScript script = VpnScript(snap);
  ScriptConsent consent{script.digest,
                        script.profile_id,
                        script.slot,
                        script.script.name,
                        script.script.command,
                        script.script.arguments,
                        Timestamp{test::kFixtureNow}};
  snap.script_consents = {consent};
  {
    AppHarness app(snap, {}, kTall);
    FillAndEnroll(app);
    CHECK(app.harness.Find("Allow this script?") == nullptr);
    const auto sent = All<EnrollCommand>(app);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].scripts_allowed_once.empty());  // the consent file allows it
  }
  // The server changed the argument since: asked again, with the old version shown.
  auto profiles = snap.profiles.Copy();
  for (ProfileEntry& p : profiles) {
    if (p.profile.id == "vpn") p.profile.policy.scripts[0].arguments = {"--uninstall-everything"};
  }
  snap.profiles = std::move(profiles);
  AppHarness app(snap, {}, kTall);
  app.ui.enrollment.open_for_profile = "vpn";
  app.harness.Step(2);
  CHECK(FindContaining(app.harness.log(), "Changed since you allowed it") != nullptr);
  FillAndEnroll(app);
  REQUIRE(app.harness.Find("Allow this script?") != nullptr);
  CHECK(FindContaining(app.harness.log(), "This script changed since you allowed it") != nullptr);
  CHECK(FindContaining(app.harness.log(), "--profile 'corp vpn' --import") != nullptr);
  CHECK(app.harness.Find("--uninstall-everything") != nullptr);
}

TEST_CASE("security: control and bidi characters in a script are shown escaped in the prompt") {
  Snapshot snap = test::EnrollSnapshot();
  auto profiles = snap.profiles.Copy();
  for (ProfileEntry& p : profiles) {
    if (p.profile.id == "vpn") {
      p.profile.policy.scripts[0].arguments = {"rm -rf ~\r\x1b[2Kecho harmless", "\u202Etxt.exe"};
    }
  }
  snap.profiles = std::move(profiles);
  AppHarness app(snap, {}, kTall);
  FillAndEnroll(app);
  REQUIRE(app.harness.Find("Allow this script?") != nullptr);
  CHECK(app.harness.Find("$'rm -rf ~\\r\\x1b[2Kecho harmless'") != nullptr);
  CHECK(app.harness.Find("$'\\u202etxt.exe'") != nullptr);
}

TEST_CASE("Settings: the allowed scripts are listed and can be withdrawn") {
  Snapshot snap = test::EnrollSnapshot();
  const ProfileScript script = VpnScript(snap);
  snap.script_consents = {ScriptConsent{script.digest, script.profile_id, script.slot,
                                        script.script.name, script.script.command,
                                        script.script.arguments, Timestamp{test::kFixtureNow}}};
  AppHarness app(snap);
  app.ui.nav.page = Page::Settings;
  app.harness.Step(2);
  CHECK(FindContaining(app.harness.log(), "\"Configure VPN\"") != nullptr);
  CHECK(FindContaining(app.harness.log(), "/usr/local/bin/acme-vpn-setup --profile 'corp vpn'") !=
        nullptr);
  app.last_commands.clear();
  REQUIRE(Press(app, "Withdraw"));
  const auto withdrawn = All<RevokeScriptCommand>(app);
  REQUIRE(withdrawn.size() == 1);
  CHECK(withdrawn[0].digest == script.digest);
}
