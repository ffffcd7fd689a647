// The crash journal of enrollments and renewals (SPEC §7, §13). One JSON file per job in flight,
// in a 0700 directory under the data directory, each written atomically with mode 0600 (temp +
// fsync + rename) before the step it protects:
//   submitted  written before the CSR is sent: key, CSR, requested names, target store. After a
//              crash the certificate, if the CA issued one, is found again on the server by its
//              public key.
//   issued     written as soon as the CA's answer arrives: the certificate and chain as well.
//              After a crash the job is finished from here (verify, install, inventory, escrow,
//              scripts) without asking the CA again.
// The file is removed when the job ends either way.
//
// Private key material: the key is needed to finish the job, so it has to be in the journal.
// When the target key store has a secret (software store PIN, PKCS#12 passphrase, PEM
// passphrase) the key is sealed under that secret ("key_sealed": AES-256-GCM under a key derived
// with scrypt, with the software key store's parameters, bound to the entry id), so the journal
// is never weaker than the store the key is going to; finishing such a job needs the secret again
// (ResumeRequest). Entries written by earlier versions (encrypted PKCS#8 in "key_pem") still open.
// Only for a PEM directory without passphrase — where key.pem itself is a plain 0600 file — is
// the journal key plain PKCS#8, in a 0600 file. No token, PIN or passphrase is ever written.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/crypto/enrollment_input.h"
#include "core/crypto/key_encryption.h"
#include "core/crypto/key_pair.h"
#include "core/model/issued_certificate.h"
#include "core/model/job_status.h"
#include "core/model/profile.h"
#include "core/util/result.h"

namespace trustdesk {

enum class JournalPhase { Submitted, Issued };

struct JournalEntry {
  std::string id;                  // file stem, [a-z0-9-]
  JobKind kind = JobKind::Enroll;  // Enroll or Renew
  JournalPhase phase = JournalPhase::Submitted;
  Timestamp created_at;
  std::string profile_id;
  std::string profile_name;
  std::string renews_serial;  // Renew: the certificate being replaced
  KeyStoreKind store_kind = KeyStoreKind::Software;
  std::string store_location;  // as the request gave it (resolved when the store is opened)
  bool key_encrypted = false;  // the key needs the store's secret (key_sealed or old key_pem)
  std::optional<SealedSecret> key_sealed;  // DER PKCS#8 sealed under the secret
  std::string key_pem;  // plain PKCS#8 (no secret), or encrypted PKCS#8 from earlier versions
  std::string public_key_pem;  // to find the certificate on the server without the secret
  std::string csr_pem;
  RequestedNames requested;
  bool escrow = false;           // the policy requires key escrow
  bool revoke_previous = false;  // Renew: the policy wants the old certificate revoked
  // Settings' scripts switch when the job started. A job finished from the journal runs only
  // the scripts the user allowed always (the consent file), never ones allowed for one job.
  bool run_scripts = false;
  // Issued phase only.
  IssuedCertificate certificate;
  std::string chain_pem;
};

nlohmann::json ToJson(const JournalEntry& entry);
Result<JournalEntry> JournalEntryFromJson(const nlohmann::json& j);

// Puts `key` in the entry (whose id is set): sealed under `secret` with scrypt(`params`) when a
// secret is given, plain PKCS#8 otherwise.
Status SetJournalKey(JournalEntry& entry, const KeyPair& key, std::string_view secret,
                     const ScryptParams& params);
// The entry's key; `secret` is needed when key_encrypted (a wrong one is an Auth error). Errors
// name the entry (its file is "<id>.json" in the journal directory).
Result<KeyPair> JournalKey(const JournalEntry& entry, std::string_view secret);

class JobJournal {
 public:
  explicit JobJournal(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // A fresh, unique entry id.
  static std::string NewId();

  // Writes (or replaces) the entry atomically, 0600, creating the directory 0700 when missing.
  Status Write(const JournalEntry& entry);
  // Removes the entry; a missing file is fine.
  Status Remove(const std::string& id);
  // Every readable entry, oldest first. A file that does not parse is renamed to
  // "<file>.corrupt" and described in `problems`; it is never deleted.
  std::vector<JournalEntry> Load(std::vector<std::string>* problems = nullptr) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace trustdesk
