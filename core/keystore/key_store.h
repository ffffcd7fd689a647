// One interface for every place a certificate and its private key can live (SPEC §8). The job
// worker installs through it, the inventory records what it returns, the Advanced-mode page
// shows Health() and List(). Secrets (passphrase, PIN) are given when a store is opened.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/crypto/key_pair.h"
#include "core/model/profile.h"
#include "core/model/timestamp.h"
#include "core/util/result.h"

namespace trustdesk {

struct KeyStoreEntry {
  std::string serial;   // lower-case hex
  std::string subject;  // RFC 4514
  std::string common_name;
  Timestamp not_after;
  KeyStoreKind kind = KeyStoreKind::Pem;
  std::string location;          // file or directory holding it; empty for stores without files
  std::string certificate_path;  // for scripts (TRUSTDESK_CERT_PATH); empty when none
};

struct InstallRequest {
  const KeyPair* key = nullptr;
  std::string certificate_pem;
  std::string chain_pem;        // issuing CA first; may be empty
  std::string label;            // names the slot, e.g. the profile id ([A-Za-z0-9._-])
  std::string replaces_serial;  // renewal: overwrite where this certificate lives
};

// Everything needed to use or export a credential.
struct Credential {
  KeyPair key;
  std::string certificate_pem;
  std::string chain_pem;
};

enum class ExportFormat { Pem, Pkcs12 };

struct KeyStoreHealth {
  bool ok = false;
  std::string summary;  // "3 certificates", "directory not writable: ..."
  std::size_t certificates = 0;
};

class KeyStore {
 public:
  virtual ~KeyStore() = default;
  virtual KeyStoreKind kind() const = 0;
  virtual std::string location() const = 0;

  // Validates everything first (certificate parses, key matches it, chain parses); on any
  // failure nothing is written.
  virtual Result<KeyStoreEntry> Install(const InstallRequest& request) = 0;
  virtual Result<std::vector<KeyStoreEntry>> List() = 0;
  virtual Result<Credential> Load(const std::string& serial) = 0;
  virtual Status Remove(const std::string& serial) = 0;
  virtual KeyStoreHealth Health() = 0;

  Result<KeyStoreEntry> Find(const std::string& serial);
  // PEM bundle (certificate, chain, encrypted PKCS#8 key) or a PKCS#12 file, both protected by
  // `passphrase` (required). Whether the policy allows export is the caller's decision.
  Result<std::string> Export(const std::string& serial, ExportFormat format,
                             const std::string& passphrase);
};

// Shared by the stores: checks a request and returns the parsed entry it would create.
Result<KeyStoreEntry> CheckInstallRequest(const InstallRequest& request, KeyStoreKind kind);
// A file-system-safe slot name from a label ("profile id" -> "profile_id").
std::string SlotName(const std::string& label);

struct Pkcs12Options {
  bool legacy = false;  // 3DES + SHA-1 MAC for old importers; only on explicit request
};
// A PKCS#12 file: PBES2 (PBKDF2-HMAC-SHA256, 600,000 rounds, AES-256-CBC) for key and
// certificates, SHA-256 MAC with 600,000 rounds; all set explicitly
// (core/keystore/pkcs12_file.cpp).
Result<std::string> MakePkcs12(const Credential& credential, const std::string& passphrase,
                               const std::string& friendly_name, const Pkcs12Options& options = {});
// Reads a PKCS#12 file; a wrong passphrase is an Auth error, key-derivation costs above
// core/crypto/key_encryption.h's limits are Unsupported (checked before computing them).
Result<Credential> ReadPkcs12(const std::string& der, const std::string& passphrase);

}  // namespace trustdesk
