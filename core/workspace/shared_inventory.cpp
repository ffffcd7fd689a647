#include "core/workspace/shared_inventory.h"

#include <sys/stat.h>

namespace trustdesk {

bool SameInventoryEntries(const std::vector<InventoryEntry>& a,
                          const std::vector<InventoryEntry>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& x = a[i];
    const auto& y = b[i];
    if (x.serial != y.serial || x.profile_id != y.profile_id || x.store != y.store ||
        x.location != y.location || x.subject != y.subject || x.not_after != y.not_after ||
        x.installed_at != y.installed_at || x.missing != y.missing) {
      return false;
    }
  }
  return true;
}

SharedInventory::SharedInventory(std::filesystem::path file) : file_(std::move(file)) {}

SharedInventory::Stamp SharedInventory::StampOf() const {
  Stamp stamp;
  struct stat st {};
  if (::stat(file_.string().c_str(), &st) != 0) return stamp;
  stamp.exists = true;
  stamp.inode = static_cast<uint64_t>(st.st_ino);
  stamp.size = static_cast<int64_t>(st.st_size);
#if defined(__APPLE__)
  stamp.mtime_ns = int64_t{st.st_mtimespec.tv_sec} * 1'000'000'000 + st.st_mtimespec.tv_nsec;
#elif defined(_WIN32)
  stamp.mtime_ns = int64_t{st.st_mtime} * 1'000'000'000;
#else
  stamp.mtime_ns = int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
#endif
  return stamp;
}

// The file is only ever replaced atomically, so reading it needs no lock; Inventory's changes
// take the lock themselves.
Result<Inventory> SharedInventory::LoadFile() const { return Inventory::Load(file_); }

void SharedInventory::Adopt(const Inventory& inventory, const Stamp& stamp) {
  std::lock_guard lock(mutex_);
  if (!SameInventoryEntries(entries_, inventory.entries())) {
    entries_ = inventory.entries();
    ++version_;
  }
  stamp_ = stamp;
}

Result<std::vector<std::string>> SharedInventory::LoadAndRecheck() {
  auto inventory = LoadFile();
  if (!inventory) return inventory.error();
  auto missing = inventory->Recheck();
  if (!missing) return missing.error();
  Adopt(*inventory, StampOf());
  return missing;
}

Result<bool> SharedInventory::Refresh() {
  const Stamp now = StampOf();
  {
    std::lock_guard lock(mutex_);
    if (now == stamp_) return false;
  }
  auto inventory = LoadFile();
  if (!inventory) return inventory.error();
  const uint64_t before = version();
  Adopt(*inventory, StampOf());
  return version() != before;
}

Status SharedInventory::Mutate(const std::function<Status(Inventory&)>& edit) {
  auto inventory = LoadFile();
  if (!inventory) return inventory.error();
  Status status = edit(*inventory);
  // Whatever the edit did, memory follows the file as it is now.
  Adopt(*inventory, StampOf());
  return status;
}

Status SharedInventory::Record(const InventoryEntry& entry) {
  return Mutate([&](Inventory& inventory) { return inventory.Record(entry); });
}

Status SharedInventory::Remove(const std::string& serial) {
  return Mutate([&](Inventory& inventory) { return inventory.Remove(serial); });
}

std::vector<InventoryEntry> SharedInventory::Entries() const {
  std::lock_guard lock(mutex_);
  return entries_;
}

std::optional<InventoryEntry> SharedInventory::Find(const std::string& serial) const {
  std::lock_guard lock(mutex_);
  for (const auto& e : entries_) {
    if (e.serial == serial) return e;
  }
  return std::nullopt;
}

uint64_t SharedInventory::version() const {
  std::lock_guard lock(mutex_);
  return version_;
}

}  // namespace trustdesk
