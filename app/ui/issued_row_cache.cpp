// IssuedRowCache: decides when the Issued certificates page's view must be derived again (new
// lists, a query, a status changed by time); BackgroundRows decides where it is derived.
#include <utility>

#include "app/ui/issued_view.h"

namespace trustdesk {
namespace {

// A rebuild for a status that changed with time is postponed to at most one per minute, so a big
// list whose certificates expire every few seconds does not re-derive every frame.
constexpr int64_t kMinTimeRebuildSeconds = 60;

const std::vector<IssuedRow>& NoRows() {
  static const std::vector<IssuedRow> none;
  return none;
}

const std::vector<uint32_t>& NoIndices() {
  static const std::vector<uint32_t> none;
  return none;
}

}  // namespace

IssuedRowCache::IssuedRowCache(std::size_t sync_limit) : rows_(&DeriveIssuedView, sync_limit) {}

IssuedRowCache::~IssuedRowCache() = default;

IssuedRowCache::IssuedRowCache(const IssuedRowCache& other) : rows_(other.rows_) {
  RequestFromView();
}

IssuedRowCache& IssuedRowCache::operator=(const IssuedRowCache& other) {
  if (this == &other) return *this;
  rows_ = other.rows_;
  RequestFromView();
  return *this;
}

IssuedRowCache::IssuedRowCache(IssuedRowCache&&) noexcept = default;
IssuedRowCache& IssuedRowCache::operator=(IssuedRowCache&&) noexcept = default;

// A copy has no worker, so it must not wait for one: it asks for what it shows, and the next
// Update() asks for more if the snapshot moved on.
void IssuedRowCache::RequestFromView() {
  const auto& view = rows_.view();
  have_request_ = view != nullptr;
  requested_ = {};
  if (view) {
    requested_ = Request{view->rows->issued, view->rows->installed, view->rows->profiles,
                         view->rows->built_at, view->query};
  }
}

void IssuedRowCache::SetWake(std::function<void()> wake) { rows_.SetWake(std::move(wake)); }

bool IssuedRowCache::Update(const Snapshot& snap, Timestamp now) {
  Poll();
  const bool same_lists = have_request_ && requested_.issued.SameAs(snap.issued) &&
                          requested_.installed.SameAs(snap.installed) &&
                          requested_.profiles.SameAs(snap.profiles);
  if (same_lists) {
    // Time is judged on the rows shown once they are the requested ones (while a derive runs,
    // its result decides).
    std::optional<Timestamp> next_change;
    const auto& view = rows_.view();
    if (view && view->rows->SameInputs(requested_.issued, requested_.installed,
                                       requested_.profiles, requested_.rows_at)) {
      next_change = view->rows->next_change;
    }
    const bool time_moved =
        next_change && now >= *next_change &&
        now.unix_seconds - requested_.rows_at.unix_seconds >= kMinTimeRebuildSeconds;
    // The clock going backwards (tests, a corrected system clock) also re-derives.
    if (!time_moved && now >= requested_.rows_at) return false;
  }
  requested_.issued = snap.issued;
  requested_.installed = snap.installed;
  requested_.profiles = snap.profiles;
  requested_.rows_at = now;
  have_request_ = true;
  Submit();
  return true;
}

void IssuedRowCache::Apply(const IssuedQuery& query) {
  Poll();
  if (have_request_ && requested_.query == query) return;
  requested_.query = query;
  have_request_ = true;
  Submit();
}

void IssuedRowCache::Submit() {
  rows_.Submit(IssuedDeriveJob{requested_.issued, requested_.installed, requested_.profiles,
                               requested_.rows_at, requested_.query, rows_.view()},
               requested_.issued.size() + requested_.installed.size());
}

void IssuedRowCache::Poll() { rows_.Poll(); }

bool IssuedRowCache::WaitForRows(std::chrono::milliseconds timeout) {
  return rows_.WaitForRows(timeout);
}

bool IssuedRowCache::pending() const { return rows_.pending(); }

const std::vector<IssuedRow>& IssuedRowCache::rows() const {
  return rows_.view() ? rows_.view()->rows->rows : NoRows();
}

const std::vector<uint32_t>& IssuedRowCache::visible() const {
  return rows_.view() ? rows_.view()->visible : NoIndices();
}

const IssuedRow* IssuedRowCache::Find(std::string_view serial) const {
  const auto& view = rows_.view();
  if (!view) return nullptr;
  const auto& by_serial = view->rows->by_serial;
  auto it = by_serial.find(serial);
  return it == by_serial.end() ? nullptr : &view->rows->rows[it->second];
}

std::size_t IssuedRowCache::CountByStatus(CertStatus status) const {
  const auto& view = rows_.view();
  return view ? view->rows->status_counts[static_cast<std::size_t>(status)] : 0;
}

Timestamp IssuedRowCache::built_at() const {
  return rows_.view() ? rows_.view()->rows->built_at : Timestamp{};
}

}  // namespace trustdesk
