// Job policy rules: compatibility, key stores, key choice, the duplicate allowance, export,
// scripts.
#include <doctest/doctest.h>

#include "core/jobs/job_policy.h"

using namespace trustdesk;

namespace {

Profile MakeProfile() {
  Profile p;
  p.id = "vpn";
  p.name = "Corporate VPN";
  p.profile_version = "2.0";
  p.policy.allowed_key_stores = {KeyStoreKind::Software, KeyStoreKind::Os};
  p.certificate_format.key_algorithms = {KeyAlgorithmRule{KeyAlgorithm::Ec, {}, {"P-256"}},
                                         KeyAlgorithmRule{KeyAlgorithm::Rsa, {2048, 3072}, {}}};
  return p;
}

IssuedCertificate Cert(const std::string& serial, const std::string& profile, int64_t not_after,
                       bool revoked = false) {
  IssuedCertificate c;
  c.serial = serial;
  c.profile_id = profile;
  c.not_before = Timestamp{0};
  c.not_after = Timestamp{not_after};
  c.revoked = revoked;
  return c;
}

}  // namespace

TEST_CASE("job policy: an app older than the profile is refused with both versions") {
  Profile p = MakeProfile();
  CHECK(CheckProfileCompatible(p, "2.1.0").ok());
  p.profile_version = "3.0";
  Status s = CheckProfileCompatible(p, "2.1.0");
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::Unsupported);
  CHECK(s.error().message == "Corporate VPN requires TrustDesk 3.0 or newer (this is 2.1.0)");
  p.profile_version = "three";
  CHECK_FALSE(CheckProfileCompatible(p, "2.1.0").ok());
}

TEST_CASE("job policy: key stores must be allowed and available") {
  Profile p = MakeProfile();
  CHECK(CheckKeyStoreAllowed(p, KeyStoreKind::Software).ok());
  Status pem = CheckKeyStoreAllowed(p, KeyStoreKind::Pem);
  CHECK(pem.error().code == ErrorCode::Forbidden);
  CHECK(pem.error().message ==
        "the profile does not allow the PEM files key store (allowed: Software key store, OS key "
        "store)");
  CHECK(CheckKeyStoreAllowed(p, KeyStoreKind::Os).error().code == ErrorCode::Unsupported);
}

TEST_CASE("job policy: key choice by algorithm and size, defaulting to the profile's first") {
  Profile p = MakeProfile();
  CHECK(ChooseKeySpec(p, KeyAlgorithm::Ec, 256).value() == KeySpec::Ec("P-256"));
  CHECK(ChooseKeySpec(p, KeyAlgorithm::Ec, 0).value() == KeySpec::Ec("P-256"));
  CHECK(ChooseKeySpec(p, KeyAlgorithm::Rsa, 0).value() == KeySpec::Rsa(2048));
  CHECK(ChooseKeySpec(p, KeyAlgorithm::Rsa, 3072).value() == KeySpec::Rsa(3072));
  CHECK_FALSE(ChooseKeySpec(p, KeyAlgorithm::Ec, 384).ok());
  CHECK_FALSE(ChooseKeySpec(p, KeyAlgorithm::Ec, 521).ok());
  CHECK_FALSE(ChooseKeySpec(p, KeyAlgorithm::Rsa, 4096).ok());
  CHECK_FALSE(ChooseKeySpec(p, KeyAlgorithm::Ed25519, 0).ok());
}

TEST_CASE("job policy: the duplicate allowance counts active certificates of the profile") {
  Profile p = MakeProfile();
  const Timestamp now{1000};
  std::vector<IssuedCertificate> issued = {Cert("a1", "vpn", 5000), Cert("a2", "vpn", 500),
                                           Cert("a3", "vpn", 5000, true), Cert("b1", "wifi", 5000)};
  CHECK(ActiveCertificates(issued, "vpn", now).size() == 1);  // expired and revoked don't count

  Status none = CheckDuplicateAllowance(p, issued, now);
  CHECK(none.error().code == ErrorCode::Conflict);
  CHECK(
      none.error().message ==
      "a valid certificate already exists and the profile allows no duplicates (renew it instead)");
  CHECK(CheckDuplicateAllowance(p, issued, now, "a1").ok());  // renewal replaces it
  CHECK(CheckDuplicateAllowance(p, {}, now).ok());

  p.policy.duplicates = {true, 2, false};
  CHECK(CheckDuplicateAllowance(p, issued, now).ok());
  issued.push_back(Cert("a4", "vpn", 5000));
  Status full = CheckDuplicateAllowance(p, issued, now);
  CHECK(full.error().message == "the profile allows at most 2 active certificates; you have 2");
  CHECK_FALSE(RevokesPreviousOnRenew(p));
  CHECK_FALSE(CheckDuplicateAllowance(p, issued, now, "a1").ok());  // the old one stays active
  p.policy.duplicates.revoke_previous_on_renew = true;
  CHECK(CheckDuplicateAllowance(p, issued, now, "a1").ok());
}

TEST_CASE("job policy: export permission and scripts for this platform") {
  Profile p = MakeProfile();
  CHECK(CheckExportAllowed(p).error().code == ErrorCode::Forbidden);
  p.policy.exportable_private_key = true;
  CHECK(CheckExportAllowed(p).ok());
  p.policy.scripts = {Script{"any", ScriptPlatform::Any, "/bin/true", {}, 5},
                      Script{"win", ScriptPlatform::Windows, "C:\\x.exe", {}, 5},
                      Script{"linux", ScriptPlatform::Linux, "/bin/true", {}, 5},
                      Script{"mac", ScriptPlatform::MacOs, "/usr/bin/true", {}, 5}};
  auto here = ScriptsForThisPlatform(p);
  REQUIRE(here.size() == 2);
  CHECK(here[0].name == "any");
#if defined(__linux__)
  CHECK(here[1].name == "linux");
#endif
}
