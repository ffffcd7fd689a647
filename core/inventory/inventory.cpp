#include "core/inventory/inventory.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "core/model/json_mapping.h"
#include "core/util/atomic_file.h"
#include "core/util/file_lock.h"
#include "core/util/json_document.h"

namespace trustdesk {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

constexpr const char* kFormat = "trustdesk-inventory";
constexpr std::size_t kMaxInventoryBytes = 16u << 20;

Result<InventoryEntry> EntryFromJson(const json& j, const std::string& path) {
  auto bad = [&](const std::string& field, const std::string& what) {
    return Error{ErrorCode::Parse, path + "." + field + ": " + what};
  };
  if (!j.is_object()) return Error{ErrorCode::Parse, path + ": must be an object"};
  InventoryEntry e;
  for (const char* f :
       {"serial", "profile_id", "store", "location", "subject", "not_after", "installed_at"}) {
    if (!j.contains(f) || !j[f].is_string()) return bad(f, "missing or not a string");
  }
  e.serial = j["serial"].get<std::string>();
  if (e.serial.empty()) return bad("serial", "must not be empty");
  e.profile_id = j["profile_id"].get<std::string>();
  auto store = KeyStoreKindFromString(j["store"].get<std::string>());
  if (!store) return bad("store", "unknown key store '" + j["store"].get<std::string>() + "'");
  e.store = *store;
  e.location = j["location"].get<std::string>();
  e.subject = j["subject"].get<std::string>();
  auto not_after = ParseRfc3339(j["not_after"].get<std::string>());
  if (!not_after) return bad("not_after", "not an RFC 3339 time");
  e.not_after = *not_after;
  auto installed = ParseRfc3339(j["installed_at"].get<std::string>());
  if (!installed) return bad("installed_at", "not an RFC 3339 time");
  e.installed_at = *installed;
  if (j.contains("missing")) {
    if (!j["missing"].is_boolean()) return bad("missing", "not a boolean");
    e.missing = j["missing"].get<bool>();
  }
  return e;
}

json EntryToJson(const InventoryEntry& e) {
  return json{{"serial", e.serial},
              {"profile_id", e.profile_id},
              {"store", ToString(e.store)},
              {"location", e.location},
              {"subject", e.subject},
              {"not_after", FormatRfc3339(e.not_after)},
              {"installed_at", FormatRfc3339(e.installed_at)},
              {"missing", e.missing}};
}

// Where the certificate's files must be for the entry to count as present.
fs::path EvidenceOf(const InventoryEntry& e) {
  if (e.store == KeyStoreKind::Pem) return fs::path(e.location) / "key.pem";
  return e.location;
}

Result<std::vector<InventoryEntry>> ParseInventory(std::string_view bytes,
                                                   const std::string& what) {
  auto doc = ParseJsonDocument(bytes, what);
  if (!doc.ok()) return doc.error();
  const json& j = *doc;
  if (!j.is_object() || !j.contains("format") || j["format"] != kFormat) {
    return Error{ErrorCode::Parse, what + ": $.format: not a TrustDesk inventory"};
  }
  if (!j.contains("version") || j["version"] != 1) {
    return Error{ErrorCode::Parse, what + ": $.version: unsupported"};
  }
  if (!j.contains("entries") || !j["entries"].is_array()) {
    return Error{ErrorCode::Parse, what + ": $.entries: must be an array"};
  }
  std::vector<InventoryEntry> out;
  for (std::size_t i = 0; i < j["entries"].size(); ++i) {
    auto e = EntryFromJson(j["entries"][i], "$.entries[" + std::to_string(i) + "]");
    if (!e.ok()) return Error{ErrorCode::Parse, what + ": " + e.error().message};
    out.push_back(std::move(e).value());
  }
  return out;
}

}  // namespace

Result<Inventory> Inventory::Load(const fs::path& file) {
  Inventory inv(file);
  auto bytes = ReadFileLimited(file, kMaxInventoryBytes);
  if (!bytes.ok()) {
    if (bytes.error().code == ErrorCode::NotFound) return inv;
    if (bytes.error().code != ErrorCode::TooLarge) return bytes.error();
  }
  auto entries = bytes.ok() ? ParseInventory(*bytes, file.string())
                            : Result<std::vector<InventoryEntry>>(bytes.error());
  if (entries.ok()) {
    inv.entries_ = std::move(entries).value();
    return inv;
  }
  // Keep the damaged file for inspection; a fresh inventory must never overwrite it.
  fs::path aside = file;
  aside += ".corrupt-" + std::to_string(std::time(nullptr));
  std::error_code ec;
  fs::rename(file, aside, ec);
  std::string where = ec ? " (could not move it aside: " + ec.message() + ")"
                         : "; the file was kept as " + aside.string();
  return Error{entries.error().code, "inventory: " + entries.error().message + where};
}

