// Enroll, renew and journal resume: check policy → generate key → build CSR → submit (journaled)
// → verify chain → install + inventory → escrow → revoke previous → scripts → done.
#include <algorithm>

#include "core/crypto/csr_builder.h"
#include "core/jobs/job_policy.h"
#include "core/jobs/job_run.h"

namespace trustdesk {
namespace {

// The CA refused with a 4xx: nothing was issued, the journal entry can go.
bool RefusedByServer(const CallInfo& info) {
  return info.http_status >= 400 && info.http_status < 500;
}

std::string JoinFieldErrors(const std::vector<FieldError>& errors) {
  std::string out;
  for (const auto& e : errors) out += (out.empty() ? "" : "; ") + e.Text();
  return out;
}

// The values a renewal asks for again: every user-entered field gets what the old certificate
// carries; fixed values and user attributes are resolved from the profile and account as today.
EnrollmentValues ValuesFromCertificate(const CertificateFormat& format, const Account& account,
                                       const CertificateInfo& old) {
  EnrollmentValues values;
  std::map<std::string, std::size_t> seen;  // occurrences of a subject attribute used so far
  std::vector<bool> san_used(old.san.size(), false);
  for (const EnrollmentField& f : EnrollmentFields(format, account)) {
    if (!f.editable) continue;
    if (!f.is_san) {
      const std::size_t nth = seen[f.oid]++;
      std::size_t k = 0;
      for (const NameAttribute& a : old.subject.attributes) {
        if (a.oid == f.oid && k++ == nth) {
          values[f.name] = a.value;
          break;
        }
      }
      continue;
    }
    std::string joined;
    int count = 0;
    for (std::size_t i = 0; i < old.san.size() && count < f.max_count; ++i) {
      if (san_used[i] || old.san[i].type != f.san_type) continue;
      san_used[i] = true;
      joined += (joined.empty() ? "" : ",") + old.san[i].value;
      ++count;
    }
    if (!joined.empty()) values[f.name] = joined;
  }
  return values;
}

}  // namespace

Result<std::string> JobRun::Enroll(const EnrollRequest& request) {
  profile_id_ = request.profile_id;
  if (Status s = Begin(JobStep::CheckPolicy); !s.ok()) return Fail(s.error());
  auto session = Session();
  if (!session.ok()) return Fail(session.error());
  auto profile = FindProfile(request.profile_id);
  if (!profile.ok()) return Fail(profile.error());
  if (Status s = CheckProfileCompatible(*profile, w_.options_.app_version); !s.ok())
    return Fail(s.error());
  if (Status s = CheckKeyStoreAllowed(*profile, request.store.kind); !s.ok())
    return Fail(s.error());
  auto account = CurrentAccount();
  if (!account.ok()) return Fail(account.error());
  auto spec = ChooseKeySpec(*profile, request.key_algorithm, request.key_size);
  if (!spec.ok()) return Fail(spec.error());
  EnrollmentValues values(request.fields.begin(), request.fields.end());
  if (auto errors = ValidateEnrollmentInput(profile->certificate_format, *account, values);
      !errors.empty()) {
    return Fail(Error{ErrorCode::InvalidInput, JoinFieldErrors(errors)});
  }
  if (Status s = CheckDuplicateAllowance(*profile, IssuedList(), w_.clock_.Now()); !s.ok()) {
    return Fail(s.error());
  }
  // Opening the store checks its location and PIN / passphrase before a key is made.
  if (auto opened = Open(request.store); !opened.ok()) return Fail(opened.error());
  if (!Completed(JobStep::CheckPolicy)) return Crash();

  Enrollment e;
  e.kind = JobKind::Enroll;
  e.profile = *profile;
  e.have_profile = true;
  e.store = request.store;
  e.label = profile->id;
  e.scripts = request.scripts;
  e.journal.escrow = profile->policy.key_escrow.required;
  return GenerateAndSubmit(e, *spec, *account, values, *session);
}

Result<std::string> JobRun::Renew(const RenewRequest& request) {
  serial_ = request.serial;
  if (Status s = Begin(JobStep::CheckPolicy); !s.ok()) return Fail(s.error());
  auto session = Session();
  if (!session.ok()) return Fail(session.error());
  const InventoryEntry* installed = w_.inventory_.Find(request.serial);
  if (installed == nullptr) {
    return Fail(Error{ErrorCode::NotFound,
                      "certificate " + request.serial + " is not installed on this machine"});
  }
  const InventoryEntry where = *installed;
  profile_id_ = where.profile_id;
  auto old = session->api->GetCertificate(session->token, request.serial);
  if (!old.ok()) return Fail(old.error());
  PublishIssued(*old);
  if (old->revoked) {
    return Fail(Error{ErrorCode::Conflict,
                      "certificate " + request.serial + " is revoked; enroll a new one instead"});
  }
  if (old->not_after <= w_.clock_.Now()) {
    return Fail(Error{ErrorCode::Conflict,
                      "certificate " + request.serial + " has expired; enroll a new one instead"});
  }
  auto profile = FindProfile(old->profile_id);
  if (!profile.ok()) return Fail(profile.error());
  if (Status s = CheckProfileCompatible(*profile, w_.options_.app_version); !s.ok())
    return Fail(s.error());
  if (Status s = CheckKeyStoreAllowed(*profile, where.store); !s.ok()) return Fail(s.error());
  auto account = CurrentAccount();
  if (!account.ok()) return Fail(account.error());
  auto cert = Certificate::FromPem(old->certificate_pem);
  if (!cert.ok()) return Fail(cert.error());
  // A new key of the same type, unless the profile no longer allows that type.
  auto spec = SpecOf(X509_get0_pubkey(cert->get()));
  if (!spec.ok() || !CheckKeyAllowed(profile->certificate_format, *spec).ok()) {
    auto allowed = AllowedKeySpecs(profile->certificate_format);
    if (allowed.empty())
      return Fail(Error{ErrorCode::InvalidInput, "key: the profile allows no key"});
    spec = allowed.front();
    notes_.push_back("the old key type is no longer allowed; the new key is " + Describe(*spec));
  }
  const EnrollmentValues values =
      ValuesFromCertificate(profile->certificate_format, *account, cert->Info());
  if (auto errors = ValidateEnrollmentInput(profile->certificate_format, *account, values);
      !errors.empty()) {
    return Fail(Error{
        ErrorCode::InvalidInput,
        "the old certificate's names no longer meet the profile: " + JoinFieldErrors(errors)});
  }
  if (Status s = CheckDuplicateAllowance(*profile, IssuedList(), w_.clock_.Now(), request.serial);
      !s.ok()) {
    return Fail(s.error());
  }
  Enrollment e;
  e.kind = JobKind::Renew;
  e.profile = *profile;
  e.have_profile = true;
  e.store = StoreLocationOf(where, request.secret);
  e.label = profile->id;
  e.scripts = request.scripts;
  e.journal.escrow = profile->policy.key_escrow.required;
  e.journal.renews_serial = request.serial;
  e.journal.revoke_previous = RevokesPreviousOnRenew(*profile);
  if (e.journal.revoke_previous) e.replaces_serial = request.serial;
  if (auto opened = Open(e.store); !opened.ok()) return Fail(opened.error());
  if (!Completed(JobStep::CheckPolicy)) return Crash();
  return GenerateAndSubmit(e, *spec, *account, values, *session);
}

Result<std::string> JobRun::GenerateAndSubmit(Enrollment& e, const KeySpec& spec,
                                              const Account& account,
                                              const EnrollmentValues& values,
                                              const ApiSession& session) {
  if (Status s = Begin(JobStep::GenerateKey); !s.ok()) return Fail(s.error());
  auto key = KeyPair::Generate(spec);
  if (!key.ok()) return Fail(key.error());
  e.key.emplace(std::move(key).value());
  if (!Completed(JobStep::GenerateKey)) return Crash();

  if (Status s = Begin(JobStep::BuildCsr); !s.ok()) return Fail(s.error());
  auto csr = BuildCsr(e.profile.certificate_format, account, values, *e.key);
  if (!csr.ok()) return Fail(csr.error());
  if (!Completed(JobStep::BuildCsr)) return Crash();

  e.journal.kind = e.kind;
  e.journal.profile_id = e.profile.id;
  e.journal.profile_name = e.profile.name;
  e.journal.csr_pem = csr->pem;
  e.journal.requested = csr->requested;
  e.journal.run_scripts = e.scripts.enabled;
  if (Status s = SubmitEnrollment(e, session); !s.ok()) {
    return crashed_ ? Crash() : Fail(s.error());
  }
  return FinishEnrollment(e);
}

Status JobRun::SubmitEnrollment(Enrollment& e, const ApiSession& session) {
  if (Status s = Begin(JobStep::Submit); !s.ok()) return s;
  // The anchors first: a failure here must not leave a journal entry behind.
  auto anchors = TrustAnchors(&session, {});
  if (!anchors.ok()) return anchors.error();
  e.anchors_pem = *anchors;

  JournalEntry& j = e.journal;
  j.id = JobJournal::NewId();
  j.phase = JournalPhase::Submitted;
  j.created_at = w_.clock_.Now();
  j.store_kind = e.store.kind;
  j.store_location = e.store.location;
  if (Status s = SetJournalKey(j, *e.key, e.store.secret, w_.options_.software_store_params);
      !s.ok()) {
    return s;
  }
  auto public_pem = e.key->PublicKeyPem();
  if (!public_pem.ok()) return public_pem.error();
  j.public_key_pem = *public_pem;
  if (Status s = w_.journal_.Write(j); !s.ok()) return s;

  CallInfo info;
  std::optional<std::string> renews;
  if (!j.renews_serial.empty()) renews = j.renews_serial;
  auto issued = session.api->Enroll(session.token, j.profile_id, j.csr_pem, renews, &info);
  if (!issued.ok()) {
    if (RefusedByServer(info)) {
      (void)w_.journal_.Remove(j.id);
      return issued.error();
    }
    // The CA may have issued the certificate before the answer was lost: keep the key.
    w_.MarkPending(j, false,
                   "the answer to the enrollment was lost (" + issued.error().message +
                       "); TrustDesk looks for the certificate when it resumes");
    return Error{issued.error().code,
                 issued.error().message +
                     "; if the CA issued the certificate, TrustDesk finds and installs it when it "
                     "resumes interrupted jobs"};
  }
  j.phase = JournalPhase::Issued;
  j.certificate = issued->certificate;
  j.chain_pem = issued->chain_pem;
  if (Status s = w_.journal_.Write(j); !s.ok()) return s;
  serial_ = j.certificate.serial;
  w_.UpdateJob(id_, [&](JobStatus& st) { st.result_serial = serial_; });
  if (!Completed(JobStep::Submit)) return Crash();
  return Status::Ok();
}

Result<std::string> JobRun::FinishEnrollment(Enrollment& e) {
  JournalEntry& j = e.journal;
  serial_ = j.certificate.serial;
  w_.UpdateJob(id_, [&](JobStatus& st) { st.result_serial = serial_; });

  if (Status s = Begin(JobStep::VerifyChain); !s.ok()) return Fail(s.error());
  IssuedCertificateCheck check;
  check.certificate_pem = j.certificate.certificate_pem;
  check.chain_pem = j.chain_pem;
  check.trust_anchors_pem = e.anchors_pem;
  check.key = &*e.key;
  check.requested = &j.requested;
  auto verified = VerifyIssuedCertificate(check, w_.clock_);
  if (!verified.ok()) {
    // Not what we asked for, or not from our CA: nothing is installed and the key is dropped.
    (void)w_.journal_.Remove(j.id);
    w_.ClearPending(j.id);
    return Fail(Error{verified.error().code, verified.error().message + "; nothing was installed"});
  }
  if (!Completed(JobStep::VerifyChain)) return Crash();

  if (Status s = Begin(JobStep::Install); !s.ok()) return Fail(s.error());
  if (Status s = Install(e); !s.ok()) {
    w_.MarkPending(j, StoreNeedsSecret(e.store.kind) || j.key_encrypted,
                   "installing failed: " + s.error().message);
    return Fail(Error{s.error().code, s.error().message + "; the certificate " +
                                          j.certificate.serial +
                                          " and its key are kept to finish later"});
  }
  if (!Completed(JobStep::Install)) return Crash();

  std::optional<ApiSession> session;
  if (j.escrow || (e.kind == JobKind::Renew && j.revoke_previous)) {
    auto s = Session();
    if (s.ok()) session = *s;
  }
  if (j.escrow) {
    if (Status s = Begin(JobStep::Escrow); !s.ok()) return Fail(s.error());
    Status escrowed =
        session ? EscrowKey(*session, *e.key, j.certificate.serial, e.anchors_pem, j.chain_pem)
                : Status(Error{ErrorCode::Auth, "not signed in"});
    if (!escrowed.ok()) {
      (void)w_.journal_.Remove(j.id);
      w_.ClearPending(j.id);
      return Fail(Error{escrowed.error().code,
                        escrowed.error().message + "; the certificate " + j.certificate.serial +
                            " is installed, escrow its key again from Issued certificates"});
    }
    if (!Completed(JobStep::Escrow)) return Crash();
  }
  if (e.kind == JobKind::Renew && j.revoke_previous) {
    if (Status s = Begin(JobStep::Revoke); !s.ok()) return Fail(s.error());
    Status revoked = session ? RevokeReplaced(*session, j.renews_serial, e.store)
                             : Status(Error{ErrorCode::Auth, "not signed in"});
    if (!revoked.ok()) {
      (void)w_.journal_.Remove(j.id);
      w_.ClearPending(j.id);
      return Fail(Error{revoked.error().code, "the previous certificate " + j.renews_serial +
                                                  " was not revoked: " + revoked.error().message});
    }
    if (!Completed(JobStep::Revoke)) return Crash();
  }
  // Installed, escrowed, the old one revoked: nothing left that a crash could lose.
  if (Status s = w_.journal_.Remove(j.id); !s.ok()) notes_.push_back(s.error().message);
  w_.ClearPending(j.id);

  if (e.have_profile && !ScriptsForThisPlatform(e.profile).empty()) {
    if (!e.scripts.enabled) {
      scripts_note_ = "scripts not run (turned off in Settings)";
    } else {
      if (Status s = Begin(JobStep::Scripts); !s.ok()) return Fail(s.error());
      const char* event = e.kind == JobKind::Renew ? "renewed" : "enrolled";
      if (Status s =
              RunScripts(e.profile, e.scripts, event, e.installed, j.certificate.common_name);
          !s.ok()) {
        return Fail(s.error());
      }
    }
  }
  (void)Begin(JobStep::Done);
  return std::string(e.kind == JobKind::Renew ? "Renewed as " : "Installed ") +
         j.certificate.serial + " in " + DisplayName(e.installed.kind) +
         (e.installed.location.empty() ? "" : " at " + e.installed.location) + ScriptsNoteSuffix();
}

Status JobRun::RevokeReplaced(const ApiSession& session, const std::string& old_serial,
                              const KeyStoreLocation& store) {
  auto old = session.api->GetCertificate(session.token, old_serial);
  if (!old.ok()) return old.error();
  if (!old->revoked) {
    // The server revokes on renewal when the policy says so; a server that did not is asked to.
    auto revoked = session.api->Revoke(session.token, old_serial, RevocationReason::Superseded);
    if (!revoked.ok()) return revoked.error();
    old = std::move(revoked);
  }
  PublishIssued(*old);
  // A superseded certificate that still sits in the store (another slot) goes with it.
  if (w_.inventory_.Find(old_serial) != nullptr) {
    auto opened = Open(store);
    if (opened.ok() && opened->store->Find(old_serial).ok()) {
      if (Status s = opened->store->Remove(old_serial); !s.ok()) return s;
    }
    if (Status s = w_.inventory_.Remove(old_serial); !s.ok()) return s;
    PublishInstalled();
  }
  return Status::Ok();
}

Result<std::string> JobRun::Resume(JournalEntry entry, const std::string& secret) {
  profile_id_ = entry.profile_id;
  serial_ = entry.certificate.serial;
  Enrollment e;
  e.kind = entry.kind;
  e.store = KeyStoreLocation{entry.store_kind, entry.store_location, secret};
  e.label = entry.profile_id;
  // Allowed-once digests are not journaled: a job finished later runs only always-allowed ones.
  e.scripts.enabled = entry.run_scripts;
  if (entry.revoke_previous) e.replaces_serial = entry.renews_serial;
  if (auto profile = FindProfile(entry.profile_id); profile.ok()) {
    e.profile = *profile;
    e.have_profile = true;
  }
  e.journal = std::move(entry);
  JournalEntry& j = e.journal;

  const JobStep first = j.phase == JournalPhase::Submitted ? JobStep::Submit : JobStep::VerifyChain;
  if (Status s = Begin(first); !s.ok()) return Fail(s.error());
  if (j.key_encrypted && secret.empty()) {
    w_.MarkPending(j, true, "the key store's PIN or passphrase is needed to finish");
    return Fail(Error{ErrorCode::Auth,
                      "the key store's PIN or passphrase is needed to finish "
                      "installing this certificate"});
  }
  auto key = JournalKey(j, secret);
  if (!key.ok()) {
    w_.MarkPending(j, j.key_encrypted, "the journaled key cannot be read: " + key.error().message);
    return Fail(key.error());
  }
  e.key.emplace(std::move(key).value());

  auto session = Session();
  if (j.phase == JournalPhase::Submitted) {
    if (!session.ok()) {
      w_.MarkPending(j, j.key_encrypted, "waiting for sign-in to look for the certificate");
      return Fail(session.error());
    }
    auto listed = session->api->GetCertificatesForProfile(session->token, j.profile_id);
    if (!listed.ok()) {
      w_.MarkPending(j, j.key_encrypted,
                     "could not look for the certificate: " + listed.error().message);
      return Fail(listed.error());
    }
    auto found = std::find_if(listed->begin(), listed->end(), [&](const IssuedCertificate& c) {
      auto cert = Certificate::FromPem(c.certificate_pem);
      return cert.ok() && e.key->SamePublicKey(X509_get0_pubkey(cert->get()));
    });
    if (found == listed->end()) {
      (void)w_.journal_.Remove(j.id);
      w_.ClearPending(j.id);
      return Fail(Error{ErrorCode::NotFound,
                        "the CA issued no certificate for the interrupted request; nothing to "
                        "finish (enroll again)"});
    }
    auto chain = session->api->CaChain(session->token);
    if (!chain.ok()) {
      w_.MarkPending(j, j.key_encrypted, "could not fetch the CA chain: " + chain.error().message);
      return Fail(chain.error());
    }
    j.phase = JournalPhase::Issued;
    j.certificate = *found;
    j.chain_pem = *chain;
    if (Status s = w_.journal_.Write(j); !s.ok()) return Fail(s.error());
    if (!Completed(JobStep::Submit)) return Crash();
  }
  auto anchors = TrustAnchors(session.ok() ? &*session : nullptr, j.chain_pem);
  if (!anchors.ok()) {
    w_.MarkPending(j, j.key_encrypted, "no trust anchors: " + anchors.error().message);
    return Fail(anchors.error());
  }
  e.anchors_pem = *anchors;
  return FinishEnrollment(e);
}

}  // namespace trustdesk
