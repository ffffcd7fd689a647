#include "core/crypto/key_pair.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstring>
#include <limits>

#include "core/crypto/key_encryption.h"

namespace trustdesk {
namespace {

constexpr std::size_t kMaxKeyBytes = 1u << 20;  // far above any real key; bounds parsing work

Error CryptoError(const std::string& context) {
  return Error{ErrorCode::Crypto, ossl::LastError(context)};
}

// OpenSSL group name -> the NIST name profiles use.
std::string CurveDisplayName(const std::string& group) {
  if (group == "prime256v1" || group == "P-256" || group == "secp256r1") return "P-256";
  if (group == "secp384r1" || group == "P-384") return "P-384";
  if (group == "secp521r1" || group == "P-521") return "P-521";
  return group;
}

const char* CurveGroupName(const std::string& curve) {
  if (curve == "P-256") return "P-256";
  if (curve == "P-384") return "P-384";
  return nullptr;
}

std::string EcGroupOf(const EVP_PKEY* pkey) {
  char name[80] = {0};
  size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &len) !=
      1) {
    ERR_clear_error();
    return {};
  }
  return CurveDisplayName(std::string(name, len));
}

struct PassphraseState {
  std::string_view passphrase;
  bool asked = false;
};

int PassphraseCallback(char* buf, int size, int /*rwflag*/, void* user) {
  auto* state = static_cast<PassphraseState*>(user);
  state->asked = true;
  if (state->passphrase.empty() || size <= 0 ||
      state->passphrase.size() > static_cast<std::size_t>(size)) {
    return -1;
  }
  std::memcpy(buf, state->passphrase.data(), state->passphrase.size());
  return static_cast<int>(state->passphrase.size());
}

Result<std::string> DrainBio(BIO* bio, const char* what) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  if (len < 0 || (len > 0 && data == nullptr)) {
    return Error{ErrorCode::Crypto, std::string(what) + ": empty output"};
  }
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

std::string Describe(const KeySpec& spec) {
  switch (spec.algorithm) {
    case KeyAlgorithm::Rsa:
      return "RSA " + std::to_string(spec.rsa_bits);
    case KeyAlgorithm::Ec:
      return "EC " + spec.ec_curve;
    case KeyAlgorithm::Ed25519:
      return "Ed25519";
  }
  return "unknown";
}

Result<KeyPair> KeyPair::Generate(const KeySpec& spec) {
  EVP_PKEY* raw = nullptr;
  switch (spec.algorithm) {
    case KeyAlgorithm::Rsa:
      if (spec.rsa_bits != 2048 && spec.rsa_bits != 3072 && spec.rsa_bits != 4096) {
        return Error{ErrorCode::InvalidInput, "key: RSA size " + std::to_string(spec.rsa_bits) +
                                                  " is not supported (2048, 3072 or 4096)"};
      }
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(spec.rsa_bits));
      break;
    case KeyAlgorithm::Ec: {
      const char* group = CurveGroupName(spec.ec_curve);
      if (group == nullptr) {
        return Error{ErrorCode::InvalidInput,
                     "key: EC curve '" + spec.ec_curve + "' is not supported (P-256 or P-384)"};
      }
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group);
      break;
    }
    case KeyAlgorithm::Ed25519:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
  }
  if (raw == nullptr) return CryptoError("generate " + Describe(spec) + " key");
  return KeyPair(ossl::PkeyPtr(raw));
}

Result<KeyPair> KeyPair::FromPem(std::string_view pem, std::string_view passphrase) {
  if (pem.size() > kMaxKeyBytes) {
    return Error{ErrorCode::TooLarge, "private key: larger than 1 MiB"};
  }
  if (pem.find("-----BEGIN") == std::string_view::npos) {
    return Error{ErrorCode::Parse, "private key: no PEM block found"};
  }
  // Encrypted PKCS#8 goes through key_encryption.h, which checks the KDF cost the file asks for
  // before deriving anything; OpenSSL's generic reader would compute whatever the file says.
  if (pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string_view::npos) {
    auto key = DecryptPkcs8Pem(pem, passphrase);
    if (!key.ok()) return key.error();
    return KeyPair(std::move(key).value());
  }
  ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return CryptoError("private key: allocate buffer");
  PassphraseState state{passphrase};
  EVP_PKEY* raw =
      PEM_read_bio_PrivateKey_ex(bio.get(), nullptr, PassphraseCallback, &state, nullptr, nullptr);
  if (raw == nullptr) {
    if (state.asked && passphrase.empty()) {
      ERR_clear_error();
      return Error{ErrorCode::Auth, "private key: encrypted, a passphrase is required"};
    }
    if (state.asked) {
      ERR_clear_error();
      return Error{ErrorCode::Auth, "private key: wrong passphrase"};
    }
    return Error{ErrorCode::Parse, ossl::LastError("private key: not a valid PEM private key")};
  }
  return KeyPair(ossl::PkeyPtr(raw));
}

