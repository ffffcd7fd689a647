// What the enrollment window offers, from the policy alone (no ImGui).
#include <doctest/doctest.h>

#include "app/support/fixture_enroll.h"
#include "app/ui/enrollment_choices.h"

using namespace trustdesk;

TEST_CASE("Enrollment choices: key types are exactly the policy's, unknown curves left out") {
  CertificateFormat format;
  format.key_algorithms = {KeyAlgorithmRule{KeyAlgorithm::Rsa, {2048, 4096}, {}},
                           KeyAlgorithmRule{KeyAlgorithm::Ec, {}, {"P-384", "brainpoolP256r1"}},
                           KeyAlgorithmRule{KeyAlgorithm::Ed25519, {}, {}}};
  const std::vector<KeyOption> keys = KeyOptions(format);
  REQUIRE(keys.size() == 4);
  CHECK(keys[0].label == "RSA 2048");
  CHECK(keys[1].label == "RSA 4096");
  CHECK(keys[1].size == 4096);
  CHECK(keys[2].label == "EC P-384");
  CHECK(keys[2].algorithm == KeyAlgorithm::Ec);
  CHECK(keys[2].size == 384);
  CHECK(keys[3].algorithm == KeyAlgorithm::Ed25519);
  CHECK(keys[3].size == 0);
}

TEST_CASE("Enrollment choices: stores this build cannot use say so, the first usable is picked") {
  Policy policy;
  policy.allowed_key_stores = {KeyStoreKind::Pkcs11, KeyStoreKind::Os, KeyStoreKind::Pkcs12};
  const std::vector<StoreOption> stores = StoreOptions(policy);
  REQUIRE(stores.size() == 3);
  CHECK(stores[0].label == "Hardware token (PKCS#11)");
  CHECK_FALSE(stores[0].unavailable.empty());
  CHECK_FALSE(stores[1].unavailable.empty());
  CHECK(stores[2].unavailable.empty());
  CHECK(FirstUsableStore(stores) == 2);
  policy.allowed_key_stores = {KeyStoreKind::Os};
  CHECK(FirstUsableStore(StoreOptions(policy)) == -1);
}

TEST_CASE("Enrollment choices: folder and secret checks name the field") {
  const StoreNeeds pkcs12 = NeedsOf(KeyStoreKind::Pkcs12);
  CHECK(CheckLocation(pkcs12, "") == "Folder: required");
  CHECK(CheckLocation(pkcs12, "certs").find("Folder: must be a full path") == 0);
  CHECK(CheckLocation(pkcs12, "/home/ana/certs").empty());
  CHECK(CheckLocation(pkcs12, "C:\\Users\\ana\\certs").empty());
  CHECK(CheckLocation(pkcs12, "/home/ana/\ncerts") != "");
  CHECK(CheckSecret(pkcs12, "", "") == "Passphrase: required");
  CHECK(CheckSecret(pkcs12, "short", "short") == "Passphrase: at least 8 characters");
  CHECK(CheckSecret(pkcs12, "long enough", "long enougH") ==
        "Passphrase: the two entries do not match");
  CHECK(CheckSecret(pkcs12, "long enough", "long enough").empty());

  const StoreNeeds pem = NeedsOf(KeyStoreKind::Pem);
  CHECK(CheckSecret(pem, "", "").empty());  // optional
  CHECK(CheckSecret(pem, "", "x") == "Key passphrase: the two entries do not match");
  const StoreNeeds software = NeedsOf(KeyStoreKind::Software);
  CHECK_FALSE(software.location);
  CHECK(CheckLocation(software, "").empty());
  CHECK(CheckSecret(software, "12345", "12345") == "PIN: at least 6 characters");
}

TEST_CASE("Enrollment choices: version and duplicate policy block enrolling") {
  const Timestamp now{test::kFixtureNow};
  Profile smime = test::SmimeProfile();
  CHECK(EnrollBlocker(smime, {}, now).empty());

  IssuedCertificate cert;
  cert.profile_id = "smime";
  cert.not_after = Timestamp{now.unix_seconds + 3600};
  CHECK(EnrollBlocker(smime, {cert}, now).find("allows no duplicates") != std::string::npos);
  IssuedCertificate revoked = cert;
  revoked.revoked = true;
  IssuedCertificate expired = cert;
  expired.not_after = Timestamp{now.unix_seconds - 1};
  IssuedCertificate other = cert;
  other.profile_id = "vpn";
  CHECK(EnrollBlocker(smime, {revoked, expired, other}, now).empty());

  Profile vpn = test::VpnProfile();  // duplicates allowed, at most 2 active
  other.profile_id = "vpn";
  CHECK(EnrollBlocker(vpn, {other}, now).empty());
  CHECK(EnrollBlocker(vpn, {other, other}, now).find("the most it allows") != std::string::npos);

  vpn.profile_version = "99.1";
  CHECK(EnrollBlocker(vpn, {}, now).find("Requires TrustDesk 99.1 or newer") == 0);
}

TEST_CASE("Enrollment choices: scripts for another platform do not run here") {
  Script any{"any", ScriptPlatform::Any, "/bin/true", {}, 5};
  Script windows{"win", ScriptPlatform::Windows, "C:\\x.exe", {}, 5};
  CHECK(ScriptRunsHere(any));
#if !defined(_WIN32)
  CHECK_FALSE(ScriptRunsHere(windows));
#endif
  CHECK(std::string(PlatformName(ScriptPlatform::MacOs)) == "macOS");
}