const InventoryEntry* Inventory::Find(const std::string& serial) const {
  for (const auto& e : entries_) {
    if (e.serial == serial) return &e;
  }
  return nullptr;
}

std::vector<const InventoryEntry*> Inventory::ForProfile(const std::string& profile_id) const {
  std::vector<const InventoryEntry*> out;
  for (const auto& e : entries_) {
    if (e.profile_id == profile_id) out.push_back(&e);
  }
  return out;
}

Status Inventory::Modify(const std::function<Result<bool>(std::vector<InventoryEntry>&)>& edit) {
  // Another process (the GUI and the CLI share the data directory) may have changed the file
  // since it was loaded: re-read it under the lock, change that, write it back.
  CreateParent();
  auto lock = FileLock::Acquire(FileLock::LockFileFor(file_));
  if (!lock) return lock.error();
  std::vector<InventoryEntry> current;
  auto bytes = ReadFileLimited(file_, kMaxInventoryBytes);
  if (bytes.ok()) {
    auto parsed = ParseInventory(*bytes, file_.string());
    if (!parsed.ok()) {
      return Error{parsed.error().code,
                   "inventory: " + parsed.error().message + "; nothing was changed"};
    }
    current = std::move(parsed).value();
  } else if (bytes.error().code != ErrorCode::NotFound) {
    return bytes.error();
  }
  auto changed = edit(current);
  if (!changed.ok() || !*changed) {
    entries_ = std::move(current);  // memory follows the file
    return changed.ok() ? Status::Ok() : Status(changed.error());
  }
  Status saved = SaveEntries(current);
  if (saved.ok()) entries_ = std::move(current);  // on failure memory keeps matching disk
  return saved;
}

Status Inventory::Record(const InventoryEntry& entry) {
  if (entry.serial.empty()) return Error{ErrorCode::InvalidInput, "inventory: serial is empty"};
  return Modify([&](std::vector<InventoryEntry>& entries) {
    bool replaced = false;
    for (auto& e : entries) {
      if (e.serial == entry.serial) {
        e = entry;
        replaced = true;
      }
    }
    if (!replaced) entries.push_back(entry);
    return Result<bool>(true);
  });
}

Status Inventory::Remove(const std::string& serial) {
  return Modify([&](std::vector<InventoryEntry>& entries) -> Result<bool> {
    const auto before = entries.size();
    std::erase_if(entries, [&](const InventoryEntry& e) { return e.serial == serial; });
    if (entries.size() == before) {
      return Error{ErrorCode::NotFound, "inventory: no certificate " + serial};
    }
    return true;
  });
}

Result<std::vector<std::string>> Inventory::Recheck() {
  std::vector<std::string> missing;
  Status s = Modify([&](std::vector<InventoryEntry>& entries) {
    missing.clear();
    bool changed = false;
    for (auto& e : entries) {
      if (e.location.empty()) continue;  // OS and token stores: checked by their own health
      std::error_code ec;
      const bool present = fs::exists(EvidenceOf(e), ec);
      if (e.missing == present) {
        e.missing = !present;
        changed = true;
      }
      if (e.missing) missing.push_back(e.serial);
    }
    return Result<bool>(changed);
  });
  if (!s.ok()) return s.error();
  return missing;
}

void Inventory::CreateParent() const {
  std::error_code ec;
  if (file_.has_parent_path()) fs::create_directories(file_.parent_path(), ec);
}

Status Inventory::Save() const {
  CreateParent();
  auto lock = FileLock::Acquire(FileLock::LockFileFor(file_));
  if (!lock) return lock.error();
  return SaveEntries(entries_);
}

Status Inventory::SaveEntries(const std::vector<InventoryEntry>& entries) const {
  json doc{{"format", kFormat}, {"version", 1}, {"entries", json::array()}};
  for (const auto& e : entries) doc["entries"].push_back(EntryToJson(e));
  return WriteFileAtomic(file_, doc.dump(1), kModePrivate);
}

}  // namespace trustdesk
