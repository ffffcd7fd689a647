#include "core/model/job_status.h"

namespace trustdesk {

const char* ToString(JobKind kind) {
  switch (kind) {
    case JobKind::Enroll: return "enroll";
    case JobKind::Renew: return "renew";
    case JobKind::Revoke: return "revoke";
    case JobKind::Export: return "export";
    case JobKind::Escrow: return "escrow";
    case JobKind::RecoverKey: return "recover_key";
  }
  return "unknown";
}

const char* ToString(JobStep step) {
  switch (step) {
    case JobStep::CheckPolicy: return "check_policy";
    case JobStep::GenerateKey: return "generate_key";
    case JobStep::BuildCsr: return "build_csr";
    case JobStep::Submit: return "submit";
    case JobStep::VerifyChain: return "verify_chain";
    case JobStep::Install: return "install";
    case JobStep::Escrow: return "escrow";
    case JobStep::Revoke: return "revoke";
    case JobStep::Export: return "export";
    case JobStep::Recover: return "recover";
    case JobStep::Scripts: return "scripts";
    case JobStep::Done: return "done";
  }
  return "unknown";
}

const char* ToString(JobState state) {
  switch (state) {
    case JobState::Queued: return "queued";
    case JobState::Running: return "running";
    case JobState::Succeeded: return "succeeded";
    case JobState::Failed: return "failed";
    case JobState::Cancelled: return "cancelled";
  }
  return "unknown";
}

const char* StepLabel(JobStep step) {
  switch (step) {
    case JobStep::CheckPolicy: return "Check policy";
    case JobStep::GenerateKey: return "Generate key";
    case JobStep::BuildCsr: return "Build request";
    case JobStep::Submit: return "Submit to CA";
    case JobStep::VerifyChain: return "Verify chain";
    case JobStep::Install: return "Install";
    case JobStep::Escrow: return "Escrow key";
    case JobStep::Revoke: return "Revoke";
    case JobStep::Export: return "Export";
    case JobStep::Recover: return "Recover key";
    case JobStep::Scripts: return "Run scripts";
    case JobStep::Done: return "Done";
  }
  return "Unknown";
}

}  // namespace trustdesk
