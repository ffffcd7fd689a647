#include "core/sync/json_changes.h"

#include <algorithm>

namespace trustdesk {
namespace {

std::string Compact(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool IsPlainKey(const std::string& key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_';
  });
}

std::string Child(const std::string& path, const std::string& key) {
  return IsPlainKey(key) ? path + "." + key : path + "[" + Compact(nlohmann::json(key)) + "]";
}

void Diff(const nlohmann::json& a, const nlohmann::json& b, const std::string& path,
          std::vector<FieldChange>& out, std::size_t limit) {
  if (out.size() >= limit || a == b) return;
  if (a.is_object() && b.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      const auto other = b.find(it.key());
      if (other == b.end()) {
        if (out.size() < limit) out.push_back({Child(path, it.key()), Compact(it.value()), ""});
      } else {
        Diff(it.value(), *other, Child(path, it.key()), out, limit);
      }
    }
    for (auto it = b.begin(); it != b.end(); ++it) {
      if (!a.contains(it.key()) && out.size() < limit) {
        out.push_back({Child(path, it.key()), "", Compact(it.value())});
      }
    }
    return;
  }
  if (a.is_array() && b.is_array()) {
    const std::size_t n = std::max(a.size(), b.size());
    for (std::size_t i = 0; i < n && out.size() < limit; ++i) {
      const std::string p = path + "[" + std::to_string(i) + "]";
      if (i >= a.size()) {
        out.push_back({p, "", Compact(b[i])});
      } else if (i >= b.size()) {
        out.push_back({p, Compact(a[i]), ""});
      } else {
        Diff(a[i], b[i], p, out, limit);
      }
    }
    return;
  }
  out.push_back({path, Compact(a), Compact(b)});
}

}  // namespace

std::vector<FieldChange> JsonChanges(const nlohmann::json& before, const nlohmann::json& after,
                                     std::size_t limit) {
  std::vector<FieldChange> out;
  Diff(before, after, "$", out, limit);
  return out;
}

}  // namespace trustdesk
