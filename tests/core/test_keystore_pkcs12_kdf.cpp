// PKCS#12 files TrustDesk writes use PBES2 (PBKDF2-HMAC-SHA256, 600,000 rounds, AES-256-CBC) for
// the key and the certificates and a SHA-256 MAC with as many rounds; a file that asks for more
// rounds than TrustDesk computes is refused before any of them is computed, naming the file.
#include <doctest/doctest.h>
#include <openssl/pkcs12.h>

#include <algorithm>
#include <chrono>

#include "core/crypto/key_encryption.h"
#include "core/keystore/pkcs12_key_store.h"
#include "core/support/crypto_test_support.h"

using namespace trustdesk;
using namespace trustdesk::testing;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPass = "p12 secret";

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string Der(PKCS12* p12) {
  unsigned char* der = nullptr;
  const int len = i2d_PKCS12(p12, &der);
  REQUIRE(len > 0);
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

ossl::Pkcs12Ptr Parse(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ossl::Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
  REQUIRE(p12);
  return p12;
}

// The same file with its MAC asking for `iterations` rounds (the MAC no longer matches; what
// counts is whether TrustDesk computes them at all).
std::string WithMacIterations(const std::string& der, long iterations) {
  ossl::Pkcs12Ptr p12 = Parse(der);
  const ASN1_INTEGER* iter = nullptr;
  PKCS12_get0_mac(nullptr, nullptr, nullptr, &iter, p12.get());
  REQUIRE(iter != nullptr);
  REQUIRE(ASN1_INTEGER_set(const_cast<ASN1_INTEGER*>(iter), iterations) == 1);
  return Der(p12.get());
}

}  // namespace

TEST_CASE("security: PKCS#12 files use PBES2 AES-256 with 600,000 rounds and a SHA-256 MAC") {
  TempDir dir;
  auto ca = MakeRootCa("P12 Root", NowForTests());
  auto pair = MakeIssuedPair(ca, "p12-user", "b3");
  Pkcs12KeyStore store(dir.path(), kPass);
  auto entry = store.Install({&pair.key, pair.cert_pem, ca.cert_pem, "vpn", {}});
  REQUIRE(entry.ok());
  auto openssl = FindTool("openssl");
  REQUIRE_MESSAGE(openssl, "the openssl command is needed (tools/setup-debian.sh installs it)");
  auto r = RunTool(*openssl,
                   {"pkcs12", "-in", entry->location, "-info", "-noout", "-passin", "env:TD_PASS"},
                   {{"TD_PASS", kPass}});
  REQUIRE_MESSAGE(r.exit_code == 0, r.output);
  const std::string pbes2 = "PBES2, PBKDF2, AES-256-CBC, Iteration 600000, PRF hmacWithSHA256";
  CHECK(r.output.find("MAC: sha256, Iteration 600000") != std::string::npos);
  CHECK(r.output.find("PKCS7 Encrypted data: " + pbes2) != std::string::npos);
  CHECK(r.output.find("Shrouded Keybag: " + pbes2) != std::string::npos);
  CHECK(store.Load("b3").ok());
}

TEST_CASE("security: a PKCS#12 file asking for too many rounds is refused, naming the file") {
  TempDir dir;
  auto ca = MakeRootCa("P12 Root", NowForTests());
  auto pair = MakeIssuedPair(ca, "p12-user", "b4");
  Pkcs12KeyStore store(dir.path(), kPass);
  auto entry = store.Install({&pair.key, pair.cert_pem, "", "svc", {}});
  REQUIRE(entry.ok());
  const fs::path file = entry->location;
  // 12 million MAC rounds: seconds if computed, above the 10 million TrustDesk accepts.
  WriteText(file, WithMacIterations(ReadText(file), 12'000'000));

  const auto start = std::chrono::steady_clock::now();
  auto read = ReadPkcs12(ReadText(file), kPass);
  REQUIRE_FALSE(read.ok());
  CHECK(SecondsSince(start) < 1.0);
  CHECK(read.error().code == ErrorCode::Unsupported);
  CHECK(read.error().message ==
        "PKCS#12: PKCS#12 MAC asks for 12000000 iterations; TrustDesk accepts at most 10000000");
  CHECK(store.Health().summary == "0 certificates, 1 file(s) not readable with this passphrase");
  CHECK(Pkcs12KeyStore::ReadFile(file, kPass)
            .error()
            .message.rfind(file.string() + ": PKCS#12: ", 0) == 0);
}

