// The rows the profiles and certs commands print, computed from one snapshot with the same rules
// as the GUI's tables: renew status per SPEC §4 (core/inventory/renew_status.h), certificate
// status Valid / Expiring soon (inside the renewal window, or 30 days without one) / Expired /
// Revoked, and "On this machine" from the local inventory.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model/snapshot.h"

namespace trustdesk::cli {

struct ProfileRow {
  const ProfileEntry* entry = nullptr;
  bool compatible = true;
  bool can_renew = false;
  std::string renew_reason;
  int issued_count = 0;
};

struct CertRow {
  const IssuedCertificate* cert = nullptr;    // null: installed here but not listed by the server
  const InventoryEntry* installed = nullptr;  // null: not on this machine
  const ProfileEntry* profile = nullptr;      // null: the profile is no longer assigned
  std::string serial;
  std::string common_name;
  std::string profile_id;
  std::optional<Timestamp> issued;
  Timestamp expires;
  std::string status;  // "valid", "expiring_soon", "expired", "revoked"
  bool can_renew = false;
  std::string renew_reason;
};

std::vector<ProfileRow> BuildProfileRows(const Snapshot& snapshot, Timestamp now);
// Issued certificates (server order) then installed ones the server does not list; optionally
// only those of `profile_id`.
std::vector<CertRow> BuildCertRows(const Snapshot& snapshot, Timestamp now,
                                   const std::optional<std::string>& profile_id);

const char* StatusLabel(const std::string& status);  // "Valid", "Expiring soon", ...
std::string KeyStoresText(const std::vector<KeyStoreKind>& stores);  // "software, pkcs12"

}  // namespace trustdesk::cli
