// The rows of the Certificate profiles table (SPEC §4), derived from a snapshot and cached.
// Deriving a row means counting the profile's certificates and computing its renew status; with
// 10,000 profiles that is far too much for every frame, so the cache rebuilds only when the
// snapshot's profile, issued or installed list is replaced, or when time crosses the next moment
// a status can change (a renewal window opens, a certificate expires). Filtering and sorting
// rearrange an index list and run only when the filter text or the sort order changes.
// No ImGui here: the cache is plain data, tested without a UI.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/inventory/renew_status.h"
#include "core/model/snapshot.h"
#include "core/model/version.h"

namespace trustdesk {

// Columns of the profiles table, in display order; also the sort keys.
enum class ProfileColumn {
  Actions, Name, Version, RenewStatus, Issued, AutoConfigured, KeyStores, ProfileId, Revision,
};
inline constexpr int kProfileColumnCount = 9;

// How much of a profile's lifecycle TrustDesk runs on its own (the Auto-configured column).
enum class AutoConfig { None, EnrollOnly, RenewOnly, Both };

struct ProfileRow {
  const ProfileEntry* entry = nullptr;  // into the cached profile list (kept alive by the cache)
  bool compatible = true;               // this TrustDesk is at least the profile's version
  std::optional<Version> version;       // parsed profile_version (sorting); empty if unreadable
  AutoConfig auto_config = AutoConfig::None;
  RenewState renew = RenewState::NoAction;
  int can_renew = 0;    // certificates of this profile that can be renewed here now
  int issued = 0;       // every certificate the server lists for this profile
  int active = 0;       // of those, neither revoked nor expired
  int installed = 0;    // of those, installed on this machine
  // The certificate the renew status is about (hover reason); nullptr when none is installed.
  const IssuedCertificate* decisive = nullptr;
  const InventoryEntry* decisive_installed = nullptr;
  std::string key_stores;  // "Software key store, PKCS#12 file"
  std::string name_key;    // lower-case name (sorting)
  std::string haystack;    // lower-case name, id, version, key stores (text filter)

  const Profile& profile() const { return entry->profile; }
};

struct ProfileSortKey {
  ProfileColumn column = ProfileColumn::Name;
  bool ascending = true;

  bool operator==(const ProfileSortKey&) const = default;
};

class ProfileRowCache {
 public:
  // Brings the rows up to date with `snapshot` at `now`. Returns true when it re-derived them.
  bool Update(const Snapshot& snapshot, Timestamp now,
              std::string_view app_version = AppVersion());
  // Case-insensitive substring filter over name, ID, version and key stores; "" shows all.
  void SetFilter(std::string_view text);
  // Sort order, most significant key first; ties fall back to name, then ID (stable).
  void SetSort(std::vector<ProfileSortKey> keys);

  const std::vector<ProfileRow>& rows() const { return rows_; }
  // Indices into rows(), filtered and sorted.
  const std::vector<uint32_t>& visible() const { return visible_; }
  const ProfileRow* Find(std::string_view profile_id) const;
  // When the current rows stop being exact without a new snapshot; empty = not before one.
  std::optional<Timestamp> valid_until() const { return valid_until_; }
  // How many times rows were derived (tests and the frame benchmark check it stays put).
  uint64_t rebuilds() const { return rebuilds_; }
  const std::string& app_version() const { return app_version_; }

  // Why the row's renew status is what it is, for the hover tooltip ("expires in 41 days;
  // window opens at 30 days"). Computed on demand from the same inputs as the row.
  std::string RenewReason(const ProfileRow& row, Timestamp now) const;

 private:
  void Rebuild(Timestamp now);
  void RefreshVisible();

  SharedList<ProfileEntry> profiles_;
  SharedList<IssuedCertificate> issued_;
  SharedList<InventoryEntry> installed_;
  bool built_ = false;
  Timestamp built_at_;  // a clock set back also rebuilds
  std::optional<Timestamp> valid_until_;
  std::string app_version_;
  std::vector<ProfileRow> rows_;
  std::unordered_map<std::string_view, uint32_t> by_id_;  // views into rows_' profile ids
  std::vector<uint32_t> visible_;
  std::string filter_;  // lower-case
  std::vector<ProfileSortKey> sort_{{ProfileColumn::Name, true}};
  uint64_t rebuilds_ = 0;
};

// Wording shared by the table, the popup and the details modal.
const char* AutoConfigLabel(AutoConfig config);  // "Yes", "Renewal only", "Enrollment only", "No"
AutoConfig AutoConfigOf(const Policy& policy);

}  // namespace trustdesk
