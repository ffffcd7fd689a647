// The rows of the Certificate profiles table (SPEC §4), derived from a snapshot and cached.
// Deriving a row means counting the profile's certificates and computing its renew status; with
// 10,000 profiles that is far too much for every frame, so the cache rebuilds only when the
// snapshot's profile, issued or installed list is replaced, or when time crosses the next moment
// a status can change (a renewal window opens, a certificate expires). Filtering and sorting
// rearrange an index list and run only when the filter text or the sort order changes. Big lists
// derive on a worker thread. No ImGui here: the cache is plain data, tested without a UI.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/background_rows.h"
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

struct ProfileView;
struct ProfileDeriveJob;

// The table's rows, re-derived when the snapshot's lists change. Small lists derive inside the
// frame; bigger ones on a worker thread (BackgroundDerive), while the page keeps showing the rows
// it has (or, before the first ones, says they are loading). UI thread only.
class ProfileRowCache {
 public:
  // Up to this many profiles plus listed certificates derive inside the frame (about 1 ms).
  static constexpr std::size_t kDefaultSyncLimit = 1000;

  explicit ProfileRowCache(std::size_t sync_limit = kDefaultSyncLimit);
  ~ProfileRowCache();
  // A copy shows the same rows; it starts its own worker if it needs one.
  ProfileRowCache(const ProfileRowCache& other);
  ProfileRowCache& operator=(const ProfileRowCache& other);
  ProfileRowCache(ProfileRowCache&&) noexcept;
  ProfileRowCache& operator=(ProfileRowCache&&) noexcept;

  // Called from the worker when new rows are ready (the app's glfwPostEmptyEvent).
  void SetWake(std::function<void()> wake);

  // Brings the rows up to date with `snapshot` at `now`. Returns true when it started a
  // re-derive (already finished for small lists).
  bool Update(const Snapshot& snapshot, Timestamp now,
              std::string_view app_version = AppVersion());
  // Case-insensitive substring filter over name, ID, version and key stores; "" shows all.
  void SetFilter(std::string_view text);
  // Sort order, most significant key first; ties fall back to name, then ID (stable).
  void SetSort(std::vector<ProfileSortKey> keys);
  // Takes rows the worker finished, if any (Update, SetFilter and SetSort do this first).
  void Poll();
  // Waits (tests, benchmarks) until the worker has derived the rows last asked for, then shows
  // them. False on timeout.
  bool WaitForRows(std::chrono::milliseconds timeout);

  // A derive for newer inputs runs on the worker; what is shown is older.
  bool pending() const;
  // There are no rows to show yet and a derive for new lists runs ("Loading…"); rows shown
  // before stay on screen until the new ones replace them.
  bool loading() const { return pending() && rows().empty(); }

  const std::vector<ProfileRow>& rows() const;
  // Indices into rows(), filtered and sorted.
  const std::vector<uint32_t>& visible() const;
  const ProfileRow* Find(std::string_view profile_id) const;
  // When the current rows stop being exact without a new snapshot; empty = not before one.
  std::optional<Timestamp> valid_until() const;
  // How many derived row sets were taken into use (tests and the frame benchmark check it).
  uint64_t rebuilds() const { return rows_.rebuilds(); }
  // The TrustDesk version the rows were derived for.
  const std::string& app_version() const;

  // Why the row's renew status is what it is, for the hover tooltip ("expires in 41 days;
  // window opens at 30 days"). Computed on demand from the same inputs as the row.
  std::string RenewReason(const ProfileRow& row, Timestamp now) const;

 private:
  struct Request {
    SharedList<ProfileEntry> profiles;
    SharedList<IssuedCertificate> issued;
    SharedList<InventoryEntry> installed;
    std::string app_version;
    Timestamp rows_at;   // the moment renew states are computed for
    std::string filter;  // lower-case
    std::vector<ProfileSortKey> sort{{ProfileColumn::Name, true}};
  };

  void Submit();
  void RequestFromView();

  BackgroundRows<ProfileDeriveJob, ProfileView> rows_;  // what the table shows, and where it derives
  Request requested_;                                   // the newest inputs handed to a derive
  bool have_lists_ = false;                             // requested_ holds a snapshot's lists
};

// Wording shared by the table, the popup and the details modal.
const char* AutoConfigLabel(AutoConfig config);  // "Yes", "Renewal only", "Enrollment only", "No"
AutoConfig AutoConfigOf(const Policy& policy);

}  // namespace trustdesk
