#include <doctest/doctest.h>

#include "app/support/app_harness.h"
#include "app/support/fixture_certs.h"
#include "app/views/toasts.h"

using namespace trustdesk;
using namespace trustdesk::test;

namespace {

JobStatus FinishedJob(uint64_t id, JobState state, Timestamp at) {
  JobStatus job;
  job.id = id;
  job.kind = JobKind::Enroll;
  job.state = state;
  job.title = "Enroll VPN client";
  job.profile_id = "vpn-client";
  job.result_serial = serials::kVpnExpiring;
  job.steps = {JobStep::GenerateKey, JobStep::BuildCsr, JobStep::Submit, JobStep::Install,
               JobStep::Done};
  job.started_at = Timestamp{at.unix_seconds - 3};
  job.finished_at = at;
  if (state == JobState::Failed) {
    job.current = 2;
    job.error = "Submit to CA: the server answered 503 Service Unavailable";
  }
  return job;
}

int ToastsDrawn(const AppHarness& app, const std::string& text) {
  int n = 0;
  for (const auto& item : app.harness.log().items()) n += item.label == text ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("Toasts: a finished job is toasted once and goes away by itself") {
  AppHarness app(CertificatesSnapshot());
  const std::string text = "Enrolled VPN client \u2014 serial 51b0e8\u20267081";
  app.snapshot.jobs.push_back(FinishedJob(1, JobState::Running, app.now));
  app.snapshot.jobs.back().finished_at.reset();
  app.harness.Step(2);
  CHECK(app.ui.toasts.visible.empty());  // still running

  app.snapshot.jobs.back() = FinishedJob(1, JobState::Succeeded, app.now);
  app.harness.Step(3);
  CHECK(ToastsDrawn(app, text) == 1);
  REQUIRE(app.ui.toasts.visible.size() == 1);
  CHECK_FALSE(app.ui.toasts.visible[0].failed);

  app.now.unix_seconds += kToastSeconds;
  app.harness.Step(2);
  CHECK(ToastsDrawn(app, text) == 0);
  // The job is still in the snapshot: it is not toasted again.
  app.now.unix_seconds += 1;
  app.harness.Step(3);
  CHECK(ToastsDrawn(app, text) == 0);
}

TEST_CASE("Toasts: a failure names the step, in the error colour, and stays longer") {
  Snapshot snap = CertificatesSnapshot();
  ToastState state;
  snap.jobs.push_back(FinishedJob(2, JobState::Failed, kFixtureNow));
  UpdateToasts(snap, kFixtureNow, state);
  REQUIRE(state.visible.size() == 1);
  const Toast& toast = state.visible[0];
  CHECK(toast.failed);
  CHECK(toast.text == "Enroll VPN client failed at \u201cSubmit to CA\u201d");
  // The step is named in the title; the detail is the reason alone, as a sentence.
  CHECK(toast.detail == "The server answered 503 Service Unavailable");
  UpdateToasts(snap, Timestamp{kFixtureNow.unix_seconds + kToastSeconds}, state);
  CHECK(state.visible.size() == 1);
  UpdateToasts(snap, Timestamp{kFixtureNow.unix_seconds + kFailedToastSeconds}, state);
  CHECK(state.visible.empty());
}

TEST_CASE("Toasts: old jobs are not toasted, older than the last shown neither") {
  Snapshot snap = CertificatesSnapshot();
  ToastState state;
  // Finished a minute before the first frame (e.g. before the window opened).
  snap.jobs.push_back(
      FinishedJob(3, JobState::Succeeded, Timestamp{kFixtureNow.unix_seconds - 60}));
  UpdateToasts(snap, kFixtureNow, state);
  CHECK(state.visible.empty());
  snap.jobs.push_back(FinishedJob(4, JobState::Succeeded, kFixtureNow));
  UpdateToasts(snap, kFixtureNow, state);
  CHECK(state.visible.size() == 1);
  // Two jobs finishing in the same second are both shown.
  snap.jobs.push_back(FinishedJob(5, JobState::Cancelled, kFixtureNow));
  UpdateToasts(snap, kFixtureNow, state);
  CHECK(state.visible.size() == 2);
  CHECK(state.visible[1].cancelled);
  // Jobs the snapshot dropped are forgotten.
  snap.jobs.clear();
  UpdateToasts(snap, kFixtureNow, state);
  CHECK(state.shown_jobs.empty());
}

TEST_CASE("Toasts: clicking one opens the Activity page") {
  AppHarness app(CertificatesSnapshot());
  app.snapshot.jobs.push_back(FinishedJob(7, JobState::Succeeded, app.now));
  app.harness.Step(2);
  REQUIRE(app.harness.Click("Enrolled VPN client \u2014 serial 51b0e8\u20267081"));
  CHECK(app.ui.nav.page == Page::Activity);
  CHECK(app.ui.toasts.visible.empty());
}

TEST_CASE("Toasts: the app knows when the next one is due to go away") {
  Snapshot snap = CertificatesSnapshot();
  ToastState state;
  CHECK_FALSE(SecondsUntilToastExpires(state, kFixtureNow).has_value());
  snap.jobs.push_back(FinishedJob(8, JobState::Succeeded, kFixtureNow));
  snap.jobs.push_back(FinishedJob(9, JobState::Failed, kFixtureNow));
  UpdateToasts(snap, kFixtureNow, state);
  REQUIRE(state.visible.size() == 2);
  CHECK(SecondsUntilToastExpires(state, kFixtureNow) == kToastSeconds);
  const Timestamp later{kFixtureNow.unix_seconds + kToastSeconds};
  UpdateToasts(snap, later, state);
  CHECK(SecondsUntilToastExpires(state, later) == kFailedToastSeconds - kToastSeconds);
}

TEST_CASE("Toasts: held back while a modal is open, so they never cover its buttons") {
  AppHarness app(CertificatesSnapshot());
  const std::string text = "Enrolled VPN client \u2014 serial 51b0e8\u20267081";
  app.ui.nav.page = Page::Issued;
  app.harness.Step(2);
  REQUIRE(app.harness.Click(std::string("Actions ") + serials::kVpnValid));
  REQUIRE(app.harness.Click("Revoke\u2026"));
  app.harness.Step(2);
  REQUIRE(app.harness.Find("Cancel") != nullptr);  // the revoke dialog is open

  app.snapshot.jobs.push_back(FinishedJob(11, JobState::Succeeded, app.now));
  app.harness.Step(2);
  CHECK(ToastsDrawn(app, text) == 0);
  REQUIRE(app.ui.toasts.visible.size() == 1);  // waiting, not dropped
  // Its clock does not run while it waits.
  app.now.unix_seconds += kToastSeconds + 1;
  app.harness.Step(2);
  CHECK(ToastsDrawn(app, text) == 0);
  REQUIRE(app.ui.toasts.visible.size() == 1);

  REQUIRE(app.harness.Click("Cancel"));
  app.harness.Step(2);
  CHECK(ToastsDrawn(app, text) == 1);
  app.now.unix_seconds += kToastSeconds;
  app.harness.Step(2);
  CHECK(ToastsDrawn(app, text) == 0);
}
