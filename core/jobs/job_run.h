// One job being executed on the worker thread (internal to core/jobs). A JobRun walks the steps
// of its job, reports each into the worker's job list, checks for cancellation until the job is
// submitted, honours the crash hook, and returns either a one-line result or an Error whose
// message starts with the label of the step that failed.
//
// Sections of the implementation: job_run.cpp (steps, shared helpers: session, profile, trust
// anchors, install, inventory, escrow), job_scripts.cpp (the scripts step and its consent check),
// job_enroll.cpp (enroll, renew, journal resume), job_certificate_ops.cpp (revoke, export,
// escrow, recover).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/crypto/chain_verifier.h"
#include "core/jobs/job_journal.h"
#include "core/jobs/job_request.h"
#include "core/jobs/job_worker.h"
#include "core/jobs/key_store_opener.h"
#include "core/scripts/script_runner.h"

namespace trustdesk {

class JobRun {
 public:
  JobRun(JobWorker& worker, uint64_t id) : w_(worker), id_(id) {}

  Result<std::string> Enroll(const EnrollRequest& request);
  Result<std::string> Renew(const RenewRequest& request);
  Result<std::string> Revoke(const RevokeRequest& request);
  Result<std::string> Export(const ExportRequest& request);
  Result<std::string> Escrow(const EscrowRequest& request);
  Result<std::string> Recover(const RecoverKeyRequest& request);
  // Finishes an interrupted enrollment or renewal from its journal entry.
  Result<std::string> Resume(JournalEntry entry, const std::string& secret);

  // The crash hook fired: the caller must stop without writing anything else.
  bool crashed() const { return crashed_; }
  // The step that was running when the job failed.
  JobStep step() const { return step_; }
  // Serial of the certificate the job produced or acted on, once known (for the Activity log).
  const std::string& serial() const { return serial_; }
  const std::string& profile_id() const { return profile_id_; }
  // Activity lines from scripts etc. added to the job's entry.
  const std::vector<std::string>& notes() const { return notes_; }
  // The scripts that were not run and why (JobStatus::scripts_note).
  const std::string& scripts_note() const { return scripts_note_; }
  // Publishes the certificates this job created or changed into Snapshot::issued.
  void FlushIssued();

 private:
  // What an enrollment carries from one step to the next.
  struct Enrollment {
    JobKind kind = JobKind::Enroll;
    Profile profile;
    bool have_profile = false;
    KeyStoreLocation store;
    std::string label;            // slot name
    std::string replaces_serial;  // install over this certificate (renewal)
    std::optional<KeyPair> key;
    JournalEntry journal;
    std::string anchors_pem;
    ScriptPermission scripts;
    KeyStoreEntry installed;
  };

  // Marks `step` as running. Before submission it fails with Cancelled when a cancel arrived.
  Status Begin(JobStep step);
  // Marks `step` done; false (and crashed()) when the crash hook says the process dies here.
  bool Completed(JobStep step);
  Error Fail(const Error& e) const;  // "<step label>: <message>", same code
  Error Crash() const;

  Result<ApiSession> Session() const;
  Result<Profile> FindProfile(const std::string& profile_id) const;
  Result<Account> CurrentAccount() const;
  std::vector<IssuedCertificate> IssuedList() const;
  // The CA roots issued certificates must chain to (options, else the server's /ca/chain roots).
  Result<std::string> TrustAnchors(const ApiSession* session, std::string_view fallback_chain);
  Result<OpenedKeyStore> Open(const KeyStoreLocation& where) const;

  // Shared tail of enroll, renew and resume: verify → install → escrow → revoke previous →
  // journal removed → scripts.
  Result<std::string> FinishEnrollment(Enrollment& e);
  Status Install(Enrollment& e);
  Status EscrowKey(const ApiSession& session, const KeyPair& key, const std::string& serial,
                   const std::string& anchors, const std::string& chain_pem);
  // The scripts step: runs the profile's scripts for this platform that `permission` allows
  // (switch on, and this exact script allowed always or for this job); the others are skipped
  // and reported (Activity, scripts_note()). An error lists the scripts that ran and failed.
  Status RunScripts(const Profile& profile, const ScriptPermission& permission,
                    const std::string& event, const KeyStoreEntry& entry,
                    const std::string& common_name);
  // " ; <scripts note>" for the job's result line, or "".
  std::string ScriptsNoteSuffix() const;
  Result<std::string> GenerateAndSubmit(Enrollment& e, const KeySpec& spec, const Account& account,
                                        const EnrollmentValues& values, const ApiSession& session);
  Status SubmitEnrollment(Enrollment& e, const ApiSession& session);
  // Renewal: makes sure the replaced certificate is revoked and gone from store and inventory.
  Status RevokeReplaced(const ApiSession& session, const std::string& old_serial,
                        const KeyStoreLocation& store);

  // Collects a new or changed certificate for FlushIssued().
  void PublishIssued(const IssuedCertificate& cert);
  void PublishInstalled();
  void NoteActivity(ActivityEntry entry);

  JobWorker& w_;
  uint64_t id_;
  JobStep step_ = JobStep::CheckPolicy;
  bool crashed_ = false;
  std::string serial_;
  std::string profile_id_;
  std::vector<std::string> notes_;
  std::string scripts_note_;
  std::vector<IssuedCertificate> issued_updates_;
};

}  // namespace trustdesk
