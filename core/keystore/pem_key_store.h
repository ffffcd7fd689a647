// PEM files in a chosen directory: one sub-directory per certificate ("slot", named after the
// profile), holding cert.pem, chain.pem and key.pem. key.pem is 0600 from its first byte,
// also when renewal rewrites the slot; cert.pem and chain.pem keep the permissions they have.
#pragma once

#include <filesystem>

#include "core/keystore/key_store.h"

namespace trustdesk {

class PemKeyStore final : public KeyStore {
 public:
  // With a non-empty passphrase key.pem is written as encrypted PKCS#8 (AES-256).
  explicit PemKeyStore(std::filesystem::path root, std::string key_passphrase = {});

  KeyStoreKind kind() const override { return KeyStoreKind::Pem; }
  std::string location() const override { return root_.string(); }
  Result<KeyStoreEntry> Install(const InstallRequest& request) override;
  Result<std::vector<KeyStoreEntry>> List() override;
  Result<Credential> Load(const std::string& serial) override;
  Status Remove(const std::string& serial) override;
  KeyStoreHealth Health() override;

 private:
  Result<std::filesystem::path> SlotOf(const std::string& serial);
  Result<KeyStoreEntry> ReadSlot(const std::filesystem::path& slot) const;

  std::filesystem::path root_;
  std::string key_passphrase_;
};

}  // namespace trustdesk
