// An export never overwrites a file: not one that exists when the export starts, and not one
// that appears while the key is being encrypted (between the check and the write).
#include <doctest/doctest.h>

#include <atomic>

#include "core/util/atomic_file.h"
#include "tests/integration/support/jobs_client.h"

using namespace trustdesk;
using namespace trustdesk::testing;
namespace fs = std::filesystem;

TEST_CASE("security: an export target that appears after the check is never overwritten") {
  TestServer server;
  TempDir dir;
  const fs::path out = dir.path() / "out" / "mail.pem";
  fs::create_directories(out.parent_path());
  std::atomic<bool> armed{false};
  JobsClient client(server, SystemClock::Instance(), dir.path() / "data", [&](JobWorkerOptions& o) {
    // Right after the export's policy step (which checked the target is free),
    // another program creates the file.
    o.crash_after_step = [&](uint64_t, JobStep step) {
      if (step == JobStep::CheckPolicy && armed.exchange(false)) {
        REQUIRE(WriteFileAtomic(out, "someone else's file", 0644).ok());
      }
      return false;
    };
  });
  client.SignIn();
  EnrollRequest web;
  web.profile_id = "nw-web-server";
  web.fields = DemoFields("nw-web-server");
  web.store = {KeyStoreKind::Pem, (dir.path() / "tls").string(), ""};
  const JobStatus enrolled = client.Run(web);
  REQUIRE_MESSAGE(enrolled.state == JobState::Succeeded, enrolled.error);

  armed = true;
  const JobStatus exported = client.Run(
      ExportRequest{enrolled.result_serial, ExportFormat::Pem, out.string(), "", "export-pass-1"});
  CHECK(exported.state == JobState::Failed);
  CHECK(exported.error.find(out.string() + " already exists") != std::string::npos);
  auto text = ReadFileLimited(out, 1 << 20);
  REQUIRE(text.ok());
  CHECK(*text == "someone else's file");
}
