// What a row cache shows, in display order, as the IDs tests compare: profile IDs for the
// profiles table, serials for the Issued certificates page.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/ui/issued_rows.h"
#include "app/ui/profile_rows.h"

namespace trustdesk::test {

inline std::vector<std::string> VisibleIds(const ProfileRowCache& cache) {
  std::vector<std::string> ids;
  for (uint32_t i : cache.visible()) ids.push_back(cache.rows()[i].profile().id);
  return ids;
}

inline std::vector<std::string> VisibleSerials(const IssuedRowCache& cache) {
  std::vector<std::string> serials;
  for (uint32_t i : cache.visible()) serials.emplace_back(cache.rows()[i].serial);
  return serials;
}

}  // namespace trustdesk::test