TEST_CASE("security: key encryption parameters beyond the limits are refused before deriving") {
  unsigned char salt[16] = {1};
  auto refused = [&](X509_ALGOR* alg) {
    KdfBudget budget;
    Status s = budget.Charge(alg);
    X509_ALGOR_free(alg);
    return !s.ok() && s.error().code == ErrorCode::Unsupported;
  };
  CHECK(refused(PKCS5_pbe2_set_iv_ex(EVP_aes_256_cbc(), 12'000'000, salt, 16, nullptr,
                                     NID_hmacWithSHA256, nullptr)));
  CHECK(refused(PKCS5_pbe_set(NID_pbe_WithSHA1And3_Key_TripleDES_CBC, 12'000'000, salt, 8)));
  CHECK(refused(PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), salt, 16, nullptr, 1u << 24, 8, 1)));
  // Within the limits, but two of them in one file add up to more than TrustDesk does per file.
  KdfBudget budget;
  X509_ALGOR* big = PKCS5_pbe2_set_iv_ex(EVP_aes_256_cbc(), 9'000'000, salt, 16, nullptr,
                                         NID_hmacWithSHA256, nullptr);
  CHECK(budget.Charge(big).ok());
  CHECK(budget.Charge(big).ok());
  CHECK(budget.Charge(big).error().code == ErrorCode::Unsupported);
  X509_ALGOR_free(big);
  // What TrustDesk writes passes.
  KdfBudget fresh;
  X509_ALGOR* ours = PKCS5_pbe2_set_iv_ex(EVP_aes_256_cbc(), kPbkdf2Iterations, salt, 16, nullptr,
                                          NID_hmacWithSHA256, nullptr);
  CHECK(fresh.Charge(ours).ok());
  X509_ALGOR_free(ours);
}

TEST_CASE("PKCS#12 store: listing does not decrypt unchanged files again, per passphrase") {
  TempDir dir;
  auto ca = MakeRootCa("P12 Root", NowForTests());
  auto a = MakeIssuedPair(ca, "a", "c1");
  auto b = MakeIssuedPair(ca, "b", "c2");
  Pkcs12KeyStore store(dir.path(), kPass);
  REQUIRE(store.Install({&a.key, a.cert_pem, "", "a", {}}).ok());
  REQUIRE(store.Install({&b.key, b.cert_pem, "", "b", {}}).ok());
  REQUIRE(store.List()->size() == 2);
  const uint64_t puts = Pkcs12KeyStore::ScannedFiles().puts();
  CHECK(Pkcs12KeyStore(dir.path(), kPass).List()->size() == 2);
  CHECK(Pkcs12KeyStore::ScannedFiles().puts() == puts);  // both answered from the cache
  // Another passphrase gets nothing from what this one read.
  CHECK(Pkcs12KeyStore(dir.path(), "other pass").List()->empty());
  // A replaced file is read again.
  auto c = MakeIssuedPair(ca, "a", "c3");
  REQUIRE(store.Install({&c.key, c.cert_pem, "", "a", "c1"}).ok());
  auto listed = store.List();
  REQUIRE(listed.ok());
  CHECK(Pkcs12KeyStore::ScannedFiles().puts() > puts);
  CHECK(std::count_if(listed->begin(), listed->end(),
                      [](const KeyStoreEntry& e) { return e.serial == "c3"; }) == 1);
}
