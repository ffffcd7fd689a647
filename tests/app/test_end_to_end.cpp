// The whole window end to end, headless: the real workspace host (demo server in-process on
// 127.0.0.1, real CA, real key stores) under the real views and controller. A person's path:
// the demo opens signed in and synced → profile details → enroll from the quick actions → the
// issued certificate → time moves into the renewal window (Can renew on both pages) → renew from
// the Issued page → the previous certificate is revoked as the policy says.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "app/services/workspace_host.h"
#include "app/support/fixture_enroll.h"
#include "app/support/fixture_profiles.h"
#include "app/support/ui_harness.h"
#include "app/ui/controller.h"
#include "app/ui/theme.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"
#include "app/views/app_frame.h"

namespace trustdesk {
namespace {

constexpr const char* kProfile = "nw-document-signing";  // software store only, Ed25519
constexpr const char* kPin = "482915";

struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() /
           ("trustdesk-e2e-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

// The window as main.cpp wires it, minus GLFW: every frame draws the host's current snapshot,
// and the controller forwards workspace commands to the host. `offset` moves the window's clock
// (what "now" is for Renew status and relative times); the jobs run on the real one.
struct LiveApp {
  ScratchDir dir;
  WorkspaceHost host{{dir.path, nullptr, true, {}}};
  std::shared_ptr<const Snapshot> snapshot = host.Current();
  Settings settings;
  UiState ui;
  int64_t offset_seconds = 0;
  Commands commands;
  UiController controller{settings, ui, [](const Settings&) {}, [](const std::string&) {},
                          [this](Command c) { host.Forward(std::move(c)); }};
  test::UiHarness harness{[this] { Draw(); }, [this] { controller.Execute(commands.TakeAll()); }};

  void Draw() {
    snapshot = host.Current();
    const Timestamp now{SystemClock::Instance().Now().unix_seconds + offset_seconds};
    const ViewContext ctx{*snapshot, settings, PaletteFor(settings.theme), harness.fonts(), now,
                          1.0f};
    DrawAppFrame(ctx, ui, commands);
  }

  // Runs frames until `done` holds for the snapshot just drawn (bounded generously: jobs do real
  // key generation and HTTPS round trips on a shared machine).
  bool StepUntil(const std::function<bool(const Snapshot&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    while (std::chrono::steady_clock::now() < deadline) {
      harness.Step();
      if (done(*snapshot)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  bool Press(const std::string& label) {
    if (!harness.Click(label)) return false;
    harness.Step(2);
    return true;
  }
};

const InventoryEntry* InstalledFrom(const Snapshot& s, const std::string& profile_id) {
  for (const auto& e : s.installed) {
    if (e.profile_id == profile_id) return &e;
  }
  return nullptr;
}

const JobStatus* FinishedJob(const Snapshot& s, JobKind kind, const std::string& key) {
  for (const auto& job : s.jobs) {
    const std::string& id = kind == JobKind::Enroll ? job.profile_id : job.serial;
    if (job.kind == kind && id == key && job.finished()) return &job;
  }
  return nullptr;
}

const IssuedCertificate* Issued(const Snapshot& s, const std::string& serial) {
  for (const auto& c : s.issued) {
    if (c.serial == serial) return &c;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("end to end: demo, details, enroll, issued, into the renewal window, renew") {
  LiveApp app;

  // 1. First run: the demo workspace signs in and syncs; the pass after sign-in auto-enrolls
  //    the automatic profile. Nothing was set up.
  REQUIRE(app.StepUntil([](const Snapshot& s) {
    return s.account && s.profiles.size() == 12 && InstalledFrom(s, "nw-client-auth") &&
           !s.background_op.busy;
  }));
  CHECK(app.harness.Find("Sync profiles") != nullptr);
  CHECK(app.harness.Find("Last synced") != nullptr);

  // 2. Profile details from the quick actions; Esc closes the modal.
  REQUIRE(app.Press(std::string("Quick actions: ") + kProfile));
  REQUIRE(app.Press("Details"));
  CHECK(app.harness.Find("General information") != nullptr);
  CHECK(app.harness.Find("Certificate format") != nullptr);
  app.harness.PressKey(ImGuiKey_Escape);
  app.harness.Step(2);
  CHECK(app.harness.Find("General information") == nullptr);

  // 3. Enroll from the quick actions: the form is generated from the profile; the PIN of the
  //    software key store is the only thing to type.
  REQUIRE(app.Press(std::string("Quick actions: ") + kProfile));
  REQUIRE(app.Press("Enroll certificate"));
  REQUIRE(app.ui.enrollment.open());
  REQUIRE(app.Press("PIN"));
  app.harness.Type(kPin);
  REQUIRE(app.Press("Confirm PIN"));
  app.harness.Type(kPin);
  app.harness.Step(2);
  const LoggedItem* enroll = app.harness.Find("Enroll");
  REQUIRE(enroll != nullptr);
  REQUIRE_MESSAGE(enroll->enabled, enroll->tooltip);
  REQUIRE(app.Press("Enroll"));

  std::string serial;
  REQUIRE(app.StepUntil([&](const Snapshot& s) {
    const JobStatus* job = FinishedJob(s, JobKind::Enroll, kProfile);
    if (job == nullptr || !InstalledFrom(s, kProfile)) return false;
    serial = job->result_serial;
    return true;
  }));
  {
    const JobStatus* job = FinishedJob(*app.snapshot, JobKind::Enroll, kProfile);
    REQUIRE_MESSAGE(job->state == JobState::Succeeded, job->error);
  }
  app.harness.Step(2);
  CHECK(test::FindContaining(app.harness.log(), "Certificate issued and installed") != nullptr);
  CHECK(InstalledFrom(*app.snapshot, kProfile)->store == KeyStoreKind::Software);

  // 4. The result window leads to the Issued certificates page, filtered to the profile.
  REQUIRE(app.Press("View issued certificates"));
  CHECK(app.ui.nav.page == Page::Issued);
  REQUIRE(app.harness.Find("Actions " + serial) != nullptr);
  CHECK(test::FindContaining(app.harness.log(), "Can renew") == nullptr);

  // 5. Time passes: ten days before expiry the certificate is inside every demo renewal window.
  const IssuedCertificate* cert = Issued(*app.snapshot, serial);
  REQUIRE(cert != nullptr);
  app.offset_seconds =
      cert->not_after.unix_seconds - 10 * 86400 - SystemClock::Instance().Now().unix_seconds;
  app.harness.Step(2);
  CHECK(test::FindContaining(app.harness.log(), "Can renew") != nullptr);
  // The profile says so too, with the reason on hover.
  app.ui.nav.page = Page::Profiles;
  app.harness.Step(2);
  CHECK(test::FindInRow(app.harness.log(), "Document Signing (Ed25519)", "Can renew") != nullptr);
  CHECK(test::FindInRow(app.harness.log(), "Internal Web Server TLS", "No action") != nullptr);
  REQUIRE(app.Press("Issued count: " + std::string(kProfile)));
  CHECK(app.ui.nav.page == Page::Issued);

  // 6. Renew from the row's actions with the key store's PIN: a new certificate replaces it.
  REQUIRE(app.Press("Actions " + serial));
  REQUIRE(app.Press("Renew\u2026"));
  REQUIRE(app.Press("Renew secret"));
  app.harness.Type(kPin);
  app.harness.Step(2);
  const LoggedItem* renew = app.harness.Find("Renew");
  REQUIRE(renew != nullptr);
  REQUIRE_MESSAGE(renew->enabled, renew->tooltip);
  REQUIRE(app.Press("Renew"));

  std::string renewed;
  REQUIRE(app.StepUntil([&](const Snapshot& s) {
    const JobStatus* job = FinishedJob(s, JobKind::Renew, serial);
    if (job == nullptr) return false;
    renewed = job->state == JobState::Succeeded ? job->result_serial : "failed: " + job->error;
    return true;
  }));
  REQUIRE(renewed.rfind("failed", 0) != 0);
  CHECK(renewed != serial);
  REQUIRE(app.StepUntil([&](const Snapshot& s) {
    const InventoryEntry* now_installed = InstalledFrom(s, kProfile);
    return now_installed != nullptr && now_installed->serial == renewed;
  }));
  app.harness.Step(2);
  CHECK(app.harness.Find("Actions " + renewed) != nullptr);
  // The policy allows one active certificate and revokes the previous one on renewal.
  REQUIRE(app.StepUntil([&](const Snapshot& s) {
    const IssuedCertificate* old_cert = Issued(s, serial);
    return old_cert != nullptr && old_cert->revoked;
  }));
  CHECK(Issued(*app.snapshot, serial)->revocation_reason == RevocationReason::Superseded);

  // The Activity page tells the story.
  app.ui.nav.page = Page::Activity;
  app.harness.Step(2);
  CHECK(test::FindContaining(app.harness.log(), "Enroll Document Signing") != nullptr);
  CHECK(test::FindContaining(app.harness.log(), "Renew Document Signing") != nullptr);
  CHECK(test::FindContaining(app.harness.log(), "Renew Document Signing (Ed25519) failed") ==
        nullptr);
}

}  // namespace trustdesk
