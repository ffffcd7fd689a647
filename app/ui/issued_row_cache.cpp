// IssuedRowCache: decides when the Issued certificates page's view must be derived again, and
// where: inside the frame for small lists, on its BackgroundDerive worker for big ones.
#include <utility>

#include "app/ui/background_derive.h"
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

IssuedRowCache::IssuedRowCache(std::size_t sync_limit) : sync_limit_(sync_limit) {}

// Joins the worker (after the derive it is running, if any) before the rows go.
IssuedRowCache::~IssuedRowCache() = default;

IssuedRowCache::IssuedRowCache(const IssuedRowCache& other)
    : sync_limit_(other.sync_limit_),
      view_(other.view_),
      rebuilds_(other.rebuilds_),
      wake_(other.wake_) {
  RequestFromView();
}

IssuedRowCache& IssuedRowCache::operator=(const IssuedRowCache& other) {
  if (this == &other) return *this;
  worker_.reset();
  sync_limit_ = other.sync_limit_;
  view_ = other.view_;
  rebuilds_ = other.rebuilds_;
  wake_ = other.wake_;
  RequestFromView();
  return *this;
}

IssuedRowCache::IssuedRowCache(IssuedRowCache&&) noexcept = default;
IssuedRowCache& IssuedRowCache::operator=(IssuedRowCache&&) noexcept = default;

// A copy has no worker, so it must not wait for one: it asks for what it shows, and the next
// Update() asks for more if the snapshot moved on.
void IssuedRowCache::RequestFromView() {
  have_request_ = view_ != nullptr;
  requested_ = {};
  if (view_) {
    requested_ = Request{view_->rows->issued, view_->rows->installed, view_->rows->profiles,
                         view_->rows->built_at, view_->query};
  }
}

void IssuedRowCache::SetWake(std::function<void()> wake) {
  wake_ = std::move(wake);
  if (worker_) worker_->SetWake(wake_);
}

bool IssuedRowCache::Update(const Snapshot& snap, Timestamp now) {
  Poll();
  const bool same_lists = have_request_ && requested_.issued.SameAs(snap.issued) &&
                          requested_.installed.SameAs(snap.installed) &&
                          requested_.profiles.SameAs(snap.profiles);
  if (same_lists) {
    // Time is judged on the rows shown once they are the requested ones (while a derive runs,
    // its result decides).
    std::optional<Timestamp> next_change;
    if (view_ && view_->rows->SameInputs(requested_.issued, requested_.installed,
                                         requested_.profiles, requested_.rows_at)) {
      next_change = view_->rows->next_change;
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
  IssuedDeriveJob job{requested_.issued,  requested_.installed, requested_.profiles,
                      requested_.rows_at, requested_.query,     view_};
  if (requested_.issued.size() + requested_.installed.size() <= sync_limit_) {
    // Newer than anything the worker has: what it runs or holds is dropped.
    if (worker_) worker_->Discard();
    Show(DeriveIssuedView(job, nullptr));
    return;
  }
  if (!worker_) {
    worker_ = std::make_unique<Worker>(&DeriveIssuedView);
    worker_->SetWake(wake_);
  }
  worker_->Submit(std::move(job));
}

void IssuedRowCache::Poll() {
  if (!worker_) return;
  if (auto view = worker_->Take()) Show(std::move(*view));
}

void IssuedRowCache::Show(std::shared_ptr<const IssuedView> view) {
  if (!view_ || view_->rows != view->rows) ++rebuilds_;
  std::shared_ptr<const IssuedView> old = std::exchange(view_, std::move(view));
  // Freeing 200,000 rows (and maybe the last reference to their lists) is the worker's job.
  if (old && worker_) worker_->Retire(std::move(old));
}

bool IssuedRowCache::WaitForRows(std::chrono::milliseconds timeout) {
  if (worker_ && !worker_->WaitIdle(timeout)) return false;
  Poll();
  return true;
}

bool IssuedRowCache::pending() const { return worker_ && worker_->busy(); }

const std::vector<IssuedRow>& IssuedRowCache::rows() const {
  return view_ ? view_->rows->rows : NoRows();
}

const std::vector<uint32_t>& IssuedRowCache::visible() const {
  return view_ ? view_->visible : NoIndices();
}

const IssuedRow* IssuedRowCache::Find(std::string_view serial) const {
  if (!view_) return nullptr;
  const auto& by_serial = view_->rows->by_serial;
  auto it = by_serial.find(serial);
  return it == by_serial.end() ? nullptr : &view_->rows->rows[it->second];
}

std::size_t IssuedRowCache::CountByStatus(CertStatus status) const {
  return view_ ? view_->rows->status_counts[static_cast<std::size_t>(status)] : 0;
}

Timestamp IssuedRowCache::built_at() const { return view_ ? view_->rows->built_at : Timestamp{}; }

}  // namespace trustdesk
