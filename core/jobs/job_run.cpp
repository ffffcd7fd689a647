// JobRun: step bookkeeping and the helpers every job shares (session, profile, trust anchors,
// key stores, install + inventory, escrow, snapshot updates). The scripts step is in
// job_scripts.cpp.
#include "core/jobs/job_run.h"

#include <algorithm>

#include "core/jobs/job_policy.h"
#include "core/jobs/key_escrow.h"

namespace trustdesk {
namespace {

// Steps that change something on the server or on disk: a job past one can no longer be cancelled.
bool IsPointOfNoReturn(JobStep step) {
  return step == JobStep::Submit || step == JobStep::Revoke || step == JobStep::Export ||
         step == JobStep::Escrow || step == JobStep::Recover;
}

}  // namespace

// --- Steps ---------------------------------------------------------------------------------------

Status JobRun::Begin(JobStep step) {
  step_ = step;
  bool cancelled = false;
  {
    // Cancel() takes the same lock: either the cancel wins or the job passes its point of no
    // return, never both.
    std::lock_guard lock(w_.mutex_);
    for (JobStatus& j : w_.jobs_) {
      if (j.id != id_) continue;
      auto it = std::find(j.steps.begin(), j.steps.end(), step);
      if (it == j.steps.end()) {
        it = j.steps.insert(std::find(j.steps.begin(), j.steps.end(), JobStep::Done), step);
      }
      j.current = static_cast<std::size_t>(it - j.steps.begin());
      j.state = JobState::Running;
      if (j.cancellable) {
        auto c = w_.cancel_.find(id_);
        cancelled = (c != w_.cancel_.end() && c->second) || w_.stop_;
        if (!cancelled && IsPointOfNoReturn(step)) j.cancellable = false;
      }
    }
  }
  w_.Publish();
  if (cancelled) return Error{ErrorCode::Cancelled, "cancelled before submission"};
  return Status::Ok();
}

bool JobRun::Completed(JobStep step) {
  if (w_.options_.crash_after_step && w_.options_.crash_after_step(id_, step)) {
    crashed_ = true;
    return false;
  }
  return true;
}

Error JobRun::Fail(const Error& e) const {
  return Error{e.code, std::string(StepLabel(step_)) + ": " + e.message};
}

Error JobRun::Crash() const {
  return Error{ErrorCode::Internal, "the process stopped (test hook)"};
}

// --- Shared lookups ------------------------------------------------------------------------------

Result<ApiSession> JobRun::Session() const {
  std::optional<ApiSession> s = w_.session_ ? w_.session_() : std::nullopt;
  if (!s || !s->api || s->token.empty()) {
    return Error{ErrorCode::Auth, "not signed in; sign in and try again"};
  }
  return *s;
}

Result<Profile> JobRun::FindProfile(const std::string& profile_id) const {
  auto snap = w_.store_.Current();
  for (const ProfileEntry& p : snap->profiles) {
    if (p.profile.id == profile_id) return p.profile;
  }
  return Error{ErrorCode::NotFound,
               "profile " + profile_id + " is not among your synced profiles; sync and try again"};
}

Result<Account> JobRun::CurrentAccount() const {
  auto snap = w_.store_.Current();
  if (!snap->account) return Error{ErrorCode::Auth, "not signed in; sign in and try again"};
  return *snap->account;
}

std::vector<IssuedCertificate> JobRun::IssuedList() const { return w_.store_.Current()->issued; }

Result<std::string> JobRun::TrustAnchors(const ApiSession* session,
                                         std::string_view fallback_chain) {
  if (!w_.options_.trust_anchors_pem.empty()) return w_.options_.trust_anchors_pem;
  if (session != nullptr) {
    auto chain = session->api->CaChain(session->token);
    if (!chain.ok()) return chain.error();
    return SelfSignedRoots(*chain);
  }
  // Offline resume: the chain the server sent with the certificate, kept in the 0600 journal.
  return SelfSignedRoots(fallback_chain);
}

Result<OpenedKeyStore> JobRun::Open(const KeyStoreLocation& where) const {
  return OpenKeyStore(where, w_.options_.data_dir, w_.options_.software_store_params);
}

// --- Install, escrow ----------------------------------------------------------------------------

Status JobRun::Install(Enrollment& e) {
  auto opened = Open(e.store);
  if (!opened.ok()) return opened.error();
  KeyStore& store = *opened->store;
  const std::string& serial = e.journal.certificate.serial;
  // A resumed job may have installed the certificate before the process died.
  auto existing = store.Find(serial);
  if (existing.ok()) {
    e.installed = *existing;
  } else {
    InstallRequest req;
    req.key = &*e.key;
    req.certificate_pem = e.journal.certificate.certificate_pem;
    req.chain_pem = e.journal.chain_pem;
    req.label = !opened->label.empty() ? opened->label : e.label;
    if (!e.replaces_serial.empty() && store.Find(e.replaces_serial).ok()) {
      req.replaces_serial = e.replaces_serial;
    }
    auto entry = store.Install(req);
    if (!entry.ok()) return entry.error();
    e.installed = *entry;
  }
  InventoryEntry inv;
  inv.serial = serial;
  inv.profile_id = e.journal.profile_id;
  inv.store = e.installed.kind;
  inv.location = e.installed.location;
  inv.subject = e.installed.subject;
  inv.not_after = e.installed.not_after;
  inv.installed_at = w_.clock_.Now();
  if (Status s = w_.inventory_.Record(inv); !s.ok()) return s;
  // The replaced certificate's slot now holds the new one.
  if (!e.replaces_serial.empty() && !store.Find(e.replaces_serial).ok() &&
      w_.inventory_.Find(e.replaces_serial) != nullptr) {
    if (Status s = w_.inventory_.Remove(e.replaces_serial); !s.ok()) return s;
  }
  PublishIssued(e.journal.certificate);
  PublishInstalled();
  return Status::Ok();
}

Status JobRun::EscrowKey(const ApiSession& session, const KeyPair& key, const std::string& serial,
                         const std::string& anchors, const std::string& chain_pem) {
  auto recipient_pem = session.api->EscrowCertificate(session.token);
  if (!recipient_pem.ok()) return recipient_pem.error();
  auto recipient = Certificate::FromPem(*recipient_pem);
  if (!recipient.ok()) return recipient.error();
  if (Status s =
          VerifyChainTo(*recipient, chain_pem, anchors, w_.clock_, true, "the escrow certificate");
      !s.ok()) {
    return s;
  }
  auto cms = EnvelopeKeyForEscrow(key, *recipient);
  if (!cms.ok()) return cms.error();
  if (Status s = session.api->Escrow(session.token, serial, *cms); !s.ok()) return s;
  auto updated = session.api->GetCertificate(session.token, serial);
  if (updated.ok()) PublishIssued(*updated);
  return Status::Ok();
}

// --- Snapshot ------------------------------------------------------------------------------------

void JobRun::PublishIssued(const IssuedCertificate& cert) {
  auto it = std::find_if(issued_updates_.begin(), issued_updates_.end(),
                         [&](const IssuedCertificate& c) { return c.serial == cert.serial; });
  if (it == issued_updates_.end()) {
    issued_updates_.push_back(cert);
  } else {
    *it = cert;
  }
}

void JobRun::FlushIssued() {
  if (issued_updates_.empty()) return;
  // One copy of the (possibly large) list per flush: updates are collected, then applied at once.
  w_.Publish([this](Snapshot& s) {
    auto list = s.issued.Copy();
    for (IssuedCertificate& cert : issued_updates_) {
      auto it = std::find_if(list.begin(), list.end(),
                             [&](const IssuedCertificate& c) { return c.serial == cert.serial; });
      if (it == list.end()) {
        list.push_back(std::move(cert));
      } else {
        *it = std::move(cert);
      }
    }
    s.issued = std::move(list);
  });
  issued_updates_.clear();
}

void JobRun::PublishInstalled() {
  std::vector<InventoryEntry> entries = w_.inventory_.entries();
  w_.Publish([&entries](Snapshot& s) { s.installed = std::move(entries); });
}

void JobRun::NoteActivity(ActivityEntry entry) {
  entry.at = w_.clock_.Now();
  w_.activity_.Append(std::move(entry));
}

}  // namespace trustdesk
