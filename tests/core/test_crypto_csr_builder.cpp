#include <doctest/doctest.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core/crypto/certificate.h"
#include "core/crypto/csr_builder.h"
#include "core/support/crypto_test_support.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

CertificateFormat DeviceFormat() {
  CertificateFormat f;
  SubjectAttribute cn{"CN", "2.5.4.3", ValueSource::UserInput, "", "Device name", true, {}};
  cn.constraint.max_length = 64;
  cn.constraint.pattern = "[a-z0-9-]+";
  SubjectAttribute o{"O", "2.5.4.10", ValueSource::Fixed, "Acme Corp", "", true, {}};
  SubjectAttribute ou{"OU", "2.5.4.11", ValueSource::UserInput, "", "Team", false, {}};
  ou.constraint.allowed_values = {"Engineering", "Sales"};
  SubjectAttribute e{"emailAddress", "1.2.840.113549.1.9.1", ValueSource::UserAttribute, "email",
                     "", true, {}};
  f.subject = {cn, o, ou, e};
  SanRule dns{SanType::Dns, ValueSource::UserInput, "", "Host names", true, 2, {}};
  SanRule mail{SanType::Email, ValueSource::UserAttribute, "email", "", false, 1, {}};
  SanRule ip{SanType::Ip, ValueSource::UserInput, "", "Addresses", false, 1, {}};
  f.san = {dns, mail, ip};
  f.key_algorithms = {KeyAlgorithmRule{KeyAlgorithm::Ec, {}, {"P-256"}},
                      KeyAlgorithmRule{KeyAlgorithm::Rsa, {3072}, {}}};
  f.signature_hash = "SHA-384";
  f.key_usage = {"digitalSignature", "keyAgreement"};
  f.extended_key_usage = {"clientAuth", "serverAuth"};
  return f;
}

Account Alice() {
  Account a;
  a.id = "acme";
  a.name = "Acme";
  a.user.username = "alice";
  a.user.email = "alice@acme.example";
  return a;
}

std::string FirstError(const CertificateFormat& f, const Account& a, const EnrollmentValues& v) {
  auto errors = ValidateEnrollmentInput(f, a, v);
  return errors.empty() ? std::string() : errors.front().Text();
}

ossl::X509ReqPtr ParseCsr(const std::string& pem) {
  ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return ossl::X509ReqPtr(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
}

}  // namespace

TEST_CASE("Enrollment fields come from the profile with fixed and user values filled in") {
  auto fields = EnrollmentFields(DeviceFormat(), Alice());
  REQUIRE(fields.size() == 7);
  CHECK(fields[0].name == "subject.CN");
  CHECK(fields[0].editable);
  CHECK(fields[0].label == "Device name");
  CHECK(fields[1].name == "subject.O");
  CHECK_FALSE(fields[1].editable);
  CHECK(fields[1].value == "Acme Corp");
  CHECK(fields[3].name == "subject.emailAddress");
  CHECK(fields[3].value == "alice@acme.example");
  CHECK(fields[3].user_attribute == "email");
  CHECK(fields[4].name == "san.dns");
  CHECK(fields[4].max_count == 2);
  CHECK(fields[5].name == "san.email");
}

