// How TrustDesk protects a private key with a passphrase or PIN, in one place.
//   - Files other programs read (key.pem of a PEM store with a passphrase, PEM exports, escrow
//     recovery): PKCS#8 EncryptedPrivateKeyInfo with PBES2 (PKCS#5 v2.0) = PBKDF2-HMAC-SHA256,
//     600,000 iterations (OWASP's figure for PBKDF2-SHA256), 16-byte salt, AES-256-CBC. OpenSSL,
//     Java, NSS and every other PKCS#8 reader open it. PKCS#12 files use the same PBES2 (see
//     MakePkcs12).
//   - Files only TrustDesk reads (the job journal): AES-256-GCM under a key derived with scrypt,
//     with the parameters of the software key store.
//   - Reading: the KDF cost a file asks for is checked before anything is derived (PBKDF2 and
//     PKCS#12 rounds at most 10,000,000 each and 20,000,000 per file; scrypt N <= 2^20, r <= 32,
//     p <= 16), so a hostile file cannot keep TrustDesk computing for minutes.
#pragma once

#include <openssl/x509.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/crypto/openssl_ptr.h"
#include "core/util/result.h"

namespace trustdesk {

inline constexpr int kPbkdf2Iterations = 600'000;
inline constexpr uint64_t kMaxKdfIterations = 10'000'000;
inline constexpr uint64_t kMaxKdfIterationsPerFile = 20'000'000;

struct ScryptParams {
  uint64_t n = 1u << 15;  // ~32 MiB, ~0.1 s: slows PIN guessing on a stolen file
  uint64_t r = 8;
  uint64_t p = 1;
};
// True when TrustDesk agrees to compute scrypt with these parameters for a file it reads.
bool ScryptWithinLimits(const ScryptParams& params);
// A 32-byte key from `secret` and `salt` (memory limit 256 MiB). Refuses parameters outside the
// limits.
Result<std::array<unsigned char, 32>> DeriveScryptKey(std::string_view secret,
                                                      std::string_view salt,
                                                      const ScryptParams& params);

// AES-256-GCM with a random 12-byte nonce; `aad` binds the ciphertext to its context.
struct AeadBox {
  std::string nonce;       // 12 bytes
  std::string ciphertext;  // plaintext size + 16-byte tag
};
Result<AeadBox> AeadSeal(const std::array<unsigned char, 32>& key, std::string_view plain,
                         std::string_view aad);
// Nothing when the key is wrong or the data was changed.
std::optional<std::string> AeadOpen(const std::array<unsigned char, 32>& key, const AeadBox& box,
                                    std::string_view aad);

// PKCS#8 PEM ("ENCRYPTED PRIVATE KEY") of `key`, see the file comment. `iterations` is for
// tests only.
Result<std::string> EncryptPkcs8Pem(EVP_PKEY* key, std::string_view passphrase,
                                    int iterations = kPbkdf2Iterations);
// Reads the first "ENCRYPTED PRIVATE KEY" block of `pem`, checking its KDF cost first. A wrong
// passphrase is an Auth error; a cost above the limits is Unsupported.
Result<ossl::PkeyPtr> DecryptPkcs8Pem(std::string_view pem, std::string_view passphrase);

// Counts the key-derivation work one file asks for: each PBES1/PBES2/PKCS#12 algorithm (and a
// PKCS#12 MAC's rounds) is charged before it is computed.
class KdfBudget {
 public:
  // Accepts the algorithm and charges its rounds, or says why not (Unsupported).
  Status Charge(const X509_ALGOR* algorithm);
  Status ChargeIterations(uint64_t iterations, const char* kdf);

 private:
  uint64_t spent_ = 0;
  int kdfs_ = 0;
};

// A secret sealed with a key derived from a PIN or passphrase by scrypt (TrustDesk-only files).
struct SealedSecret {
  ScryptParams kdf;
  std::string salt;  // 16 bytes
  AeadBox box;
};
Result<SealedSecret> SealWithPassphrase(std::string_view plain, std::string_view passphrase,
                                        const ScryptParams& params, std::string_view context);
// Auth error for a wrong passphrase or changed data; Unsupported for parameters out of limits.
Result<std::string> OpenWithPassphrase(const SealedSecret& sealed, std::string_view passphrase,
                                       std::string_view context);

}  // namespace trustdesk
