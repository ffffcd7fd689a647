// The rows of the Issued certificates page (SPEC §6): the user's certificates as the server lists
// them merged with what is installed on this machine, with status and renew state, filtered and
// sorted. Deriving 200,000 rows costs tens of milliseconds, so the cache rebuilds only when one of
// the snapshot's lists was replaced or a status changed with time; a job's progress update (a new
// generation with the same lists) reuses the rows. Pure data: no ImGui, testable on its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/inventory/renew_status.h"
#include "core/model/snapshot.h"

namespace trustdesk {

enum class CertStatus { Valid, ExpiringSoon, Expired, Revoked };

const char* CertStatusLabel(CertStatus status);  // "Valid", "Expiring soon", ...

// Without a profile renewal window a certificate is "Expiring soon" this long before expiry.
inline constexpr int64_t kDefaultExpiringSeconds = 30 * 86400;

// When a certificate counts as expiring soon: the start of its profile's renewal window, or 30
// days before expiry when the profile is unknown or sets no window.
Timestamp ExpiringFrom(const IssuedCertificate& cert, const Profile* profile);

struct IssuedRow {
  const IssuedCertificate* cert = nullptr;    // null: installed here but not listed by the server
  const InventoryEntry* installed = nullptr;  // null: not on this machine
  const ProfileEntry* profile = nullptr;      // null: the profile is not (or no longer) assigned
  std::string_view common_name;
  std::string_view serial;
  Timestamp not_before;  // 0 when only the inventory knows the certificate
  Timestamp not_after;
  CertStatus status = CertStatus::Valid;
  RenewState renew = RenewState::NoAction;
  bool compatible = true;  // the app can enroll/renew from the profile
};

enum class IssuedColumn {
  CommonName,
  Profile,
  Serial,
  Issued,
  Expires,
  Status,
  OnThisMachine,
  Renew
};

struct IssuedQuery {
  std::string profile_id;            // empty = every profile
  std::optional<CertStatus> status;  // empty = every status
  bool installed_only = false;
  std::string text;  // case-insensitive: common name, serial, profile, subject
  IssuedColumn sort = IssuedColumn::Expires;
  bool descending = false;

  bool operator==(const IssuedQuery&) const = default;
};

class IssuedRowCache {
 public:
  // Re-derives the rows when the snapshot's issued, installed or profile list was replaced, or
  // when `now` passed the next moment a status or renew state changes (at most once a minute).
  // Returns true when the rows were rebuilt.
  bool Update(const Snapshot& snapshot, Timestamp now);
  // Recomputes the visible rows when the rows or the query changed.
  void Apply(const IssuedQuery& query);

  const std::vector<IssuedRow>& rows() const { return rows_; }
  // Indices into rows(), filtered and in display order.
  const std::vector<uint32_t>& visible() const { return visible_; }
  // The row with this serial, or nullptr. UI thread only (builds an index on first use).
  const IssuedRow* Find(std::string_view serial) const;
  // Number of rows per status over all rows (for the filter labels).
  std::size_t CountByStatus(CertStatus status) const {
    return status_counts_[static_cast<std::size_t>(status)];
  }
  // How many times the rows were derived (tests check the cache holds across frames).
  uint64_t rebuilds() const { return rebuilds_; }
  Timestamp built_at() const { return built_at_; }

 private:
  void Rebuild(const Snapshot& snapshot, Timestamp now);
  void Sort();
  void Filter();
  void BuildSearchText();

  // The lists the rows point into, kept alive here.
  SharedList<IssuedCertificate> issued_;
  SharedList<InventoryEntry> installed_;
  SharedList<ProfileEntry> profiles_;
  bool have_lists_ = false;
  // Common names parsed from inventory subjects; shared so a copied cache keeps valid views.
  std::shared_ptr<const std::vector<std::string>> derived_names_;
  std::vector<IssuedRow> rows_;
  std::size_t status_counts_[4] = {0, 0, 0, 0};
  Timestamp built_at_;
  std::optional<Timestamp> next_change_;

  // Built on first use after a rebuild (the views look rows up by serial from the UI thread).
  mutable std::unordered_map<std::string_view, uint32_t> by_serial_;
  mutable bool by_serial_valid_ = false;
  // Every row's searchable text, lower case, in one buffer (row i at search_offsets_[i]), so a
  // text filter is one linear scan instead of a walk over scattered strings. Built on the first
  // text filter after a rebuild.
  std::string search_text_;
  std::vector<uint32_t> search_offsets_;
  bool search_valid_ = false;

  std::vector<uint32_t> sorted_;   // every row, in the query's order
  std::vector<uint32_t> visible_;  // sorted_ filtered
  IssuedQuery query_;
  bool sorted_valid_ = false;
  bool visible_valid_ = false;
  uint64_t rebuilds_ = 0;
};

// "CN=alice,O=Acme" -> "alice"; empty when there is no CN.
std::string CommonNameFromSubject(std::string_view rfc4514);

}  // namespace trustdesk
