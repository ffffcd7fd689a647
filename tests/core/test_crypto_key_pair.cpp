#include <doctest/doctest.h>

#include <sys/stat.h>

#include "core/crypto/key_pair.h"
#include "core/support/crypto_test_support.h"

using namespace trustdesk;
using namespace trustdesk::testing;

TEST_CASE("KeyPair generates every supported algorithm and describes it") {
  struct Case {
    KeySpec spec;
    const char* description;
  };
  // RSA 3072/4096 generation is slow; 2048 exercises the same code path.
  for (const Case& c : {Case{KeySpec::Rsa(2048), "RSA 2048"}, Case{KeySpec::Ec("P-256"), "EC P-256"},
                        Case{KeySpec::Ec("P-384"), "EC P-384"},
                        Case{KeySpec::Ed25519(), "Ed25519"}}) {
    CAPTURE(c.description);
    auto key = KeyPair::Generate(c.spec);
    REQUIRE(key.ok());
    CHECK(key->Description() == c.description);
    CHECK(Describe(c.spec) == c.description);
    CHECK(key->Spec() == c.spec);
  }
}

TEST_CASE("KeyPair rejects unsupported sizes and curves with the field named") {
  auto rsa = KeyPair::Generate(KeySpec::Rsa(1024));
  REQUIRE_FALSE(rsa.ok());
  CHECK(rsa.error().code == ErrorCode::InvalidInput);
  CHECK(rsa.error().message == "key: RSA size 1024 is not supported (2048, 3072 or 4096)");
  auto ec = KeyPair::Generate(KeySpec::Ec("P-192"));
  REQUIRE_FALSE(ec.ok());
  CHECK(ec.error().message.find("P-192") != std::string::npos);
}

TEST_CASE("PKCS#8 PEM round trip, plain and passphrase-encrypted") {
  auto key = KeyPair::Generate(KeySpec::Ec("P-256"));
  REQUIRE(key.ok());

  auto plain = key->ToPkcs8Pem();
  REQUIRE(plain.ok());
  CHECK(plain->find("-----BEGIN PRIVATE KEY-----") == 0);
  auto back = KeyPair::FromPem(*plain);
  REQUIRE(back.ok());
  CHECK(back->SamePublicKey(key->get()));

  auto encrypted = key->ToPkcs8Pem("correct horse");
  REQUIRE(encrypted.ok());
  CHECK(encrypted->find("-----BEGIN ENCRYPTED PRIVATE KEY-----") == 0);
  auto decrypted = KeyPair::FromPem(*encrypted, "correct horse");
  REQUIRE(decrypted.ok());
  CHECK(decrypted->SamePublicKey(key->get()));

  auto missing = KeyPair::FromPem(*encrypted);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::Auth);
  CHECK(missing.error().message == "private key: encrypted, a passphrase is required");

  auto wrong = KeyPair::FromPem(*encrypted, "wrong");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == ErrorCode::Auth);
  CHECK(wrong.error().message == "private key: wrong passphrase");

  auto der = key->ToPkcs8Der();
  REQUIRE(der.ok());
  auto from_der = KeyPair::FromPkcs8Der(*der);
  REQUIRE(from_der.ok());
  CHECK(from_der->SamePublicKey(key->get()));
}

TEST_CASE("Malformed key input gives a parse error, never a crash") {
  CHECK(KeyPair::FromPem("").error().code == ErrorCode::Parse);
  CHECK(KeyPair::FromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
            .error()
            .code == ErrorCode::Parse);
  CHECK(KeyPair::FromPkcs8Der(std::string("\x30\x03\x02\x01", 4)).error().code == ErrorCode::Parse);
  CHECK(ParsePublicKeyPem("garbage").error().code == ErrorCode::Parse);
}

TEST_CASE("Public-key equality distinguishes keys and matches the public half") {
  auto a = KeyPair::Generate(KeySpec::Ec("P-256"));
  auto b = KeyPair::Generate(KeySpec::Ec("P-256"));
  auto c = KeyPair::Generate(KeySpec::Ed25519());
  REQUIRE((a.ok() && b.ok() && c.ok()));
  CHECK_FALSE(a->SamePublicKey(b->get()));
  CHECK_FALSE(a->SamePublicKey(c->get()));
  CHECK_FALSE(PublicKeysEqual(a->get(), nullptr));
  auto pub_pem = a->PublicKeyPem();
  REQUIRE(pub_pem.ok());
  auto pub = ParsePublicKeyPem(*pub_pem);
  REQUIRE(pub.ok());
  CHECK(PublicKeysEqual(a->get(), pub->get()));
  CHECK(DescribePublicKey(pub->get()) == "EC P-256");
  CHECK_FALSE(KeyPair::Adopt(std::move(pub).value()).ok());  // no private half
}

TEST_CASE("openssl pkey -check accepts the keys we write") {
  auto openssl = FindTool("openssl");
  if (!openssl) {
    MESSAGE("openssl CLI not found; interop check skipped");
    return;
  }
  TempDir dir;
  for (const KeySpec& spec : {KeySpec::Rsa(2048), KeySpec::Ec("P-384"), KeySpec::Ed25519()}) {
    CAPTURE(Describe(spec));
    auto key = KeyPair::Generate(spec);
    REQUIRE(key.ok());
    auto pem = key->ToPkcs8Pem("tool pass");
    REQUIRE(pem.ok());
    auto path = dir.path() / "key.pem";
    WriteText(path, *pem);
    auto result = RunTool(*openssl, {"pkey", "-in", path.string(), "-passin", "env:TD_PASS",
                                     "-noout", "-check"},
                          {{"TD_PASS", "tool pass"}});
    CHECK_MESSAGE(result.exit_code == 0, result.output);
    CHECK(result.output.find("valid") != std::string::npos);
  }
}
