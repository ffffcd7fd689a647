// Field-level differences between two JSON documents (SPEC §5 Advanced mode: "what changed since
// the previous sync"). Objects are compared key by key, arrays index by index; a value whose type
// changed, a scalar that changed, an added or a removed member is one FieldChange.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/model/snapshot.h"

namespace trustdesk {

// Changes in document order: object keys sorted, array indices ascending, parents before their
// children. Paths start at "$"; values are compact JSON. The walk is iterative; serialising a
// changed container recurses in nlohmann, so pass documents from ParseJsonDocument (depth-limited).
std::vector<FieldChange> DiffJson(const nlohmann::json& before, const nlohmann::json& after);

}  // namespace trustdesk
