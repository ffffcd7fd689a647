#include "core/model/field_rules.h"

#include <algorithm>

namespace trustdesk {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

template <class Array>
bool Contains(const Array& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool IsWindowsAbsolute(std::string_view command) {
  const bool drive = command.size() >= 3 && IsAlpha(command[0]) && command[1] == ':' &&
                     (command[2] == '\\' || command[2] == '/');
  const bool unc =
      command.size() >= 3 && command[0] == '\\' && command[1] == '\\' && command[2] != '\\';
  return drive || unc;
}

}  // namespace

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return IsAlpha(c) || IsDigit(c) || c == '.' || c == '_' || c == '-';
  });
}

bool IsDottedOid(std::string_view oid) {
  int arcs = 0;
  std::size_t pos = 0;
  while (pos <= oid.size()) {
    const std::size_t end = std::min(oid.find('.', pos), oid.size());
    const std::string_view arc = oid.substr(pos, end - pos);
    if (arc.empty() || arc.size() > 20 || !std::all_of(arc.begin(), arc.end(), IsDigit) ||
        (arc.size() > 1 && arc[0] == '0')) {
      return false;
    }
    if (arcs == 0 && (arc.size() != 1 || arc[0] > '2')) return false;
    ++arcs;
    pos = end + 1;
  }
  return arcs >= 2;
}

bool IsLowerHexSerial(std::string_view serial) {
  if (serial.empty() || serial.size() > 40) return false;
  return std::all_of(serial.begin(), serial.end(),
                     [](char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); });
}

bool IsAttributeName(std::string_view name) {
  if (name.empty() || name.size() > 64 || !IsAlpha(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return IsAlpha(c) || IsDigit(c); });
}

bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

bool IsAbsoluteCommandPath(std::string_view command, ScriptPlatform platform) {
  if (command.empty() || HasControlCharacter(command)) return false;
  const bool posix = command[0] == '/';
  switch (platform) {
    case ScriptPlatform::Linux:
    case ScriptPlatform::MacOs:
      return posix;
    case ScriptPlatform::Windows:
      return IsWindowsAbsolute(command);
    case ScriptPlatform::Any:
      return posix || IsWindowsAbsolute(command);
  }
  return false;
}

bool IsServerRelativePath(std::string_view path) {
  if (path.empty() || path[0] != '/' || (path.size() > 1 && path[1] == '/')) return false;
  if (path.find('\\') != std::string_view::npos) return false;
  return std::none_of(path.begin(), path.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7F;
  });
}

bool IsKnownKeyUsage(std::string_view name) { return Contains(kKeyUsages, name); }

bool IsKnownExtendedKeyUsage(std::string_view name_or_oid) {
  return Contains(kExtendedKeyUsages, name_or_oid) || IsDottedOid(name_or_oid);
}

}  // namespace trustdesk
