// JobWorker: the queue, the worker thread, cancellation, waiting, publishing the job list, the
// Activity log entry of every finished job, and resuming the journal. The steps themselves are in
// JobRun (job_run.h).
#include "core/jobs/job_worker.h"

#include <algorithm>

#include "core/jobs/job_policy.h"
#include "core/jobs/job_run.h"

namespace trustdesk {
namespace {

constexpr std::size_t kHistoryLimit = 4096;  // finished statuses kept for Wait()
constexpr std::size_t kSnapshotActivityLimit = 500;

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::string ShortSerial(const std::string& serial) {
  return serial.size() > 12 ? serial.substr(0, 12) + "..." : serial;
}

const ProfileEntry* FindEntry(const Snapshot& s, const std::string& profile_id) {
  for (const ProfileEntry& p : s.profiles) {
    if (p.profile.id == profile_id) return &p;
  }
  return nullptr;
}

std::string ProfileId(const Snapshot& s, const std::string& serial) {
  for (const InventoryEntry& e : s.installed) {
    if (e.serial == serial) return e.profile_id;
  }
  for (const IssuedCertificate& c : s.issued) {
    if (c.serial == serial) return c.profile_id;
  }
  return {};
}

// The enrollment tail every enroll / renew / resume shows, given what the profile asks for.
void AddEnrollTail(std::vector<JobStep>& steps, const Profile* profile, bool renew,
                   bool scripts_enabled) {
  steps.insert(steps.end(), {JobStep::VerifyChain, JobStep::Install});
  if (profile && profile->policy.key_escrow.required) steps.push_back(JobStep::Escrow);
  if (renew && profile && RevokesPreviousOnRenew(*profile)) steps.push_back(JobStep::Revoke);
  if (scripts_enabled && profile && !ScriptsForThisPlatform(*profile).empty()) {
    steps.push_back(JobStep::Scripts);
  }
  steps.push_back(JobStep::Done);
}

}  // namespace

JobWorker::JobWorker(SnapshotStore& store, ActivityLog& activity, Inventory& inventory,
                     SessionProvider session, const Clock& clock, JobWorkerOptions options)
    : store_(store),
      activity_(activity),
      inventory_(inventory),
      session_(std::move(session)),
      clock_(clock),
      options_(std::move(options)),
      journal_(options_.data_dir / "jobs") {}

JobWorker::~JobWorker() { Stop(); }

void JobWorker::Start() {
  {
    std::lock_guard lock(mutex_);
    if (started_ || stop_) return;
    started_ = true;
  }
  std::vector<InventoryEntry> installed = inventory_.entries();
  Publish([&installed](Snapshot& s) { s.installed = std::move(installed); });
  thread_ = std::thread([this] { Run(); });
  if (options_.resume_on_start) (void)ResumeJournal();
}

void JobWorker::Stop() {
  std::vector<JobStatus> cancelled;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    for (const Queued& q : queue_) {
      for (JobStatus& j : jobs_) {
        if (j.id != q.id) continue;
        j.state = JobState::Cancelled;
        j.error = "cancelled: TrustDesk is shutting down";
        j.cancellable = false;
        j.finished_at = clock_.Now();
        cancelled.push_back(j);
      }
    }
    queue_.clear();
    resuming_.clear();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (!cancelled.empty()) Publish();
  {
    std::lock_guard lock(mutex_);
    for (const JobStatus& j : cancelled) history_.push_back(j);
  }
  done_.notify_all();
}

uint64_t JobWorker::Submit(JobRequest request) {
  const std::optional<JournalEntry> none;
  JobStatus status = InitialStatus(0, request, none);
  uint64_t id = 0;
  bool refused = false;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    status.id = id;
    if (stop_ || crashed_) {
      status.state = JobState::Cancelled;
      status.cancellable = false;
      status.error = "cancelled: the job worker is stopped";
      status.finished_at = clock_.Now();
      refused = true;
    } else {
      if (auto* resume = std::get_if<ResumeRequest>(&request))
        resuming_.push_back(resume->journal_id);
      queue_.push_back(Queued{id, std::move(request), std::nullopt});
    }
    jobs_.push_back(status);
    if (refused) history_.push_back(status);
  }
  wake_.notify_one();
  Publish();
  return id;
}

