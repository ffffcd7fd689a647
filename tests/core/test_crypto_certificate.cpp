#include <doctest/doctest.h>

#include <algorithm>

#include "core/crypto/certificate.h"
#include "core/crypto/key_pair.h"
#include "core/support/crypto_test_support.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

struct Fixture {
  Timestamp now = NowForTests();
  TestCa root = MakeRootCa("Test Root", now);
  TestCa issuing = MakeSubCa(root, "Test Issuing CA", now);
  KeyPair key = std::move(KeyPair::Generate(KeySpec::Ec("P-384"))).value();
  CertOptions options;
  Fixture() {
    options.subject_cn = "alice";
    options.subject = {{"C", "DE"}, {"O", "Acme, Inc."}, {"OU", "Zürich"}};
    options.san = {"DNS:alice.example.com", "email:alice@example.com", "IP:192.0.2.7",
                   "IP:2001:db8::1", "URI:https://example.com/alice",
                   "otherName:1.3.6.1.4.1.311.20.2.3;UTF8:alice@corp.example"};
    options.not_before = Timestamp{1'700'000'000};
    options.not_after = Timestamp{1'731'536'000};
    options.serial_hex = "00C0FFEE";
  }
};

}  // namespace

TEST_CASE("Certificate info has every field the viewer shows") {
  Fixture f;
  auto cert = IssueCert(f.issuing, f.key.get(), f.options);
  std::string pem = ToPem(cert.get());

  auto info = ParseCertificate(pem);
  REQUIRE(info.ok());
  CHECK(info->version == 3);
  CHECK(info->serial == "c0ffee");
  CHECK(info->subject.rfc4514 == "CN=alice,OU=Zürich,O=Acme\\, Inc.,C=DE");
  REQUIRE(info->subject.attributes.size() == 4);
  CHECK(info->subject.attributes[0] == NameAttribute{"C", "2.5.4.6", "DE"});
  CHECK(info->subject.attributes[3] == NameAttribute{"CN", "2.5.4.3", "alice"});
  CHECK(info->subject.Get("O") == "Acme, Inc.");
  CHECK(info->subject.Get("2.5.4.11") == "Zürich");
  CHECK(info->issuer.rfc4514 == "CN=Test Issuing CA,O=TrustDesk Test");
  CHECK(info->not_before == Timestamp{1'700'000'000});
  CHECK(info->not_after == Timestamp{1'731'536'000});
  CHECK(info->public_key == "EC P-384");
  CHECK(info->signature_algorithm == "ecdsa-with-SHA256");
  CHECK(info->key_usage == std::vector<std::string>{"digitalSignature"});
  CHECK(info->extended_key_usage == std::vector<std::string>{"clientAuth"});
  REQUIRE(info->basic_constraints.has_value());
  CHECK_FALSE(info->basic_constraints->ca);
  CHECK_FALSE(info->self_issued);
  CHECK(info->subject_key_id.size() == 59);  // 20 bytes as AB:CD:...
  CHECK(info->authority_key_id == ParseCertificate(f.issuing.cert_pem)->subject_key_id);

  std::vector<std::string> san;
  for (const auto& e : info->san) san.push_back(e.Display());
  CHECK(san == std::vector<std::string>{"DNS:alice.example.com", "email:alice@example.com",
                                        "IP:192.0.2.7", "IP:2001:db8::1",
                                        "URI:https://example.com/alice",
                                        "UPN:alice@corp.example"});
  CHECK(info->san[0].type == SanType::Dns);
  CHECK(info->san[5].type == SanType::Upn);

  std::vector<std::string> ext_oids;
  for (const auto& e : info->extensions) ext_oids.push_back(e.oid);
  CHECK(ext_oids == std::vector<std::string>{"2.5.29.19", "2.5.29.15", "2.5.29.37", "2.5.29.14",
                                             "2.5.29.35", "2.5.29.17"});
  CHECK(info->extensions[0].critical);
  CHECK(info->extensions[0].name == "X509v3 Basic Constraints");
  CHECK(info->extensions[0].value == "CA:FALSE");
  CHECK(info->extensions[5].value.find("DNS:alice.example.com") != std::string::npos);
  CHECK(info->sha256_fingerprint.size() == 32 * 3 - 1);
  CHECK(info->sha1_fingerprint.size() == 20 * 3 - 1);
  CHECK(info->pem == pem);
}

TEST_CASE("Root CA info: self-issued, CA constraints, key usage") {
  Fixture f;
  auto info = ParseCertificate(f.root.cert_pem);
  REQUIRE(info.ok());
  CHECK(info->self_issued);
  REQUIRE(info->basic_constraints.has_value());
  CHECK(info->basic_constraints->ca);
  CHECK(info->key_usage == std::vector<std::string>{"keyCertSign", "cRLSign"});
  CHECK(info->authority_key_id.empty());
}

TEST_CASE("Fingerprints match the openssl CLI") {
  auto openssl = FindTool("openssl");
  if (!openssl) {
    MESSAGE("openssl CLI not found; interop check skipped");
    return;
  }
  Fixture f;
  TempDir dir;
  WriteText(dir.path() / "root.pem", f.root.cert_pem);
  auto info = ParseCertificate(f.root.cert_pem);
  REQUIRE(info.ok());
  for (const auto& [flag, expected] : {std::pair{"-sha256", info->sha256_fingerprint},
                                       std::pair{"-sha1", info->sha1_fingerprint}}) {
    auto r = RunTool(*openssl, {"x509", "-in", (dir.path() / "root.pem").string(), "-noout",
                                "-fingerprint", flag});
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    CHECK(r.output.find("=" + expected) != std::string::npos);
  }
}

TEST_CASE("DER and PEM parse to the same certificate, trailing bytes are rejected") {
  Fixture f;
  auto pem_cert = Certificate::FromPem(f.root.cert_pem);
  REQUIRE(pem_cert.ok());
  auto der = pem_cert->ToDer();
  REQUIRE(der.ok());
  auto der_cert = Certificate::Parse(*der);
  REQUIRE(der_cert.ok());
  CHECK(der_cert->Info().sha256_fingerprint == pem_cert->Info().sha256_fingerprint);

  auto trailing = Certificate::FromDer(*der + "xx");
  REQUIRE_FALSE(trailing.ok());
  CHECK(trailing.error().message ==
        "certificate: trailing bytes after the certificate at offset " + std::to_string(der->size()));
}

TEST_CASE("Malformed certificates give parse errors") {
  Fixture f;
  CHECK(ParseCertificate("").error().code == ErrorCode::Parse);
  CHECK(ParseCertificate("not a certificate").error().code == ErrorCode::Parse);
  std::string pem = f.root.cert_pem;
  pem[pem.size() / 2] = pem[pem.size() / 2] == 'A' ? 'B' : 'A';  // corrupt the base64 body
  auto flipped = ParseCertificate(pem);
  // A flipped base64 character either breaks the DER or yields a different (still parseable)
  // certificate; it must never crash and never equal the original.
  if (flipped.ok()) {
    CHECK(flipped->sha256_fingerprint != ParseCertificate(f.root.cert_pem)->sha256_fingerprint);
  } else {
    CHECK(flipped.error().code == ErrorCode::Parse);
  }
  std::string truncated = f.root.cert_pem.substr(0, f.root.cert_pem.size() / 2);
  CHECK(ParseCertificate(truncated).error().code == ErrorCode::Parse);
  auto der = Certificate::FromPem(f.root.cert_pem)->ToDer();
  REQUIRE(der.ok());
  for (std::size_t cut : {std::size_t{1}, std::size_t{10}, der->size() / 2, der->size() - 1}) {
    CHECK(Certificate::FromDer(der->substr(0, cut)).error().code == ErrorCode::Parse);
  }
  CHECK(ParseCertificate(std::string(2u << 20, 'A')).error().code == ErrorCode::TooLarge);
}

TEST_CASE("LoadPemChain reads a bundle in order and names a bad block") {
  Fixture f;
  auto chain = LoadPemChain(f.issuing.cert_pem + "\n" + f.root.cert_pem);
  REQUIRE(chain.ok());
  REQUIRE(chain->size() == 2);
  CHECK((*chain)[0].Info().subject.Get("CN") == "Test Issuing CA");
  CHECK((*chain)[1].Info().subject.Get("CN") == "Test Root");

  auto empty = LoadPemChain("");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message == "chain: no certificate found");

  auto key_pem = f.key.ToPkcs8Pem();
  REQUIRE(key_pem.ok());
  auto with_key = LoadPemChain(f.root.cert_pem + *key_pem);
  REQUIRE_FALSE(with_key.ok());
  CHECK(with_key.error().message == "chain: PEM block 2 is a 'PRIVATE KEY', not a certificate");

  auto bad = LoadPemChain(f.root.cert_pem +
                          "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.rfind("chain: PEM block 2", 0) == 0);
}
