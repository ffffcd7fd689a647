// Whether each row action of the Issued certificates page (Renew, Export, Revoke, Recover key) is
// possible for a certificate right now, and if not, why — worded for the person hovering the
// disabled item. Pure functions of the row, the snapshot's jobs and the time; tested directly.
#pragma once

#include <string>
#include <vector>

#include "app/ui/issued_rows.h"
#include "core/model/job_status.h"

namespace trustdesk {

// The running job acting on this certificate, if any (its actions wait until it finishes).
const JobStatus* RunningJobFor(const std::vector<JobStatus>& jobs, std::string_view serial);

// Each returns an empty string when the action is available.
std::string RenewBlockedReason(const IssuedRow& row, const std::vector<JobStatus>& jobs,
                               Timestamp now);
std::string ExportBlockedReason(const IssuedRow& row, const std::vector<JobStatus>& jobs);
std::string RevokeBlockedReason(const IssuedRow& row, const std::vector<JobStatus>& jobs);
std::string RecoverBlockedReason(const IssuedRow& row, const std::vector<JobStatus>& jobs);

// What the key store holding a certificate asks for before its key can be used, worded as a field
// label ("Key store PIN"); empty when the store needs nothing.
const char* StoreSecretLabel(KeyStoreKind kind);
// "Enter the key store PIN first." — the reason a dialog's button waits for that secret.
std::string StoreSecretPrompt(KeyStoreKind kind);
// True when that secret must be given (the PEM store's key passphrase is optional).
bool StoreSecretRequired(KeyStoreKind kind);

}  // namespace trustdesk
