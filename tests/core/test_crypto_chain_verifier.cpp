#include <doctest/doctest.h>

#include "core/crypto/chain_verifier.h"
#include "core/crypto/csr_builder.h"
#include "core/support/crypto_test_support.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

class FixedClock final : public Clock {
 public:
  explicit FixedClock(Timestamp t) : t_(t) {}
  Timestamp Now() const override { return t_; }
  std::chrono::steady_clock::time_point Steady() const override { return {}; }

 private:
  Timestamp t_;
};

struct Pki {
  Timestamp now = NowForTests();
  TestCa root = MakeRootCa("Verifier Root", now);
  TestCa issuing = MakeSubCa(root, "Verifier Issuing", now);
  KeyPair key = std::move(KeyPair::Generate(KeySpec::Ec("P-256"))).value();
  RequestedNames asked;
  CertOptions opts;

  Pki() {
    CertificateFormat f;
    f.subject = {SubjectAttribute{"CN", "2.5.4.3", ValueSource::UserInput, "", "", true, {}},
                 SubjectAttribute{"O", "2.5.4.10", ValueSource::Fixed, "Acme", "", true, {}}};
    f.san = {SanRule{SanType::Dns, ValueSource::UserInput, "", "", true, 2, {}}};
    f.key_algorithms = {KeyAlgorithmRule{KeyAlgorithm::Ec, {}, {"P-256"}}};
    asked = std::move(ResolveEnrollment(f, Account{}, {{"subject.CN", "host1"},
                                                       {"san.dns", "host1.example,Host1.lan"}}))
                .value();
    opts.subject_cn = "host1";
    opts.subject = {{"O", "Acme"}};
    opts.san = {"DNS:host1.lan", "DNS:host1.example"};  // reordered and case-folded by the CA
    opts.not_before = Timestamp{now.unix_seconds - 3600};
    opts.not_after = Timestamp{now.unix_seconds + 86400 * 90};
    opts.serial_hex = "7A01";
  }

  std::string Leaf() const { return ToPem(IssueCert(issuing, key.get(), opts).get()); }

  Result<VerifiedCertificate> Verify(const std::string& leaf, Timestamp at,
                                     const std::string& anchors = {}) const {
    IssuedCertificateCheck check{leaf, issuing.cert_pem, anchors.empty() ? root.cert_pem : anchors,
                                 &key, &asked};
    return VerifyIssuedCertificate(check, FixedClock(at));
  }
};

}  // namespace

TEST_CASE("A correct certificate verifies and openssl verify agrees") {
  Pki p;
  std::string leaf = p.Leaf();
  auto v = p.Verify(leaf, p.now);
  REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : v.error().message));
  CHECK(v->info.serial == "7a01");
  REQUIRE(v->path.size() == 2);
  CHECK(v->path[0].Info().subject.Get("CN") == "Verifier Issuing");
  CHECK(v->path[1].Info().subject.Get("CN") == "Verifier Root");

  // The chain may also carry the root; the result is the same.
  const std::string full_chain = p.issuing.cert_pem + p.root.cert_pem;
  IssuedCertificateCheck with_root{leaf, full_chain, p.root.cert_pem,
                                   &p.key, &p.asked};
  CHECK(VerifyIssuedCertificate(with_root, FixedClock(p.now)).ok());

  auto openssl = FindTool("openssl");
  if (!openssl) {
    MESSAGE("openssl CLI not found; interop check skipped");
    return;
  }
  TempDir dir;
  WriteText(dir.path() / "root.pem", p.root.cert_pem);
  WriteText(dir.path() / "chain.pem", p.issuing.cert_pem);
  WriteText(dir.path() / "leaf.pem", leaf);
  auto r = RunTool(*openssl, {"verify", "-CAfile", (dir.path() / "root.pem").string(), "-untrusted",
                              (dir.path() / "chain.pem").string(), (dir.path() / "leaf.pem").string()});
  CHECK_MESSAGE(r.exit_code == 0, r.output);
  CHECK(r.output.find(": OK") != std::string::npos);
}

TEST_CASE("A certificate from another CA is rejected") {
  Pki p;
  TestCa other = MakeRootCa("Other Root", p.now);
  auto v = p.Verify(p.Leaf(), p.now, other.cert_pem);
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().code == ErrorCode::Tls);
  CHECK(v.error().message.rfind("verify: certificate does not chain to a trusted CA: ", 0) == 0);

  // Signed by an impostor issuing CA with the same name: the signature check fails.
  TestCa impostor = MakeSubCa(other, "Verifier Issuing", p.now);
  auto forged = ToPem(IssueCert(impostor, p.key.get(), p.opts).get());
  auto f = p.Verify(forged, p.now);
  REQUIRE_FALSE(f.ok());
  CHECK(f.error().code == ErrorCode::Tls);
}

TEST_CASE("Expired and not-yet-valid certificates are rejected at the injected time") {
  Pki p;
  std::string leaf = p.Leaf();
  auto late = p.Verify(leaf, Timestamp{p.opts.not_after.unix_seconds + 1});
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().code == ErrorCode::Tls);
  CHECK(late.error().message ==
        "verify: certificate has expired: not valid after " + FormatRfc3339(p.opts.not_after));
  auto early = p.Verify(leaf, Timestamp{p.opts.not_before.unix_seconds - 1});
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().message ==
        "verify: certificate is not yet valid: not valid before " + FormatRfc3339(p.opts.not_before));
  CHECK(p.Verify(leaf, Timestamp{p.opts.not_after.unix_seconds - 10}).ok());
}

TEST_CASE("A certificate for another key is rejected") {
  Pki p;
  auto other = KeyPair::Generate(KeySpec::Ec("P-256"));
  REQUIRE(other.ok());
  auto leaf = ToPem(IssueCert(p.issuing, other->get(), p.opts).get());
  auto v = p.Verify(leaf, p.now);
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().code == ErrorCode::Crypto);
  CHECK(v.error().message ==
        "verify: certificate's public key does not match the key generated for it");
}

TEST_CASE("Subject and SAN must be what the CSR asked for") {
  Pki p;
  p.opts.subject = {{"O", "Evil"}};
  auto subj = p.Verify(p.Leaf(), p.now);
  REQUIRE_FALSE(subj.ok());
  CHECK(subj.error().message == "verify: subject mismatch: asked for O=Acme,CN=host1, got CN=host1,O=Evil");

  Pki q;
  q.opts.san = {"DNS:host1.example", "DNS:host1.lan", "DNS:extra.example"};
  auto san = q.Verify(q.Leaf(), q.now);
  REQUIRE_FALSE(san.ok());
  CHECK(san.error().code == ErrorCode::InvalidInput);
  CHECK(san.error().message ==
        "verify: subjectAltName mismatch: asked for DNS:host1.example, DNS:Host1.lan, got "
        "DNS:host1.example, DNS:host1.lan, DNS:extra.example");
}

TEST_CASE("Malformed certificate, chain or anchors are parse errors") {
  Pki p;
  auto bad = p.Verify("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", p.now);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::Parse);
  CHECK(bad.error().message.rfind("verify: certificate is malformed: ", 0) == 0);
  auto no_anchor = p.Verify(p.Leaf(), p.now, "nothing here");
  REQUIRE_FALSE(no_anchor.ok());
  CHECK(no_anchor.error().message == "verify: trust anchors are malformed: chain: no certificate found");
}
