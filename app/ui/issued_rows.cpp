// Deriving the Issued certificates page's view: the rows (BuildRowSet), their order (SortRows),
// the search text and the filter, and DeriveIssuedView, which reuses what did not change.
#include <algorithm>
#include <cctype>

#include "app/ui/issued_view.h"

namespace trustdesk {
namespace {

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

namespace {

std::shared_ptr<const IssuedRowSet> BuildRowSet(const IssuedDeriveJob& job) {
  auto set = std::make_shared<IssuedRowSet>();
  set->issued = job.issued;
  set->installed = job.installed;
  set->profiles = job.profiles;
  const Timestamp now = job.rows_at;
  set->built_at = now;
  const auto& issued = set->issued.get();
  const auto& installed = set->installed.get();

  struct ProfileInfo {
    const ProfileEntry* entry;
    bool compatible;
  };
  std::unordered_map<std::string_view, ProfileInfo> profile_by_id;
  profile_by_id.reserve(set->profiles.size());
  for (const auto& entry : set->profiles) {
    profile_by_id.emplace(
        entry.profile.id,
        ProfileInfo{&entry, IsProfileCompatible(entry.profile.profile_version, TRUSTDESK_VERSION)});
  }
  // Inventory entries by serial (the first one wins if the inventory repeats a serial).
  std::unordered_map<std::string_view, uint32_t> installed_by_serial;
  installed_by_serial.reserve(installed.size());
  for (uint32_t i = 0; i < installed.size(); ++i)
    installed_by_serial.emplace(installed[i].serial, i);
  std::vector<char> matched(installed.size(), 0);

  std::vector<IssuedRow>& rows = set->rows;
  rows.reserve(issued.size() + installed.size());
  std::optional<Timestamp>& next_change = set->next_change;
  auto note_change = [&](Timestamp t) {
    if (t > now && (!next_change || t < *next_change)) next_change = t;
  };
  auto add = [&](IssuedRow& row, Timestamp expiring_from) {
    row.status = StatusAt(row, expiring_from, now);
    ++set->status_counts[static_cast<std::size_t>(row.status)];
    if (row.status != CertStatus::Revoked) {
      note_change(expiring_from);
      note_change(row.not_after);
    }
    rows.push_back(row);
  };
  auto set_profile = [&](IssuedRow& row, const std::string& id) {
    if (auto it = profile_by_id.find(id); it != profile_by_id.end()) {
      row.profile = it->second.entry;
      row.compatible = it->second.compatible;
    }
  };

  for (const auto& cert : issued) {
    IssuedRow row;
    row.cert = &cert;
    row.common_name = cert.common_name;
    row.serial = cert.serial;
    row.not_before = cert.not_before;
    row.not_after = cert.not_after;
    set_profile(row, cert.profile_id);
    if (auto it = installed_by_serial.find(cert.serial); it != installed_by_serial.end()) {
      row.installed = &installed[it->second];
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
  for (uint32_t i = 0; i < installed.size(); ++i) {
    const InventoryEntry& entry = installed[i];
    if (!matched[i] && installed_by_serial[entry.serial] == i) local_only.push_back(&entry);
  }
  set->derived_names.reserve(local_only.size());
  for (const InventoryEntry* entry : local_only) {
    set->derived_names.push_back(CommonNameFromSubject(entry->subject));
  }
  for (std::size_t i = 0; i < local_only.size(); ++i) {
    const InventoryEntry* entry = local_only[i];
    IssuedRow row;
    row.installed = entry;
    row.common_name = set->derived_names[i];
    row.serial = entry->serial;
    row.not_after = entry->not_after;
    set_profile(row, entry->profile_id);
    add(row, Timestamp{entry->not_after.unix_seconds - kDefaultExpiringSeconds});
  }

  // The views look rows up by serial (popups, dialogs); built here, off the UI thread.
  set->by_serial.reserve(rows.size());
  for (uint32_t i = 0; i < rows.size(); ++i) set->by_serial.emplace(rows[i].serial, i);
  return set;
}

std::shared_ptr<const std::vector<uint32_t>> SortRows(const std::vector<IssuedRow>& rows,
                                                      IssuedColumn column, bool descending) {
  struct Item {
    uint64_t key;   // the column's packed key
    uint64_t key2;  // its next 8 bytes for text columns
    uint64_t tie;   // the serial's first 8 bytes: random serials almost never share them
    uint32_t index;
  };
  std::vector<Item> items(rows.size());
  for (uint32_t i = 0; i < items.size(); ++i) {
    const IssuedRow& row = rows[i];
    items[i] = Item{SortKey(column, row), SecondKey(column, row), PrefixKey(row.serial), i};
  }
  const bool tail = NeedsTail(column);
  std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    if (a.key != b.key) return descending ? a.key > b.key : a.key < b.key;
    if (a.key2 != b.key2) return descending ? a.key2 > b.key2 : a.key2 < b.key2;
    if (tail) {
      if (int c = CompareTail(column, rows[a.index], rows[b.index])) {
        return descending ? c > 0 : c < 0;
      }
    }
    // Stable tie-break, the same in both directions: serial, then position.
    if (a.tie != b.tie) return a.tie < b.tie;
    if (int c = Compare(rows[a.index].serial, rows[b.index].serial)) return c < 0;
    return a.index < b.index;
  });
  auto sorted = std::make_shared<std::vector<uint32_t>>(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) (*sorted)[i] = items[i].index;
  return sorted;
}

std::shared_ptr<const IssuedSearchText> BuildSearchText(const std::vector<IssuedRow>& rows) {
  auto search = std::make_shared<IssuedSearchText>();
  std::string& text = search->text;
  search->offsets.reserve(rows.size() + 1);
  text.reserve(rows.size() * 112);
  auto append = [&](std::string_view field) {
    const std::size_t at = text.size();
    text.append(field);
    for (std::size_t i = at; i < text.size(); ++i) text[i] = Lower(text[i]);
    text += '\n';  // a needle never spans two fields
  };
  for (const IssuedRow& row : rows) {
    search->offsets.push_back(static_cast<uint32_t>(text.size()));
    append(row.common_name);
    append(row.serial);
    append(ProfileSortName(row));
    if (row.cert != nullptr) append(row.cert->subject);
    if (row.installed != nullptr) append(row.installed->location);
  }
  search->offsets.push_back(static_cast<uint32_t>(text.size()));
  return search;
}

// The query's text, lower case, without line breaks and surrounding blanks.
std::string Needle(const std::string& query_text) {
  std::string needle;
  for (char c : query_text) {
    if (c == '\n') continue;
    if (!std::isspace(static_cast<unsigned char>(c)) || !needle.empty()) needle += Lower(c);
  }
  while (!needle.empty() && std::isspace(static_cast<unsigned char>(needle.back()))) {
    needle.pop_back();
  }
  return needle;
}

std::vector<uint32_t> FilterRows(const IssuedRowSet& set, const std::vector<uint32_t>& sorted,
                                 const IssuedSearchText* search, const std::string& needle,
                                 const IssuedQuery& query) {
  const std::vector<IssuedRow>& rows = set.rows;
  // Rows whose text contains the needle, found by one scan of the search buffer in row order.
  std::vector<char> text_match;
  if (!needle.empty() && search != nullptr) {
    text_match.assign(rows.size(), 0);
    std::size_t pos = search->text.find(needle);
    while (pos != std::string::npos) {
      const auto next = std::upper_bound(search->offsets.begin(), search->offsets.end(),
                                         static_cast<uint32_t>(pos));
      const std::size_t row = static_cast<std::size_t>(next - search->offsets.begin()) - 1;
      text_match[row] = 1;
      pos = search->text.find(needle, search->offsets[row + 1]);
    }
  }
  // The profile filter compares entry pointers; an id no longer in the list compares strings.
  const ProfileEntry* wanted = nullptr;
  if (!query.profile_id.empty()) {
    for (const auto& entry : set.profiles) {
      if (entry.profile.id == query.profile_id) wanted = &entry;
    }
  }
  std::vector<uint32_t> visible;
  for (uint32_t index : sorted) {
    const IssuedRow& row = rows[index];
    if (query.status && row.status != *query.status) continue;
    if (query.installed_only && row.installed == nullptr) continue;
    if (!text_match.empty() && !text_match[index]) continue;
    if (!query.profile_id.empty()) {
      if (wanted != nullptr) {
        if (row.profile != wanted) continue;
      } else {
        const std::string& id =
            row.cert != nullptr ? row.cert->profile_id : row.installed->profile_id;
        if (id != query.profile_id) continue;
      }
    }
    visible.push_back(index);
  }
  return visible;
}

}  // namespace

std::shared_ptr<const IssuedView> DeriveIssuedView(
    const IssuedDeriveJob& job, const std::shared_ptr<const IssuedView>* previous) {
  // Earlier views over the same rows, the one with the same sort first.
  const IssuedView* same_rows = nullptr;
  const IssuedView* same_sort = nullptr;
  for (const IssuedView* earlier : {job.shown.get(), previous ? previous->get() : nullptr}) {
    if (earlier == nullptr ||
        !earlier->rows->SameInputs(job.issued, job.installed, job.profiles, job.rows_at)) {
      continue;
    }
    if (same_rows == nullptr || (earlier->search && !same_rows->search)) same_rows = earlier;
    if (earlier->query.sort == job.query.sort &&
        earlier->query.descending == job.query.descending) {
      same_sort = earlier;
    }
  }
  auto view = std::make_shared<IssuedView>();
  view->rows = same_rows != nullptr ? same_rows->rows : BuildRowSet(job);
  view->query = job.query;
  view->sorted = same_sort != nullptr
                     ? same_sort->sorted
                     : SortRows(view->rows->rows, job.query.sort, job.query.descending);
  const std::string needle = Needle(job.query.text);
  if (same_rows != nullptr) view->search = same_rows->search;
  if (!needle.empty() && !view->search) view->search = BuildSearchText(view->rows->rows);
  view->visible = FilterRows(*view->rows, *view->sorted, view->search.get(), needle, job.query);
  return view;
}

}  // namespace trustdesk
