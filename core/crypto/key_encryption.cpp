// Sections: scrypt · AES-256-GCM · KDF cost checks · PKCS#8 · sealing with a passphrase.
#include "core/crypto/key_encryption.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>

#include <limits>

namespace trustdesk {
namespace {

constexpr uint64_t kScryptMaxMemory = 256u << 20;
constexpr int kMaxKdfsPerFile = 16;  // a real PKCS#12 file has three (MAC, certificates, key)

using Pbe2Ptr = std::unique_ptr<PBE2PARAM, ossl::Deleter<PBE2PARAM_free>>;
using Pbkdf2Ptr = std::unique_ptr<PBKDF2PARAM, ossl::Deleter<PBKDF2PARAM_free>>;
using ScryptParamsPtr = std::unique_ptr<SCRYPT_PARAMS, ossl::Deleter<SCRYPT_PARAMS_free>>;
using PbeParamPtr = std::unique_ptr<PBEPARAM, ossl::Deleter<PBEPARAM_free>>;
using SigPtr = std::unique_ptr<X509_SIG, ossl::Deleter<X509_SIG_free>>;
using P8InfoPtr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, ossl::Deleter<PKCS8_PRIV_KEY_INFO_free>>;

template <typename T>
T* Unpack(const ASN1_ITEM* item, const ASN1_TYPE* parameter) {
  if (parameter == nullptr) return nullptr;
  return static_cast<T*>(ASN1_TYPE_unpack_sequence(item, parameter));
}

Error Unsupported(const std::string& what) { return Error{ErrorCode::Unsupported, what}; }

std::optional<uint64_t> U64(const ASN1_INTEGER* value) {
  uint64_t out = 0;
  if (value == nullptr || ASN1_INTEGER_get_uint64(&out, value) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  return out;
}

std::string NameOf(const ASN1_OBJECT* object) {
  char name[80] = {0};
  OBJ_obj2txt(name, sizeof name, object, 0);
  return name;
}

}  // namespace

// ---- scrypt ----

bool ScryptWithinLimits(const ScryptParams& p) {
  const bool power_of_two = p.n >= 2 && (p.n & (p.n - 1)) == 0;
  return power_of_two && p.n <= (1u << 20) && p.r >= 1 && p.r <= 32 && p.p >= 1 && p.p <= 16 &&
         128 * p.n * p.r <= kScryptMaxMemory && p.n * p.r * p.p <= (uint64_t{1} << 22);
}

Result<std::array<unsigned char, 32>> DeriveScryptKey(std::string_view secret,
                                                      std::string_view salt,
                                                      const ScryptParams& params) {
  if (!ScryptWithinLimits(params)) {
    return Unsupported("scrypt parameters N=" + std::to_string(params.n) +
                       " r=" + std::to_string(params.r) + " p=" + std::to_string(params.p) +
                       " are beyond what TrustDesk computes");
  }
  std::array<unsigned char, 32> key{};
  if (EVP_PBE_scrypt(secret.data(), secret.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), params.n,
                     params.r, params.p, kScryptMaxMemory, key.data(), key.size()) != 1) {
    return Error{ErrorCode::Crypto, ossl::LastError("scrypt: derive key")};
  }
  return key;
}

// ---- AES-256-GCM ----

Result<AeadBox> AeadSeal(const std::array<unsigned char, 32>& key, std::string_view plain,
                         std::string_view aad) {
  AeadBox box;
  box.nonce.assign(12, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(box.nonce.data()), 12) != 1) {
    return Error{ErrorCode::Crypto, ossl::LastError("encrypt: random nonce")};
  }
  ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  box.ciphertext.assign(plain.size() + 16, '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.ciphertext.data());
  int len = 0, fin = 0;
  const bool ok =
      ctx &&
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(),
                         reinterpret_cast<const unsigned char*>(box.nonce.data())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len,
                        reinterpret_cast<const unsigned char*>(aad.data()),
                        static_cast<int>(aad.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), out, &len, reinterpret_cast<const unsigned char*>(plain.data()),
                        static_cast<int>(plain.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), out + len, &fin) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, out + plain.size()) == 1;
  if (!ok) return Error{ErrorCode::Crypto, ossl::LastError("encrypt")};
  return box;
}

