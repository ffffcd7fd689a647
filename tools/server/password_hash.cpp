#include "tools/server/password_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <vector>

namespace trustdesk::server {
namespace {

constexpr const char* kScheme = "pbkdf2-sha256";
constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;

std::string Base64(const unsigned char* data, int len) {
  std::string out(static_cast<size_t>(4 * ((len + 2) / 3)) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, len);
  out.resize(static_cast<size_t>(n));
  return out;
}

bool Unbase64(std::string_view text, std::vector<unsigned char>& out) {
  if (text.empty() || text.size() % 4 != 0) return false;
  out.assign(text.size() / 4 * 3, 0);
  int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return false;
  size_t pad = 0;
  if (text.back() == '=') ++pad;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return true;
}

bool Derive(std::string_view password, const unsigned char* salt, int salt_len, int iterations,
            unsigned char* out) {
  return PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt, salt_len,
                           iterations, EVP_sha256(), kHashBytes, out) == 1;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password, int iterations) {
  if (iterations < 1) return Error(ErrorCode::InvalidInput, "password hash iterations must be >= 1");
  unsigned char salt[kSaltBytes];
  unsigned char hash[kHashBytes];
  if (RAND_bytes(salt, kSaltBytes) != 1 || !Derive(password, salt, kSaltBytes, iterations, hash)) {
    return Error(ErrorCode::Crypto, "PBKDF2 password hashing failed");
  }
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" +
         Base64(salt, kSaltBytes) + "$" + Base64(hash, kHashBytes);
}

bool VerifyPassword(std::string_view password, std::string_view stored) {
  auto next = [&stored]() {
    auto pos = stored.find('$');
    std::string_view part = stored.substr(0, pos);
    stored = pos == std::string_view::npos ? std::string_view() : stored.substr(pos + 1);
    return part;
  };
  if (next() != kScheme) return false;
  std::string_view iter_text = next();
  int iterations = 0;
  for (char c : iter_text) {
    if (c < '0' || c > '9' || iterations > 100000000) return false;
    iterations = iterations * 10 + (c - '0');
  }
  std::vector<unsigned char> salt, expected;
  if (iterations < 1 || !Unbase64(next(), salt) || !Unbase64(next(), expected) ||
      expected.size() != kHashBytes) {
    return false;
  }
  unsigned char actual[kHashBytes];
  if (!Derive(password, salt.data(), static_cast<int>(salt.size()), iterations, actual)) {
    return false;
  }
  return CRYPTO_memcmp(actual, expected.data(), kHashBytes) == 0;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

Result<std::string> RandomToken(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  if (RAND_bytes(raw.data(), static_cast<int>(bytes)) != 1) {
    return Error(ErrorCode::Crypto, "random token generation failed");
  }
  std::string b64 = Base64(raw.data(), static_cast<int>(bytes));
  for (char& c : b64) {
    if (c == '+') c = '-';
    else if (c == '/') c = '_';
  }
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return b64;
}

}  // namespace trustdesk::server
