#include "app/ui/issued_rows.h"

#include <algorithm>
#include <cctype>

namespace trustdesk {
namespace {

// A rebuild for a status that changed with time is postponed to at most one per minute, so a big
// list whose certificates expire every few seconds does not re-derive every frame.
constexpr int64_t kMinTimeRebuildSeconds = 60;

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Case-insensitive "haystack contains needle"; `needle` is already lower case.
bool ContainsLowered(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  if (haystack.size() < needle.size()) return false;
  const std::size_t last = haystack.size() - needle.size();
  for (std::size_t i = 0; i <= last; ++i) {
    std::size_t j = 0;
    while (j < needle.size() && Lower(haystack[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

int CompareNoCase(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const char x = Lower(a[i]);
    const char y = Lower(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

template <typename T>
int Compare(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

std::string_view ProfileSortName(const IssuedRow& row) {
  if (row.profile != nullptr) return row.profile->profile.name;
  if (row.cert != nullptr) return row.cert->profile_id;
  return row.installed != nullptr ? std::string_view(row.installed->profile_id)
                                  : std::string_view();
}

int CompareBy(IssuedColumn column, const IssuedRow& a, const IssuedRow& b) {
  switch (column) {
    case IssuedColumn::CommonName:
      return CompareNoCase(a.common_name, b.common_name);
    case IssuedColumn::Profile:
      return CompareNoCase(ProfileSortName(a), ProfileSortName(b));
    case IssuedColumn::Serial:
      return Compare(a.serial, b.serial);
    case IssuedColumn::Issued:
      return Compare(a.not_before, b.not_before);
    case IssuedColumn::Expires:
      return Compare(a.not_after, b.not_after);
    case IssuedColumn::Status:
      return Compare(a.status, b.status);
    case IssuedColumn::OnThisMachine: {
      // Installed first, then by key store and location.
      const bool ai = a.installed != nullptr, bi = b.installed != nullptr;
      if (ai != bi) return ai ? -1 : 1;
      if (!ai) return 0;
      if (int c = Compare(a.installed->store, b.installed->store)) return c;
      return Compare(a.installed->location, b.installed->location);
    }
    case IssuedColumn::Renew:
      return Compare(a.renew, b.renew);
  }
  return 0;
}

CertStatus StatusAt(const IssuedRow& row, Timestamp expiring_from, Timestamp now) {
  if (row.cert != nullptr && row.cert->revoked) return CertStatus::Revoked;
  if (now >= row.not_after) return CertStatus::Expired;
  if (now >= expiring_from) return CertStatus::ExpiringSoon;
  return CertStatus::Valid;
}

}  // namespace

const char* CertStatusLabel(CertStatus status) {
  switch (status) {
    case CertStatus::Valid:
      return "Valid";
    case CertStatus::ExpiringSoon:
      return "Expiring soon";
    case CertStatus::Expired:
      return "Expired";
    case CertStatus::Revoked:
      return "Revoked";
  }
  return "";
}

Timestamp ExpiringFrom(const IssuedCertificate& cert, const Profile* profile) {
  if (profile != nullptr) {
    if (auto start =
            RenewalWindowStart(profile->policy.renewal_window, cert.not_before, cert.not_after)) {
      return *start;
    }
  }
  return Timestamp{cert.not_after.unix_seconds - kDefaultExpiringSeconds};
}

std::string CommonNameFromSubject(std::string_view dn) {
  // RFC 4514: attributes separated by unescaped commas; values may escape with a backslash.
  std::size_t i = 0;
  while (i < dn.size()) {
    const bool cn =
        dn.size() - i > 3 && Lower(dn[i]) == 'c' && Lower(dn[i + 1]) == 'n' && dn[i + 2] == '=';
    std::string value;
    std::size_t j = cn ? i + 3 : i;
    for (; j < dn.size() && dn[j] != ','; ++j) {
      if (dn[j] == '\\' && j + 1 < dn.size()) ++j;
      if (cn) value += dn[j];
    }
    if (cn) return value;
    i = j + 1;
  }
  return {};
}

const IssuedRow* IssuedRowCache::Find(std::string_view serial) const {
  auto it = by_serial_.find(serial);
  return it == by_serial_.end() ? nullptr : &rows_[it->second];
}

bool IssuedRowCache::Update(const Snapshot& snap, Timestamp now) {
  const bool same_lists = have_lists_ && issued_.SameAs(snap.issued) &&
                          installed_.SameAs(snap.installed) && profiles_.SameAs(snap.profiles);
  if (same_lists) {
    const bool time_moved = next_change_ && now >= *next_change_ &&
                            now.unix_seconds - built_at_.unix_seconds >= kMinTimeRebuildSeconds;
    // The clock going backwards (tests, a corrected system clock) also re-derives.
    if (!time_moved && now >= built_at_) return false;
  }
  Rebuild(snap, now);
  return true;
}

void IssuedRowCache::Rebuild(const Snapshot& snap, Timestamp now) {
  issued_ = snap.issued;
  installed_ = snap.installed;
  profiles_ = snap.profiles;
  have_lists_ = true;
  built_at_ = now;
  next_change_.reset();
  ++rebuilds_;
  sorted_valid_ = false;
  visible_valid_ = false;

  std::unordered_map<std::string_view, const ProfileEntry*> profile_by_id;
  std::unordered_map<std::string_view, bool> compatible_by_id;
  profile_by_id.reserve(profiles_.size());
  for (const auto& entry : profiles_) {
    profile_by_id.emplace(entry.profile.id, &entry);
    compatible_by_id.emplace(entry.profile.id,
                             IsProfileCompatible(entry.profile.profile_version, TRUSTDESK_VERSION));
  }
  std::unordered_map<std::string_view, const InventoryEntry*> installed_by_serial;
  installed_by_serial.reserve(installed_.size());
  for (const auto& entry : installed_) installed_by_serial.emplace(entry.serial, &entry);

  rows_.clear();
  rows_.reserve(issued_.size() + installed_.size());
  by_serial_.clear();
  by_serial_.reserve(issued_.size() + installed_.size());
  for (auto& n : status_counts_) n = 0;

  auto note_change = [&](Timestamp t) {
    if (t > now && (!next_change_ || t < *next_change_)) next_change_ = t;
  };
  auto add = [&](IssuedRow row, Timestamp expiring_from) {
    row.status = StatusAt(row, expiring_from, now);
    ++status_counts_[static_cast<std::size_t>(row.status)];
    if (row.status != CertStatus::Revoked) {
      note_change(expiring_from);
      note_change(row.not_after);
    }
    by_serial_.emplace(row.serial, static_cast<uint32_t>(rows_.size()));
    rows_.push_back(row);
  };

  for (const auto& cert : issued_) {
    IssuedRow row;
    row.cert = &cert;
    row.common_name = cert.common_name;
    row.serial = cert.serial;
    row.not_before = cert.not_before;
    row.not_after = cert.not_after;
    if (auto it = profile_by_id.find(cert.profile_id); it != profile_by_id.end()) {
      row.profile = it->second;
      row.compatible = compatible_by_id[cert.profile_id];
    }
    if (auto it = installed_by_serial.find(cert.serial); it != installed_by_serial.end()) {
      row.installed = it->second;
      // Only installed certificates can be renewed, so only they pay for the full check.
      if (row.profile != nullptr) {
        row.renew = ComputeRenewStatus(row.profile->profile, cert, row.installed, now).state;
      }
    }
    add(row, ExpiringFrom(cert, row.profile != nullptr ? &row.profile->profile : nullptr));
  }

  // Installed here but not in the server's list (offline, or no longer listed): shown from the
  // inventory alone. Their names are parsed first so the views into them stay valid.
  std::vector<const InventoryEntry*> local_only;
  for (const auto& entry : installed_) {
    if (by_serial_.count(entry.serial) == 0) local_only.push_back(&entry);
  }
  auto names = std::make_shared<std::vector<std::string>>();
  names->reserve(local_only.size());
  for (const InventoryEntry* entry : local_only)
    names->push_back(CommonNameFromSubject(entry->subject));
  derived_names_ = names;
  for (std::size_t i = 0; i < local_only.size(); ++i) {
    const InventoryEntry* entry = local_only[i];
    if (by_serial_.count(entry->serial) != 0) continue;  // duplicate inventory serial
    IssuedRow row;
    row.installed = entry;
    row.common_name = (*names)[i];
    row.serial = entry->serial;
    row.not_after = entry->not_after;
    if (auto it = profile_by_id.find(entry->profile_id); it != profile_by_id.end()) {
      row.profile = it->second;
      row.compatible = compatible_by_id[entry->profile_id];
    }
    add(row, Timestamp{entry->not_after.unix_seconds - kDefaultExpiringSeconds});
  }
}

void IssuedRowCache::Apply(const IssuedQuery& query) {
  if (query.sort != query_.sort || query.descending != query_.descending) sorted_valid_ = false;
  if (!(query == query_)) visible_valid_ = false;
  query_ = query;
  if (!sorted_valid_) {
    Sort();
    sorted_valid_ = true;
    visible_valid_ = false;
  }
  if (!visible_valid_) {
    Filter();
    visible_valid_ = true;
  }
}

void IssuedRowCache::Sort() {
  sorted_.resize(rows_.size());
  for (uint32_t i = 0; i < sorted_.size(); ++i) sorted_[i] = i;
  const IssuedColumn column = query_.sort;
  const bool descending = query_.descending;
  std::sort(sorted_.begin(), sorted_.end(), [&](uint32_t ia, uint32_t ib) {
    const IssuedRow& a = rows_[ia];
    const IssuedRow& b = rows_[ib];
    int c = CompareBy(column, a, b);
    if (descending) c = -c;
    if (c != 0) return c < 0;
    // Stable tie-break: serial, then position (serials are unique per row).
    if (int s = Compare(a.serial, b.serial)) return s < 0;
    return ia < ib;
  });
}

void IssuedRowCache::Filter() {
  std::string needle;
  needle.reserve(query_.text.size());
  for (char c : query_.text) {
    if (!std::isspace(static_cast<unsigned char>(c)) || !needle.empty()) needle += Lower(c);
  }
  while (!needle.empty() && std::isspace(static_cast<unsigned char>(needle.back()))) {
    needle.pop_back();
  }
  visible_.clear();
  for (uint32_t index : sorted_) {
    const IssuedRow& row = rows_[index];
    if (query_.status && row.status != *query_.status) continue;
    if (query_.installed_only && row.installed == nullptr) continue;
    if (!query_.profile_id.empty()) {
      const std::string& id =
          row.cert != nullptr ? row.cert->profile_id : row.installed->profile_id;
      if (id != query_.profile_id) continue;
    }
    if (!needle.empty()) {
      const bool match =
          ContainsLowered(row.common_name, needle) || ContainsLowered(row.serial, needle) ||
          ContainsLowered(ProfileSortName(row), needle) ||
          (row.cert != nullptr && ContainsLowered(row.cert->subject, needle)) ||
          (row.installed != nullptr && ContainsLowered(row.installed->location, needle));
      if (!match) continue;
    }
    visible_.push_back(index);
  }
}

}  // namespace trustdesk
