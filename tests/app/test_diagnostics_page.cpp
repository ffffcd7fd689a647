// Diagnostics (Advanced mode): the request log rows, the sync timeline, the bundle export and
// Run background actions now, on fixture snapshots.
#include <doctest/doctest.h>

#include "app/support/app_harness.h"
#include "app/support/fixture_enroll.h"

#include <imgui_internal.h>

using namespace trustdesk;
using trustdesk::test::AppHarness;
using trustdesk::test::FindContaining;

namespace {

Settings Advanced() {
  Settings s;
  s.advanced_mode = true;
  s.last_page = "diagnostics";
  return s;
}

void OpenDiagnostics(AppHarness& app) {
  REQUIRE(app.harness.Click("Diagnostics"));
  CHECK(app.ui.nav.page == Page::Diagnostics);
}

template <typename T>
int Count(const AppHarness& app) {
  int n = 0;
  for (const Command& c : app.last_commands) n += std::holds_alternative<T>(c) ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("Diagnostics: the request log lists every request, newest first, with the error") {
  AppHarness app(test::DiagnosticsSnapshot(), Advanced());
  OpenDiagnostics(app);
  REQUIRE(app.harness.Find("Requests (5)") != nullptr);
  CHECK(app.harness.Find("/api/v1/auth/signin") != nullptr);
  CHECK(app.harness.Find("/api/v1/me") != nullptr);
  CHECK(app.harness.Find("HTTP 503: service unavailable (retry after 40 s)") != nullptr);
  // Newest first: the 304 of the last sync is above the sign-in.
  const LoggedItem* newest = nullptr;
  for (const LoggedItem& item : app.harness.log().items()) {
    if (item.label == "/api/v1/profiles") {
      newest = &item;
      break;
    }
  }
  REQUIRE(newest != nullptr);
  CHECK(newest->min.y < app.harness.Find("/api/v1/auth/signin")->min.y);

  // The filter keeps matching rows only.
  REQUIRE(app.harness.Click("Filter requests"));
  app.harness.Type("503");
  CHECK(app.harness.Find("/api/v1/auth/signin") == nullptr);
  CHECK(app.harness.Find("HTTP 503: service unavailable (retry after 40 s)") != nullptr);
  ImGui::ClearActiveID();
  app.ui.diagnostics.request_filter = "no such request";
  app.harness.Step(2);
  CHECK(FindContaining(app.harness.log(), "No request matches") != nullptr);
}

TEST_CASE("Diagnostics: the sync timeline shows trigger, result and message") {
  AppHarness app(test::DiagnosticsSnapshot(), Advanced());
  OpenDiagnostics(app);
  REQUIRE(app.harness.Click("Sync timeline (3)"));
  CHECK(app.harness.Find("Updated \u2014 2 profiles changed") != nullptr);
  CHECK(app.harness.Find("Failed") != nullptr);
  CHECK(app.harness.Find("Up to date") != nullptr);
  CHECK(app.harness.Find("server busy (HTTP 503), retrying in 40 s") != nullptr);
  CHECK(app.harness.Find("/api/v1/me") == nullptr);  // the other tab
}

TEST_CASE("Diagnostics: Export bundle sends the path and shows the outcome") {
  AppHarness app(test::DiagnosticsSnapshot(), Advanced());
  app.ui.diagnostics.default_export_dir = "/home/ana";
  OpenDiagnostics(app);
  // A file name is suggested in the app's folder, stamped with the time.
  CHECK(app.ui.diagnostics.export_path == "/home/ana/trustdesk-diagnostics-20260101-000000.json");
  REQUIRE(app.harness.Click("Export bundle"));
  REQUIRE(Count<ExportDiagnosticsCommand>(app) == 1);
  CHECK(std::get<ExportDiagnosticsCommand>(app.last_commands[0]).path ==
        "/home/ana/trustdesk-diagnostics-20260101-000000.json");

  app.snapshot.diagnostics_op = OperationStatus{true, "", "Writing the diagnostics bundle\u2026"};
  app.harness.Step(2);
  const LoggedItem* busy = app.harness.Find("Export bundle");
  REQUIRE(busy != nullptr);
  CHECK_FALSE(busy->enabled);
  CHECK(app.harness.Find("Writing the diagnostics bundle\u2026") != nullptr);

  app.snapshot.diagnostics_op = OperationStatus{
      false, "", "Diagnostics bundle written to /home/ana/trustdesk-diagnostics.json"};
  app.harness.Step(2);
  CHECK(FindContaining(app.harness.log(), "Diagnostics bundle written to") != nullptr);
  app.snapshot.diagnostics_op =
      OperationStatus{false, "/home/ana/x.json: permission denied", ""};
  app.harness.Step(2);
  CHECK(app.harness.Find("The bundle could not be written: /home/ana/x.json: permission denied") !=
        nullptr);

  // A relative path is refused before anything is sent.
  app.ui.diagnostics.export_path = "bundle.json";
  app.harness.Step(2);
  const LoggedItem* refused = app.harness.Find("Export bundle");
  CHECK_FALSE(refused->enabled);
  CHECK(refused->tooltip.find("full path") != std::string::npos);
}

TEST_CASE("Diagnostics: Run background actions now and the next sync time") {
  AppHarness app(test::DiagnosticsSnapshot(), Advanced());
  OpenDiagnostics(app);
  // "in 12 min (today 00:12)" in UTC; the clock part depends on the local time zone.
  CHECK(FindContaining(app.harness.log(), "Next sync: in 12 min (") != nullptr);
  REQUIRE(app.harness.Click("Run background actions now"));
  CHECK(Count<RunBackgroundActionsCommand>(app) == 1);
  CHECK(FindContaining(app.harness.log(), "Started") != nullptr);
}

TEST_CASE("Diagnostics: a running background pass disables the button, its outcome is shown") {
  {  // one harness (one ImGui context) at a time
    Snapshot busy = test::DiagnosticsSnapshot();
    busy.background_op = {true, "", "Running background actions\u2026"};
    AppHarness running(busy, Advanced());
    OpenDiagnostics(running);
    const LoggedItem* button = running.harness.Find("Run background actions now");
    REQUIRE(button != nullptr);
    CHECK_FALSE(button->enabled);
    CHECK(button->tooltip == "A pass is running.");
    CHECK(FindContaining(running.harness.log(), "Running background actions") != nullptr);
  }
  Snapshot failed = test::DiagnosticsSnapshot();
  failed.background_op = {false, "Background actions: 0 enrolled, 1 failed", ""};
  AppHarness after(failed, Advanced());
  OpenDiagnostics(after);
  CHECK(FindContaining(after.harness.log(), "1 failed") != nullptr);
  CHECK(after.harness.Find("Run background actions now")->enabled);
}

TEST_CASE("Diagnostics: signed out, background actions say why and the log is empty") {
  AppHarness signed_out(Snapshot{}, Advanced());
  OpenDiagnostics(signed_out);
  const LoggedItem* run = signed_out.harness.Find("Run background actions now");
  REQUIRE(run != nullptr);
  CHECK_FALSE(run->enabled);
  CHECK(signed_out.harness.Find("No requests yet") != nullptr);
}
