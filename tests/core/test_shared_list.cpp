#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/model/job_status.h"
#include "core/model/shared_list.h"
#include "core/state/snapshot_store.h"

namespace trustdesk {

TEST_CASE("shared list: reads like a vector, copies share, assignment replaces") {
  SharedList<std::string> empty;
  CHECK(empty.empty());
  CHECK(empty.size() == 0);

  SharedList<std::string> a(std::vector<std::string>{"one", "two"});
  const SharedList<std::string> b = a;
  CHECK(b.SameAs(a));
  CHECK(&b[0] == &a[0]);  // the same elements, not a copy

  std::vector<std::string> edited = a.Copy();
  edited.push_back("three");
  a = std::move(edited);
  CHECK_FALSE(b.SameAs(a));
  CHECK(a.size() == 3);
  CHECK(b.size() == 2);  // the earlier holder keeps what it saw
  std::vector<std::string> seen;
  for (const auto& s : a) seen.push_back(s);
  CHECK(seen == std::vector<std::string>{"one", "two", "three"});
  a.clear();
  CHECK(a.empty());
}

TEST_CASE("shared list: publishing a snapshot does not copy the big lists") {
  SnapshotStore store;
  std::vector<IssuedCertificate> many(1000);
  store.Update([&](Snapshot& s) { s.issued = std::move(many); });
  const auto before = store.Current();
  store.Update([](Snapshot& s) { s.jobs.push_back(JobStatus{}); });
  const auto after = store.Current();
  CHECK(after->issued.SameAs(before->issued));
  CHECK(after->jobs.size() == 1);
  CHECK(before->jobs.empty());
}

TEST_CASE("job status: names and labels for every step") {
  CHECK(std::string(ToString(JobStep::VerifyChain)) == "verify_chain");
  CHECK(std::string(StepLabel(JobStep::Submit)) == "Submit to CA");
  CHECK(std::string(ToString(JobKind::RecoverKey)) == "recover_key");
  CHECK(std::string(ToString(JobState::Cancelled)) == "cancelled");
  JobStatus job;
  CHECK_FALSE(job.finished());
  job.state = JobState::Failed;
  CHECK(job.finished());
}

}  // namespace trustdesk
