#include "tools/server/ca/escrow_vault.h"

#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "tools/server/ca/x509_util.h"
#include "tools/server/file_util.h"

namespace trustdesk::server::ca {
namespace {

constexpr int64_t kDay = 86400;

using P8InfoPtr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, ossl::Deleter<PKCS8_PRIV_KEY_INFO_free>>;
using X509SigPtr = std::unique_ptr<X509_SIG, ossl::Deleter<X509_SIG_free>>;
using AlgorPtr = std::unique_ptr<X509_ALGOR, ossl::Deleter<X509_ALGOR_free>>;

bool Exists(const std::filesystem::path& file) {
  std::error_code ec;
  return std::filesystem::exists(file, ec);
}

Status CheckPair(X509* cert, EVP_PKEY* key, const std::filesystem::path& key_file) {
  if (X509_check_private_key(cert, key) != 1) {
    return Error(ErrorCode::Crypto,
                 key_file.string() + " does not hold the key of " + EscrowVault::kCertificateFile);
  }
  return Status::Ok();
}

// Writes the encrypted key (0600 from its first byte) and reads it back: a plaintext key is
// removed only once its encrypted copy is known to open.
Status WriteEncryptedKey(const std::filesystem::path& file, EVP_PKEY* key, X509* cert,
                         const std::string& passphrase, int iterations) {
  auto pem = EncryptPrivateKeyPem(key, passphrase, iterations);
  if (!pem) return pem.error();
  if (Status st = WriteFileAtomic(file, *pem, 0600); !st) return st;
  auto written = ReadFileLimited(file, 1 << 20);
  if (!written) return written.error();
  auto back = DecryptPrivateKeyPem(*written, passphrase, file.string());
  if (!back) return back.error();
  return CheckPair(cert, back->get(), file);
}

}  // namespace

Result<std::string> EncryptPrivateKeyPem(EVP_PKEY* key, const std::string& passphrase,
                                         int iterations) {
  P8InfoPtr p8(EVP_PKEY2PKCS8(key));
  if (!p8) return Error(ErrorCode::Crypto, ossl::LastError("escrow key: PKCS#8 encoding"));
  // A null salt makes OpenSSL draw a random one.
  AlgorPtr pbe(
      PKCS5_pbe2_set_iv(EVP_aes_256_cbc(), iterations, nullptr, 0, nullptr, NID_hmacWithSHA256));
  if (!pbe) return Error(ErrorCode::Crypto, ossl::LastError("escrow key: PBES2 parameters"));
  X509SigPtr sig(
      PKCS8_set0_pbe(passphrase.data(), static_cast<int>(passphrase.size()), p8.get(), pbe.get()));
  if (!sig) return Error(ErrorCode::Crypto, ossl::LastError("escrow key: encrypting"));
  (void)pbe.release();  // owned by `sig` now
  ossl::BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_PKCS8(out.get(), sig.get()) != 1) {
    return Error(ErrorCode::Crypto, ossl::LastError("escrow key: writing PEM"));
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

Result<ossl::PkeyPtr> DecryptPrivateKeyPem(const std::string& pem, const std::string& passphrase,
                                           const std::string& what) {
  if (pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") == std::string::npos) {
    return Error(ErrorCode::Parse, what + ": not an encrypted PKCS#8 key");
  }
  ossl::BioPtr in(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  X509SigPtr sig(PEM_read_bio_PKCS8(in.get(), nullptr, nullptr, nullptr));
  if (!sig) return Error(ErrorCode::Parse, ossl::LastError(what + ": not valid PEM"));
  P8InfoPtr p8(PKCS8_decrypt(sig.get(), passphrase.data(), static_cast<int>(passphrase.size())));
  if (!p8) {
    return Error(ErrorCode::Crypto,
                 what + ": cannot be decrypted with the escrow passphrase (wrong passphrase?)");
  }
  ossl::PkeyPtr key(EVP_PKCS82PKEY(p8.get()));
  if (!key) return Error(ErrorCode::Crypto, ossl::LastError(what + ": not a private key"));
  return key;
}

bool EscrowVault::HasPlaintextKey(const std::filesystem::path& ca_dir) {
  return Exists(ca_dir / kLegacyPlaintextKeyFile);
}

Result<std::unique_ptr<EscrowVault>> EscrowVault::Open(const std::filesystem::path& ca_dir,
                                                       const std::string& passphrase,
                                                       int kdf_iterations,
                                                       const CertificateAuthority& ca,
                                                       Timestamp now) {
  if (passphrase.empty()) return Error(ErrorCode::InvalidInput, "the escrow passphrase is empty");
  const auto cert_file = ca_dir / kCertificateFile;
  const auto encrypted_file = ca_dir / kEncryptedKeyFile;
  const auto plaintext_file = ca_dir / kLegacyPlaintextKeyFile;
  const bool have_cert = Exists(cert_file);
  const bool have_encrypted = Exists(encrypted_file);
  const bool have_plaintext = Exists(plaintext_file);
  std::unique_ptr<EscrowVault> vault(new EscrowVault());

  if (!have_cert && !have_encrypted && !have_plaintext) {
    auto key = GenerateEcKey("P-256");
    if (!key) return key.error();
    CertificateSpec spec;
    spec.subject =
        MakeName({{"O", "TrustDesk Reference Server"}, {"CN", "TrustDesk Key Escrow Agent"}});
    EVP_PKEY_up_ref(key->get());
    spec.public_key.reset(key->get());
    spec.not_before = Timestamp{now.unix_seconds - kDay};
    spec.not_after = Timestamp{now.unix_seconds + 10 * 365 * kDay};
    spec.key_usage = {"keyAgreement", "keyEncipherment"};
    spec.digest = EVP_sha256();
    auto cert = ca.Issue(spec);
    if (!cert) return cert.error();
    auto pem = CertificateToPem(cert->get());
    if (!pem) return pem.error();
    // The key first: a crash in between leaves no certificate whose key is missing.
    if (Status st =
            WriteEncryptedKey(encrypted_file, key->get(), cert->get(), passphrase, kdf_iterations);
        !st) {
      return st.error();
    }
    if (Status st = WriteFileAtomic(cert_file, *pem, 0644); !st) return st.error();
    vault->key_ = std::move(*key);
    vault->certificate_ = std::move(*cert);
    vault->certificate_pem_ = std::move(*pem);
    return vault;
  }

  if (!have_cert) {
    return Error(ErrorCode::Io, cert_file.string() +
                                    " is missing but an escrow key exists; restore it from a "
                                    "backup (a new escrow key could not open the stored keys)");
  }
  auto pem = ReadFileLimited(cert_file, 1 << 20);
  if (!pem) return pem.error();
  auto cert = ParseCertificatePem(*pem, cert_file.string());
  if (!cert) return cert.error();

  ossl::PkeyPtr key;
  if (have_encrypted) {
    auto text = ReadFileLimited(encrypted_file, 1 << 20);
    if (!text) return text.error();
    auto opened = DecryptPrivateKeyPem(*text, passphrase, encrypted_file.string());
    if (!opened) return opened.error();
    if (Status st = CheckPair(cert->get(), opened->get(), encrypted_file); !st) return st.error();
    key = std::move(*opened);
  } else if (have_plaintext) {
    auto text = ReadFileLimited(plaintext_file, 1 << 20);
    if (!text) return text.error();
    auto loaded = ParsePrivateKeyPem(*text, plaintext_file.string());
    if (!loaded) return loaded.error();
    if (Status st = CheckPair(cert->get(), loaded->get(), plaintext_file); !st) return st.error();
    if (Status st = WriteEncryptedKey(encrypted_file, loaded->get(), cert->get(), passphrase,
                                      kdf_iterations);
        !st) {
      return st.error();
    }
    key = std::move(*loaded);
  } else {
    return Error(ErrorCode::Io, cert_file.string() + " exists but its key " +
                                    encrypted_file.string() + " is missing");
  }
  // Reached only with a verified encrypted copy on disk, also after a crash that came between
  // writing it and removing the plaintext.
  if (have_plaintext) {
    if (Status st = RemoveFileDurably(plaintext_file); !st) return st.error();
  }
  vault->key_ = std::move(key);
  vault->certificate_ = std::move(*cert);
  vault->certificate_pem_ = std::move(*pem);
  return vault;
}

}  // namespace trustdesk::server::ca
