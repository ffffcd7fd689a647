#include "core/keystore/pem_slot_cache.h"

#include <sys/stat.h>

namespace trustdesk {

std::optional<FileIdentity> IdentityOf(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  FileIdentity id;
  id.device = st.st_dev;
  id.inode = st.st_ino;
  id.size = st.st_size;
#ifdef __APPLE__
  const struct timespec& modified = st.st_mtimespec;
#else
  const struct timespec& modified = st.st_mtim;
#endif
  id.modified_ns = static_cast<int64_t>(modified.tv_sec) * 1'000'000'000 + modified.tv_nsec;
  return id;
}

PemSlotCache& PemSlotCache::Shared() {
  static PemSlotCache cache;
  return cache;
}

std::optional<KeyStoreEntry> PemSlotCache::Get(const std::string& cert_path,
                                               const FileIdentity& id) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(cert_path);
  if (it == entries_.end() || !(it->second.id == id)) return std::nullopt;
  return it->second.entry;
}

void PemSlotCache::Put(const std::string& cert_path, const FileIdentity& id,
                       const KeyStoreEntry& entry) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxEntries && entries_.find(cert_path) == entries_.end()) {
    entries_.clear();
  }
  entries_[cert_path] = Cached{id, entry};
  ++puts_;
}

uint64_t PemSlotCache::puts() const {
  std::lock_guard lock(mutex_);
  return puts_;
}

}  // namespace trustdesk