TEST_CASE("Enrollment input errors name the field") {
  const auto f = DeviceFormat();
  const auto a = Alice();
  EnrollmentValues ok{{"subject.CN", "laptop-7"}, {"san.dns", "laptop-7.acme.example"}};
  CHECK(ValidateEnrollmentInput(f, a, ok).empty());

  auto with = [&](const std::string& k, const std::string& v) {
    EnrollmentValues copy = ok;
    copy[k] = v;
    return FirstError(f, a, copy);
  };
  CHECK(with("subject.CN", std::string(65, 'a')) == "subject.CN: longer than 64 characters");
  CHECK(with("subject.CN", "Laptop 7") == "subject.CN: does not match the pattern [a-z0-9-]+");
  CHECK(with("subject.CN", "") == "subject.CN: required");
  CHECK(with("subject.OU", "Marketing") == "subject.OU: must be one of: Engineering, Sales");
  CHECK(with("subject.OU", "Sales").empty());
  CHECK(with("subject.O", "Evil Corp") == "subject.O: fixed by the profile, cannot be changed");
  CHECK(with("subject.O", "Acme Corp").empty());
  CHECK(with("subject.emailAddress", "mallory@evil.example") ==
        "subject.emailAddress: taken from your user attributes, cannot be changed");
  CHECK(with("subject.XX", "x") == "subject.XX: not a field of this profile");
  CHECK(with("san.dns", "a.example, b.example, c.example") == "san.dns: at most 2 values allowed");
  CHECK(with("san.dns", "a.example,a.example") == "san.dns: 'a.example': listed twice");
  CHECK(with("san.dns", "bad_host!") == "san.dns: not a valid DNS name");
  CHECK(with("san.dns", "") == "san.dns: required");
  CHECK(with("san.ip", "300.1.1.1") == "san.ip: not a valid IPv4 or IPv6 address");
  CHECK(with("san.ip", "2001:db8::7").empty());
  CHECK(with("subject.CN", "a\x01" "b") .find("subject.CN: ") == 0);
  CHECK(with("subject.CN", std::string("\xff\xfe")) == "subject.CN: not valid UTF-8");

  Account no_mail = a;
  no_mail.user.email.clear();
  CHECK(FirstError(f, no_mail, ok) ==
        "subject.emailAddress: required, but your user has no 'email' attribute");

  auto bad_pattern = f;
  bad_pattern.subject[0].constraint.pattern = "([a-z";
  CHECK(FirstError(bad_pattern, a, ok) ==
        "subject.CN: the profile's pattern is not a valid regular expression");

  auto all = ValidateEnrollmentInput(f, a, {{"subject.CN", "UPPER"}, {"san.dns", "-bad-"}});
  REQUIRE(all.size() == 2);  // every problem is reported at once for the form
  CHECK(all[0].field == "subject.CN");
  CHECK(all[1].field == "san.dns");
}

TEST_CASE("Country codes and repeated attributes") {
  CertificateFormat f;
  f.subject = {SubjectAttribute{"C", "2.5.4.6", ValueSource::UserInput, "", "", true, {}},
               SubjectAttribute{"OU", "2.5.4.11", ValueSource::Fixed, "A", "", true, {}},
               SubjectAttribute{"OU", "2.5.4.11", ValueSource::UserInput, "", "", true, {}}};
  f.key_algorithms = {KeyAlgorithmRule{KeyAlgorithm::Ed25519, {}, {}}};
  auto fields = EnrollmentFields(f, Alice());
  CHECK(fields[2].name == "subject.OU#2");
  CHECK(FirstError(f, Alice(), {{"subject.C", "Germany"}, {"subject.OU#2", "B"}}) ==
        "subject.C: must be a two-letter country code (e.g. DE)");
  auto names = ResolveEnrollment(f, Alice(), {{"subject.C", "DE"}, {"subject.OU#2", "B"}});
  REQUIRE(names.ok());
  REQUIRE(names->subject.size() == 3);
  CHECK(names->subject[2] == NameAttribute{"OU", "2.5.4.11", "B"});
}

TEST_CASE("Key algorithm and size must be allowed by the profile") {
  const auto f = DeviceFormat();
  CHECK(CheckKeyAllowed(f, KeySpec::Ec("P-256")).ok());
  CHECK(CheckKeyAllowed(f, KeySpec::Rsa(3072)).ok());
  auto rsa = CheckKeyAllowed(f, KeySpec::Rsa(2048));
  REQUIRE_FALSE(rsa.ok());
  CHECK(rsa.error().message == "key: RSA 2048 is not allowed by the profile (allowed: EC P-256, RSA 3072)");

  auto key = KeyPair::Generate(KeySpec::Ec("P-384"));
  REQUIRE(key.ok());
  auto csr = BuildCsr(f, Alice(), {{"subject.CN", "x"}, {"san.dns", "x.example"}}, *key);
  REQUIRE_FALSE(csr.ok());
  CHECK(csr.error().message.rfind("key: EC P-384 is not allowed", 0) == 0);
}

