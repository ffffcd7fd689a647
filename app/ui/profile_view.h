// What one derivation of the Certificate profiles table produces, immutable once built so the
// worker thread and the UI thread can share it: the rows (with the lists they point into) and the
// visible rows for one filter and sort. A new filter or sort reuses the rows; only new lists, a
// new app version or time crossing a status change derive them again.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/ui/profile_rows.h"

namespace trustdesk {

struct ProfileRowSet {
  // The lists the rows point into, kept alive here.
  SharedList<ProfileEntry> profiles;
  SharedList<IssuedCertificate> issued;
  SharedList<InventoryEntry> installed;
  std::string app_version;
  Timestamp built_at;
  std::optional<Timestamp> valid_until;  // when a renew state or count changes next
  std::vector<ProfileRow> rows;
  std::unordered_map<std::string_view, uint32_t> by_id;  // views into the rows' profile ids

  bool SameInputs(const SharedList<ProfileEntry>& p, const SharedList<IssuedCertificate>& i,
                  const SharedList<InventoryEntry>& in, std::string_view version,
                  Timestamp at) const {
    return profiles.SameAs(p) && issued.SameAs(i) && installed.SameAs(in) &&
           app_version == version && built_at == at;
  }
};

struct ProfileView {
  std::shared_ptr<const ProfileRowSet> rows;
  std::string filter;  // lower-case
  std::vector<ProfileSortKey> sort;
  std::vector<uint32_t> visible;  // filtered, sorted
};

// The inputs of one derivation, and the view the UI showed when it asked (reusable rows).
struct ProfileDeriveJob {
  SharedList<ProfileEntry> profiles;
  SharedList<IssuedCertificate> issued;
  SharedList<InventoryEntry> installed;
  std::string app_version;
  Timestamp rows_at;
  std::string filter;
  std::vector<ProfileSortKey> sort;
  std::shared_ptr<const ProfileView> shown;
};

// Derives the view for `job`, reusing rows `job.shown` or `previous` (the worker's last output)
// already derived from the same inputs. Pure: safe on any thread.
std::shared_ptr<const ProfileView> DeriveProfileView(
    const ProfileDeriveJob& job, const std::shared_ptr<const ProfileView>* previous);

}  // namespace trustdesk
