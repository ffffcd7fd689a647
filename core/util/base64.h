// Standard base64 (RFC 4648, with padding, no line breaks) for binary fields in TrustDesk's JSON
// files: salts, nonces and ciphertexts of the software key store and the job journal.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace trustdesk {

std::string Base64(std::string_view in);
// Nothing when `in` is not valid padded base64.
std::optional<std::string> Unbase64(std::string_view in);

}  // namespace trustdesk