std::optional<std::string> AeadOpen(const std::array<unsigned char, 32>& key, const AeadBox& box,
                                    std::string_view aad) {
  if (box.nonce.size() != 12 || box.ciphertext.size() < 16) return std::nullopt;
  const std::size_t n = box.ciphertext.size() - 16;
  std::string plain(n, '\0');
  auto* in = reinterpret_cast<const unsigned char*>(box.ciphertext.data());
  ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0, fin = 0;
  const bool ok =
      ctx &&
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(),
                         reinterpret_cast<const unsigned char*>(box.nonce.data())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len,
                        reinterpret_cast<const unsigned char*>(aad.data()),
                        static_cast<int>(aad.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, in,
                        static_cast<int>(n)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16,
                          const_cast<unsigned char*>(in + n)) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &fin) ==
          1;
  ERR_clear_error();
  if (!ok) {
    OPENSSL_cleanse(plain.data(), plain.size());
    return std::nullopt;
  }
  return plain;
}

// ---- KDF cost checks ----

Status KdfBudget::ChargeIterations(uint64_t iterations, const char* kdf) {
  if (iterations > kMaxKdfIterations) {
    return Unsupported(std::string(kdf) + " asks for " + std::to_string(iterations) +
                       " iterations; TrustDesk accepts at most " +
                       std::to_string(kMaxKdfIterations));
  }
  spent_ += iterations;
  if (spent_ > kMaxKdfIterationsPerFile || ++kdfs_ > kMaxKdfsPerFile) {
    return Unsupported(
        "the file asks for more key derivation work than TrustDesk does for one "
        "file");
  }
  return Status::Ok();
}

Status KdfBudget::Charge(const X509_ALGOR* algorithm) {
  if (algorithm == nullptr) return Unsupported("key encryption: no algorithm");
  const int nid = OBJ_obj2nid(algorithm->algorithm);
  if (nid == NID_pbes2) {
    Pbe2Ptr pbe2(Unpack<PBE2PARAM>(ASN1_ITEM_rptr(PBE2PARAM), algorithm->parameter));
    if (!pbe2 || pbe2->keyfunc == nullptr) return Unsupported("PBES2: malformed parameters");
    const int kdf = OBJ_obj2nid(pbe2->keyfunc->algorithm);
    if (kdf == NID_id_pbkdf2) {
      Pbkdf2Ptr p(Unpack<PBKDF2PARAM>(ASN1_ITEM_rptr(PBKDF2PARAM), pbe2->keyfunc->parameter));
      auto iterations = p ? U64(p->iter) : std::nullopt;
      if (!iterations) return Unsupported("PBKDF2: malformed iteration count");
      return ChargeIterations(*iterations, "PBKDF2");
    }
    if (kdf == NID_id_scrypt) {
      ScryptParamsPtr s(
          Unpack<SCRYPT_PARAMS>(ASN1_ITEM_rptr(SCRYPT_PARAMS), pbe2->keyfunc->parameter));
      auto n = s ? U64(s->costParameter) : std::nullopt;
      auto r = s ? U64(s->blockSize) : std::nullopt;
      auto p = s ? U64(s->parallelizationParameter) : std::nullopt;
      if (!n || !r || !p) return Unsupported("scrypt: malformed parameters");
      if (!ScryptWithinLimits({*n, *r, *p})) {
        return Unsupported("scrypt asks for N=" + std::to_string(*n) + " r=" + std::to_string(*r) +
                           " p=" + std::to_string(*p) + "; beyond what TrustDesk computes");
      }
      return ChargeIterations(0, "scrypt");
    }
    return Unsupported("PBES2 key derivation " + NameOf(pbe2->keyfunc->algorithm) +
                       " is not supported");
  }
  // PKCS#5 v1.5 and PKCS#12 password-based encryption: PBEPARAM {salt, iterations}.
  if (EVP_PBE_find(EVP_PBE_TYPE_OUTER, nid, nullptr, nullptr, nullptr) == 1) {
    PbeParamPtr p(Unpack<PBEPARAM>(ASN1_ITEM_rptr(PBEPARAM), algorithm->parameter));
    auto iterations = p ? U64(p->iter) : std::nullopt;
    if (!iterations) return Unsupported(NameOf(algorithm->algorithm) + ": malformed parameters");
    return ChargeIterations(*iterations, "PBE");
  }
  ERR_clear_error();
  return Unsupported("key encryption " + NameOf(algorithm->algorithm) + " is not supported");
}

// ---- PKCS#8 ----