TEST_CASE("CSR carries the subject, SANs, usages and the profile's hash") {
  const auto f = DeviceFormat();
  auto key = KeyPair::Generate(KeySpec::Ec("P-256"));
  REQUIRE(key.ok());
  auto csr = BuildCsr(f, Alice(),
                      {{"subject.CN", "laptop-7"},
                       {"subject.OU", "Engineering"},
                       {"san.dns", "laptop-7.acme.example\nlaptop-7.lan"},
                       {"san.ip", "192.0.2.10"}},
                      *key);
  REQUIRE_MESSAGE(csr.ok(), (csr.ok() ? "" : csr.error().message));
  CHECK(csr->pem.rfind("-----BEGIN CERTIFICATE REQUEST-----", 0) == 0);
  REQUIRE(csr->requested.subject.size() == 4);
  REQUIRE(csr->requested.san.size() == 4);
  CHECK(csr->requested.san[2].Display() == "email:alice@acme.example");

  auto req = ParseCsr(csr->pem);
  REQUIRE(req);
  CHECK(X509_REQ_verify(req.get(), key->get()) == 1);
  CHECK(DescribeName(X509_REQ_get_subject_name(req.get())).rfc4514 ==
        "emailAddress=alice@acme.example,OU=Engineering,O=Acme Corp,CN=laptop-7");
  CHECK(X509_REQ_get_signature_nid(req.get()) == NID_ecdsa_with_SHA384);

  auto openssl = FindTool("openssl");
  if (!openssl) {
    MESSAGE("openssl CLI not found; interop check skipped");
    return;
  }
  TempDir dir;
  WriteText(dir.path() / "req.pem", csr->pem);
  auto r = RunTool(*openssl, {"req", "-in", (dir.path() / "req.pem").string(), "-verify", "-noout",
                              "-text"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.output);
  CHECK(r.output.find("verify OK") != std::string::npos);
  CHECK(r.output.find("DNS:laptop-7.acme.example, DNS:laptop-7.lan, email:alice@acme.example, "
                      "IP Address:192.0.2.10") != std::string::npos);
  CHECK(r.output.find("TLS Web Client Authentication, TLS Web Server Authentication") !=
        std::string::npos);
  CHECK(r.output.find("Digital Signature, Key Agreement") != std::string::npos);
}

TEST_CASE("Ed25519 and RSA CSRs, UPN SAN") {
  CertificateFormat f;
  f.subject = {SubjectAttribute{"CN", "2.5.4.3", ValueSource::UserAttribute, "username", "", true, {}}};
  f.san = {SanRule{SanType::Upn, ValueSource::UserInput, "", "UPN", true, 1, {}}};
  f.key_algorithms = {KeyAlgorithmRule{KeyAlgorithm::Ed25519, {}, {}},
                      KeyAlgorithmRule{KeyAlgorithm::Rsa, {2048}, {}}};
  f.signature_hash = "SHA-512";
  for (const KeySpec& spec : {KeySpec::Ed25519(), KeySpec::Rsa(2048)}) {
    CAPTURE(Describe(spec));
    auto key = KeyPair::Generate(spec);
    REQUIRE(key.ok());
    auto csr = BuildCsr(f, Alice(), {{"san.upn", "alice@corp.example"}}, *key);
    REQUIRE_MESSAGE(csr.ok(), (csr.ok() ? "" : csr.error().message));
    auto req = ParseCsr(csr->pem);
    REQUIRE(req);
    CHECK(X509_REQ_verify(req.get(), key->get()) == 1);
    int nid = X509_REQ_get_signature_nid(req.get());
    CHECK(nid == (spec.algorithm == KeyAlgorithm::Ed25519 ? NID_ED25519 : NID_sha512WithRSAEncryption));
    auto exts = X509_REQ_get_extensions(req.get());
    REQUIRE(exts != nullptr);
    auto* names = static_cast<GENERAL_NAMES*>(X509V3_get_d2i(exts, NID_subject_alt_name, nullptr, nullptr));
    sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
    REQUIRE(names != nullptr);
    auto sans = DescribeGeneralNames(names);
    GENERAL_NAMES_free(names);
    REQUIRE(sans.size() == 1);
    CHECK(sans[0].Display() == "UPN:alice@corp.example");
  }
}

TEST_CASE("Unsupported hash or key usage in the profile is an error before signing") {
  auto f = DeviceFormat();
  auto key = KeyPair::Generate(KeySpec::Ec("P-256"));
  REQUIRE(key.ok());
  EnrollmentValues v{{"subject.CN", "x"}, {"san.dns", "x.example"}};
  f.signature_hash = "MD5";
  CHECK(BuildCsr(f, Alice(), v, *key).error().message == "signature_hash: 'MD5' is not supported");
  f.signature_hash = "SHA-256";
  f.key_usage = {"digitalSignature", "everything"};
  CHECK(BuildCsr(f, Alice(), v, *key).error().message == "key_usage: unknown value 'everything'");
  f.key_usage = {};
  f.extended_key_usage = {"superAuth"};
  CHECK(BuildCsr(f, Alice(), v, *key).error().message ==
        "extended_key_usage: unknown value 'superAuth'");
}

TEST_CASE("A bad value among several SAN values is named") {
  EnrollmentValues v{{"subject.CN", "x"}, {"san.dns", "good.example, bad_host"}};
  CHECK(FirstError(DeviceFormat(), Alice(), v) == "san.dns: 'bad_host': not a valid DNS name");
}
