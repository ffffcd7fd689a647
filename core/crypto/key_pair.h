// Private keys: generation (RSA 2048/3072/4096, EC P-256/P-384, Ed25519), PKCS#8 PEM read/write
// (optionally passphrase-encrypted as core/crypto/key_encryption.h describes), a human
// description of the public key ("EC P-256", "RSA 3072") and public-key equality.
#pragma once

#include <string>
#include <string_view>

#include "core/crypto/openssl_ptr.h"
#include "core/model/profile.h"
#include "core/util/result.h"

namespace trustdesk {

// What key to generate. `rsa_bits` is used for Rsa, `ec_curve` ("P-256", "P-384") for Ec.
struct KeySpec {
  KeyAlgorithm algorithm = KeyAlgorithm::Ec;
  int rsa_bits = 0;
  std::string ec_curve;

  static KeySpec Rsa(int bits) { return {KeyAlgorithm::Rsa, bits, {}}; }
  static KeySpec Ec(std::string curve) { return {KeyAlgorithm::Ec, 0, std::move(curve)}; }
  static KeySpec Ed25519() { return {KeyAlgorithm::Ed25519, 0, {}}; }
  bool operator==(const KeySpec&) const = default;
};

// "RSA 3072", "EC P-256", "Ed25519".
std::string Describe(const KeySpec& spec);

// A private key (and its public half). Move-only; Share() hands out another reference.
class KeyPair {
 public:
  // Generates a fresh key. Only the sizes and curves TrustDesk supports are accepted.
  static Result<KeyPair> Generate(const KeySpec& spec);
  // Reads a PEM private key (PKCS#8, encrypted PKCS#8 or traditional). An encrypted key needs
  // `passphrase`; a missing or wrong one is an Auth error; a KDF cost above the limits of
  // key_encryption.h is Unsupported.
  static Result<KeyPair> FromPem(std::string_view pem, std::string_view passphrase = {});
  // Reads a DER PKCS#8 PrivateKeyInfo (unencrypted).
  static Result<KeyPair> FromPkcs8Der(std::string_view der);
  // Takes ownership of an existing key; fails when it holds no private part.
  static Result<KeyPair> Adopt(ossl::PkeyPtr pkey);

  // PKCS#8 PEM; with a non-empty passphrase "ENCRYPTED PRIVATE KEY" (PBES2: PBKDF2-HMAC-SHA256
  // with 600,000 iterations, AES-256-CBC).
  Result<std::string> ToPkcs8Pem(std::string_view passphrase = {}) const;
  // Unencrypted DER PKCS#8 (e.g. the input of key escrow's CMS envelope).
  Result<std::string> ToPkcs8Der() const;
  // SubjectPublicKeyInfo PEM ("PUBLIC KEY").
  Result<std::string> PublicKeyPem() const;

  std::string Description() const;  // "EC P-256"
  KeySpec Spec() const;
  // True when `other` holds the same public key.
  bool SamePublicKey(const EVP_PKEY* other) const;

  EVP_PKEY* get() const { return pkey_.get(); }
  ossl::PkeyPtr Share() const;  // a new reference to the same key

 private:
  explicit KeyPair(ossl::PkeyPtr pkey) : pkey_(std::move(pkey)) {}
  ossl::PkeyPtr pkey_;
};

// "RSA 2048", "EC P-384", "Ed25519", or the OpenSSL type name for anything else.
std::string DescribePublicKey(const EVP_PKEY* pkey);
// KeySpec of any key; algorithm-specific fields left empty for unsupported types.
Result<KeySpec> SpecOf(const EVP_PKEY* pkey);
// EVP_PKEY_eq on the public components; false if either is null.
bool PublicKeysEqual(const EVP_PKEY* a, const EVP_PKEY* b);
// Reads a SubjectPublicKeyInfo PEM ("PUBLIC KEY").
Result<ossl::PkeyPtr> ParsePublicKeyPem(std::string_view pem);

}  // namespace trustdesk
