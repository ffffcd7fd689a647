#include "core/model/version.h"

namespace trustdesk {
namespace {

constexpr int kMaxComponent = 999999;

// Parses one component starting at `pos`, stopping at '.' or the end.
std::optional<int> ParseComponent(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  int value = 0;
  while (pos < text.size() && text[pos] != '.') {
    const char c = text[pos];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > kMaxComponent) return std::nullopt;
    ++pos;
  }
  const std::size_t length = pos - start;
  if (length == 0 || (length > 1 && text[start] == '0')) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Version> ParseVersion(std::string_view text) {
  int parts[3] = {0, 0, 0};
  std::size_t pos = 0;
  int count = 0;
  while (true) {
    if (count == 3) return std::nullopt;
    const auto component = ParseComponent(text, pos);
    if (!component) return std::nullopt;
    parts[count++] = *component;
    if (pos == text.size()) break;
    ++pos;  // the '.'
  }
  if (count < 2) return std::nullopt;
  return Version{parts[0], parts[1], parts[2]};
}

std::string ToString(const Version& v) {
  return std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch);
}

std::string_view AppVersion() { return TRUSTDESK_VERSION; }

bool IsProfileCompatible(const Profile& profile, std::string_view app_version) {
  const auto required = ParseVersion(profile.profile_version);
  const auto app = ParseVersion(app_version);
  return required && app && *app >= *required;
}

}  // namespace trustdesk
