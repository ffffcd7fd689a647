// PKCS#12 files in a chosen directory: one <slot>.p12 per certificate, protected by a passphrase
// (AES-256-CBC/PBKDF2, SHA-256 MAC; legacy 3DES/SHA-1 only on request). Files are 0600 from the
// first byte, also when renewal replaces the same file.
#pragma once

#include <filesystem>

#include "core/keystore/key_store.h"
#include "core/keystore/pem_slot_cache.h"

namespace trustdesk {

class Pkcs12KeyStore final : public KeyStore {
 public:
  Pkcs12KeyStore(std::filesystem::path root, std::string passphrase, Pkcs12Options options = {});

  KeyStoreKind kind() const override { return KeyStoreKind::Pkcs12; }
  std::string location() const override { return root_.string(); }
  Result<KeyStoreEntry> Install(const InstallRequest& request) override;
  // Files that do not open with this store's passphrase are skipped (Health counts them).
  Result<std::vector<KeyStoreEntry>> List() override;
  Result<Credential> Load(const std::string& serial) override;
  Status Remove(const std::string& serial) override;
  KeyStoreHealth Health() override;

  // Reads one .p12 file (ReadPkcs12); errors name the file.
  static Result<Credential> ReadFile(const std::filesystem::path& file,
                                     const std::string& passphrase);
  // What List() read from each file, keyed by path, file identity and passphrase, shared by every
  // instance in the process: reading a file costs three 600,000-round key derivations, so an
  // unchanged file is not read again (tests look at puts()).
  static PemSlotCache& ScannedFiles();

 private:
  struct Scan {
    std::vector<KeyStoreEntry> entries;
    std::size_t unreadable = 0;
  };
  Scan ScanFiles() const;

  std::filesystem::path root_;
  std::string passphrase_;
  std::string passphrase_tag_;  // the passphrase's name in ScannedFiles()
  Pkcs12Options options_;
};

}  // namespace trustdesk
