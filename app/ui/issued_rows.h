// The rows of the Issued certificates page (SPEC §6): the user's certificates as the server lists
// them merged with what is installed on this machine, with status and renew state, filtered and
// sorted. Deriving 200,000 rows costs tens of milliseconds, so the cache rebuilds only when one of
// the snapshot's lists was replaced or a status changed with time; a job's progress update (a new
// generation with the same lists) reuses the rows; big lists derive on a worker thread. Pure data:
// no ImGui, testable on its own.
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

struct IssuedView;
struct IssuedDeriveJob;

// The rows the page shows, re-derived when the snapshot's lists change. Small lists derive inside
// the frame; bigger ones on a worker thread (BackgroundDerive), while the page keeps showing the
// rows it has (or, before the first ones, says they are loading). UI thread only.
class IssuedRowCache {
 public:
  // Up to this many certificates (listed plus installed) derive inside the frame: about 1 ms, so
  // the common account and the tests see rows in the first frame without a thread.
  static constexpr std::size_t kDefaultSyncLimit = 2000;

  explicit IssuedRowCache(std::size_t sync_limit = kDefaultSyncLimit);
  ~IssuedRowCache();
  // A copy shows the same rows; it starts its own worker if it needs one.
  IssuedRowCache(const IssuedRowCache& other);
  IssuedRowCache& operator=(const IssuedRowCache& other);
  IssuedRowCache(IssuedRowCache&&) noexcept;
  IssuedRowCache& operator=(IssuedRowCache&&) noexcept;

  // Called from the worker when new rows are ready (the app's glfwPostEmptyEvent).
  void SetWake(std::function<void()> wake);

  // Re-derives the rows when the snapshot's issued, installed or profile list was replaced, or
  // when `now` passed the next moment a status or renew state changes (at most once a minute).
  // Returns true when it started a re-derive (already finished for small lists).
  bool Update(const Snapshot& snapshot, Timestamp now);
  // Recomputes the visible rows when the query changed (on the worker for big lists).
  void Apply(const IssuedQuery& query);
  // Takes rows the worker finished, if any (Update and Apply do this first).
  void Poll();
  // Waits (tests, benchmarks) until the worker has derived the rows for the last Update/Apply,
  // then shows them. False on timeout.
  bool WaitForRows(std::chrono::milliseconds timeout);

  // A derive for newer inputs runs on the worker; what is shown is older.
  bool pending() const;
  // There are no rows to show yet and a derive for new lists runs ("Loading…"); rows shown
  // before stay on screen until the new ones replace them.
  bool loading() const { return pending() && rows().empty(); }

  const std::vector<IssuedRow>& rows() const;
  // Indices into rows(), filtered and in display order.
  const std::vector<uint32_t>& visible() const;
  // The row with this serial, or nullptr.
  const IssuedRow* Find(std::string_view serial) const;
  // Number of rows per status over all rows (for the filter labels).
  std::size_t CountByStatus(CertStatus status) const;
  // How many derived row sets were taken into use (tests check the cache holds across frames).
  uint64_t rebuilds() const { return rows_.rebuilds(); }
  Timestamp built_at() const;

 private:
  struct Request {
    SharedList<IssuedCertificate> issued;
    SharedList<InventoryEntry> installed;
    SharedList<ProfileEntry> profiles;
    Timestamp rows_at;  // the moment statuses are computed for
    IssuedQuery query;
  };

  void Submit();
  void RequestFromView();

  BackgroundRows<IssuedDeriveJob, IssuedView> rows_;  // what the page shows, and where it derives
  Request requested_;                                  // the newest inputs handed to a derive
  bool have_request_ = false;
};

// "CN=alice,O=Acme" -> "alice"; empty when there is no CN.
std::string CommonNameFromSubject(std::string_view rfc4514);

}  // namespace trustdesk
