// PKCS#12 files (declared in key_store.h): written with PBES2 (PBKDF2-HMAC-SHA256, 600,000
// rounds, AES-256-CBC) for key and certificates and a SHA-256 MAC with as many rounds; read by
// walking the safes ourselves, so that every key derivation the file asks for (MAC, encrypted
// certificate safe, shrouded key bag) is checked against core/crypto/key_encryption.h's limits
// before it is computed. PKCS12_parse would compute whatever the file says.
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>

#include "core/crypto/certificate.h"
#include "core/crypto/key_encryption.h"
#include "core/keystore/key_store.h"

namespace trustdesk {
namespace {

constexpr std::size_t kMaxPkcs12Bytes = 4u << 20;
constexpr int kMaxNesting = 3;  // safeContents bags inside safeContents bags

struct Pkcs7StackDeleter {
  void operator()(STACK_OF(PKCS7) * s) const { sk_PKCS7_pop_free(s, PKCS7_free); }
};
struct BagStackDeleter {
  void operator()(STACK_OF(PKCS12_SAFEBAG) * s) const {
    sk_PKCS12_SAFEBAG_pop_free(s, PKCS12_SAFEBAG_free);
  }
};
using Pkcs7StackPtr = std::unique_ptr<STACK_OF(PKCS7), Pkcs7StackDeleter>;
using BagStackPtr = std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), BagStackDeleter>;
using P8InfoPtr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, ossl::Deleter<PKCS8_PRIV_KEY_INFO_free>>;

Error Prefixed(const Error& e) { return Error{e.code, "PKCS#12: " + e.message}; }
Error WrongPassphrase() { return Error{ErrorCode::Auth, "PKCS#12: wrong passphrase"}; }

std::string PemOf(X509* cert) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return {};
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

// What the bags of a file hold, collected as they are decrypted.
struct Contents {
  std::vector<ossl::PkeyPtr> keys;
  std::vector<ossl::X509Ptr> certs;
};

Status ReadBags(const STACK_OF(PKCS12_SAFEBAG) * bags, const std::string& passphrase,
                KdfBudget& budget, Contents& out, int depth) {
  for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
    const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, i);
    switch (PKCS12_SAFEBAG_get_nid(bag)) {
      case NID_keyBag: {
        EVP_PKEY* key = EVP_PKCS82PKEY(PKCS12_SAFEBAG_get0_p8inf(bag));
        if (key == nullptr) return Error{ErrorCode::Parse, ossl::LastError("PKCS#12: key bag")};
        out.keys.emplace_back(key);
        break;
      }
      case NID_pkcs8ShroudedKeyBag: {
        const X509_ALGOR* algorithm = nullptr;
        X509_SIG_get0(PKCS12_SAFEBAG_get0_pkcs8(bag), &algorithm, nullptr);
        if (Status s = budget.Charge(algorithm); !s.ok()) return Prefixed(s.error());
        P8InfoPtr info(PKCS12_decrypt_skey_ex(bag, passphrase.c_str(), -1, nullptr, nullptr));
        if (!info) {
          ERR_clear_error();
          return WrongPassphrase();
        }
        EVP_PKEY* key = EVP_PKCS82PKEY(info.get());
        if (key == nullptr) return Error{ErrorCode::Parse, ossl::LastError("PKCS#12: key bag")};
        out.keys.emplace_back(key);
        break;
      }
      case NID_certBag:
        if (PKCS12_SAFEBAG_get_bag_nid(bag) == NID_x509Certificate) {
          X509* cert = PKCS12_SAFEBAG_get1_cert(bag);
          if (cert == nullptr) return Error{ErrorCode::Parse, ossl::LastError("PKCS#12: cert")};
          out.certs.emplace_back(cert);
        }
        break;
      case NID_safeContentsBag:
        if (depth >= kMaxNesting) return Error{ErrorCode::Parse, "PKCS#12: safes nested too deep"};
        if (Status s = ReadBags(PKCS12_SAFEBAG_get0_safes(bag), passphrase, budget, out, depth + 1);
            !s.ok()) {
          return s;
        }
        break;
      default:
        break;  // CRLs, secrets and unknown bags are not TrustDesk's business
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> MakePkcs12(const Credential& credential, const std::string& passphrase,
                               const std::string& friendly_name, const Pkcs12Options& options) {
  if (passphrase.empty())
    return Error{ErrorCode::InvalidInput, "PKCS#12: a passphrase is required"};
  auto cert = Certificate::FromPem(credential.certificate_pem);
  if (!cert.ok()) return Error{ErrorCode::Parse, "PKCS#12: " + cert.error().message};
  ossl::X509StackPtr ca(sk_X509_new_null());
  if (!ca) return Error{ErrorCode::Crypto, ossl::LastError("PKCS#12: allocate")};
  if (credential.chain_pem.find("-----BEGIN") != std::string::npos) {
    auto chain = LoadPemChain(credential.chain_pem);
    if (!chain.ok()) return Error{ErrorCode::Parse, "PKCS#12: " + chain.error().message};
    for (const auto& c : *chain) {
      ossl::X509Ptr ref = c.Share();
      if (sk_X509_push(ca.get(), ref.get()) <= 0) return Error{ErrorCode::Crypto, "PKCS#12: chain"};
      ref.release();
    }
  }
  // NID_aes_256_cbc selects PBES2 with PBKDF2-HMAC-SHA256 in OpenSSL 3; the rounds are ours, not
  // OpenSSL's default of 2,048. Legacy: 3DES and a SHA-1 MAC for old importers, same rounds.
  const int pbe = options.legacy ? NID_pbe_WithSHA1And3_Key_TripleDES_CBC : NID_aes_256_cbc;
  std::string name = friendly_name;
  PKCS12* raw = PKCS12_create_ex(passphrase.c_str(), name.empty() ? nullptr : name.c_str(),
                                 credential.key.get(), cert->get(), ca.get(), pbe, pbe,
                                 kPbkdf2Iterations, -1 /* MAC set below */, 0, nullptr, nullptr);
  if (raw == nullptr) return Error{ErrorCode::Crypto, ossl::LastError("PKCS#12: create")};
  ossl::Pkcs12Ptr p12(raw);
  const EVP_MD* mac_md = options.legacy ? EVP_sha1() : EVP_sha256();
  // The MAC's rounds matter as much as the encryption's: the MAC alone lets a guess be checked.
  if (PKCS12_set_mac(p12.get(), passphrase.c_str(), -1, nullptr, 0, kPbkdf2Iterations, mac_md) !=
      1) {
    return Error{ErrorCode::Crypto, ossl::LastError("PKCS#12: set MAC")};
  }
  unsigned char* der = nullptr;
  int len = i2d_PKCS12(p12.get(), &der);
  if (len <= 0) return Error{ErrorCode::Crypto, ossl::LastError("PKCS#12: encode")};
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

Result<Credential> ReadPkcs12(const std::string& der, const std::string& passphrase) {
  if (der.size() > kMaxPkcs12Bytes) return Error{ErrorCode::TooLarge, "PKCS#12: larger than 4 MiB"};
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  PKCS12* raw = d2i_PKCS12(nullptr, &p, static_cast<long>(der.size()));
  if (raw == nullptr) return Error{ErrorCode::Parse, ossl::LastError("PKCS#12: not a valid file")};
  ossl::Pkcs12Ptr p12(raw);
  KdfBudget budget;
  if (PKCS12_mac_present(p12.get())) {
    const ASN1_INTEGER* iter = nullptr;
    PKCS12_get0_mac(nullptr, nullptr, nullptr, &iter, p12.get());
    uint64_t rounds = 1;  // the default when the field is absent
    if (iter != nullptr && ASN1_INTEGER_get_uint64(&rounds, iter) != 1) {
      ERR_clear_error();
      return Error{ErrorCode::Parse, "PKCS#12: malformed MAC iteration count"};
    }
    if (Status s = budget.ChargeIterations(rounds, "PKCS#12 MAC"); !s.ok()) {
      return Prefixed(s.error());
    }
    if (PKCS12_verify_mac(p12.get(), passphrase.c_str(), -1) != 1) {
      ERR_clear_error();
      return WrongPassphrase();
    }
  }
  Pkcs7StackPtr safes(PKCS12_unpack_authsafes(p12.get()));
  if (!safes) return Error{ErrorCode::Parse, ossl::LastError("PKCS#12: no contents")};
  Contents contents;
  for (int i = 0; i < sk_PKCS7_num(safes.get()); ++i) {
    PKCS7* safe = sk_PKCS7_value(safes.get(), i);
    BagStackPtr bags;
    if (PKCS7_type_is_data(safe)) {
      bags.reset(PKCS12_unpack_p7data(safe));
    } else if (PKCS7_type_is_encrypted(safe)) {
      if (safe->d.encrypted == nullptr || safe->d.encrypted->enc_data == nullptr) {
        return Error{ErrorCode::Parse, "PKCS#12: malformed encrypted safe"};
      }
      if (Status s = budget.Charge(safe->d.encrypted->enc_data->algorithm); !s.ok()) {
        return Prefixed(s.error());
      }
      bags.reset(PKCS12_unpack_p7encdata(safe, passphrase.c_str(), -1));
      if (!bags) {
        ERR_clear_error();
        return WrongPassphrase();
      }
    } else {
      continue;  // enveloped (public-key) safes are not used by TrustDesk
    }
    if (!bags) return Error{ErrorCode::Parse, ossl::LastError("PKCS#12: malformed safe")};
    if (Status s = ReadBags(bags.get(), passphrase, budget, contents, 0); !s.ok()) return s.error();
  }
  if (contents.keys.empty()) {
    return Error{ErrorCode::Parse, "PKCS#12: the file holds no key and certificate pair"};
  }
  // The certificate is the one for the (first) key; the others are its chain, in file order.
  ossl::PkeyPtr& key = contents.keys.front();
  X509* leaf = nullptr;
  for (const auto& c : contents.certs) {
    if (leaf == nullptr && PublicKeysEqual(key.get(), X509_get0_pubkey(c.get()))) leaf = c.get();
  }
  if (leaf == nullptr) {
    return Error{ErrorCode::Parse, "PKCS#12: the file holds no key and certificate pair"};
  }
  std::string chain;
  for (const auto& c : contents.certs) {
    if (c.get() != leaf) chain += PemOf(c.get());
  }
  std::string leaf_pem = PemOf(leaf);
  auto adopted = KeyPair::Adopt(std::move(key));
  if (!adopted.ok()) return adopted.error();
  return Credential{std::move(adopted).value(), std::move(leaf_pem), std::move(chain)};
}

}  // namespace trustdesk