Status JobWorker::Cancel(uint64_t id) {
  std::optional<JobStatus> cancelled;
  {
    std::lock_guard lock(mutex_);
    auto job =
        std::find_if(jobs_.begin(), jobs_.end(), [&](const JobStatus& j) { return j.id == id; });
    if (job == jobs_.end()) {
      return Error{ErrorCode::NotFound, "there is no job " + std::to_string(id)};
    }
    if (job->finished()) {
      return Error{ErrorCode::InvalidInput,
                   "job " + std::to_string(id) + " has already " +
                       (job->state == JobState::Succeeded ? "succeeded"
                        : job->state == JobState::Failed  ? "failed"
                                                          : "been cancelled")};
    }
    auto queued =
        std::find_if(queue_.begin(), queue_.end(), [&](const Queued& q) { return q.id == id; });
    if (queued != queue_.end()) {
      if (auto* resume = std::get_if<ResumeRequest>(&queued->request)) {
        resuming_.erase(std::remove(resuming_.begin(), resuming_.end(), resume->journal_id),
                        resuming_.end());
      }
      if (queued->resume) {
        resuming_.erase(std::remove(resuming_.begin(), resuming_.end(), queued->resume->id),
                        resuming_.end());
      }
      queue_.erase(queued);
      job->state = JobState::Cancelled;
      job->cancellable = false;
      job->error = "cancelled before it started";
      job->finished_at = clock_.Now();
      cancelled = *job;
    } else if (!job->cancellable) {
      return Error{ErrorCode::Conflict, "job " + std::to_string(id) +
                                            " was already submitted to the CA; it can no longer "
                                            "be cancelled"};
    } else {
      cancel_[id] = true;  // the job stops before its next step
    }
  }
  if (cancelled) {
    ActivityEntry a;
    a.at = clock_.Now();
    a.kind = ActivityKind::Job;
    a.outcome = ActivityOutcome::Cancelled;
    a.title = cancelled->title + " cancelled";
    a.profile_id = cancelled->profile_id;
    a.serial = cancelled->serial;
    a.id = activity_.Append(a);
    Publish([&a](Snapshot& s) {
      auto v = s.activity.Copy();
      v.push_back(a);
      if (v.size() > kSnapshotActivityLimit) v.erase(v.begin(), v.end() - kSnapshotActivityLimit);
      s.activity = std::move(v);
    });
    Finished(*cancelled);
  }
  return Status::Ok();
}

JobStatus JobWorker::Wait(uint64_t id) {
  std::unique_lock lock(mutex_);
  // A job counts as finished for waiters once its final state has been published.
  auto final_status = [&]() -> const JobStatus* {
    for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
      if (it->id == id) return &*it;
    }
    return nullptr;
  };
  auto current = [&]() -> const JobStatus* {
    for (const JobStatus& j : jobs_) {
      if (j.id == id) return &j;
    }
    return nullptr;
  };
  done_.wait(lock, [&] { return final_status() || crashed_ || id == 0 || id >= next_id_; });
  if (const JobStatus* j = final_status()) return *j;
  if (const JobStatus* j = current()) return *j;
  JobStatus unknown;
  unknown.id = id;
  unknown.state = JobState::Failed;
  unknown.error = "there is no job " + std::to_string(id);
  return unknown;
}

std::optional<JobStatus> JobWorker::Find(uint64_t id) const {
  std::lock_guard lock(mutex_);
  for (const JobStatus& j : jobs_) {
    if (j.id == id) return j;
  }
  for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
    if (it->id == id) return *it;
  }
  return std::nullopt;
}

