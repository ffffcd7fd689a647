#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>

#include "core/keystore/pem_key_store.h"
#include "core/keystore/pem_slot_cache.h"
#include "core/support/crypto_test_support.h"

using namespace trustdesk;
using namespace trustdesk::testing;
namespace fs = std::filesystem;

TEST_CASE("PEM store installs cert, chain and a 0600 key that openssl accepts") {
  TempDir dir;
  auto ca = MakeRootCa("PEM Root", NowForTests());
  auto pair = MakeIssuedPair(ca, "pem-user", "A1");
  PemKeyStore store(dir.path() / "certs");
  auto entry = store.Install({&pair.key, pair.cert_pem, ca.cert_pem, "profile/one", {}});
  REQUIRE_MESSAGE(entry.ok(), (entry.ok() ? "" : entry.error().message));
  CHECK(entry->serial == "a1");
  CHECK(entry->common_name == "pem-user");
  fs::path slot = dir.path() / "certs" / "profile_one";
  CHECK(entry->location == slot.string());
  CHECK(FileModeBits(slot / "key.pem") == 0600);
  CHECK(FileModeBits(slot / "cert.pem") == 0644);
  CHECK(FileModeBits(slot) == 0700);
  CHECK(ReadText(slot / "cert.pem") == pair.cert_pem);
  CHECK(ReadText(slot / "chain.pem") == ca.cert_pem);
  // No temporary file is left behind.
  int files = 0;
  for (const auto& e : fs::directory_iterator(slot)) files += e.is_regular_file() ? 1 : 0;
  CHECK(files == 3);

  auto found = store.Find("a1");
  REQUIRE(found.ok());
  auto loaded = store.Load("a1");
  REQUIRE(loaded.ok());
  CHECK(loaded->key.SamePublicKey(pair.key.get()));
  CHECK(store.Health().summary == "1 certificate");

  if (auto openssl = FindTool("openssl")) {
    auto r = RunTool(*openssl, {"pkey", "-in", (slot / "key.pem").string(), "-noout", "-check"});
    CHECK_MESSAGE(r.exit_code == 0, r.output);
    auto v = RunTool(*openssl, {"verify", "-CAfile", (slot / "chain.pem").string(),
                                (slot / "cert.pem").string()});
    CHECK_MESSAGE(v.exit_code == 0, v.output);
  } else {
    MESSAGE("openssl CLI not found; interop check skipped");
  }
}

TEST_CASE("PEM store renewal rewrites the slot, keeps the certificates' permissions") {
  TempDir dir;
  auto ca = MakeRootCa("PEM Root", NowForTests());
  auto first = MakeIssuedPair(ca, "svc", "10");
  PemKeyStore store(dir.path());
  auto e1 = store.Install({&first.key, first.cert_pem, ca.cert_pem, "web", {}});
  REQUIRE(e1.ok());
  fs::path slot = e1->location;
  // An administrator lets the world read the chain (the key is the next test's).
  REQUIRE(::chmod((slot / "chain.pem").c_str(), 0444) == 0);

  auto second = MakeIssuedPair(ca, "svc", "11");
  auto e2 = store.Install({&second.key, second.cert_pem, ca.cert_pem, "web", "10"});
  REQUIRE(e2.ok());
  CHECK(e2->location == slot.string());
  CHECK(FileModeBits(slot / "key.pem") == 0600);
  CHECK(FileModeBits(slot / "chain.pem") == 0444);
  CHECK(ReadText(slot / "cert.pem") == second.cert_pem);
  auto list = store.List();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 1);
  CHECK((*list)[0].serial == "11");

  // A second certificate of the same profile gets its own slot.
  auto third = MakeIssuedPair(ca, "svc2", "12");
  auto e3 = store.Install({&third.key, third.cert_pem, "", "web", {}});
  REQUIRE(e3.ok());
  CHECK(fs::path(e3->location).filename() == "web-2");
  CHECK(store.List()->size() == 2);
  CHECK(store.Remove("12").ok());
  CHECK_FALSE(fs::exists(e3->location));
  CHECK(store.Remove("12").error().code == ErrorCode::NotFound);
}

TEST_CASE("PEM store installs nothing when the certificate is bad") {
  TempDir dir;
  auto ca = MakeRootCa("PEM Root", NowForTests());
  auto pair = MakeIssuedPair(ca, "x", "20");
  auto other = MakeIssuedPair(ca, "y", "21");
  PemKeyStore store(dir.path() / "s");

  auto mismatch = store.Install({&pair.key, other.cert_pem, ca.cert_pem, "p", {}});
  REQUIRE_FALSE(mismatch.ok());
  CHECK(mismatch.error().message == "install: the certificate does not match the private key");
  auto malformed = store.Install(
      {&pair.key, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "", "p", {}});
  REQUIRE_FALSE(malformed.ok());
  CHECK(malformed.error().code == ErrorCode::Parse);
  auto bad_chain = store.Install({&pair.key,
                                  pair.cert_pem,
                                  "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n",
                                  "p",
                                  {}});
  REQUIRE_FALSE(bad_chain.ok());
  CHECK_FALSE(fs::exists(dir.path() / "s"));
}

