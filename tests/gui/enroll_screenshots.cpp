// Screenshots of the enrollment window (the form, "Allow this script?", a job in progress, the
// result, a failure), the sign-in screen, the avatar menu, Settings and the Advanced pages (Key
// stores & devices, Diagnostics) from the enrollment fixture. Drawn by the shared fixture
// screenshot runner.
// Usage: trustdesk_enroll_screenshots OUT_DIR [WIDTHxHEIGHT] [SCALE]
#include "app/support/fixture_enroll.h"
#include "gui/fixture_screenshots.h"

namespace {

using namespace trustdesk;
using namespace trustdesk::test;

ScriptStep Click(const char* label) { return {ScriptStep::Click, label}; }

// The vpn form as a person leaves it before pressing Enroll.
void FilledVpnForm(UiState& ui) {
  ui.enrollment.profile_id = "vpn";
  ui.enrollment.values["subject.CN"] = "laptop-042";
  ui.enrollment.values["subject.OU"] = "Security";
  ui.enrollment.touched = {"subject.CN", "subject.OU"};
  ui.enrollment.secret = "246810";
  ui.enrollment.secret_confirm = "246810";
}

// The window after Enroll, following job 7 in `state`.
void Submitted(Snapshot& s, UiState& ui, JobStatus job) {
  FilledVpnForm(ui);
  EnrollCommand sent;
  sent.profile_id = "vpn";
  ui.enrollment.submitted = sent;
  s.jobs = {std::move(job)};
}

// The vpn profile's Linux script as the user allowed it ("Always allow").
ScriptConsent AllowedVpnScript(const Snapshot& s) {
  for (const ProfileEntry& p : s.profiles) {
    if (p.profile.id != "vpn") continue;
    const ProfileScript ps = ProfileScriptsHere(p.profile).at(0);
    return {ps.digest,           ps.profile_id,         ps.slot, ps.script.name, ps.script.command,
            ps.script.arguments, Timestamp{kFixtureNow}};
  }
  return {};
}

// Enroll pressed on the filled vpn form: the window asks about the profile's scripts.
void AskingAboutScripts(const Snapshot& s, UiState& ui) {
  FilledVpnForm(ui);
  EnrollCommand waiting;
  waiting.profile_id = "vpn";
  ui.enrollment.awaiting_scripts = waiting;
  for (const ProfileEntry& p : s.profiles) {
    if (p.profile.id == "vpn") {
      ui.enrollment.script_prompt = StartScriptPrompt(ProfileScriptsHere(p.profile));
    }
  }
}

std::vector<FixtureShot> Shots() {
  return {
      {"enroll_form", [](Snapshot&, Settings&, UiState& ui) { FilledVpnForm(ui); }, {}, {}},
      {"enroll_form_errors",
       [](Snapshot&, Settings&, UiState& ui) {
         FilledVpnForm(ui);
         ui.enrollment.values["subject.CN"] = "Laptop 042";
         ui.enrollment.secret_confirm = "24681";
         ui.enrollment.touched.insert("secret_confirm");
       },
       {},
       {}},
      {"enroll_script_prompt",
       [](Snapshot& s, Settings&, UiState& ui) { AskingAboutScripts(s, ui); },
       {},
       {}},
      // The server changed an argument since the user allowed the script: asked again, with
      // what was allowed before.
      {"enroll_script_changed",
       [](Snapshot& s, Settings&, UiState& ui) {
         s.script_consents = {AllowedVpnScript(s)};
         auto profiles = s.profiles.Copy();
         for (ProfileEntry& p : profiles) {
           if (p.profile.id == "vpn") {
             p.profile.policy.scripts[0].arguments.push_back("--all-users");
           }
         }
         s.profiles = std::move(profiles);
         AskingAboutScripts(s, ui);
       },
       {},
       {}},
      {"enroll_progress",
       [](Snapshot& s, Settings&, UiState& ui) {
         Submitted(s, ui, EnrollJob(7, "vpn", JobState::Running, 2, true));
       },
       {},
       {}},
      {"enroll_done",
       [](Snapshot& s, Settings&, UiState& ui) {
         JobStatus done = EnrollJob(7, "vpn", JobState::Succeeded, 7, false);
         done.result_serial = "4f1a09c2d3e4b5a6978812340abcdef1";
         done.result = "Enrolled laptop-042 (VPN client), valid until 2027-01-01";
         Submitted(s, ui, std::move(done));
       },
       {},
       {}},
      {"enroll_failed",
       [](Snapshot& s, Settings&, UiState& ui) {
         JobStatus failed = EnrollJob(7, "vpn", JobState::Failed, 2, false);
         failed.error = "Submit to CA: the CA rejected the request: CN does not match the profile";
         Submitted(s, ui, std::move(failed));
       },
       {},
       {}},
      {"sign_in", [](Snapshot& s, Settings&, UiState&) { s = Snapshot{}; }, {}, {}},
      {"avatar_menu", [](Snapshot&, Settings&, UiState&) {}, {Click("Account menu")}, {}},
      {"settings", [](Snapshot&, Settings&, UiState& ui) { ui.nav.page = Page::Settings; }, {}, {}},
      {"light_settings",  // with a script the user allowed, which they can withdraw
       [](Snapshot& s, Settings& settings, UiState& ui) {
         s.script_consents = {AllowedVpnScript(s)};
         settings.theme = Theme::Light;
         ui.nav.page = Page::Settings;
       },
       {},
       {}},
      {"light_enroll_form",
       [](Snapshot&, Settings& settings, UiState& ui) {
         settings.theme = Theme::Light;
         FilledVpnForm(ui);
       },
       {},
       {}},
      {"key_stores",
       [](Snapshot& s, Settings& settings, UiState& ui) {
         s = KeyStoresSnapshot();
         settings.advanced_mode = true;
         ui.nav.page = Page::KeyStores;
       },
       {},
       {}},
      {"diagnostics",
       [](Snapshot& s, Settings& settings, UiState& ui) {
         s = DiagnosticsSnapshot();
         settings.advanced_mode = true;
         ui.nav.page = Page::Diagnostics;
       },
       {},
       {}},
  };
}

}  // namespace

int main(int argc, char** argv) {
  return RunFixtureScreenshots(argc, argv, &EnrollSnapshot, Timestamp{kFixtureNow}, Shots());
}
