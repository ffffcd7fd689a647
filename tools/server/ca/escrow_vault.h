// The key escrow recipient: its certificate (DATA/ca/escrow.pem, signed by the issuing CA) and its
// private key, which is kept only as encrypted PKCS#8 (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC)
// under the operator's escrow passphrase in DATA/ca/escrow-key.encrypted.pem (0600). Whoever
// copies the data directory without the passphrase cannot open a single escrowed key.
//
// A data directory from before the vault holds the key in plaintext (DATA/ca/escrow.key): Open()
// encrypts it, checks the encrypted copy, and only then removes the plaintext file.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/crypto/openssl_ptr.h"
#include "core/model/timestamp.h"
#include "core/util/result.h"
#include "tools/server/ca/certificate_authority.h"

namespace trustdesk::server::ca {

// OWASP's floor for PBKDF2-HMAC-SHA256 (2023).
constexpr int kEscrowKeyIterations = 600000;

class EscrowVault {
 public:
  static constexpr const char* kCertificateFile = "escrow.pem";
  static constexpr const char* kEncryptedKeyFile = "escrow-key.encrypted.pem";
  static constexpr const char* kLegacyPlaintextKeyFile = "escrow.key";

  // Loads the escrow certificate and key from `ca_dir`, creating both (the certificate issued by
  // `ca`, dated from `now`) when neither exists. `kdf_iterations` applies when the key is
  // encrypted here (creation, migration); reading uses the cost stored in the file. A wrong
  // passphrase, or a certificate without its key (or the reverse), is an error: creating a new
  // key then would make every stored envelope unreadable.
  static Result<std::unique_ptr<EscrowVault>> Open(const std::filesystem::path& ca_dir,
                                                   const std::string& passphrase,
                                                   int kdf_iterations,
                                                   const CertificateAuthority& ca, Timestamp now);

  // Whether `ca_dir` still holds a plaintext escrow key (reported when escrow is off).
  static bool HasPlaintextKey(const std::filesystem::path& ca_dir);

  const std::string& certificate_pem() const { return certificate_pem_; }
  X509* certificate() const { return certificate_.get(); }
  EVP_PKEY* key() const { return key_.get(); }

 private:
  EscrowVault() = default;

  ossl::PkeyPtr key_;
  ossl::X509Ptr certificate_;
  std::string certificate_pem_;
};

// `key` as encrypted PKCS#8 PEM ("-----BEGIN ENCRYPTED PRIVATE KEY-----") under `passphrase`:
// PBES2 with PBKDF2-HMAC-SHA256 at `iterations` and AES-256-CBC (openssl pkey reads it).
Result<std::string> EncryptPrivateKeyPem(EVP_PKEY* key, const std::string& passphrase,
                                         int iterations);
// Reads an encrypted PKCS#8 PEM; an unencrypted key is refused. `what` names the file in errors.
Result<ossl::PkeyPtr> DecryptPrivateKeyPem(const std::string& pem, const std::string& passphrase,
                                           const std::string& what);

}  // namespace trustdesk::server::ca
