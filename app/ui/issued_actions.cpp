#include "app/ui/issued_actions.h"

#include "app/ui/time_text.h"

namespace trustdesk {
namespace {

constexpr const char* kNotListed =
    "The server does not list this certificate (it is only known from this machine's "
    "inventory); sync to act on it.";
constexpr const char* kNoProfile = "Its profile is no longer assigned to you.";

std::string JobReason(const JobStatus& job) {
  return std::string("A ") + ToString(job.kind) + " job is running for this certificate (" +
         job.title + "); wait for it to finish.";
}

std::string DateText(Timestamp t) {
  // The date part of "2026-03-12 14:02:11 UTC".
  return FormatUtc(t).substr(0, 10);
}

std::string MissingText(const InventoryEntry& entry) {
  return "Its files are missing from " + entry.location + ".";
}

}  // namespace

const JobStatus* RunningJobFor(const std::vector<JobStatus>& jobs, std::string_view serial) {
  for (const auto& job : jobs) {
    if (!job.finished() && !job.serial.empty() && job.serial == serial) return &job;
  }
  return nullptr;
}

std::string RenewBlockedReason(const IssuedRow& row, const std::vector<JobStatus>& jobs,
                               Timestamp now) {
  if (row.cert == nullptr) return kNotListed;
  if (row.profile == nullptr) return kNoProfile;
  const Profile& profile = row.profile->profile;
  if (!row.compatible) {
    return "The profile requires TrustDesk " + profile.profile_version +
           " or newer; this is " TRUSTDESK_VERSION ".";
  }
  if (row.cert->revoked) {
    return "Revoked certificates cannot be renewed; enroll a new one from the profile.";
  }
  if (row.installed == nullptr) {
    return "Not installed on this machine: only a certificate whose key is here can be renewed.";
  }
  if (row.installed->missing) return MissingText(*row.installed);
  if (const JobStatus* job = RunningJobFor(jobs, row.serial)) return JobReason(*job);
  const RenewStatus status = ComputeRenewStatus(profile, *row.cert, row.installed, now);
  if (status.state == RenewState::CanRenew) return {};
  if (now >= row.cert->not_after) {
    return "Expired on " + DateText(row.cert->not_after) +
           "; enroll a new certificate from the profile.";
  }
  if (status.window_opens) {
    return "Not in the renewal window yet: it opens on " + DateText(*status.window_opens) + " (" +
           status.reason + ").";
  }
  return "The profile sets no renewal window (" + status.reason + ").";
}

std::string ExportBlockedReason(const IssuedRow& row, const std::vector<JobStatus>& jobs) {
  if (row.installed == nullptr) return "The private key is not on this machine.";
  if (row.installed->missing) return MissingText(*row.installed);
  if (row.profile == nullptr) {
    return "Its profile is no longer assigned to you, so whether its key may be exported is "
           "unknown.";
  }
  if (!row.profile->profile.policy.exportable_private_key) {
    return "The profile's policy does not allow exporting the private key.";
  }
  const KeyStoreKind store = row.installed->store;
  if (store == KeyStoreKind::Os || store == KeyStoreKind::Pkcs11) {
    return std::string("Keys in the ") + DisplayName(store) + " cannot be exported by TrustDesk.";
  }
  if (const JobStatus* job = RunningJobFor(jobs, row.serial)) return JobReason(*job);
  return {};
}

std::string RevokeBlockedReason(const IssuedRow& row, const std::vector<JobStatus>& jobs) {
  if (row.cert == nullptr) return kNotListed;
  if (row.cert->revoked) {
    std::string text = "Already revoked";
    if (row.cert->revoked_at) text += " on " + DateText(*row.cert->revoked_at);
    if (row.cert->revocation_reason) {
      text += std::string(" (") + ToString(*row.cert->revocation_reason) + ")";
    }
    return text + ".";
  }
  if (const JobStatus* job = RunningJobFor(jobs, row.serial)) return JobReason(*job);
  return {};
}

std::string RecoverBlockedReason(const IssuedRow& row, const std::vector<JobStatus>& jobs) {
  if (row.cert == nullptr) return kNotListed;
  if (!row.cert->key_escrowed) {
    if (row.profile != nullptr && !row.profile->profile.policy.key_escrow.required) {
      return "Its profile does not escrow keys, so there is no copy to recover.";
    }
    return "The key of this certificate was not escrowed, so there is no copy to recover.";
  }
  if (const JobStatus* job = RunningJobFor(jobs, row.serial)) return JobReason(*job);
  return {};
}

const char* StoreSecretLabel(KeyStoreKind kind) {
  switch (kind) {
    case KeyStoreKind::Software:
      return "Key store PIN";
    case KeyStoreKind::Pkcs12:
      return "PKCS#12 file passphrase";
    case KeyStoreKind::Pem:
      return "Key file passphrase (if it is encrypted)";
    case KeyStoreKind::Pkcs11:
      return "Token PIN";
    case KeyStoreKind::Os:
      return "";
  }
  return "";
}

std::string StoreSecretPrompt(KeyStoreKind kind) {
  switch (kind) {
    case KeyStoreKind::Software:
      return "Enter the key store PIN first.";
    case KeyStoreKind::Pkcs12:
      return "Enter the PKCS#12 file's passphrase first.";
    case KeyStoreKind::Pkcs11:
      return "Enter the token PIN first.";
    case KeyStoreKind::Pem:
    case KeyStoreKind::Os:
      break;
  }
  return {};
}

bool StoreSecretRequired(KeyStoreKind kind) {
  return kind == KeyStoreKind::Software || kind == KeyStoreKind::Pkcs12 ||
         kind == KeyStoreKind::Pkcs11;
}

}  // namespace trustdesk
