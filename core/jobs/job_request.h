// What a caller asks the job worker to do (SPEC §7): enroll, renew, revoke, export, escrow,
// recover a key, or finish an interrupted enrollment. Plain data; the GUI's commands
// (app/ui/commands.h) and the CLI map onto these one to one. Secrets (PIN, passphrases) travel in
// memory only: the worker never logs them, never writes them, and drops them when the job ends.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "core/keystore/key_store.h"
#include "core/model/issued_certificate.h"
#include "core/model/profile.h"

namespace trustdesk {

// Where a key and its certificate go, or where they are: the store kind, its location and its
// secret.
//   Pem       location = directory (one sub-directory per certificate); secret optional: when set,
//             key.pem is written encrypted under it
//   Pkcs12    location = directory (one <profile>.p12 per certificate), or a "*.p12" file path
//             whose directory and name are used; secret = the file's passphrase (required)
//   Software  location empty = TrustDesk's own store in the data directory; secret = its PIN
//   Os, Pkcs11 are refused with Unsupported: no such store in this build
struct KeyStoreLocation {
  KeyStoreKind kind = KeyStoreKind::Software;
  std::string location;
  std::string secret;
};

// Which of the profile's post-processing scripts a job may run. A script runs only when the
// switch is on and the user allowed that exact script (its digest, profile_scripts.h): always,
// in the consent file the worker reads when the scripts step starts, or for this job only.
struct ScriptPermission {
  bool enabled = false;                   // Settings: run the scripts the user allowed
  std::vector<std::string> allowed_once;  // digests allowed for this job only (the window asks)
};

struct EnrollRequest {
  std::string profile_id;
  KeyAlgorithm key_algorithm = KeyAlgorithm::Ec;
  int key_size = 0;  // RSA bits, or EC curve bits (256 = P-256, 384 = P-384); 0 for Ed25519
  KeyStoreLocation store;
  std::map<std::string, std::string> fields;  // user-entered values by field name ("subject.CN")
  ScriptPermission scripts;
};

// Renews an installed certificate: a new key of the same type (or the profile's first allowed
// type when that is no longer allowed), the same subject and SANs, the same key store.
struct RenewRequest {
  std::string serial;
  std::string secret;  // the key store's PIN / passphrase when it needs one
  ScriptPermission scripts;
};

struct RevokeRequest {
  std::string serial;
  RevocationReason reason = RevocationReason::Unspecified;
  // When the certificate is installed here, also remove it (and its key) from the key store.
  bool remove_from_store = false;
  std::string secret;  // the key store's secret, needed only with remove_from_store
};

// Writes the certificate, chain and private key of an installed certificate to `path`, protected
// by `passphrase`; only when the profile allows exporting the private key.
struct ExportRequest {
  std::string serial;
  ExportFormat format = ExportFormat::Pem;
  std::string path;        // the file to create; an existing directory gets "<cn>-<serial>.pem|p12"
  std::string secret;      // the key store's PIN / passphrase when it needs one
  std::string passphrase;  // protects the exported key (PKCS#8 AES-256 or PKCS#12); required
};

// Escrows the key of an installed certificate (e.g. after escrow failed during enrollment).
struct EscrowRequest {
  std::string serial;
  std::string secret;
};

// Brings an escrowed key back from the server and installs it with its certificate.
struct RecoverKeyRequest {
  std::string serial;
  std::string passphrase;  // protects the key on the wire (at least 8 characters)
  KeyStoreLocation store;
  ScriptPermission scripts;
  std::string password;  // the user's sign-in password: the server asks again before release
};

// Finishes an enrollment that was interrupted after the CA issued its certificate and whose key
// store needs a secret (see JobWorker::PendingJournal()).
struct ResumeRequest {
  std::string journal_id;
  std::string secret;
};

using JobRequest = std::variant<EnrollRequest, RenewRequest, RevokeRequest, ExportRequest,
                                EscrowRequest, RecoverKeyRequest, ResumeRequest>;

}  // namespace trustdesk
