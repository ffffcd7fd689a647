#include "app/ui/profile_rows.h"

#include <algorithm>

namespace trustdesk {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Short names keep the column narrow; the details modal spells them out.
const char* ShortStoreName(KeyStoreKind kind) {
  switch (kind) {
    case KeyStoreKind::Pem: return "PEM files";
    case KeyStoreKind::Pkcs12: return "PKCS#12";
    case KeyStoreKind::Software: return "Software";
    case KeyStoreKind::Os: return "OS store";
    case KeyStoreKind::Pkcs11: return "Token (PKCS#11)";
  }
  return "?";
}

std::string KeyStoresText(const std::vector<KeyStoreKind>& stores) {
  std::string out;
  for (KeyStoreKind kind : stores) {
    if (!out.empty()) out += ", ";
    out += ShortStoreName(kind);
  }
  return out;
}

// Which installed certificate a profile's renew status is about: one that can be renewed now,
// else one waiting for its window, else any other (revoked, expired, files missing).
int DecisiveRank(const RenewStatus& status, const IssuedCertificate& cert,
                 const InventoryEntry& installed, Timestamp now) {
  if (status.state == RenewState::CanRenew) return 0;
  if (!cert.revoked && !installed.missing && cert.not_after > now) return 1;
  return 2;
}

bool BetterDecisive(int rank, const IssuedCertificate& cert, int best_rank,
                    const IssuedCertificate* best) {
  if (best == nullptr || rank < best_rank) return true;
  if (rank > best_rank) return false;
  // The soonest to need attention among usable ones; the most recent among the rest.
  return rank < 2 ? cert.not_after < best->not_after : cert.not_after > best->not_after;
}

template <typename T>
int ThreeWay(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int CompareBy(const ProfileRow& a, const ProfileRow& b, ProfileColumn column) {
  switch (column) {
    case ProfileColumn::Actions:
    case ProfileColumn::Name: return a.name_key.compare(b.name_key);
    case ProfileColumn::Version:
      // Unreadable versions sort after every readable one.
      if (a.version && b.version) return ThreeWay(*a.version, *b.version);
      return ThreeWay(!a.version.has_value(), !b.version.has_value());
    case ProfileColumn::RenewStatus:
      // Ascending puts "Can renew" first: the rows that need something.
      return ThreeWay(a.renew != RenewState::CanRenew, b.renew != RenewState::CanRenew);
    case ProfileColumn::Issued: return ThreeWay(a.issued, b.issued);
    case ProfileColumn::AutoConfigured:
      return ThreeWay(static_cast<int>(a.auto_config), static_cast<int>(b.auto_config));
    case ProfileColumn::KeyStores: return a.key_stores.compare(b.key_stores);
    case ProfileColumn::ProfileId: return a.profile().id.compare(b.profile().id);
    case ProfileColumn::Revision: return ThreeWay(a.profile().revision, b.profile().revision);
  }
  return 0;
}

}  // namespace

AutoConfig AutoConfigOf(const Policy& policy) {
  if (policy.auto_enroll && policy.auto_renew) return AutoConfig::Both;
  if (policy.auto_enroll) return AutoConfig::EnrollOnly;
  if (policy.auto_renew) return AutoConfig::RenewOnly;
  return AutoConfig::None;
}

const char* AutoConfigLabel(AutoConfig config) {
  switch (config) {
    case AutoConfig::Both: return "Yes";
    case AutoConfig::EnrollOnly: return "Enrollment only";
    case AutoConfig::RenewOnly: return "Renewal only";
    case AutoConfig::None: return "No";
  }
  return "No";
}

bool ProfileRowCache::Update(const Snapshot& snapshot, Timestamp now,
                             std::string_view app_version) {
  const bool current = built_ && profiles_.SameAs(snapshot.profiles) &&
                       issued_.SameAs(snapshot.issued) && installed_.SameAs(snapshot.installed) &&
                       app_version_ == app_version && now >= built_at_ &&
                       (!valid_until_ || now < *valid_until_);
  if (current) return false;
  profiles_ = snapshot.profiles;
  issued_ = snapshot.issued;
  installed_ = snapshot.installed;
  app_version_ = std::string(app_version);
  built_ = true;
  built_at_ = now;
  Rebuild(now);
  RefreshVisible();
  return true;
}

void ProfileRowCache::Rebuild(Timestamp now) {
  ++rebuilds_;
  rows_.clear();
  by_id_.clear();
  rows_.reserve(profiles_.size());
  for (const ProfileEntry& entry : profiles_) {
    const Profile& p = entry.profile;
    ProfileRow row;
    row.entry = &entry;
    row.version = ParseVersion(p.profile_version);
    row.compatible = IsProfileCompatible(p, app_version_);
    row.auto_config = AutoConfigOf(p.policy);
    row.key_stores = KeyStoresText(p.policy.allowed_key_stores);
    row.name_key = Lower(p.name);
    row.haystack = row.name_key + '\n' + Lower(p.id) + '\n' + p.profile_version + '\n' +
                   Lower(row.key_stores);
    rows_.push_back(std::move(row));
  }
  by_id_.reserve(rows_.size());
  for (uint32_t i = 0; i < rows_.size(); ++i) by_id_.emplace(rows_[i].profile().id, i);

  std::unordered_map<std::string_view, const InventoryEntry*> here;
  here.reserve(installed_.size());
  for (const InventoryEntry& e : installed_) here.emplace(e.serial, &e);

  valid_until_.reset();
  auto consider = [&](Timestamp t) {
    if (t > now && (!valid_until_ || t < *valid_until_)) valid_until_ = t;
  };
  std::vector<int> best_rank(rows_.size(), 3);
  for (const IssuedCertificate& cert : issued_) {
    const auto it = by_id_.find(cert.profile_id);
    if (it == by_id_.end()) continue;
    ProfileRow& row = rows_[it->second];
    ++row.issued;
    if (!cert.revoked && cert.not_after > now) {
      ++row.active;
      consider(cert.not_after);  // "active" and duplicate checks change when it expires
    }
    const auto local = here.find(cert.serial);
    if (local == here.end()) continue;
    ++row.installed;
    // Only installed certificates can be renewed here; the others are "No action" by definition,
    // so the full status (and its strings) is computed for the few that are.
    const RenewStatus status =
        ComputeRenewStatus(row.profile(), cert, local->second, now, app_version_);
    if (status.window_opens) consider(*status.window_opens);
    if (status.state == RenewState::CanRenew) {
      ++row.can_renew;
      row.renew = RenewState::CanRenew;
    }
    const int rank = DecisiveRank(status, cert, *local->second, now);
    int& best = best_rank[it->second];
    if (BetterDecisive(rank, cert, best, row.decisive)) {
      best = rank;
      row.decisive = &cert;
      row.decisive_installed = local->second;
    }
  }
}

void ProfileRowCache::SetFilter(std::string_view text) {
  std::string lowered = Lower(text);
  if (lowered == filter_) return;
  filter_ = std::move(lowered);
  RefreshVisible();
}

void ProfileRowCache::SetSort(std::vector<ProfileSortKey> keys) {
  if (keys.empty()) keys.push_back({ProfileColumn::Name, true});
  if (keys == sort_) return;
  sort_ = std::move(keys);
  RefreshVisible();
}

void ProfileRowCache::RefreshVisible() {
  visible_.clear();
  visible_.reserve(rows_.size());
  for (uint32_t i = 0; i < rows_.size(); ++i) {
    if (filter_.empty() || rows_[i].haystack.find(filter_) != std::string::npos) {
      visible_.push_back(i);
    }
  }
  std::sort(visible_.begin(), visible_.end(), [this](uint32_t ia, uint32_t ib) {
    const ProfileRow& a = rows_[ia];
    const ProfileRow& b = rows_[ib];
    for (const ProfileSortKey& key : sort_) {
      const int c = CompareBy(a, b, key.column);
      if (c != 0) return key.ascending ? c < 0 : c > 0;
    }
    // A total order, so equal keys never reshuffle between frames.
    if (const int c = a.name_key.compare(b.name_key); c != 0) return c < 0;
    return a.profile().id < b.profile().id;
  });
}

const ProfileRow* ProfileRowCache::Find(std::string_view profile_id) const {
  const auto it = by_id_.find(profile_id);
  return it == by_id_.end() ? nullptr : &rows_[it->second];
}

std::string ProfileRowCache::RenewReason(const ProfileRow& row, Timestamp now) const {
  const Profile& p = row.profile();
  if (!row.compatible) {
    return "Incompatible: requires TrustDesk " + p.profile_version + " or later; this is " +
           app_version_ + ". Enrollment and renewal are disabled.";
  }
  if (row.decisive == nullptr) {
    if (row.issued == 0) return "No certificate has been issued from this profile yet.";
    if (row.issued == 1) return "Its certificate is not installed on this machine.";
    return "None of its " + std::to_string(row.issued) +
           " certificates is installed on this machine.";
  }
  const RenewStatus status =
      ComputeRenewStatus(p, *row.decisive, row.decisive_installed, now, app_version_);
  const IssuedCertificate& cert = *row.decisive;
  const std::string which = cert.common_name.empty()
                                ? "Certificate " + cert.serial.substr(0, 12) + "\u2026"
                                : "Certificate \u201c" + cert.common_name + "\u201d";
  std::string text = which + ": " + status.reason + ".";
  if (status.state == RenewState::CanRenew) {
    if (row.can_renew > 1) {
      text += " " + std::to_string(row.can_renew - 1) + " more can be renewed.";
    }
    text += p.policy.auto_renew ? " It renews automatically at the next background action."
                                : " Renew it from the Issued certificates page.";
  }
  return text;
}

}  // namespace trustdesk