std::vector<uint64_t> JobWorker::ResumeJournal() {
  std::vector<std::string> problems;
  std::vector<JournalEntry> entries = journal_.Load(&problems);
  for (const std::string& p : problems) {
    ActivityEntry a;
    a.at = clock_.Now();
    a.kind = ActivityKind::Job;
    a.outcome = ActivityOutcome::Failed;
    a.title = "An interrupted job's journal entry could not be read";
    a.detail = p;
    activity_.Append(std::move(a));
  }
  const bool signed_in = session_ && session_().has_value();
  std::vector<uint64_t> ids;
  for (JournalEntry& entry : entries) {
    {
      std::lock_guard lock(mutex_);
      if (std::find(resuming_.begin(), resuming_.end(), entry.id) != resuming_.end()) continue;
    }
    if (entry.key_encrypted) {
      MarkPending(entry, true, "the key store's PIN or passphrase is needed to finish");
      continue;
    }
    if (entry.phase == JournalPhase::Submitted && !signed_in) {
      MarkPending(entry, false, "waiting for sign-in to look for the certificate");
      continue;
    }
    JobStatus status = InitialStatus(0, ResumeRequest{entry.id, {}}, entry);
    uint64_t id = 0;
    {
      std::lock_guard lock(mutex_);
      if (stop_ || crashed_) break;
      id = next_id_++;
      status.id = id;
      jobs_.push_back(status);
      resuming_.push_back(entry.id);
      queue_.push_back(Queued{id, ResumeRequest{entry.id, {}}, std::move(entry)});
    }
    ids.push_back(id);
  }
  if (!ids.empty()) {
    wake_.notify_one();
    Publish();
  }
  return ids;
}

std::vector<PendingResume> JobWorker::PendingJournal() const {
  std::lock_guard lock(mutex_);
  std::vector<PendingResume> out;
  for (const auto& [id, p] : pending_) out.push_back(p);
  return out;
}

void JobWorker::MarkPending(const JournalEntry& entry, bool needs_secret,
                            const std::string& reason) {
  PendingResume p;
  p.journal_id = entry.id;
  p.kind = entry.kind;
  p.profile_id = entry.profile_id;
  p.serial = entry.phase == JournalPhase::Issued ? entry.certificate.serial : std::string();
  p.store = entry.store_kind;
  p.needs_secret = needs_secret;
  p.reason = reason;
  std::lock_guard lock(mutex_);
  pending_[entry.id] = std::move(p);
}

void JobWorker::ClearPending(const std::string& journal_id) {
  std::lock_guard lock(mutex_);
  pending_.erase(journal_id);
}

void JobWorker::Run() {
  while (true) {
    Queued job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_ || queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      running_ = job.id;
    }
    Execute(std::move(job));
    std::lock_guard lock(mutex_);
    running_ = 0;
    if (crashed_) return;  // the simulated process death: nothing more happens
  }
}

void JobWorker::Execute(Queued job) {
  const auto started = clock_.Steady();
  UpdateJob(job.id, [&](JobStatus& s) {
    s.state = JobState::Running;
    s.started_at = clock_.Now();
  });
  Publish();

  JobRun run(*this, job.id);
  std::string resume_id;
  Result<std::string> result = std::visit(
      Overloaded{[&](const EnrollRequest& r) { return run.Enroll(r); },
                 [&](const RenewRequest& r) { return run.Renew(r); },
                 [&](const RevokeRequest& r) { return run.Revoke(r); },
                 [&](const ExportRequest& r) { return run.Export(r); },
                 [&](const EscrowRequest& r) { return run.Escrow(r); },
                 [&](const RecoverKeyRequest& r) { return run.Recover(r); },
                 [&](const ResumeRequest& r) -> Result<std::string> {
                   resume_id = r.journal_id;
                   if (job.resume) return run.Resume(std::move(*job.resume), r.secret);
                   for (JournalEntry& e : journal_.Load()) {
                     if (e.id == r.journal_id) return run.Resume(std::move(e), r.secret);
                   }
                   return Error{ErrorCode::NotFound, "there is no interrupted job " + r.journal_id};
                 }},
      job.request);

  if (run.crashed()) {
    std::lock_guard lock(mutex_);
    crashed_ = true;
    done_.notify_all();
    return;
  }
  run.FlushIssued();
  const int64_t duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Steady() - started).count();
  JobStatus final_status;
  {
    std::lock_guard lock(mutex_);
    if (!resume_id.empty()) {
      resuming_.erase(std::remove(resuming_.begin(), resuming_.end(), resume_id), resuming_.end());
    }
    cancel_.erase(job.id);
    for (JobStatus& s : jobs_) {
      if (s.id != job.id) continue;
      s.cancellable = false;
      s.finished_at = clock_.Now();
      if (!run.serial().empty() && s.serial.empty() && s.kind != JobKind::Enroll)
        s.serial = run.serial();
      if (s.profile_id.empty()) s.profile_id = run.profile_id();
      if (result.ok()) {
        s.state = JobState::Succeeded;
        s.result = *result;
        s.scripts_note = run.scripts_note();
        s.current = s.steps.empty() ? 0 : s.steps.size() - 1;
      } else {
        s.state =
            result.error().code == ErrorCode::Cancelled ? JobState::Cancelled : JobState::Failed;
        s.error = result.error().message;
        s.error_code = result.error().code;
      }
      final_status = s;
    }
    PruneFinishedLocked();
  }

  ActivityEntry a;
  a.at = clock_.Now();
  a.kind = ActivityKind::Job;
  a.duration_ms = duration_ms;
  a.profile_id = final_status.profile_id;
  a.serial = !final_status.result_serial.empty() ? final_status.result_serial : final_status.serial;
  switch (final_status.state) {
    case JobState::Succeeded:
      a.outcome = ActivityOutcome::Succeeded;
      a.title = final_status.title;
      a.detail = final_status.result;
      break;
    case JobState::Cancelled:
      a.outcome = ActivityOutcome::Cancelled;
      a.title = final_status.title + " cancelled";
      a.detail = final_status.error;
      break;
    default:
      a.outcome = ActivityOutcome::Failed;
      a.title = final_status.title + " failed";
      a.detail =
          std::string("Failed at step: ") + StepLabel(run.step()) + "\n" + final_status.error;
      break;
  }
  for (const std::string& note : run.notes()) a.detail += "\n" + note;
  a.id = activity_.Append(a);
  Publish([&a](Snapshot& s) {
    auto v = s.activity.Copy();
    v.push_back(a);
    if (v.size() > kSnapshotActivityLimit) v.erase(v.begin(), v.end() - kSnapshotActivityLimit);
    s.activity = std::move(v);
  });
  Finished(final_status);
}

