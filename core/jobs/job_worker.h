// The JobWorker thread (SPEC §1, §7): runs enroll, renew, revoke, export, escrow and key recovery
// jobs one at a time, off the UI thread. Submit() returns at once; every step's progress is
// published into Snapshot::jobs, results into Snapshot::issued / Snapshot::installed, and each
// finished job is appended to the Activity log with its duration and, on failure, the step that
// failed. A journal (job_journal.h) makes enrollments and renewals crash-safe: a certificate the
// CA issued is never lost, even if TrustDesk dies before installing it.
//
// Enroll / renew steps: check policy → generate key → build CSR → submit → verify chain → install
// → escrow (policy) → revoke previous (renewal, policy) → scripts (each only when the user allowed
// that exact script) → done. A job can be cancelled until it is submitted to the CA.
//
// Typical use (the workspace owns everything passed in; all must outlive the worker):
//   JobWorker worker(store, activity, inventory, [&] { return session.current_session(); }, clock,
//                    {.data_dir = dirs.data});
//   worker.Start();                       // also resumes interrupted jobs from the journal
//   uint64_t id = worker.Submit(EnrollRequest{...});
//   JobStatus done = worker.Wait(id);     // CLI and tests; the GUI reads Snapshot::jobs instead
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/activity/activity_log.h"
#include "core/api/api_client.h"
#include "core/inventory/inventory.h"
#include "core/jobs/job_journal.h"
#include "core/jobs/job_request.h"
#include "core/keystore/software_key_store.h"
#include "core/model/job_status.h"
#include "core/model/version.h"
#include "core/state/snapshot_store.h"
#include "core/util/clock.h"

namespace trustdesk {

struct JobWorkerOptions {
  // The journal lives in data_dir/jobs; the software key store in data_dir unless a request names
  // another directory. Required.
  std::filesystem::path data_dir;
  // PEM roots an issued certificate must chain to. Empty: the self-signed roots of the server's
  // GET /ca/chain, fetched over the verified TLS connection for each job.
  std::string trust_anchors_pem;
  // Finished jobs stay in Snapshot::jobs for this long, at most `keep_finished` of them.
  std::size_t keep_finished = 20;
  std::chrono::seconds keep_finished_for{3600};
  // Resume interrupted jobs from the journal in Start().
  bool resume_on_start = true;
  std::string app_version = std::string(AppVersion());  // for the compatibility rule
  ScryptParams software_store_params;                   // tests lower the PIN-hashing cost
  // The user's script consents (script_consent.h), read when a job's scripts step starts. Empty:
  // only the scripts a request allows for its own job may run.
  std::filesystem::path script_consent_file;
  // Test hook, called on the worker thread when a step has completed (its journal entry written).
  // Returning true simulates the process dying right there: the worker thread stops at once and
  // writes nothing more — no inventory, no journal clean-up, no activity, no snapshot.
  std::function<bool(uint64_t job_id, JobStep step)> crash_after_step;
};

// A journal entry that ResumeJournal() could not finish on its own, with the reason.
struct PendingResume {
  std::string journal_id;
  JobKind kind = JobKind::Enroll;
  std::string profile_id;
  std::string serial;  // the issued certificate, when known
  KeyStoreKind store = KeyStoreKind::Software;
  bool needs_secret = false;  // submit ResumeRequest{journal_id, secret} to finish it
  std::string reason;
};

class JobWorker {
 public:
  // The signed-in session (API client + token), or nullopt when signed out. Called on the worker
  // thread at the start of each job that needs the server.
  using SessionProvider = std::function<std::optional<ApiSession>()>;

  // Reads profiles and the account from `store`'s current snapshot; writes inventory changes to
  // `inventory`, which from Start() on only the worker thread touches (read Snapshot::installed).
  JobWorker(SnapshotStore& store, ActivityLog& activity, Inventory& inventory,
            SessionProvider session, const Clock& clock, JobWorkerOptions options);
  ~JobWorker();  // Stop()
  JobWorker(const JobWorker&) = delete;
  JobWorker& operator=(const JobWorker&) = delete;

  // Starts the worker thread, publishes the inventory into Snapshot::installed and (by default)
  // resumes the journal.
  void Start();
  // Cancels queued jobs and a running job that has not been submitted yet, lets a submitted job
  // finish (its journal protects it if the process is killed instead), joins the thread.
  void Stop();

  // Queues a job and returns its id at once; the job shows as Queued in the next snapshot.
  uint64_t Submit(JobRequest request);
  // Cancels a queued job, or a running one that has not been submitted to the CA yet. Otherwise
  // an error saying why not: Conflict "job 7 was already submitted to the CA; it can no longer be
  // cancelled", NotFound for an unknown id, InvalidInput for a job that already finished.
  Status Cancel(uint64_t id);
  // Blocks until the job has finished (or the worker stopped) and returns its final status.
  // An unknown id returns a Failed status saying so.
  JobStatus Wait(uint64_t id);
  // The current status of a job known to the worker (running, queued or recently finished).
  std::optional<JobStatus> Find(uint64_t id) const;

  // Queues one job per journal entry not already being resumed and returns their ids. Entries the
  // worker cannot finish now (no session for a lookup, a key store secret needed) stay in the
  // journal and are listed by PendingJournal(). Safe to call again, e.g. after sign-in.
  std::vector<uint64_t> ResumeJournal();
  std::vector<PendingResume> PendingJournal() const;

 private:
  struct Queued {
    uint64_t id = 0;
    JobRequest request;
    std::optional<JournalEntry> resume;  // set for journal resumes
  };
  friend class JobRun;

  void Run();
  void Execute(Queued job);
  // Publishes the job list (and whatever `extra` changes) into the next snapshot.
  void Publish(const std::function<void(Snapshot&)>& extra = {});
  void UpdateJob(uint64_t id, const std::function<void(JobStatus&)>& edit);
  void PruneFinishedLocked();
  JobStatus InitialStatus(uint64_t id, const JobRequest& request,
                          const std::optional<JournalEntry>& resume) const;
  // Records the final status for Wait()/Find() and wakes waiters (after it was published).
  void Finished(const JobStatus& status);
  void MarkPending(const JournalEntry& entry, bool needs_secret, const std::string& reason);
  void ClearPending(const std::string& journal_id);

  SnapshotStore& store_;
  ActivityLog& activity_;
  Inventory& inventory_;
  SessionProvider session_;
  const Clock& clock_;
  JobWorkerOptions options_;
  JobJournal journal_;

  mutable std::mutex mutex_;      // guards everything below
  std::condition_variable wake_;  // the worker thread waits for jobs
  std::condition_variable done_;  // Wait() callers
  std::deque<Queued> queue_;
  std::vector<JobStatus> jobs_;        // queued, running and recently finished, oldest first
  std::deque<JobStatus> history_;      // final statuses for Wait()/Find(), bounded
  std::map<uint64_t, bool> cancel_;    // cancel requested, by job id (running job only)
  std::vector<std::string> resuming_;  // journal ids queued or running
  std::map<std::string, PendingResume> pending_;
  uint64_t next_id_ = 1;
  uint64_t running_ = 0;  // id of the running job, 0 when idle
  bool stop_ = false;
  bool started_ = false;
  bool crashed_ = false;  // crash_after_step fired: the thread is gone
  std::thread thread_;
};

}  // namespace trustdesk
