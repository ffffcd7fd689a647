// bench_keys: the time to encrypt and then decrypt one EC P-256 private key with each way
// TrustDesk protects keys (core/crypto/key_encryption.h), median of --runs runs (default 7):
//   PKCS#8 PBES2, PBKDF2-HMAC-SHA256 600,000 rounds (key.pem, PEM exports)
//   PKCS#8 PBES2 at 2,048 rounds (what TrustDesk wrote before; for comparison)
//   PKCS#12 file, 600,000 rounds for MAC, certificates and key (PKCS#12 store and exports)
//   journal seal: scrypt N=2^15 r=8 p=1 + AES-256-GCM (software store parameters)
// Usage: bench_keys [--runs N]
#include <openssl/pem.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

#include "core/crypto/key_encryption.h"
#include "core/crypto/key_pair.h"
#include "core/keystore/key_store.h"

using namespace trustdesk;
using Steady = std::chrono::steady_clock;

namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "bench_keys: %s\n", what.c_str());
  std::exit(1);
}

double MedianMs(int runs, const std::function<void()>& once) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = Steady::now();
    once();
    ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms.size() % 2 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
}

// A self-signed certificate for `key`, for the PKCS#12 figure.
std::string SelfSigned(const KeyPair& key) {
  ossl::X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("bench"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get()));
  X509_set_pubkey(cert.get(), key.get());
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) Die("sign certificate");
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert.get());
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 7;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
      runs = std::max(1, std::atoi(argv[++i]));
  }
  auto key = KeyPair::Generate(KeySpec::Ec("P-256"));
  if (!key.ok()) Die(key.error().message);
  const std::string pass = "bench passphrase 1";

  auto pkcs8 = [&](int iterations) {
    return MedianMs(runs, [&] {
      auto pem = EncryptPkcs8Pem(key->get(), pass, iterations);
      if (!pem.ok() || !DecryptPkcs8Pem(*pem, pass).ok()) Die("PKCS#8 round trip");
    });
  };
  const double strong = pkcs8(kPbkdf2Iterations);
  const double old = pkcs8(2048);

  auto shared = KeyPair::Adopt(key->Share());
  if (!shared.ok()) Die(shared.error().message);
  const Credential credential{std::move(shared).value(), SelfSigned(*key), {}};
  const double p12 = MedianMs(runs, [&] {
    auto der = MakePkcs12(credential, pass, "bench");
    if (!der.ok() || !ReadPkcs12(*der, pass).ok()) Die("PKCS#12 round trip");
  });

  auto der = key->ToPkcs8Der();
  if (!der.ok()) Die(der.error().message);
  const double sealed = MedianMs(runs, [&] {
    auto box = SealWithPassphrase(*der, pass, ScryptParams{}, "bench");
    if (!box.ok() || !OpenWithPassphrase(*box, pass, "bench").ok()) Die("seal round trip");
  });

  std::printf("bench_keys: encrypt + decrypt one EC P-256 key, median of %d runs\n", runs);
  std::printf("  PKCS#8 PBKDF2-SHA256 600,000 rounds   %8.1f ms\n", strong);
  std::printf("  PKCS#8 PBKDF2-SHA256   2,048 rounds   %8.1f ms   (before)\n", old);
  std::printf("  PKCS#12 write + read (3 x 600,000)    %8.1f ms\n", p12);
  std::printf("  journal seal: scrypt N=2^15, r=8, p=1 %8.1f ms\n", sealed);
  return 0;
}
