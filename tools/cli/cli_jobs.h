// Running one job from the command line: the key store's secret from the environment or stdin,
// submit and wait with each step printed on stderr as it starts (human mode), the exit code of
// the finished job, and the JSON pieces the job commands share (docs/cli.md).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/model/job_status.h"
#include "core/model/snapshot.h"
#include "tools/cli/cli_context.h"

namespace trustdesk::cli {

// The environment variable that holds the secret of a key store of `kind` (nullptr: none needed).
const char* SecretVariable(KeyStoreKind kind);

// The secret a key store of `kind` needs, read for `command` ("enroll"): the software store's
// PIN (TRUSTDESK_PIN) or a PKCS#12 passphrase (TRUSTDESK_PASSPHRASE), from the variable or the
// next stdin line; a PEM key's optional passphrase from TRUSTDESK_PASSPHRASE only (never
// prompted). A required secret that is not there is an InvalidInput error naming the variable.
Result<std::string> ReadStoreSecret(CliContext& ctx, KeyStoreKind kind, const std::string& command);

// A required passphrase other than a key store's (export, recovery), read the same way.
Result<std::string> ReadPassphrase(CliContext& ctx, const char* env_var, const std::string& what,
                                   const std::string& command);

// Prints each step of the running jobs on `err` as it starts ("Enroll VPN: Generate key…"),
// from the workspace's publish callback, until Stop() (or destruction).
class JobProgress {
 public:
  JobProgress(Workspace& ws, std::ostream& err);
  ~JobProgress();
  JobProgress(const JobProgress&) = delete;
  JobProgress& operator=(const JobProgress&) = delete;
  void Stop();

 private:
  struct State;
  Workspace& ws_;
  std::shared_ptr<State> state_;
};

// Submits `request`, waits for it (steps on stderr unless --json) and returns its final status.
JobStatus RunJob(CliContext& ctx, JobRequest request);

// 0 succeeded, 4 failed because the server refused the session or the password it asked for again
// (or a key store refused its secret), 1 any other failure or a cancellation.
int JobExitCode(const JobStatus& job);

// Prints "trustdesk-cli: <title> failed: <step>: <reason>" (the GUI's wording) and returns the
// exit code; 0 without printing when the job succeeded.
int ReportJobFailure(const CliContext& ctx, const JobStatus& job);

// {"id", "kind", "state", "title", "profile_id", "serial", "result_serial", "steps", "error",
//  "error_code", "result", "started_at", "finished_at"}
nlohmann::json JobJson(const JobStatus& job);

// Where a certificate is installed here: {"serial", "store", "location", "expires"}, or null.
nlohmann::json InstalledJson(const Snapshot& snapshot, const std::string& serial);
const InventoryEntry* FindInstalled(const Snapshot& snapshot, const std::string& serial);
const ProfileEntry* FindProfileEntry(const Snapshot& snapshot, const std::string& profile_id);

}  // namespace trustdesk::cli
