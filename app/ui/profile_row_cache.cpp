// ProfileRowCache: decides when the profiles table's view must be derived again, and where:
// inside the frame for small lists, on its BackgroundDerive worker for big ones.
#include <utility>

#include "app/ui/background_derive.h"
#include "app/ui/profile_view.h"

namespace trustdesk {
namespace {

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

const std::vector<ProfileRow>& NoRows() {
  static const std::vector<ProfileRow> none;
  return none;
}

const std::vector<uint32_t>& NoIndices() {
  static const std::vector<uint32_t> none;
  return none;
}

}  // namespace

ProfileRowCache::ProfileRowCache(std::size_t sync_limit) : sync_limit_(sync_limit) {
  requested_.app_version = std::string(AppVersion());
}

// Joins the worker (after the derive it is running, if any) before the rows go.
ProfileRowCache::~ProfileRowCache() = default;

ProfileRowCache::ProfileRowCache(const ProfileRowCache& other)
    : sync_limit_(other.sync_limit_),
      view_(other.view_),
      requested_(other.requested_),
      rebuilds_(other.rebuilds_),
      wake_(other.wake_) {
  RequestFromView();
}

ProfileRowCache& ProfileRowCache::operator=(const ProfileRowCache& other) {
  if (this == &other) return *this;
  worker_.reset();
  sync_limit_ = other.sync_limit_;
  view_ = other.view_;
  requested_ = other.requested_;
  rebuilds_ = other.rebuilds_;
  wake_ = other.wake_;
  RequestFromView();
  return *this;
}

ProfileRowCache::ProfileRowCache(ProfileRowCache&&) noexcept = default;
ProfileRowCache& ProfileRowCache::operator=(ProfileRowCache&&) noexcept = default;

// A copy has no worker, so it must not wait for one: it asks for what it shows, and the next
// Update() asks for more if the snapshot moved on.
void ProfileRowCache::RequestFromView() {
  have_lists_ = view_ != nullptr;
  if (view_) {
    const ProfileRowSet& set = *view_->rows;
    requested_ = Request{set.profiles, set.issued,    set.installed, set.app_version,
                         set.built_at, view_->filter, view_->sort};
  } else {
    requested_.profiles.clear();
    requested_.issued.clear();
    requested_.installed.clear();
  }
}

void ProfileRowCache::SetWake(std::function<void()> wake) {
  wake_ = std::move(wake);
  if (worker_) worker_->SetWake(wake_);
}

bool ProfileRowCache::Update(const Snapshot& snapshot, Timestamp now,
                             std::string_view app_version) {
  Poll();
  if (have_lists_ && requested_.profiles.SameAs(snapshot.profiles) &&
      requested_.issued.SameAs(snapshot.issued) &&
      requested_.installed.SameAs(snapshot.installed) && requested_.app_version == app_version &&
      now >= requested_.rows_at) {
    // Time is judged on the rows shown once they are the requested ones (while a derive runs,
    // its result decides).
    const bool shown =
        view_ && view_->rows->SameInputs(requested_.profiles, requested_.issued,
                                         requested_.installed, app_version, requested_.rows_at);
    const std::optional<Timestamp> until = shown ? view_->rows->valid_until : std::nullopt;
    if (!until || now < *until) return false;
  }
  requested_.profiles = snapshot.profiles;
  requested_.issued = snapshot.issued;
  requested_.installed = snapshot.installed;
  requested_.app_version = std::string(app_version);
  requested_.rows_at = now;
  have_lists_ = true;
  Submit();
  return true;
}

void ProfileRowCache::SetFilter(std::string_view text) {
  Poll();
  std::string lowered = LowerAscii(text);
  if (lowered == requested_.filter) return;
  requested_.filter = std::move(lowered);
  Submit();
}

void ProfileRowCache::SetSort(std::vector<ProfileSortKey> keys) {
  Poll();
  if (keys.empty()) keys.push_back({ProfileColumn::Name, true});
  if (keys == requested_.sort) return;
  requested_.sort = std::move(keys);
  Submit();
}

void ProfileRowCache::Submit() {
  ProfileDeriveJob job{
      requested_.profiles, requested_.issued, requested_.installed, requested_.app_version,
      requested_.rows_at,  requested_.filter, requested_.sort,      view_};
  if (requested_.profiles.size() + requested_.issued.size() <= sync_limit_) {
    // Newer than anything the worker has: what it runs or holds is dropped.
    if (worker_) worker_->Discard();
    Show(DeriveProfileView(job, nullptr));
    return;
  }
  if (!worker_) {
    worker_ = std::make_unique<Worker>(&DeriveProfileView);
    worker_->SetWake(wake_);
  }
  worker_->Submit(std::move(job));
}

void ProfileRowCache::Poll() {
  if (!worker_) return;
  if (auto view = worker_->Take()) Show(std::move(*view));
}

void ProfileRowCache::Show(std::shared_ptr<const ProfileView> view) {
  if (!view_ || view_->rows != view->rows) ++rebuilds_;
  std::shared_ptr<const ProfileView> old = std::exchange(view_, std::move(view));
  // Freeing 10,000 rows (and maybe the last reference to their lists) is the worker's job.
  if (old && worker_) worker_->Retire(std::move(old));
}

bool ProfileRowCache::WaitForRows(std::chrono::milliseconds timeout) {
  if (worker_ && !worker_->WaitIdle(timeout)) return false;
  Poll();
  return true;
}

bool ProfileRowCache::pending() const { return worker_ && worker_->busy(); }

const std::vector<ProfileRow>& ProfileRowCache::rows() const {
  return view_ ? view_->rows->rows : NoRows();
}

const std::vector<uint32_t>& ProfileRowCache::visible() const {
  return view_ ? view_->visible : NoIndices();
}

const ProfileRow* ProfileRowCache::Find(std::string_view profile_id) const {
  if (!view_) return nullptr;
  const auto& by_id = view_->rows->by_id;
  const auto it = by_id.find(profile_id);
  return it == by_id.end() ? nullptr : &view_->rows->rows[it->second];
}

std::optional<Timestamp> ProfileRowCache::valid_until() const {
  return view_ ? view_->rows->valid_until : std::nullopt;
}

const std::string& ProfileRowCache::app_version() const {
  return view_ ? view_->rows->app_version : requested_.app_version;
}

}  // namespace trustdesk
