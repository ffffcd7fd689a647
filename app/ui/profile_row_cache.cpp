// ProfileRowCache: decides when the profiles table's view must be derived again (new lists, a
// filter, a sort, a renew state changed by time); BackgroundRows decides where it is derived.
#include <utility>

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

ProfileRowCache::ProfileRowCache(std::size_t sync_limit)
    : rows_(&DeriveProfileView, sync_limit) {
  requested_.app_version = std::string(AppVersion());
}

ProfileRowCache::~ProfileRowCache() = default;

ProfileRowCache::ProfileRowCache(const ProfileRowCache& other)
    : rows_(other.rows_), requested_(other.requested_) {
  RequestFromView();
}

ProfileRowCache& ProfileRowCache::operator=(const ProfileRowCache& other) {
  if (this == &other) return *this;
  rows_ = other.rows_;
  requested_ = other.requested_;
  RequestFromView();
  return *this;
}

ProfileRowCache::ProfileRowCache(ProfileRowCache&&) noexcept = default;
ProfileRowCache& ProfileRowCache::operator=(ProfileRowCache&&) noexcept = default;

// A copy has no worker, so it must not wait for one: it asks for what it shows, and the next
// Update() asks for more if the snapshot moved on.
void ProfileRowCache::RequestFromView() {
  const auto& view = rows_.view();
  have_lists_ = view != nullptr;
  if (view) {
    const ProfileRowSet& set = *view->rows;
    requested_ = Request{set.profiles, set.issued,   set.installed, set.app_version,
                         set.built_at, view->filter, view->sort};
  } else {
    requested_.profiles.clear();
    requested_.issued.clear();
    requested_.installed.clear();
  }
}

void ProfileRowCache::SetWake(std::function<void()> wake) { rows_.SetWake(std::move(wake)); }

bool ProfileRowCache::Update(const Snapshot& snapshot, Timestamp now,
                             std::string_view app_version) {
  Poll();
  if (have_lists_ && requested_.profiles.SameAs(snapshot.profiles) &&
      requested_.issued.SameAs(snapshot.issued) &&
      requested_.installed.SameAs(snapshot.installed) && requested_.app_version == app_version &&
      now >= requested_.rows_at) {
    // Time is judged on the rows shown once they are the requested ones (while a derive runs,
    // its result decides).
    const auto& view = rows_.view();
    const bool shown =
        view && view->rows->SameInputs(requested_.profiles, requested_.issued,
                                       requested_.installed, app_version, requested_.rows_at);
    const std::optional<Timestamp> until = shown ? view->rows->valid_until : std::nullopt;
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
  rows_.Submit(ProfileDeriveJob{requested_.profiles, requested_.issued, requested_.installed,
                                requested_.app_version, requested_.rows_at, requested_.filter,
                                requested_.sort, rows_.view()},
               requested_.profiles.size() + requested_.issued.size());
}

void ProfileRowCache::Poll() { rows_.Poll(); }

bool ProfileRowCache::WaitForRows(std::chrono::milliseconds timeout) {
  return rows_.WaitForRows(timeout);
}

bool ProfileRowCache::pending() const { return rows_.pending(); }

const std::vector<ProfileRow>& ProfileRowCache::rows() const {
  return rows_.view() ? rows_.view()->rows->rows : NoRows();
}

const std::vector<uint32_t>& ProfileRowCache::visible() const {
  return rows_.view() ? rows_.view()->visible : NoIndices();
}

const ProfileRow* ProfileRowCache::Find(std::string_view profile_id) const {
  const auto& view = rows_.view();
  if (!view) return nullptr;
  const auto& by_id = view->rows->by_id;
  const auto it = by_id.find(profile_id);
  return it == by_id.end() ? nullptr : &view->rows->rows[it->second];
}

std::optional<Timestamp> ProfileRowCache::valid_until() const {
  return rows_.view() ? rows_.view()->rows->valid_until : std::nullopt;
}

const std::string& ProfileRowCache::app_version() const {
  return rows_.view() ? rows_.view()->rows->app_version : requested_.app_version;
}

}  // namespace trustdesk
