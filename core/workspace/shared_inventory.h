// A thread-safe view of the local inventory file for the workspace: what is installed, for the
// snapshot and the background actions, while the job worker and other processes (the GUI and the
// CLI on one data directory) change the file. Changes go through Inventory, which re-reads the file
// under its lock first; Refresh() notices a change made elsewhere (the file was replaced).
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

// True when both lists hold the same entries in the same order.
bool SameInventoryEntries(const std::vector<InventoryEntry>& a,
                          const std::vector<InventoryEntry>& b);

class SharedInventory {
 public:
  explicit SharedInventory(std::filesystem::path file);

  // Loads the file and re-checks every entry's files (a deleted key shows as
  // missing). Returns the serials now missing.
  Result<std::vector<std::string>> LoadAndRecheck();
  // Re-reads the file when another process replaced it since it was last read. True when the
  // entries changed.
  Result<bool> Refresh();

  // Lets `edit` change the inventory (through Record/Remove, which re-read the file under its
  // lock) and keeps the result. `edit`'s error is returned as is.
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
  // Reads the file; mutex_ must not be held.
  Result<Inventory> LoadFile() const;
  void Adopt(const Inventory& inventory, const Stamp& stamp);

  std::filesystem::path file_;
  mutable std::mutex mutex_;  // guards everything below
  std::vector<InventoryEntry> entries_;
  Stamp stamp_;
  uint64_t version_ = 0;
};

}  // namespace trustdesk