void JobWorker::Finished(const JobStatus& status) {
  {
    std::lock_guard lock(mutex_);
    history_.push_back(status);
    while (history_.size() > kHistoryLimit) history_.pop_front();
  }
  done_.notify_all();
}

void JobWorker::Publish(const std::function<void(Snapshot&)>& extra) {
  store_.Update([&](Snapshot& s) {
    {
      std::lock_guard lock(mutex_);
      s.jobs = jobs_;
    }
    if (extra) extra(s);
  });
}

void JobWorker::UpdateJob(uint64_t id, const std::function<void(JobStatus&)>& edit) {
  {
    std::lock_guard lock(mutex_);
    for (JobStatus& s : jobs_) {
      if (s.id == id) edit(s);
    }
  }
  Publish();
}

void JobWorker::PruneFinishedLocked() {
  const int64_t horizon = clock_.Now().unix_seconds - options_.keep_finished_for.count();
  jobs_.erase(std::remove_if(jobs_.begin(), jobs_.end(),
                             [&](const JobStatus& j) {
                               return j.finished() && j.finished_at &&
                                      j.finished_at->unix_seconds < horizon;
                             }),
              jobs_.end());
  std::size_t finished = static_cast<std::size_t>(
      std::count_if(jobs_.begin(), jobs_.end(), [](const JobStatus& j) { return j.finished(); }));
  for (auto it = jobs_.begin(); it != jobs_.end() && finished > options_.keep_finished;) {
    if (it->finished()) {
      it = jobs_.erase(it);
      --finished;
    } else {
      ++it;
    }
  }
}

