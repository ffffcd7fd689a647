// Field-level differences between two revisions of a profile's JSON, for "what changed since the
// previous sync" (SPEC §5, Advanced mode). Objects are compared key by key, arrays element by
// element; each difference names its JSON path and carries compact before/after values.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/snapshot.h"

namespace trustdesk {

// At most `limit` changes are returned (a wholesale rewrite is summarised, not listed in full).
std::vector<FieldChange> JsonChanges(const nlohmann::json& before, const nlohmann::json& after,
                                     std::size_t limit = 200);

}  // namespace trustdesk