Result<KeyPair> KeyPair::FromPkcs8Der(std::string_view der) {
  if (der.size() > kMaxKeyBytes) {
    return Error{ErrorCode::TooLarge, "private key: larger than 1 MiB"};
  }
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  PKCS8_PRIV_KEY_INFO* info = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size()));
  if (info == nullptr) {
    return Error{ErrorCode::Parse, ossl::LastError("private key: not a DER PKCS#8 structure")};
  }
  EVP_PKEY* raw = EVP_PKCS82PKEY(info);
  PKCS8_PRIV_KEY_INFO_free(info);
  if (raw == nullptr) {
    return Error{ErrorCode::Parse, ossl::LastError("private key: unsupported PKCS#8 key")};
  }
  return KeyPair(ossl::PkeyPtr(raw));
}

Result<KeyPair> KeyPair::Adopt(ossl::PkeyPtr pkey) {
  if (!pkey) return Error{ErrorCode::InvalidInput, "private key: none given"};
  // A key without its private half cannot be encoded as PKCS#8.
  ossl::BioPtr probe(BIO_new(BIO_s_mem()));
  if (!probe || i2d_PKCS8PrivateKey_bio(probe.get(), pkey.get(), nullptr, nullptr, 0, nullptr,
                                        nullptr) != 1) {
    ERR_clear_error();
    return Error{ErrorCode::InvalidInput, "private key: the key has no private part"};
  }
  return KeyPair(std::move(pkey));
}

Result<std::string> KeyPair::ToPkcs8Pem(std::string_view passphrase) const {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) return CryptoError("encode private key");
  if (passphrase.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return Error{ErrorCode::InvalidInput, "passphrase: too long"};
  }
  if (!passphrase.empty()) return EncryptPkcs8Pem(pkey_.get(), passphrase);
  if (PEM_write_bio_PKCS8PrivateKey(bio.get(), pkey_.get(), nullptr, nullptr, 0, nullptr,
                                    nullptr) != 1) {
    return CryptoError("encode private key as PKCS#8");
  }
  return DrainBio(bio.get(), "encode private key");
}

Result<std::string> KeyPair::ToPkcs8Der() const {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      i2d_PKCS8PrivateKey_bio(bio.get(), pkey_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return CryptoError("encode private key as DER PKCS#8");
  }
  return DrainBio(bio.get(), "encode private key");
}

Result<std::string> KeyPair::PublicKeyPem() const {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey_.get()) != 1) {
    return CryptoError("encode public key");
  }
  return DrainBio(bio.get(), "encode public key");
}

std::string KeyPair::Description() const { return DescribePublicKey(pkey_.get()); }

KeySpec KeyPair::Spec() const {
  auto spec = SpecOf(pkey_.get());
  return spec.ok() ? *spec : KeySpec{};
}

bool KeyPair::SamePublicKey(const EVP_PKEY* other) const {
  return PublicKeysEqual(pkey_.get(), other);
}

ossl::PkeyPtr KeyPair::Share() const {
  EVP_PKEY_up_ref(pkey_.get());
  return ossl::PkeyPtr(pkey_.get());
}

std::string DescribePublicKey(const EVP_PKEY* pkey) {
  if (pkey == nullptr) return "none";
  switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
      return "RSA " + std::to_string(EVP_PKEY_get_bits(pkey));
    case EVP_PKEY_EC: {
      std::string curve = EcGroupOf(pkey);
      return curve.empty() ? "EC" : "EC " + curve;
    }
    case EVP_PKEY_ED25519:
      return "Ed25519";
    case EVP_PKEY_ED448:
      return "Ed448";
    default:
      break;
  }
  const char* name = EVP_PKEY_get0_type_name(pkey);
  return name != nullptr ? name : "unknown";
}

Result<KeySpec> SpecOf(const EVP_PKEY* pkey) {
  if (pkey == nullptr) return Error{ErrorCode::InvalidInput, "key: none given"};
  switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
      return KeySpec::Rsa(EVP_PKEY_get_bits(pkey));
    case EVP_PKEY_EC:
      return KeySpec::Ec(EcGroupOf(pkey));
    case EVP_PKEY_ED25519:
      return KeySpec::Ed25519();
    default:
      break;
  }
  return Error{ErrorCode::Unsupported, "key: " + DescribePublicKey(pkey) + " is not supported"};
}

bool PublicKeysEqual(const EVP_PKEY* a, const EVP_PKEY* b) {
  if (a == nullptr || b == nullptr) return false;
  int eq = EVP_PKEY_eq(a, b);
  ERR_clear_error();  // a type mismatch leaves an error queue entry
  return eq == 1;
}

Result<ossl::PkeyPtr> ParsePublicKeyPem(std::string_view pem) {
  if (pem.size() > kMaxKeyBytes) return Error{ErrorCode::TooLarge, "public key: larger than 1 MiB"};
  ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return CryptoError("public key: allocate buffer");
  EVP_PKEY* raw = PEM_read_bio_PUBKEY_ex(bio.get(), nullptr, nullptr, nullptr, nullptr, nullptr);
  if (raw == nullptr) {
    return Error{ErrorCode::Parse, ossl::LastError("public key: not a valid PEM public key")};
  }
  return ossl::PkeyPtr(raw);
}

}  // namespace trustdesk