TEST_CASE("PEM store with a passphrase writes an encrypted key and exports protected bundles") {
  TempDir dir;
  auto ca = MakeRootCa("PEM Root", NowForTests());
  auto pair = MakeIssuedPair(ca, "enc", "30", KeySpec::Ed25519());
  PemKeyStore store(dir.path(), "key secret");
  auto e = store.Install({&pair.key, pair.cert_pem, ca.cert_pem, "enc", {}});
  REQUIRE(e.ok());
  std::string key_text = ReadText(fs::path(e->location) / "key.pem");
  CHECK(key_text.find("ENCRYPTED PRIVATE KEY") != std::string::npos);
  CHECK(PemKeyStore(dir.path(), "wrong").Load("30").error().code == ErrorCode::Auth);

  CHECK(store.Export("30", ExportFormat::Pem, "").error().code == ErrorCode::InvalidInput);
  auto bundle = store.Export("30", ExportFormat::Pem, "export pass");
  REQUIRE(bundle.ok());
  CHECK(bundle->find("ENCRYPTED PRIVATE KEY") != std::string::npos);
  CHECK(KeyPair::FromPem(*bundle, "export pass").ok());
  auto p12 = store.Export("30", ExportFormat::Pkcs12, "export pass");
  REQUIRE(p12.ok());
  auto back = ReadPkcs12(*p12, "export pass");
  REQUIRE(back.ok());
  CHECK(back->key.SamePublicKey(pair.key.get()));
}

TEST_CASE("PEM store reads a slot's certificate once until the file is replaced or edited") {
  TempDir dir;
  auto ca = MakeRootCa("PEM Root", NowForTests());
  auto a = MakeIssuedPair(ca, "a", "A1");
  auto b = MakeIssuedPair(ca, "b", "B1");
  auto c = MakeIssuedPair(ca, "c", "C1");
  PemKeyStore store(dir.path());
  for (auto* pair : {&a, &b, &c}) {
    REQUIRE(store.Install({&pair->key, pair->cert_pem, ca.cert_pem, "slot", {}}).ok());
  }
  PemSlotCache& cache = PemSlotCache::Shared();
  REQUIRE(store.List()->size() == 3);
  const uint64_t after_first = cache.puts();
  REQUIRE(store.List()->size() == 3);
  CHECK(store.Find("b1").ok());
  CHECK(cache.puts() == after_first);  // nothing parsed again

  // Renewal replaces b's cert.pem (a new file): that slot alone is read again.
  auto renewed = MakeIssuedPair(ca, "b", "B2");
  auto slot_b = store.Find("b1");
  REQUIRE(slot_b.ok());
  REQUIRE(store.Install({&renewed.key, renewed.cert_pem, ca.cert_pem, "slot", "b1"}).ok());
  CHECK_FALSE(store.Find("b1").ok());
  auto found = store.Find("b2");
  REQUIRE(found.ok());
  CHECK(found->location == slot_b->location);
  CHECK(cache.puts() == after_first + 1);

  // Someone writes another certificate into a's slot in place (same inode, another size):
  // read again.
  const fs::path a_cert = fs::path(store.Find("a1")->location) / "cert.pem";
  auto other = MakeIssuedPair(ca, "a-edited-in-place", "A7");
  {
    std::ofstream out(a_cert, std::ios::binary | std::ios::trunc);
    out << other.cert_pem;
  }
  CHECK_FALSE(store.Find("a1").ok());
  CHECK(store.Find("a7").ok());

  // A slot whose cert.pem is gone is no certificate, and the others still are.
  fs::remove(fs::path(store.Find("c1")->location) / "cert.pem");
  CHECK(store.List()->size() == 2);
}

TEST_CASE("security: a renewed key.pem is 0600 whatever mode the old file had") {
  TempDir dir;
  auto ca = MakeRootCa("PEM Root", NowForTests());
  auto first = MakeIssuedPair(ca, "svc", "20");
  PemKeyStore store(dir.path());
  auto e1 = store.Install({&first.key, first.cert_pem, ca.cert_pem, "web", {}});
  REQUIRE(e1.ok());
  const fs::path key = fs::path(e1->location) / "key.pem";
  for (unsigned loose : {0644u, 0640u}) {
    REQUIRE(::chmod(key.c_str(), loose) == 0);
    auto next = MakeIssuedPair(ca, "svc", loose == 0644u ? "21" : "22");
    auto renewed =
        store.Install({&next.key, next.cert_pem, ca.cert_pem, "web", loose == 0644u ? "20" : "21"});
    REQUIRE(renewed.ok());
    CHECK(renewed->location == e1->location);
    CHECK(FileModeBits(key) == 0600);
  }
}
