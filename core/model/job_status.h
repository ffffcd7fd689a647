// The state of one job (enroll, renew, revoke, export, escrow, recover key) as the UI and the CLI
// see it: which steps it has, where it is, and how it ended. The job worker publishes these in the
// snapshot; views render progress from them and never talk to the worker directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/timestamp.h"
#include "core/util/result.h"

namespace trustdesk {

enum class JobKind { Enroll, Renew, Revoke, Export, Escrow, RecoverKey };

// Every step a job can go through, in the order they run (SPEC §8). CheckPolicy comes first:
// compatibility, allowed key store and key, the user's values and the duplicate allowance are all
// checked before a key is generated or anything is sent.
enum class JobStep {
  CheckPolicy, GenerateKey, BuildCsr, Submit, VerifyChain, Install, Escrow, Revoke, Export, Recover,
  Scripts, Done,
};

enum class JobState { Queued, Running, Succeeded, Failed, Cancelled };

struct JobStatus {
  uint64_t id = 0;
  JobKind kind = JobKind::Enroll;
  JobState state = JobState::Queued;
  std::string title;                   // "Enroll VPN client"
  std::string profile_id;
  std::string serial;                  // the certificate acted on (renew/revoke/export/recover)
  std::string result_serial;           // the certificate issued (enroll/renew), once known
  std::vector<JobStep> steps;          // the steps this job runs, in order
  std::size_t current = 0;             // index into steps of the running (or failing) step
  bool cancellable = true;             // false once the CSR has been submitted
  std::string error;                   // Failed: "<step>: <reason>"
  // Failed / Cancelled: the category of `error`, so a caller can tell a refused session (Auth)
  // from other failures without parsing the message.
  std::optional<ErrorCode> error_code;
  std::string result;                  // Succeeded: one line for the toast / CLI
  // Succeeded: the scripts that were not run and why (not allowed, changed since allowed, turned
  // off), one sentence; also at the end of `result`. Empty when every script ran or there was none.
  std::string scripts_note;
  std::optional<Timestamp> started_at;
  std::optional<Timestamp> finished_at;

  bool finished() const {
    return state == JobState::Succeeded || state == JobState::Failed ||
           state == JobState::Cancelled;
  }
  bool operator==(const JobStatus&) const = default;
};

const char* ToString(JobKind kind);    // "enroll", "renew", ...
const char* ToString(JobStep step);    // "generate_key", "build_csr", ...
const char* ToString(JobState state);  // "queued", "running", ...
const char* StepLabel(JobStep step);   // "Generate key", "Build request", ...

}  // namespace trustdesk
