#include "core/model/profile_diff.h"

#include <string>

#include "core/util/json_path.h"

namespace trustdesk {
namespace {

using nlohmann::json;

std::string Compact(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

struct Pending {
  const json* before;  // nullptr: added
  const json* after;   // nullptr: removed
  std::string path;
};

}  // namespace

std::vector<FieldChange> DiffJson(const json& before, const json& after) {
  std::vector<FieldChange> changes;
  // Depth-first with an explicit stack; children are pushed in reverse so they pop in order.
  // Equal subtrees are walked rather than compared with operator==, which recurses.
  std::vector<Pending> stack;
  stack.push_back({&before, &after, "$"});
  while (!stack.empty()) {
    Pending item = std::move(stack.back());
    stack.pop_back();
    if (!item.before) {
      changes.push_back({item.path, "", Compact(*item.after)});
      continue;
    }
    if (!item.after) {
      changes.push_back({item.path, Compact(*item.before), ""});
      continue;
    }
    const json& b = *item.before;
    const json& a = *item.after;
    if (b.is_object() && a.is_object()) {
      // Merge the two sorted key sets; collect then push in reverse for document order.
      std::vector<Pending> children;
      auto bi = b.begin(), ai = a.begin();
      while (bi != b.end() || ai != a.end()) {
        if (ai == a.end() || (bi != b.end() && bi.key() < ai.key())) {
          children.push_back({&bi.value(), nullptr, JsonPathKey(item.path, bi.key())});
          ++bi;
        } else if (bi == b.end() || ai.key() < bi.key()) {
          children.push_back({nullptr, &ai.value(), JsonPathKey(item.path, ai.key())});
          ++ai;
        } else {
          children.push_back({&bi.value(), &ai.value(), JsonPathKey(item.path, bi.key())});
          ++bi;
          ++ai;
        }
      }
      for (auto it = children.rbegin(); it != children.rend(); ++it) {
        stack.push_back(std::move(*it));
      }
    } else if (b.is_array() && a.is_array()) {
      const std::size_t n = std::max(b.size(), a.size());
      for (std::size_t i = n; i-- > 0;) {
        const json* bv = i < b.size() ? &b[i] : nullptr;
        const json* av = i < a.size() ? &a[i] : nullptr;
        stack.push_back({bv, av, JsonPathIndex(item.path, i)});
      }
    } else if (b.is_structured() || a.is_structured() || b != a) {
      // Scalars compare flat; a container against anything else is a type change.
      changes.push_back({item.path, Compact(b), Compact(a)});
    }
  }
  return changes;
}

}  // namespace trustdesk
