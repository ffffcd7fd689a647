// What one derivation of the Issued certificates page produces, immutable once built so the
// worker thread and the UI thread can share it: the rows (with the lists they point into), their
// order for one sort column, the search text, and the visible rows for one query. A later
// derivation reuses the parts whose inputs did not change (a new filter re-filters; a new sort
// re-sorts; only new lists or a status changed by time re-derive the rows).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/ui/issued_rows.h"

namespace trustdesk {

struct IssuedRowSet {
  // The lists the rows point into, kept alive here.
  SharedList<IssuedCertificate> issued;
  SharedList<InventoryEntry> installed;
  SharedList<ProfileEntry> profiles;
  Timestamp built_at;
  std::optional<Timestamp> next_change;  // when a status or renew state changes next
  // Common names parsed from inventory subjects (rows point into them; never resized).
  std::vector<std::string> derived_names;
  std::vector<IssuedRow> rows;
  std::size_t status_counts[4] = {0, 0, 0, 0};
  std::unordered_map<std::string_view, uint32_t> by_serial;

  bool SameInputs(const SharedList<IssuedCertificate>& i, const SharedList<InventoryEntry>& in,
                  const SharedList<ProfileEntry>& p, Timestamp at) const {
    return issued.SameAs(i) && installed.SameAs(in) && profiles.SameAs(p) && built_at == at;
  }
};

// Every row's searchable text, lower case, in one buffer (row i at offsets[i]), so a text filter
// is one linear scan instead of a walk over scattered strings. Built on the first text filter.
struct IssuedSearchText {
  std::string text;
  std::vector<uint32_t> offsets;
};

struct IssuedView {
  std::shared_ptr<const IssuedRowSet> rows;
  IssuedQuery query;
  std::shared_ptr<const std::vector<uint32_t>> sorted;  // every row, in the query's order
  std::shared_ptr<const IssuedSearchText> search;       // null until a text filter needs it
  std::vector<uint32_t> visible;                        // sorted, filtered
};

// The inputs of one derivation, and the view the UI showed when it asked (reusable parts).
struct IssuedDeriveJob {
  SharedList<IssuedCertificate> issued;
  SharedList<InventoryEntry> installed;
  SharedList<ProfileEntry> profiles;
  Timestamp rows_at;
  IssuedQuery query;
  std::shared_ptr<const IssuedView> shown;
};

// Derives the view for `job`, reusing what `job.shown` or `previous` (the worker's last output)
// already computed for the same inputs. Pure: safe on any thread.
std::shared_ptr<const IssuedView> DeriveIssuedView(
    const IssuedDeriveJob& job, const std::shared_ptr<const IssuedView>* previous);

}  // namespace trustdesk
