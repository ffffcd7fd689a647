#include "app/ui/input_checks.h"

#include <algorithm>
#include <cctype>

namespace trustdesk {
namespace {

bool HasControlOrSpace(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c <= 0x20 || c == 0x7F;
  });
}

bool IsHostChar(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return std::isalnum(c) || ch == '-' || ch == '.' || ch == '_';
}

}  // namespace

std::string CheckServerUrl(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  if (url.empty() || url == kScheme) return "required";
  if (HasControlOrSpace(url)) return "must not contain spaces";
  std::string lower(url.substr(0, std::min(url.size(), kScheme.size())));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.rfind("http://", 0) == 0) {
    return "must start with https:// (TrustDesk only connects over TLS)";
  }
  if (lower != kScheme) return "must start with https://";
  std::string_view rest = url.substr(kScheme.size());
  const std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (authority.find('@') != std::string_view::npos) {
    return "must not contain a user name or password";
  }
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return "has an unterminated [IPv6] address";
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return "has something after the [IPv6] address";
      port = after.substr(1);
    }
    if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
        })) {
      return "has an invalid IPv6 address";
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      if (port.empty()) return "has an empty port after ':'";
    }
    if (host.empty()) return "needs a server name after https://";
    if (!std::all_of(host.begin(), host.end(), IsHostChar) || host.front() == '.' ||
        host.front() == '-') {
      return "has an invalid server name";
    }
  }
  if (!port.empty() || authority.back() == ':') {
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      return "has an invalid port";
    }
    const int number = std::stoi(std::string(port));
    if (number < 1 || number > 65535) return "has a port outside 1-65535";
  }
  return {};
}

bool IsAbsolutePathText(std::string_view path) {
  if (path.empty()) return false;
  if (std::any_of(path.begin(), path.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c < 0x20 || c == 0x7F;
      })) {
    return false;
  }
  if (path.front() == '/') return true;
  if (path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':' &&
      (path[2] == '\\' || path[2] == '/')) {
    return true;
  }
  return path.size() > 2 && path[0] == '\\' && path[1] == '\\';
}

}  // namespace trustdesk
