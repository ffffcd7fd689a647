#include "app/ui/issued_rows.h"

#include <algorithm>
#include <cctype>

namespace trustdesk {
namespace {

// A rebuild for a status that changed with time is postponed to at most one per minute, so a big
// list whose certificates expire every few seconds does not re-derive every frame.
constexpr int64_t kMinTimeRebuildSeconds = 60;

// ASCII only, inline: std::tolower is a locale lookup per character, and sorting or searching
// 200,000 rows calls this hundreds of millions of times.
inline char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

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

// Sorting 200,000 rows through indices into rows_ is dominated by cache misses, so each row's
// primary key is packed into 64 bits next to its index; only equal keys look at the rows again.
struct SortItem {
  uint64_t key;
  uint32_t index;
};

// 8 bytes from `from`, lower-cased, big-endian: orders like CompareNoCase on those bytes.
uint64_t PrefixKey(std::string_view s, std::size_t from = 0) {
  uint64_t key = 0;
  for (std::size_t i = from; i < from + 8; ++i) {
    key = (key << 8) | (i < s.size() ? static_cast<unsigned char>(Lower(s[i])) : 0u);
  }
  return key;
}

// Bytes 8..15 of the text columns, so names sharing a prefix ("device-…") rarely need the rows.
uint64_t SecondKey(IssuedColumn column, const IssuedRow& row) {
  switch (column) {
    case IssuedColumn::CommonName: return PrefixKey(row.common_name, 8);
    case IssuedColumn::Profile: return PrefixKey(ProfileSortName(row), 8);
    case IssuedColumn::Serial: return PrefixKey(row.serial, 8);
    default: return 0;
  }
}

uint64_t TimeKey(Timestamp t) {
  return static_cast<uint64_t>(t.unix_seconds) ^ (uint64_t{1} << 63);  // signed order
}

uint64_t SortKey(IssuedColumn column, const IssuedRow& row) {
  switch (column) {
    case IssuedColumn::CommonName:
      return PrefixKey(row.common_name);
    case IssuedColumn::Profile:
      return PrefixKey(ProfileSortName(row));
    case IssuedColumn::Serial:
      return PrefixKey(row.serial);
    case IssuedColumn::Issued:
      return TimeKey(row.not_before);
    case IssuedColumn::Expires:
      return TimeKey(row.not_after);
    case IssuedColumn::Status:
      return static_cast<uint64_t>(row.status);
    case IssuedColumn::OnThisMachine:
      // Installed first, then by key store; the location breaks ties.
      return row.installed == nullptr ? 0xff : static_cast<uint64_t>(row.installed->store);
    case IssuedColumn::Renew:
      return static_cast<uint64_t>(row.renew);
  }
  return 0;
}

// Full comparison for rows whose packed keys are equal.
int CompareTail(IssuedColumn column, const IssuedRow& a, const IssuedRow& b) {
  switch (column) {
    case IssuedColumn::CommonName:
      return CompareNoCase(a.common_name, b.common_name);
    case IssuedColumn::Profile:
      return CompareNoCase(ProfileSortName(a), ProfileSortName(b));
    case IssuedColumn::Serial:
      return Compare(a.serial, b.serial);
    case IssuedColumn::OnThisMachine:
      if (a.installed == nullptr || b.installed == nullptr) return 0;
      return Compare(a.installed->location, b.installed->location);
    default:
      return 0;
  }
}

bool NeedsTail(IssuedColumn column) {
  return column == IssuedColumn::CommonName || column == IssuedColumn::Profile ||
         column == IssuedColumn::Serial || column == IssuedColumn::OnThisMachine;
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
  if (!by_serial_valid_) {
    by_serial_.clear();
    by_serial_.reserve(rows_.size());
    for (uint32_t i = 0; i < rows_.size(); ++i) by_serial_.emplace(rows_[i].serial, i);
    by_serial_valid_ = true;
  }
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
  by_serial_valid_ = false;
  search_valid_ = false;

  struct ProfileInfo {
    const ProfileEntry* entry;
    bool compatible;
  };
  std::unordered_map<std::string_view, ProfileInfo> profile_by_id;
  profile_by_id.reserve(profiles_.size());
  for (const auto& entry : profiles_) {
    profile_by_id.emplace(
        entry.profile.id,
        ProfileInfo{&entry, IsProfileCompatible(entry.profile.profile_version, TRUSTDESK_VERSION)});
  }
  // Inventory entries by serial (the first one wins if the inventory repeats a serial).
  std::unordered_map<std::string_view, uint32_t> installed_by_serial;
  installed_by_serial.reserve(installed_.size());
  for (uint32_t i = 0; i < installed_.size(); ++i)
    installed_by_serial.emplace(installed_[i].serial, i);
  std::vector<char> matched(installed_.size(), 0);

  rows_.clear();
  rows_.reserve(issued_.size() + installed_.size());
  for (auto& n : status_counts_) n = 0;

  auto note_change = [&](Timestamp t) {
    if (t > now && (!next_change_ || t < *next_change_)) next_change_ = t;
  };
  auto add = [&](IssuedRow& row, Timestamp expiring_from) {
    row.status = StatusAt(row, expiring_from, now);
    ++status_counts_[static_cast<std::size_t>(row.status)];
    if (row.status != CertStatus::Revoked) {
      note_change(expiring_from);
      note_change(row.not_after);
    }
    rows_.push_back(row);
  };
  auto set_profile = [&](IssuedRow& row, const std::string& id) {
    if (auto it = profile_by_id.find(id); it != profile_by_id.end()) {
      row.profile = it->second.entry;
      row.compatible = it->second.compatible;
    }
  };

  for (const auto& cert : issued_) {
    IssuedRow row;
    row.cert = &cert;
    row.common_name = cert.common_name;
    row.serial = cert.serial;
    row.not_before = cert.not_before;
    row.not_after = cert.not_after;
    set_profile(row, cert.profile_id);
    if (auto it = installed_by_serial.find(cert.serial); it != installed_by_serial.end()) {
      row.installed = &installed_[it->second];
      matched[it->second] = 1;
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
  for (uint32_t i = 0; i < installed_.size(); ++i) {
    const InventoryEntry& entry = installed_[i];
    if (!matched[i] && installed_by_serial[entry.serial] == i) local_only.push_back(&entry);
  }
  auto names = std::make_shared<std::vector<std::string>>();
  names->reserve(local_only.size());
  for (const InventoryEntry* entry : local_only) {
    names->push_back(CommonNameFromSubject(entry->subject));
  }
  derived_names_ = names;
  for (std::size_t i = 0; i < local_only.size(); ++i) {
    const InventoryEntry* entry = local_only[i];
    IssuedRow row;
    row.installed = entry;
    row.common_name = (*names)[i];
    row.serial = entry->serial;
    row.not_after = entry->not_after;
    set_profile(row, entry->profile_id);
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
  const IssuedColumn column = query_.sort;
  const bool descending = query_.descending;
  struct Item {
    uint64_t key;   // the column's packed key
    uint64_t key2;  // its next 8 bytes for text columns
    uint64_t tie;   // the serial's first 8 bytes: random serials almost never share them
    uint32_t index;
  };
  std::vector<Item> items(rows_.size());
  for (uint32_t i = 0; i < items.size(); ++i) {
    const IssuedRow& row = rows_[i];
    items[i] = Item{SortKey(column, row), SecondKey(column, row), PrefixKey(row.serial), i};
  }
  const bool tail = NeedsTail(column);
  std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    if (a.key != b.key) return descending ? a.key > b.key : a.key < b.key;
    if (a.key2 != b.key2) return descending ? a.key2 > b.key2 : a.key2 < b.key2;
    if (tail) {
      if (int c = CompareTail(column, rows_[a.index], rows_[b.index])) {
        return descending ? c > 0 : c < 0;
      }
    }
    // Stable tie-break, the same in both directions: serial, then position.
    if (a.tie != b.tie) return a.tie < b.tie;
    if (int c = Compare(rows_[a.index].serial, rows_[b.index].serial)) return c < 0;
    return a.index < b.index;
  });
  sorted_.resize(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) sorted_[i] = items[i].index;
}

void IssuedRowCache::BuildSearchText() {
  search_text_.clear();
  search_offsets_.clear();
  search_offsets_.reserve(rows_.size() + 1);
  search_text_.reserve(rows_.size() * 112);
  auto append = [&](std::string_view field) {
    const std::size_t at = search_text_.size();
    search_text_.append(field);
    for (std::size_t i = at; i < search_text_.size(); ++i) search_text_[i] = Lower(search_text_[i]);
    search_text_ += '\n';  // a needle never spans two fields
  };
  for (const IssuedRow& row : rows_) {
    search_offsets_.push_back(static_cast<uint32_t>(search_text_.size()));
    append(row.common_name);
    append(row.serial);
    append(ProfileSortName(row));
    if (row.cert != nullptr) append(row.cert->subject);
    if (row.installed != nullptr) append(row.installed->location);
  }
  search_offsets_.push_back(static_cast<uint32_t>(search_text_.size()));
  search_valid_ = true;
}

void IssuedRowCache::Filter() {
  std::string needle;
  for (char c : query_.text) {
    if (c == '\n') continue;
    if (!std::isspace(static_cast<unsigned char>(c)) || !needle.empty()) needle += Lower(c);
  }
  while (!needle.empty() && std::isspace(static_cast<unsigned char>(needle.back()))) {
    needle.pop_back();
  }
  // Rows whose text contains the needle, found by one scan of the search buffer in row order.
  std::vector<char> text_match;
  if (!needle.empty()) {
    if (!search_valid_) BuildSearchText();
    text_match.assign(rows_.size(), 0);
    std::size_t pos = search_text_.find(needle);
    while (pos != std::string::npos) {
      const auto next = std::upper_bound(search_offsets_.begin(), search_offsets_.end(),
                                         static_cast<uint32_t>(pos));
      const std::size_t row = static_cast<std::size_t>(next - search_offsets_.begin()) - 1;
      text_match[row] = 1;
      pos = search_text_.find(needle, search_offsets_[row + 1]);
    }
  }
  // The profile filter compares entry pointers; an id no longer in the list compares strings.
  const ProfileEntry* wanted = nullptr;
  if (!query_.profile_id.empty()) {
    for (const auto& entry : profiles_) {
      if (entry.profile.id == query_.profile_id) wanted = &entry;
    }
  }
  visible_.clear();
  for (uint32_t index : sorted_) {
    const IssuedRow& row = rows_[index];
    if (query_.status && row.status != *query_.status) continue;
    if (query_.installed_only && row.installed == nullptr) continue;
    if (!needle.empty() && !text_match[index]) continue;
    if (!query_.profile_id.empty()) {
      if (wanted != nullptr) {
        if (row.profile != wanted) continue;
      } else {
        const std::string& id =
            row.cert != nullptr ? row.cert->profile_id : row.installed->profile_id;
        if (id != query_.profile_id) continue;
      }
    }
    visible_.push_back(index);
  }
}

}  // namespace trustdesk
