// Screenshots of the certificate views from the certificate fixture: the Issued certificates page
// (full, filtered, 200,000 rows, empty), its actions popup, the certificate viewer (parsed and
// malformed), the renew, export, revoke and recover key dialogs, the Activity page and the job
// toasts.
// Usage: trustdesk_cert_screenshots OUT_DIR [WIDTHxHEIGHT] [SCALE]
#include <chrono>
#include <string>

#include "app/support/fixture_certs.h"
#include "gui/fixture_screenshots.h"

namespace {

using namespace trustdesk;
using namespace trustdesk::test;
using Step = ScriptStep;

void ShowIssued(Snapshot&, Settings&, UiState& ui) { ui.nav.page = Page::Issued; }

std::string Actions(const char* serial) { return std::string("Actions ") + serial; }

void WaitForParse(UiState& ui) { ui.issued.details->WaitIdle(std::chrono::seconds(5)); }

JobStatus Finished(uint64_t id, JobKind kind, JobState state, const char* title,
                   const char* serial) {
  JobStatus job;
  job.id = id;
  job.kind = kind;
  job.state = state;
  job.title = title;
  job.profile_id = "vpn-client";
  job.result_serial = serial;
  job.steps = {JobStep::GenerateKey, JobStep::BuildCsr, JobStep::Submit,
               JobStep::VerifyChain, JobStep::Install,  JobStep::Done};
  job.finished_at = kFixtureNow;
  if (state == JobState::Failed) {
    job.current = 2;
    job.error = "Submit to CA: the server answered 503 Service Unavailable; try again in 30 s";
  }
  return job;
}

std::vector<FixtureShot> Shots() {
  return {
      {"issued", ShowIssued, {{Step::Hover, "ana-desktop.acme.example"}}, {}},
      {"issued_filtered",
       [](Snapshot&, Settings&, UiState& ui) {
         ui.nav.page = Page::Issued;
         ui.issued.profile_filter = "smime-eng";
       },
       {},
       {}},
      {"issued_actions",
       ShowIssued,
       {{Step::Click, Actions(serials::kVpnValid)}, {Step::Hover, "Renew\u2026"}},
       {}},
      {"issued_export_disabled",
       ShowIssued,
       {{Step::Click, Actions(serials::kWifi)}, {Step::Hover, "Export\u2026"}},
       {}},
      {"viewer",
       ShowIssued,
       {{Step::Click, "ana-laptop.acme.example"}, {Step::Hover, "Close"}},
       WaitForParse},
      {"viewer_lower",
       ShowIssued,
       {{Step::Click, "ana-laptop.acme.example"},
        {Step::Click, "General"},
        {Step::Click, "Subject"},
        {Step::Click, "Issuer"},
        {Step::Click, "Subject alternative names (3)"},
        {Step::Hover, "Copy SHA-256"}},
       WaitForParse},
      {"viewer_malformed", ShowIssued, {{Step::Click, "ana-tablet.acme.example"}}, WaitForParse},
      {"renew",
       ShowIssued,
       {{Step::Click, Actions(serials::kVpnExpiring)},
        {Step::Click, "Renew\u2026"},
        {Step::Hover, "Renew"}},
       {}},
      {"export",
       ShowIssued,
       {{Step::Click, Actions(serials::kVpnValid)},
        {Step::Click, "Export\u2026"},
        {Step::Click, "Export path"},
        {Step::Type, "exports/vpn.p12"}},
       {}},
      {"revoke",
       ShowIssued,
       {{Step::Click, Actions(serials::kVpnValid)},
        {Step::Click, "Revoke\u2026"},
        {Step::Click, "Revoke confirmation"},
        {Step::Type, "ana-laptop"},
        {Step::Hover, "Revoke"}},
       {}},
      {"recover",
       ShowIssued,
       {{Step::Click, Actions(serials::kSmimeEscrowed)},
        {Step::Click, "Recover key\u2026"},
        {Step::Click, "Recovery passphrase"},
        {Step::Type, "short"}},
       {}},
      {"issued_200000",
       [](Snapshot& snap, Settings&, UiState& ui) {
         snap = ManyCertificatesSnapshot(200'000);
         ui.nav.page = Page::Issued;
       },
       {},
       [](UiState& ui) { ui.issued.rows.WaitForRows(std::chrono::seconds(60)); }},
      {"issued_empty",
       [](Snapshot& snap, Settings&, UiState& ui) {
         snap.issued.clear();
         snap.installed.clear();
         ui.nav.page = Page::Issued;
       },
       {},
       {}},
      {"issued_no_match",
       [](Snapshot&, Settings&, UiState& ui) {
         ui.nav.page = Page::Issued;
         ui.issued.text_filter = "zzz";
       },
       {},
       {}},
      {"activity",
       [](Snapshot&, Settings&, UiState& ui) { ui.nav.page = Page::Activity; },
       {{Step::Click, "Renew Wi-Fi 802.1X (EAP-TLS) failed"},
        {Step::Click, "Script \"Reload VPN\" finished"}},
       {}},
      {"activity_empty",
       [](Snapshot& snap, Settings&, UiState& ui) {
         snap.activity.clear();
         ui.nav.page = Page::Activity;
       },
       {},
       {}},
      {"toasts",
       [](Snapshot& snap, Settings&, UiState& ui) {
         ui.nav.page = Page::Issued;
         snap.jobs = {
             Finished(1, JobKind::Enroll, JobState::Succeeded, "Enroll VPN client",
                      serials::kVpnExpiring),
             Finished(2, JobKind::Renew, JobState::Failed, "Renew Wi-Fi 802.1X", serials::kWifi)};
         // A result naming a long path: it wraps at its separators.
         snap.jobs[0].result =
             std::string("Installed ") + serials::kVpnExpiring +
             " in PEM files at /home/ana/.local/share/trustdesk/certificates/"
             "vpn-client; script \"Configure VPN\" not run: you have not allowed it "
             "(digest 5e0c1a7b3f92)";
       },
       {},
       {}},
      {"light_issued",
       [](Snapshot&, Settings& settings, UiState& ui) {
         settings.theme = Theme::Light;
         ui.nav.page = Page::Issued;
       },
       {{Step::Click, Actions(serials::kVpnExpiring)}, {Step::Hover, "Recover key\u2026"}},
       {}},
  };
}

}  // namespace

int main(int argc, char** argv) {
  return RunFixtureScreenshots(argc, argv, &CertificatesSnapshot, kFixtureNow, Shots());
}
