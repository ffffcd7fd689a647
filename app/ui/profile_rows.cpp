// Deriving the profiles table's view: the rows with their counts and renew states, then the
// filtered, sorted order (DeriveProfileView); and the renew reason the tooltip shows.
#include <algorithm>

#include "app/ui/profile_view.h"

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

namespace {

std::shared_ptr<const ProfileRowSet> BuildRowSet(const ProfileDeriveJob& job) {
  auto set = std::make_shared<ProfileRowSet>();
  set->profiles = job.profiles;
  set->issued = job.issued;
  set->installed = job.installed;
  set->app_version = job.app_version;
  const Timestamp now = job.rows_at;
  set->built_at = now;
  std::vector<ProfileRow>& rows = set->rows;
  auto& by_id = set->by_id;
  rows.reserve(set->profiles.size());
  for (const ProfileEntry& entry : set->profiles) {
    const Profile& p = entry.profile;
    ProfileRow row;
    row.entry = &entry;
    row.version = ParseVersion(p.profile_version);
    row.compatible = IsProfileCompatible(p, set->app_version);
    row.auto_config = AutoConfigOf(p.policy);
    row.key_stores = KeyStoresText(p.policy.allowed_key_stores);
    row.name_key = Lower(p.name);
    row.haystack = row.name_key + '\n' + Lower(p.id) + '\n' + p.profile_version + '\n' +
                   Lower(row.key_stores);
    rows.push_back(std::move(row));
  }
  by_id.reserve(rows.size());
  for (uint32_t i = 0; i < rows.size(); ++i) by_id.emplace(rows[i].profile().id, i);

  std::unordered_map<std::string_view, const InventoryEntry*> here;
  here.reserve(set->installed.size());
  for (const InventoryEntry& e : set->installed) here.emplace(e.serial, &e);

  std::optional<Timestamp>& valid_until = set->valid_until;
  auto consider = [&](Timestamp t) {
    if (t > now && (!valid_until || t < *valid_until)) valid_until = t;
  };
  std::vector<int> best_rank(rows.size(), 3);
  for (const IssuedCertificate& cert : set->issued) {
    const auto it = by_id.find(cert.profile_id);
    if (it == by_id.end()) continue;
    ProfileRow& row = rows[it->second];
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
        ComputeRenewStatus(row.profile(), cert, local->second, now, set->app_version);
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
  return set;
}

std::vector<uint32_t> VisibleRows(const std::vector<ProfileRow>& rows, const std::string& filter,
                                  const std::vector<ProfileSortKey>& sort) {
  std::vector<uint32_t> visible;
  visible.reserve(rows.size());
  for (uint32_t i = 0; i < rows.size(); ++i) {
    if (filter.empty() || rows[i].haystack.find(filter) != std::string::npos) {
      visible.push_back(i);
    }
  }
  std::sort(visible.begin(), visible.end(), [&](uint32_t ia, uint32_t ib) {
    const ProfileRow& a = rows[ia];
    const ProfileRow& b = rows[ib];
    for (const ProfileSortKey& key : sort) {
      const int c = CompareBy(a, b, key.column);
      if (c != 0) return key.ascending ? c < 0 : c > 0;
    }
    // A total order, so equal keys never reshuffle between frames.
    if (const int c = a.name_key.compare(b.name_key); c != 0) return c < 0;
    return a.profile().id < b.profile().id;
  });
  return visible;
}

}  // namespace

std::shared_ptr<const ProfileView> DeriveProfileView(
    const ProfileDeriveJob& job, const std::shared_ptr<const ProfileView>* previous) {
  const ProfileView* same_rows = nullptr;
  for (const ProfileView* earlier : {job.shown.get(), previous ? previous->get() : nullptr}) {
    if (earlier != nullptr && earlier->rows->SameInputs(job.profiles, job.issued, job.installed,
                                                        job.app_version, job.rows_at)) {
      same_rows = earlier;
      break;
    }
  }
  auto view = std::make_shared<ProfileView>();
  view->rows = same_rows != nullptr ? same_rows->rows : BuildRowSet(job);
  view->filter = job.filter;
  view->sort = job.sort;
  view->visible = VisibleRows(view->rows->rows, view->filter, view->sort);
  return view;
}

std::string ProfileRowCache::RenewReason(const ProfileRow& row, Timestamp now) const {
  const Profile& p = row.profile();
  if (!row.compatible) {
    return "Incompatible: requires TrustDesk " + p.profile_version + " or later; this is " +
           app_version() + ". Enrollment and renewal are disabled.";
  }
  if (row.decisive == nullptr) {
    if (row.issued == 0) return "No certificate has been issued from this profile yet.";
    if (row.issued == 1) return "Its certificate is not installed on this machine.";
    return "None of its " + std::to_string(row.issued) +
           " certificates is installed on this machine.";
  }
  const RenewStatus status =
      ComputeRenewStatus(p, *row.decisive, row.decisive_installed, now, app_version());
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
