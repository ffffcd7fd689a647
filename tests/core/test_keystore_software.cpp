#include <doctest/doctest.h>

#include "core/keystore/software_key_store.h"
#include "core/support/crypto_test_support.h"

using namespace trustdesk;
using namespace trustdesk::testing;
namespace fs = std::filesystem;

namespace {
// Cheaper scrypt for tests; the file records the parameters it was made with.
const ScryptParams kTestParams{1u << 12, 8, 1};
}

TEST_CASE("Software store: PIN-protected keys, 0600 file, wrong PIN is an Auth error") {
  TempDir dir;
  auto ca = MakeRootCa("SW Root", NowForTests());
  auto pair = MakeIssuedPair(ca, "sw-user", "C3");
  CHECK(SoftwareKeyStore::Open(dir.path(), "123", kTestParams).error().message ==
        "PIN: at least 6 characters");
  auto store = SoftwareKeyStore::Open(dir.path(), "246810", kTestParams);
  REQUIRE(store.ok());
  fs::path file = dir.path() / SoftwareKeyStore::kFileName;
  CHECK(FileModeBits(file) == 0600);
  auto entry = (*store)->Install({&pair.key, pair.cert_pem, ca.cert_pem, "p", {}});
  REQUIRE(entry.ok());
  CHECK(entry->location == file.string());
  CHECK(FileModeBits(file) == 0600);

  // The key is not in the file in the clear.
  auto der = pair.key.ToPkcs8Der();
  REQUIRE(der.ok());
  std::string text = ReadText(file);
  CHECK(text.find("PRIVATE KEY") == std::string::npos);
  CHECK(text.find(der->substr(der->size() - 32)) == std::string::npos);

  auto wrong = SoftwareKeyStore::Open(dir.path(), "999999");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == ErrorCode::Auth);
  CHECK(wrong.error().message == "software key store: wrong PIN");

  auto again = SoftwareKeyStore::Open(dir.path(), "246810");
  REQUIRE(again.ok());
  auto loaded = (*again)->Load("c3");
  REQUIRE(loaded.ok());
  CHECK(loaded->key.SamePublicKey(pair.key.get()));
  CHECK((*again)->Health().summary == "1 certificate");
}

TEST_CASE("Software store: PIN change re-encrypts every key") {
  TempDir dir;
  auto ca = MakeRootCa("SW Root", NowForTests());
  auto a = MakeIssuedPair(ca, "a", "01");
  auto b = MakeIssuedPair(ca, "b", "02", KeySpec::Ed25519());
  auto store = SoftwareKeyStore::Open(dir.path(), "old-pin-1", kTestParams);
  REQUIRE(store.ok());
  REQUIRE((*store)->Install({&a.key, a.cert_pem, "", "p", {}}).ok());
  REQUIRE((*store)->Install({&b.key, b.cert_pem, "", "p", {}}).ok());
  std::string before = ReadText(dir.path() / SoftwareKeyStore::kFileName);

  CHECK((*store)->ChangePin("not-the-pin", "new-pin-2").error().code == ErrorCode::Auth);
  CHECK((*store)->ChangePin("old-pin-1", "short").error().code == ErrorCode::InvalidInput);
  REQUIRE((*store)->ChangePin("old-pin-1", "new-pin-2").ok());
  CHECK(ReadText(dir.path() / SoftwareKeyStore::kFileName) != before);
  CHECK(FileModeBits(dir.path() / SoftwareKeyStore::kFileName) == 0600);

  CHECK(SoftwareKeyStore::Open(dir.path(), "old-pin-1").error().code == ErrorCode::Auth);
  auto reopened = SoftwareKeyStore::Open(dir.path(), "new-pin-2");
  REQUIRE(reopened.ok());
  CHECK((*reopened)->Load("01")->key.SamePublicKey(a.key.get()));
  CHECK((*reopened)->Load("02")->key.SamePublicKey(b.key.get()));
  // The instance that changed the PIN keeps working.
  CHECK((*store)->Load("02").ok());

  REQUIRE((*reopened)->Remove("01").ok());
  CHECK((*reopened)->List()->size() == 1);
  CHECK((*reopened)->Remove("01").error().code == ErrorCode::NotFound);
}

TEST_CASE("Software store: renewal replaces the entry, mismatches install nothing") {
  TempDir dir;
  auto ca = MakeRootCa("SW Root", NowForTests());
  auto first = MakeIssuedPair(ca, "r", "51");
  auto second = MakeIssuedPair(ca, "r", "52");
  auto store = SoftwareKeyStore::Open(dir.path(), "246810", kTestParams);
  REQUIRE(store.ok());
  REQUIRE((*store)->Install({&first.key, first.cert_pem, "", "p", {}}).ok());
  std::string before = ReadText(dir.path() / SoftwareKeyStore::kFileName);
  CHECK_FALSE((*store)->Install({&first.key, second.cert_pem, "", "p", {}}).ok());
  CHECK(ReadText(dir.path() / SoftwareKeyStore::kFileName) == before);
  REQUIRE((*store)->Install({&second.key, second.cert_pem, "", "p", "51"}).ok());
  auto list = (*store)->List();
  REQUIRE(list->size() == 1);
  CHECK(list->front().serial == "52");
}

TEST_CASE("Software store: a corrupt or tampered file is a clear error") {
  TempDir dir;
  auto ca = MakeRootCa("SW Root", NowForTests());
  auto pair = MakeIssuedPair(ca, "t", "61");
  {
    auto store = SoftwareKeyStore::Open(dir.path(), "246810", kTestParams);
    REQUIRE(store.ok());
    REQUIRE((*store)->Install({&pair.key, pair.cert_pem, "", "p", {}}).ok());
  }
  fs::path file = dir.path() / SoftwareKeyStore::kFileName;
  std::string text = ReadText(file);
  // Flip one base64 character of the key's ciphertext: authenticated decryption refuses it.
  auto store = SoftwareKeyStore::Open(dir.path(), "246810");
  REQUIRE(store.ok());
  std::string tampered = text;
  auto pos = tampered.find("\"data\"", tampered.find("\"key\""));
  REQUIRE(pos != std::string::npos);
  tampered[tampered.find('"', pos + 8) + 1] ^= 0x01;
  WriteText(file, tampered);
  auto load = (*store)->Load("61");
  REQUIRE_FALSE(load.ok());
  CHECK(load.error().code == ErrorCode::Auth);

  WriteText(file, "{\"format\": \"something else\"}");
  auto opened = SoftwareKeyStore::Open(dir.path(), "246810");
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == ErrorCode::Parse);
  CHECK(opened.error().message == file.string() + ": not a TrustDesk key store");
  WriteText(file, "{not json");
  CHECK(SoftwareKeyStore::Open(dir.path(), "246810").error().code == ErrorCode::Parse);
}
