// A TrustDesk client for job tests: snapshot store, Activity log, inventory, the real sync engine
// and session manager, and a JobWorker, all on one data directory, talking to a TestServer.
//
//   JobsClient client(server, clock, dir.path());
//   client.SignIn();                                   // demo user, waits for the first sync
//   JobStatus done = client.Run(EnrollRequest{...});   // Submit + Wait
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/activity/activity_log.h"
#include "core/inventory/inventory.h"
#include "core/jobs/job_worker.h"
#include "core/secrets/secret_store.h"
#include "core/session/session_manager.h"
#include "core/state/snapshot_store.h"
#include "core/sync/sync_engine.h"
#include "tests/integration/support/test_server.h"

namespace trustdesk::testing {

// A software key store PIN used throughout the job tests.
inline constexpr const char* kTestPin = "246813579";
inline constexpr const char* kDemoPassword = "demo";  // the demo user's sign-in password

class JobsClient {
 public:
  // `tweak` may change the worker options (hooks, anchors) before the worker is made.
  JobsClient(TestServer& server, const Clock& clock, std::filesystem::path data_dir,
             const std::function<void(JobWorkerOptions&)>& tweak = {}, bool start = true);
  ~JobsClient();

  // Signs in and waits for the sign-in sync; fails the test otherwise.
  void SignIn(const std::string& username = "demo", const std::string& password = "demo");
  // A sync now (profiles and issued certificates), waiting for it.
  void Sync();
  // Submit + Wait.
  JobStatus Run(JobRequest request);

  std::shared_ptr<const Snapshot> snap() const { return store.Current(); }
  const IssuedCertificate* Issued(const std::string& serial) const;
  const Profile* FindProfile(const std::string& profile_id) const;

  TestServer& server;
  const Clock& clock;
  std::filesystem::path data_dir;
  SnapshotStore store;
  ActivityLog activity;
  Inventory inventory;
  std::unique_ptr<SyncEngine> engine;
  std::unique_ptr<SecretStore> secrets;
  std::unique_ptr<SessionManager> session;
  std::unique_ptr<JobWorker> worker;

 private:
  std::shared_ptr<const Snapshot> keep_;  // keeps pointers handed out by Issued()/FindProfile()
};

// Enrollment values that satisfy a demo profile's user-entered fields for the demo user.
std::map<std::string, std::string> DemoFields(const std::string& profile_id);

// Runs `tool` with `args` directly (posix_spawn, no shell) through core/scripts; returns the
// exit code (-1 when it could not start) and stdout + stderr.
struct ToolRun {
  int exit_code = -1;
  std::string output;
};
ToolRun RunTool(const std::string& tool, const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env = {});
// Absolute path of an executable on PATH ("openssl", "keytool"); empty when not installed.
std::string Which(const std::string& name);

}  // namespace trustdesk::testing