JobStatus JobWorker::InitialStatus(uint64_t id, const JobRequest& request,
                                   const std::optional<JournalEntry>& resume) const {
  auto snap = store_.Current();
  JobStatus s;
  s.id = id;
  s.state = JobState::Queued;
  auto name_of = [&](const std::string& profile_id) {
    const ProfileEntry* p = FindEntry(*snap, profile_id);
    return p ? p->profile.name : profile_id;
  };
  std::visit(Overloaded{[&](const EnrollRequest& r) {
                          s.kind = JobKind::Enroll;
                          s.profile_id = r.profile_id;
                          s.title = "Enroll " + name_of(r.profile_id);
                          const ProfileEntry* p = FindEntry(*snap, r.profile_id);
                          s.steps = {JobStep::CheckPolicy, JobStep::GenerateKey, JobStep::BuildCsr,
                                     JobStep::Submit};
                          const bool scripts = r.scripts.enabled;
                          AddEnrollTail(s.steps, p ? &p->profile : nullptr, false, scripts);
                        },
                        [&](const RenewRequest& r) {
                          s.kind = JobKind::Renew;
                          s.serial = r.serial;
                          s.profile_id = ProfileId(*snap, r.serial);
                          s.title = "Renew " + (s.profile_id.empty() ? ShortSerial(r.serial)
                                                                     : name_of(s.profile_id));
                          const ProfileEntry* p = FindEntry(*snap, s.profile_id);
                          s.steps = {JobStep::CheckPolicy, JobStep::GenerateKey, JobStep::BuildCsr,
                                     JobStep::Submit};
                          const bool scripts = r.scripts.enabled;
                          AddEnrollTail(s.steps, p ? &p->profile : nullptr, true, scripts);
                        },
                        [&](const RevokeRequest& r) {
                          s.kind = JobKind::Revoke;
                          s.serial = r.serial;
                          s.profile_id = ProfileId(*snap, r.serial);
                          s.title = "Revoke " + ShortSerial(r.serial);
                          s.steps = {JobStep::Revoke, JobStep::Done};
                        },
                        [&](const ExportRequest& r) {
                          s.kind = JobKind::Export;
                          s.serial = r.serial;
                          s.profile_id = ProfileId(*snap, r.serial);
                          s.title = "Export " + ShortSerial(r.serial);
                          s.steps = {JobStep::CheckPolicy, JobStep::Export, JobStep::Done};
                        },
                        [&](const EscrowRequest& r) {
                          s.kind = JobKind::Escrow;
                          s.serial = r.serial;
                          s.profile_id = ProfileId(*snap, r.serial);
                          s.title = "Escrow the key of " + ShortSerial(r.serial);
                          s.steps = {JobStep::CheckPolicy, JobStep::Escrow, JobStep::Done};
                        },
                        [&](const RecoverKeyRequest& r) {
                          s.kind = JobKind::RecoverKey;
                          s.serial = r.serial;
                          s.profile_id = ProfileId(*snap, r.serial);
                          s.title = "Recover the key of " + ShortSerial(r.serial);
                          const ProfileEntry* p = FindEntry(*snap, s.profile_id);
                          s.steps = {JobStep::CheckPolicy, JobStep::Recover, JobStep::VerifyChain,
                                     JobStep::Install};
                          const bool scripts = r.scripts.enabled;
                          if (scripts && p && !ScriptsForThisPlatform(p->profile).empty()) {
                            s.steps.push_back(JobStep::Scripts);
                          }
                          s.steps.push_back(JobStep::Done);
                        },
                        [&](const ResumeRequest& r) {
                          std::optional<JournalEntry> entry = resume;
                          PendingResume pending;
                          {
                            std::lock_guard lock(mutex_);
                            if (auto it = pending_.find(r.journal_id); it != pending_.end())
                              pending = it->second;
                          }
                          s.kind = entry ? entry->kind : pending.kind;
                          s.profile_id = entry ? entry->profile_id : pending.profile_id;
                          s.serial = entry ? entry->renews_serial : std::string();
                          s.result_serial = entry && entry->phase == JournalPhase::Issued
                                                ? entry->certificate.serial
                                                : pending.serial;
                          const ProfileEntry* known = FindEntry(*snap, s.profile_id);
                          const std::string name = known ? known->profile.name
                                                   : entry && !entry->profile_name.empty()
                                                       ? entry->profile_name
                                                       : s.profile_id;
                          s.title = std::string(s.kind == JobKind::Renew ? "Finish renewing "
                                                                         : "Finish enrolling ") +
                                    name;
                          const ProfileEntry* p = FindEntry(*snap, s.profile_id);
                          s.steps.clear();
                          if (!entry || entry->phase == JournalPhase::Submitted)
                            s.steps.push_back(JobStep::Submit);
                          AddEnrollTail(s.steps, p ? &p->profile : nullptr,
                                        s.kind == JobKind::Renew, entry && entry->run_scripts);
                        }},
             request);
  // Jobs that reach the CA first thing (revoke, resume) are only cancellable while queued.
  return s;
}

}  // namespace trustdesk
