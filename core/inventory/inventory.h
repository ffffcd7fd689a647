// The local inventory: which certificate (serial, profile, subject, expiry) is installed in which
// key store and where on this machine. Persisted atomically as JSON in the user data directory;
// loaded strictly (a corrupt file is moved aside, reported, and never silently replaced);
// Recheck() marks entries whose files have disappeared as missing. Several processes may share
// the file (the GUI and the CLI): every change re-reads it under its advisory lock
// (core/util/file_lock.h) first, so one never overwrites what another just recorded.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/model/profile.h"
#include "core/model/timestamp.h"
#include "core/util/result.h"

namespace trustdesk {

struct InventoryEntry {
  std::string serial;  // lower-case hex
  std::string profile_id;
  KeyStoreKind store = KeyStoreKind::Pem;
  std::string location;  // file or directory; empty for stores without files
  std::string subject;   // RFC 4514
  Timestamp not_after;
  Timestamp installed_at;
  bool missing = false;  // set by Recheck when the location no longer exists
};

class Inventory {
 public:
  static constexpr const char* kFileName = "inventory.json";

  // Loads `file`; a missing file is an empty inventory. A corrupt file is renamed to
  // "<file>.corrupt-<unix time>" and the error names the problem and where the file went.
  static Result<Inventory> Load(const std::filesystem::path& file);
  explicit Inventory(std::filesystem::path file) : file_(std::move(file)) {}

  const std::vector<InventoryEntry>& entries() const { return entries_; }
  const InventoryEntry* Find(const std::string& serial) const;
  std::vector<const InventoryEntry*> ForProfile(const std::string& profile_id) const;

  // Adds or replaces (by serial) and saves. Like every change, re-reads the file first, so the
  // entries afterwards include other processes' changes.
  Status Record(const InventoryEntry& entry);
  // Removes by serial and saves; NotFound when absent.
  Status Remove(const std::string& serial);
  // Re-checks every file-backed entry; saves when anything changed. Returns the entries now
  // missing.
  Result<std::vector<std::string>> Recheck();

  // Writes the entries in memory as they are (replacing the file).
  Status Save() const;
  const std::filesystem::path& file() const { return file_; }

 private:
  // Under the file lock: re-reads the file, applies `edit` (true: it changed something), writes
  // the result when changed. Memory always follows the file.
  Status Modify(const std::function<Result<bool>(std::vector<InventoryEntry>&)>& edit);
  Status SaveEntries(const std::vector<InventoryEntry>& entries) const;
  void CreateParent() const;

  std::filesystem::path file_;
  std::vector<InventoryEntry> entries_;
};

}  // namespace trustdesk
