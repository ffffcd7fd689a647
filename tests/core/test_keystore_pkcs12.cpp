#include <doctest/doctest.h>
#include <sys/stat.h>

#include "core/keystore/pkcs12_key_store.h"
#include "core/support/crypto_test_support.h"

using namespace trustdesk;
using namespace trustdesk::testing;
namespace fs = std::filesystem;

TEST_CASE("PKCS#12 store writes an AES-256/PBKDF2/SHA-256 file that openssl and keytool read") {
  TempDir dir;
  auto ca = MakeRootCa("P12 Root", NowForTests());
  auto pair = MakeIssuedPair(ca, "p12-user", "B2", KeySpec::Rsa(2048));
  Pkcs12KeyStore store(dir.path(), "p12 secret");
  auto entry = store.Install({&pair.key, pair.cert_pem, ca.cert_pem, "vpn", {}});
  REQUIRE_MESSAGE(entry.ok(), (entry.ok() ? "" : entry.error().message));
  fs::path file = dir.path() / "vpn.p12";
  CHECK(entry->location == file.string());
  CHECK(FileModeBits(file) == 0600);

  auto loaded = store.Load("b2");
  REQUIRE(loaded.ok());
  CHECK(loaded->key.SamePublicKey(pair.key.get()));
  CHECK(loaded->chain_pem == ca.cert_pem);
  CHECK(Pkcs12KeyStore(dir.path(), "wrong").Load("b2").error().code == ErrorCode::NotFound);
  auto bytes = ReadText(file);
  CHECK(ReadPkcs12(bytes, "wrong").error().message == "PKCS#12: wrong passphrase");
  CHECK(Pkcs12KeyStore(dir.path(), "wrong").Health().summary ==
        "0 certificates, 1 file(s) not readable with this passphrase");

  if (auto openssl = FindTool("openssl")) {
    auto r = RunTool(
        *openssl, {"pkcs12", "-in", file.string(), "-info", "-noout", "-passin", "env:TD_P12_PASS"},
        {{"TD_P12_PASS", "p12 secret"}});
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("MAC: sha256") != std::string::npos);
    CHECK(r.output.find("PBES2, PBKDF2, AES-256-CBC") != std::string::npos);
    auto wrong = RunTool(
        *openssl, {"pkcs12", "-in", file.string(), "-info", "-noout", "-passin", "env:TD_P12_PASS"},
        {{"TD_P12_PASS", "nope"}});
    CHECK(wrong.exit_code != 0);
  } else {
    MESSAGE("openssl CLI not found; interop check skipped");
  }

  if (auto keytool = FindTool("keytool")) {
    auto r = RunTool(*keytool,
                     {"-list", "-storetype", "PKCS12", "-keystore", file.string(), "-storepass:env",
                      "TD_P12_PASS"},
                     {{"TD_P12_PASS", "p12 secret"}});
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("PrivateKeyEntry") != std::string::npos);
    CHECK(r.output.find("1 entry") != std::string::npos);
  } else {
    MESSAGE("keytool not found (no JDK); keytool interop check skipped");
  }
}

TEST_CASE("security: PKCS#12 renewal replaces the same file as 0600, legacy only on request") {
  TempDir dir;
  auto ca = MakeRootCa("P12 Root", NowForTests());
  auto first = MakeIssuedPair(ca, "svc", "40");
  Pkcs12KeyStore store(dir.path(), "p12 secret");
  auto e1 = store.Install({&first.key, first.cert_pem, "", "svc", {}});
  REQUIRE(e1.ok());
  REQUIRE(::chmod(e1->location.c_str(), 0640) == 0);
  auto second = MakeIssuedPair(ca, "svc", "41");
  auto e2 = store.Install({&second.key, second.cert_pem, "", "svc", "40"});
  REQUIRE(e2.ok());
  CHECK(e2->location == e1->location);
  CHECK(FileModeBits(e2->location) == 0600);
  REQUIRE(store.List()->size() == 1);
  CHECK(store.List()->front().serial == "41");

  // Nothing is written for a mismatched certificate.
  auto bad = store.Install({&first.key, second.cert_pem, "", "other", {}});
  REQUIRE_FALSE(bad.ok());
  CHECK_FALSE(fs::exists(dir.path() / "other.p12"));

  Pkcs12KeyStore legacy(dir.path() / "legacy", "p12 secret", Pkcs12Options{true});
  auto e3 = legacy.Install({&second.key, second.cert_pem, "", "old", {}});
  REQUIRE(e3.ok());
  if (auto openssl = FindTool("openssl")) {
    auto r = RunTool(
        *openssl, {"pkcs12", "-in", e3->location, "-info", "-noout", "-passin", "env:TD_P12_PASS"},
        {{"TD_P12_PASS", "p12 secret"}});
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("MAC: sha1") != std::string::npos);
    CHECK(r.output.find("pbeWithSHA1And3-KeyTripleDES-CBC") != std::string::npos);
  }
  CHECK(Pkcs12KeyStore(dir.path(), "")
            .Install({&first.key, first.cert_pem, "", "x", {}})
            .error()
            .code == ErrorCode::InvalidInput);
}
