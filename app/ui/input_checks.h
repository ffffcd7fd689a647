// Checks of text the user types that are cheap enough for every frame (no I/O): server URLs,
// absolute paths, IDs. Each returns the problem worded for a person, or an empty string.
#pragma once

#include <string>
#include <string_view>

namespace trustdesk {

// "https://host[:port][/path]": TLS only, a host name or address, a port 1..65535, no spaces.
std::string CheckServerUrl(std::string_view url);

// A path that names an absolute location: "/home/ana/certs", "C:\certs", "\\server\share".
// No control characters.
bool IsAbsolutePathText(std::string_view path);

}  // namespace trustdesk
