// What was read from PEM slots' cert.pem files, keyed by each file's identity (device, inode,
// size, modification time). Finding one certificate in a PEM directory means looking at every
// slot, and parsing hundreds of certificates on each lookup made a bulk renewal slow (a renewal
// looks several times). Key store files are replaced by rename, which gives them a new inode, so
// an entry only ever answers for the file it was read from; an edit in place changes the size or
// the modification time. Shared by every PemKeyStore in the process; thread-safe. The PKCS#12
// store keeps its own instance for the same reason (Pkcs12KeyStore::ScannedFiles).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/keystore/key_store.h"

namespace trustdesk {

struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  int64_t modified_ns = 0;

  bool operator==(const FileIdentity&) const = default;
};

// The identity of a regular file, or nothing when it does not exist or is not a regular file.
std::optional<FileIdentity> IdentityOf(const std::filesystem::path& path);

class PemSlotCache {
 public:
  static PemSlotCache& Shared();

  // The entry read from `cert_path` when it still has identity `id`.
  std::optional<KeyStoreEntry> Get(const std::string& cert_path, const FileIdentity& id) const;
  void Put(const std::string& cert_path, const FileIdentity& id, const KeyStoreEntry& entry);
  // How many entries were stored (tests check that unchanged slots are not read again).
  uint64_t puts() const;

 private:
  static constexpr std::size_t kMaxEntries = 16384;  // then it starts over (a few MB at most)

  struct Cached {
    FileIdentity id;
    KeyStoreEntry entry;
  };
  mutable std::mutex mutex_;  // guards everything below
  std::unordered_map<std::string, Cached> entries_;
  uint64_t puts_ = 0;
};

}  // namespace trustdesk
