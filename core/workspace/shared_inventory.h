// The local inventory as several threads and processes share it (the GUI, the CLI and the job
// worker on one data directory). Every change is a read-modify-write under the inventory's file
// lock: the file is re-read first, so one process never overwrites what another just added.
// Readers get copies; Refresh() notices a change made by another process (the file was replaced).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/inventory/inventory.h"
#include "core/util/result.h"

namespace trustdesk {

class SharedInventory {
 public:
  explicit SharedInventory(std::filesystem::path file);

  // Loads the file under the lock and re-checks every entry's files (a deleted key shows as
  // missing). Returns the serials now missing.
  Result<std::vector<std::string>> LoadAndRecheck();
  // Re-reads the file when another process replaced it since it was last read. True when the
  // entries changed.
  Result<bool> Refresh();

  // Locks, re-reads, lets `edit` change the inventory (it calls Record/Remove), and keeps the
  // result. `edit`'s error is returned as is.
  Status Mutate(const std::function<Status(Inventory&)>& edit);
  Status Record(const InventoryEntry& entry);
  Status Remove(const std::string& serial);

  std::vector<InventoryEntry> Entries() const;
  std::optional<InventoryEntry> Find(const std::string& serial) const;
  // Increases whenever the entries in memory change.
  uint64_t version() const;
  const std::filesystem::path& file() const { return file_; }

 private:
  struct Stamp {
    bool exists = false;
    uint64_t inode = 0;
    int64_t size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const Stamp&) const = default;
  };
  Stamp StampOf() const;
  // Loads the file while the file lock is held; mutex_ must not be held.
  Result<Inventory> LoadLocked() const;
  void Adopt(const Inventory& inventory, const Stamp& stamp);

  std::filesystem::path file_;
  std::filesystem::path lock_file_;
  mutable std::mutex mutex_;  // guards everything below
  std::vector<InventoryEntry> entries_;
  Stamp stamp_;
  uint64_t version_ = 0;
};

}  // namespace trustdesk
