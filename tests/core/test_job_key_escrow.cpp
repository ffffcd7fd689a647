// Key escrow envelopes (CMS to the escrow certificate) and the plain chain check.
#include <doctest/doctest.h>
#include <openssl/cms.h>
#include <openssl/pem.h>

#include "core/jobs/key_escrow.h"
#include "core/support/crypto_test_support.h"
#include "core/support/manual_clock.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

struct EscrowPki {
  Timestamp now = NowForTests();
  TestCa root = MakeRootCa("Escrow Root", now);
  TestCa issuing = MakeSubCa(root, "Escrow Issuing", now);
  KeyPair agent_key = std::move(KeyPair::Generate(KeySpec::Ec("P-256"))).value();
  std::string agent_pem;

  EscrowPki() {
    CertOptions o;
    o.subject_cn = "Escrow Agent";
    o.not_before = Timestamp{now.unix_seconds - 3600};
    o.not_after = Timestamp{now.unix_seconds + 86400};
    o.serial_hex = "E5C0";
    ossl::X509Ptr cert = IssueCert(issuing, agent_key.get(), o);
    // An escrow agent enciphers keys: replace the test PKI's signing key usage and re-sign.
    const int at = X509_get_ext_by_NID(cert.get(), NID_key_usage, -1);
    if (at >= 0) X509_EXTENSION_free(X509_delete_ext(cert.get(), at));
    ossl::X509ExtensionPtr ku(X509V3_EXT_conf_nid(nullptr, nullptr, NID_key_usage,
                                                  "critical,keyAgreement,keyEncipherment"));
    REQUIRE(X509_add_ext(cert.get(), ku.get(), -1) == 1);
    REQUIRE(X509_sign(cert.get(), issuing.key.get(), EVP_sha256()) > 0);
    agent_pem = ToPem(cert.get());
    signing_only_pem = ToPem(IssueCert(issuing, agent_key.get(), o).get());
  }
  std::string signing_only_pem;
};

// Opens the envelope with the agent's key, as the server does on recovery.
std::string Open(const std::string& cms_pem, const KeyPair& agent, const std::string& agent_pem) {
  ossl::BioPtr in(BIO_new_mem_buf(cms_pem.data(), static_cast<int>(cms_pem.size())));
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* der = nullptr;
  long der_len = 0;
  REQUIRE(PEM_read_bio(in.get(), &name, &header, &der, &der_len) == 1);
  CHECK(std::string(name) == "CMS");
  const unsigned char* p = der;
  ossl::CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, der_len));
  OPENSSL_free(name);
  OPENSSL_free(header);
  OPENSSL_free(der);
  REQUIRE(cms);
  auto cert = Certificate::FromPem(agent_pem);
  REQUIRE(cert.ok());
  ossl::BioPtr out(BIO_new(BIO_s_mem()));
  REQUIRE(CMS_decrypt(cms.get(), agent.get(), cert->get(), nullptr, out.get(), CMS_BINARY) == 1);
  char* data = nullptr;
  long n = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

}  // namespace

TEST_CASE("key escrow: the envelope holds exactly the PKCS#8 key, for the agent only") {
  EscrowPki pki;
  for (KeySpec spec : {KeySpec::Ec("P-256"), KeySpec::Rsa(2048), KeySpec::Ed25519()}) {
    auto key = KeyPair::Generate(spec);
    REQUIRE(key.ok());
    auto agent = Certificate::FromPem(pki.agent_pem);
    REQUIRE(agent.ok());
    auto cms = EnvelopeKeyForEscrow(*key, *agent);
    REQUIRE_MESSAGE(cms.ok(), (cms.ok() ? "" : cms.error().message));
    CHECK(cms->rfind("-----BEGIN CMS-----", 0) == 0);
    auto der = key->ToPkcs8Der();
    REQUIRE(der.ok());
    CHECK(Open(*cms, pki.agent_key, pki.agent_pem) == *der);
  }
  // A signing-only certificate and a CA certificate are not escrow agents.
  auto signing = Certificate::FromPem(pki.signing_only_pem);
  REQUIRE(signing.ok());
  auto some_key = KeyPair::Generate(KeySpec::Ec("P-256"));
  CHECK_FALSE(EnvelopeKeyForEscrow(*some_key, *signing).ok());
  auto ca = Certificate::FromPem(pki.issuing.cert_pem);
  REQUIRE(ca.ok());
  auto key = KeyPair::Generate(KeySpec::Ec("P-256"));
  CHECK_FALSE(EnvelopeKeyForEscrow(*key, *ca).ok());
}

TEST_CASE("key escrow: chain checks with and without time, and self-signed roots of a bundle") {
  EscrowPki pki;
  testing::ManualClock clock(pki.now.unix_seconds);
  auto agent = Certificate::FromPem(pki.agent_pem);
  REQUIRE(agent.ok());
  CHECK(VerifyChainTo(*agent, pki.issuing.cert_pem, pki.root.cert_pem, clock, true, "agent").ok());
  Status missing = VerifyChainTo(*agent, "", pki.root.cert_pem, clock, true, "agent");
  CHECK(missing.error().code == ErrorCode::Tls);
  CHECK(missing.error().message.rfind("agent does not chain to a trusted CA: ", 0) == 0);
  TestCa other = MakeRootCa("Other Root", pki.now);
  CHECK_FALSE(
      VerifyChainTo(*agent, pki.issuing.cert_pem, other.cert_pem, clock, true, "agent").ok());

  clock.Advance(std::chrono::hours(24 * 3));  // the agent certificate has expired
  CHECK_FALSE(
      VerifyChainTo(*agent, pki.issuing.cert_pem, pki.root.cert_pem, clock, true, "agent").ok());
  CHECK(VerifyChainTo(*agent, pki.issuing.cert_pem, pki.root.cert_pem, clock, false, "agent").ok());

  auto roots = SelfSignedRoots(pki.issuing.cert_pem + pki.root.cert_pem);
  REQUIRE(roots.ok());
  CHECK(*roots == pki.root.cert_pem);
  CHECK_FALSE(SelfSignedRoots(pki.issuing.cert_pem).ok());
}
