#include <doctest/doctest.h>

#include <string>

#include "app/support/app_harness.h"
#include "app/support/fixture_certs.h"
#include "app/views/status_bar.h"

using namespace trustdesk;
using namespace trustdesk::test;

namespace {

JobStatus Job(uint64_t id, JobState state, std::size_t current) {
  JobStatus job;
  job.id = id;
  job.kind = JobKind::Enroll;
  job.state = state;
  job.title = "Enroll VPN client";
  job.steps = {JobStep::GenerateKey, JobStep::BuildCsr, JobStep::Submit, JobStep::Done};
  job.current = current;
  return job;
}

}  // namespace

TEST_CASE("Status bar: says which job is running and where it is") {
  Snapshot snap;
  CHECK(RunningJobsText(snap) == "No jobs running");
  snap.jobs.push_back(Job(1, JobState::Succeeded, 3));
  CHECK(RunningJobsText(snap) == "No jobs running");  // finished jobs do not count
  snap.jobs.push_back(Job(2, JobState::Running, 2));
  CHECK(RunningJobsText(snap) == "Enroll VPN client \u2014 Submit to CA\u2026");
  snap.jobs.back().state = JobState::Queued;
  CHECK(RunningJobsText(snap) == "Enroll VPN client (queued)");
  snap.jobs.push_back(Job(3, JobState::Running, 0));
  CHECK(RunningJobsText(snap) == "2 jobs running");
}

TEST_CASE("Status bar: a running job shows in the window, and a long failure never runs under "
          "the account") {
  AppHarness app(CertificatesSnapshot());
  app.snapshot.jobs.push_back(Job(4, JobState::Running, 1));
  app.harness.Step(2);
  CHECK(app.harness.Find("Status: Enroll VPN client \u2014 Build request\u2026") != nullptr);

  app.snapshot.sync.state = SyncState::Failed;
  app.snapshot.sync.failure_reason =
      "cannot reach https://certificates.internal.example.com:8443: the TLS handshake failed "
      "because the server presented a certificate for a different host name";
  app.harness.Step(2);
  const LoggedItem* jobs = app.harness.Find("Status: Enroll VPN client \u2014 Build request\u2026");
  const LoggedItem* account = app.harness.Find("Status account");
  REQUIRE(jobs != nullptr);
  REQUIRE(account != nullptr);
  CHECK(jobs->max.x <= account->min.x);
  CHECK(account->max.x <= 1280.0f);
}