Result<std::string> EncryptPkcs8Pem(EVP_PKEY* key, std::string_view passphrase, int iterations) {
  if (passphrase.empty() ||
      passphrase.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return Error{ErrorCode::InvalidInput, "passphrase: must be 1 to 2^31 characters"};
  }
  unsigned char salt[16];
  if (RAND_bytes(salt, sizeof salt) != 1) return Error{ErrorCode::Crypto, ossl::LastError("salt")};
  X509_ALGOR* pbe = PKCS5_pbe2_set_iv_ex(EVP_aes_256_cbc(), iterations, salt, sizeof salt, nullptr,
                                         NID_hmacWithSHA256, nullptr);
  if (pbe == nullptr) return Error{ErrorCode::Crypto, ossl::LastError("PKCS#8: PBES2 parameters")};
  P8InfoPtr info(EVP_PKEY2PKCS8(key));
  if (!info) {
    X509_ALGOR_free(pbe);
    return Error{ErrorCode::Crypto, ossl::LastError("PKCS#8: encode private key")};
  }
  SigPtr sig(PKCS8_set0_pbe_ex(passphrase.data(), static_cast<int>(passphrase.size()), info.get(),
                               pbe, nullptr, nullptr));
  if (!sig) {
    X509_ALGOR_free(pbe);  // not taken over on failure
    return Error{ErrorCode::Crypto, ossl::LastError("PKCS#8: encrypt private key")};
  }
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PKCS8(bio.get(), sig.get()) != 1) {
    return Error{ErrorCode::Crypto, ossl::LastError("PKCS#8: write PEM")};
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

Result<ossl::PkeyPtr> DecryptPkcs8Pem(std::string_view pem, std::string_view passphrase) {
  ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Error{ErrorCode::Crypto, ossl::LastError("private key: allocate buffer")};
  SigPtr sig(PEM_read_bio_PKCS8(bio.get(), nullptr, nullptr, nullptr));
  if (!sig) {
    return Error{ErrorCode::Parse,
                 ossl::LastError("private key: not a valid encrypted PKCS#8 key")};
  }
  const X509_ALGOR* algorithm = nullptr;
  X509_SIG_get0(sig.get(), &algorithm, nullptr);
  KdfBudget budget;
  if (Status s = budget.Charge(algorithm); !s.ok()) {
    return Error{s.error().code, "private key: " + s.error().message};
  }
  if (passphrase.empty()) {
    return Error{ErrorCode::Auth, "private key: encrypted, a passphrase is required"};
  }
  P8InfoPtr info(PKCS8_decrypt_ex(sig.get(), passphrase.data(), static_cast<int>(passphrase.size()),
                                  nullptr, nullptr));
  if (!info) {
    ERR_clear_error();
    return Error{ErrorCode::Auth, "private key: wrong passphrase"};
  }
  EVP_PKEY* key = EVP_PKCS82PKEY_ex(info.get(), nullptr, nullptr);
  if (key == nullptr)
    return Error{ErrorCode::Parse, ossl::LastError("private key: unsupported key")};
  return ossl::PkeyPtr(key);
}

// ---- sealing with a passphrase ----

Result<SealedSecret> SealWithPassphrase(std::string_view plain, std::string_view passphrase,
                                        const ScryptParams& params, std::string_view context) {
  SealedSecret sealed;
  sealed.kdf = params;
  sealed.salt.assign(16, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(sealed.salt.data()), 16) != 1) {
    return Error{ErrorCode::Crypto, ossl::LastError("salt")};
  }
  auto key = DeriveScryptKey(passphrase, sealed.salt, params);
  if (!key.ok()) return key.error();
  auto box = AeadSeal(*key, plain, context);
  OPENSSL_cleanse(key->data(), key->size());
  if (!box.ok()) return box.error();
  sealed.box = std::move(box).value();
  return sealed;
}

Result<std::string> OpenWithPassphrase(const SealedSecret& sealed, std::string_view passphrase,
                                       std::string_view context) {
  auto key = DeriveScryptKey(passphrase, sealed.salt, sealed.kdf);
  if (!key.ok()) return key.error();
  auto plain = AeadOpen(*key, sealed.box, context);
  OPENSSL_cleanse(key->data(), key->size());
  if (!plain) return Error{ErrorCode::Auth, "wrong PIN or passphrase (or the data was changed)"};
  return std::move(*plain);
}

}  // namespace trustdesk
