// TrustDesk's own key store: one file in the user data directory (0600, written atomically)
// holding an index of certificates and their private keys, each key encrypted with AES-256-GCM
// under a key derived from the PIN with scrypt and a random salt. A wrong PIN is an Auth error;
// changing the PIN re-encrypts every key in one atomic write. Not for concurrent use of one
// instance from several threads; every operation re-reads the file, so separate instances
// (GUI and CLI) see each other's changes. Writes hold the cross-process lock
// "<file>.lock" from their read to their rename, so concurrent writers never drop each other's
// keys; an instance whose PIN another program changed refuses to write (Conflict).
#pragma once

#include <array>
#include <filesystem>
#include <memory>

#include "core/crypto/key_encryption.h"
#include "core/keystore/key_store.h"

namespace trustdesk {

class SoftwareKeyStore final : public KeyStore {
 public:
  static constexpr const char* kFileName = "software-keystore.json";
  static constexpr std::size_t kMinPinLength = 6;

  // Opens the store in `dir`, creating it with this PIN when it does not exist yet.
  static Result<std::unique_ptr<SoftwareKeyStore>> Open(const std::filesystem::path& dir,
                                                        const std::string& pin,
                                                        ScryptParams params = {});
  static bool Exists(const std::filesystem::path& dir);
  ~SoftwareKeyStore() override;

  KeyStoreKind kind() const override { return KeyStoreKind::Software; }
  std::string location() const override { return file_.string(); }
  Result<KeyStoreEntry> Install(const InstallRequest& request) override;
  Result<std::vector<KeyStoreEntry>> List() override;
  Result<Credential> Load(const std::string& serial) override;
  Status Remove(const std::string& serial) override;
  KeyStoreHealth Health() override;

  // Re-encrypts every key under the new PIN (new salt). The old PIN must be the open one.
  Status ChangePin(const std::string& old_pin, const std::string& new_pin);

 private:
  SoftwareKeyStore(std::filesystem::path file, ScryptParams params)
      : file_(std::move(file)), params_(params) {}

  std::filesystem::path file_;
  ScryptParams params_;
  std::array<unsigned char, 32> kek_{};
  std::string pin_check_;  // SHA-256 of salt||PIN, to confirm ChangePin's old PIN cheaply
};

}  // namespace trustdesk
