// Salted, slow password hashes: PBKDF2-HMAC-SHA256 with a 16-byte random salt. The stored form
// carries its own cost, "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>", so the cost can be
// raised later (or lowered in tests) without breaking existing hashes.
#pragma once

#include <string>
#include <string_view>

#include "core/util/result.h"

namespace trustdesk::server {

Result<std::string> HashPassword(std::string_view password, int iterations);
// Constant-time comparison; false for a malformed stored hash.
bool VerifyPassword(std::string_view password, std::string_view stored);

// SHA-256 of `data` as lower-case hex (token hashes, ETags).
std::string Sha256Hex(std::string_view data);
// `bytes` random bytes, base64url without padding (bearer tokens: 32 bytes = 256 bits).
Result<std::string> RandomToken(std::size_t bytes);

}  // namespace trustdesk::server
