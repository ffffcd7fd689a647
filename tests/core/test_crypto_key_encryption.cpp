// How private keys are protected by a passphrase: PKCS#8 for files other programs read (PBES2,
// PBKDF2-HMAC-SHA256 with 600,000 iterations, AES-256-CBC), and the cost a hostile file may ask
// for when TrustDesk reads one is capped, with an error that names the file.
#include <doctest/doctest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <chrono>

#include "core/crypto/key_pair.h"
#include "core/keystore/pem_key_store.h"
#include "core/support/crypto_test_support.h"

using namespace trustdesk;
using namespace trustdesk::testing;
namespace fs = std::filesystem;

namespace {

struct Pbes2 {
  long iterations = 0;
  int prf = NID_undef;
  int cipher = NID_undef;
  int salt_bytes = 0;
};

using SigPtr = std::unique_ptr<X509_SIG, ossl::Deleter<X509_SIG_free>>;
using Pbe2Ptr = std::unique_ptr<PBE2PARAM, ossl::Deleter<PBE2PARAM_free>>;
using Pbkdf2Ptr = std::unique_ptr<PBKDF2PARAM, ossl::Deleter<PBKDF2PARAM_free>>;

SigPtr ReadSig(const std::string& pem) {
  ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  SigPtr sig(PEM_read_bio_PKCS8(bio.get(), nullptr, nullptr, nullptr));
  REQUIRE(sig);
  return sig;
}

// The PBES2 parameters of an "ENCRYPTED PRIVATE KEY" PEM block, read with OpenSSL's ASN.1 types.
Pbes2 Pbes2Of(const std::string& pem) {
  SigPtr sig = ReadSig(pem);
  const X509_ALGOR* alg = nullptr;
  X509_SIG_get0(sig.get(), &alg, nullptr);
  REQUIRE(OBJ_obj2nid(alg->algorithm) == NID_pbes2);
  Pbe2Ptr pbe2(static_cast<PBE2PARAM*>(
      ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter)));
  REQUIRE(pbe2);
  REQUIRE(OBJ_obj2nid(pbe2->keyfunc->algorithm) == NID_id_pbkdf2);
  Pbkdf2Ptr kdf(static_cast<PBKDF2PARAM*>(
      ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), pbe2->keyfunc->parameter)));
  REQUIRE(kdf);
  Pbes2 out;
  out.iterations = ASN1_INTEGER_get(kdf->iter);
  out.prf = kdf->prf ? OBJ_obj2nid(kdf->prf->algorithm) : NID_hmacWithSHA1;
  out.cipher = OBJ_obj2nid(pbe2->encryption->algorithm);
  out.salt_bytes = kdf->salt->value.octet_string->length;
  return out;
}

// The same key file asking for `iterations` PBKDF2 rounds (the ciphertext no longer matches;
// what counts is whether TrustDesk computes them at all).
std::string WithIterations(const std::string& pem, long iterations) {
  SigPtr sig = ReadSig(pem);
  X509_ALGOR* alg = nullptr;
  X509_SIG_getm(sig.get(), &alg, nullptr);
  Pbe2Ptr pbe2(static_cast<PBE2PARAM*>(
      ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter)));
  Pbkdf2Ptr kdf(static_cast<PBKDF2PARAM*>(
      ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), pbe2->keyfunc->parameter)));
  REQUIRE(ASN1_INTEGER_set(kdf->iter, iterations) == 1);
  REQUIRE(ASN1_TYPE_pack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), kdf.get(),
                                  &pbe2->keyfunc->parameter) != nullptr);
  REQUIRE(ASN1_TYPE_pack_sequence(ASN1_ITEM_rptr(PBE2PARAM), pbe2.get(), &alg->parameter) !=
          nullptr);
  ossl::BioPtr out(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_PKCS8(out.get(), sig.get()) == 1);
  char* data = nullptr;
  long len = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE(
    "security: a passphrase protects a key with PBKDF2-HMAC-SHA256, 600,000 rounds, AES-256") {
  auto key = KeyPair::Generate(KeySpec::Ec("P-256"));
  REQUIRE(key.ok());
  auto pem = key->ToPkcs8Pem("correct horse");
  REQUIRE(pem.ok());
  const Pbes2 p = Pbes2Of(*pem);
  CHECK(p.iterations == 600000);
  CHECK(p.prf == NID_hmacWithSHA256);
  CHECK(p.cipher == NID_aes_256_cbc);
  CHECK(p.salt_bytes >= 16);

  auto back = KeyPair::FromPem(*pem, "correct horse");
  REQUIRE(back.ok());
  CHECK(back->SamePublicKey(key->get()));
  CHECK(KeyPair::FromPem(*pem, "wrong horse").error().code == ErrorCode::Auth);
}

TEST_CASE("security: a key file asking for too many PBKDF2 rounds is refused, naming the file") {
  auto key = KeyPair::Generate(KeySpec::Ec("P-256"));
  REQUIRE(key.ok());
  auto pem = key->ToPkcs8Pem("passphrase-1");
  REQUIRE(pem.ok());
  // 12 million rounds: a few seconds if computed, and above the 10 million TrustDesk accepts.
  const std::string hostile = WithIterations(*pem, 12'000'000);
  const auto start = std::chrono::steady_clock::now();
  auto read = KeyPair::FromPem(hostile, "passphrase-1");
  REQUIRE_FALSE(read.ok());
  CHECK(SecondsSince(start) < 1.0);
  CHECK(read.error().code == ErrorCode::Unsupported);
  CHECK(read.error().message ==
        "private key: PBKDF2 asks for 12000000 iterations; TrustDesk accepts at most 10000000");

  // In a PEM store the error names key.pem.
  TempDir dir;
  auto ca = MakeRootCa("KDF Root", NowForTests());
  auto pair = MakeIssuedPair(ca, "svc", "30");
  PemKeyStore store(dir.path(), "passphrase-1");
  auto entry = store.Install({&pair.key, pair.cert_pem, "", "svc", {}});
  REQUIRE(entry.ok());
  const fs::path key_file = fs::path(entry->location) / "key.pem";
  WriteText(key_file, WithIterations(ReadText(key_file), 12'000'000));
  auto loaded = store.Load("30");
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.error().message.rfind(key_file.string() + ": private key: PBKDF2 asks for", 0) == 0);
}
