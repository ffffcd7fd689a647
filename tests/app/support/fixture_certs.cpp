#include "app/support/fixture_certs.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <stdexcept>
#include <string>

#include "core/crypto/openssl_ptr.h"

namespace trustdesk::test {
namespace {

// The fixture is also built into the screenshot tool and the frame benchmark, which have no
// doctest: a failed OpenSSL call throws (a test reports the exception and its message).
void Ensure(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("fixture_certs: ") + what + " failed");
}

ossl::PkeyPtr NewEcKey() {
  ossl::PkeyPtr key(EVP_EC_gen("P-256"));
  Ensure(key != nullptr, "key");
  return key;
}

void SetName(X509_NAME* name, const std::vector<std::pair<std::string, std::string>>& parts) {
  for (const auto& [field, value] : parts) {
    Ensure(X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                      0) == 1,
           "X509_NAME_add_entry_by_txt");
  }
}

void AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ossl::X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  Ensure(ext != nullptr, ("extension " + value).c_str());
  Ensure(X509_add_ext(cert, ext.get(), -1) == 1, "X509_add_ext");
}

ossl::X509Ptr BuildCert(const std::vector<std::pair<std::string, std::string>>& subject,
                        const std::string& serial_hex, Timestamp not_before, Timestamp not_after,
                        EVP_PKEY* public_key, X509* issuer, EVP_PKEY* issuer_key, bool ca) {
  ossl::X509Ptr cert(X509_new());
  Ensure(cert != nullptr, "cert");
  Ensure(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
  BIGNUM* bn = nullptr;
  Ensure(BN_hex2bn(&bn, serial_hex.c_str()) > 0, "BN_hex2bn");
  ossl::BignumPtr serial(bn);
  Ensure(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr,
         "BN_to_ASN1_INTEGER");
  SetName(X509_get_subject_name(cert.get()), subject);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  Ensure(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) == 1,
         "X509_set_issuer_name");
  Ensure(ASN1_TIME_set(X509_getm_notBefore(cert.get()), not_before.unix_seconds) != nullptr,
         "ASN1_TIME_set");
  Ensure(ASN1_TIME_set(X509_getm_notAfter(cert.get()), not_after.unix_seconds) != nullptr,
         "ASN1_TIME_set");
  Ensure(X509_set_pubkey(cert.get(), public_key) == 1, "X509_set_pubkey");
  AddExtension(cert.get(), signer, NID_basic_constraints,
               ca ? "critical,CA:TRUE,pathlen:0" : "critical,CA:FALSE");
  AddExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (issuer != nullptr) AddExtension(cert.get(), signer, NID_authority_key_identifier, "keyid");
  AddExtension(cert.get(), signer, NID_key_usage,
               ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,keyAgreement");
  Ensure(X509_sign(cert.get(), issuer_key, EVP_sha256()) > 0, "X509_sign");
  return cert;
}

std::string ToPem(X509* cert) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  Ensure(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

Profile MakeProfile(std::string id, std::string name) {
  Profile p;
  p.id = std::move(id);
  p.name = std::move(name);
  p.profile_version = "1.0";
  p.issuing_ca = "Northwind Issuing CA";
  p.issuing_ca_chain = {"CN=Northwind Issuing CA,O=Northwind Traders",
                        "CN=Northwind Root CA,O=Northwind Traders"};
  p.policy.allowed_key_stores = {KeyStoreKind::Software, KeyStoreKind::Pkcs12, KeyStoreKind::Pem};
  p.policy.renewal_window.days_before_expiry = 30;
  p.certificate_format.validity_days = 365;
  return p;
}

IssuedCertificate MakeCert(const std::string& serial, const std::string& profile_id,
                           const std::string& cn, Timestamp not_before, Timestamp not_after) {
  IssuedCertificate c;
  c.serial = serial;
  c.profile_id = profile_id;
  c.profile_revision = 1;
  c.common_name = cn;
  c.subject = "CN=" + cn + ",O=Acme Corp";
  c.issuer = "CN=Northwind Issuing CA,O=Northwind Traders";
  c.not_before = not_before;
  c.not_after = not_after;
  return c;
}

InventoryEntry Installed(const std::string& serial, const std::string& profile_id,
                         KeyStoreKind store, std::string location, const std::string& cn,
                         Timestamp not_after) {
  InventoryEntry e;
  e.serial = serial;
  e.profile_id = profile_id;
  e.store = store;
  e.location = std::move(location);
  e.subject = "CN=" + cn + ",O=Acme Corp";
  e.not_after = not_after;
  e.installed_at = Timestamp{kFixtureNow.unix_seconds - 30 * kDay};
  return e;
}

Account FixtureAccount() {
  Account a;
  a.id = "a1b2-c3d4";
  a.name = "Acme Corp";
  a.business_unit = "Engineering";
  a.user = User{"u-1", "ana.lopez", "Ana Lopez", "ana.lopez@example.com", {}};
  return a;
}

Timestamp Days(int64_t n) { return Timestamp{kFixtureNow.unix_seconds + n * kDay}; }

}  // namespace

std::string MakeCertificatePem(const std::string& common_name, const std::string& serial_hex,
                               Timestamp not_before, Timestamp not_after,
                               const std::vector<std::string>& san) {
  ossl::PkeyPtr ca_key = NewEcKey();
  ossl::X509Ptr ca = BuildCert({{"CN", "Northwind Issuing CA"}, {"O", "Northwind Traders"}}, "1000",
                               Timestamp{not_before.unix_seconds - 365 * kDay},
                               Timestamp{not_after.unix_seconds + 365 * kDay}, ca_key.get(),
                               nullptr, ca_key.get(), true);
  ossl::PkeyPtr key = NewEcKey();
  ossl::X509Ptr leaf = BuildCert({{"CN", common_name}, {"O", "Acme Corp"}, {"C", "US"}}, serial_hex,
                                 not_before, not_after, key.get(), ca.get(), ca_key.get(), false);
  std::string san_value;
  for (const auto& entry : san) san_value += (san_value.empty() ? "" : ",") + entry;
  if (!san_value.empty()) AddExtension(leaf.get(), ca.get(), NID_subject_alt_name, san_value);
  AddExtension(leaf.get(), ca.get(), NID_ext_key_usage, "clientAuth");
  // Extensions were added after the first signature: sign again.
  Ensure(X509_sign(leaf.get(), ca_key.get(), EVP_sha256()) > 0, "X509_sign");
  return ToPem(leaf.get());
}

Snapshot CertificatesSnapshot() {
  Snapshot snap;
  snap.generation = 7;
  snap.account = FixtureAccount();
  snap.server_url = "https://127.0.0.1:8443";
  snap.sync.state = SyncState::UpToDate;
  snap.sync.last_synced = Timestamp{kFixtureNow.unix_seconds - 180};

  Profile vpn = MakeProfile("vpn-client", "VPN client");
  vpn.policy.exportable_private_key = true;
  vpn.policy.duplicates.revoke_previous_on_renew = true;
  Profile smime = MakeProfile("smime-eng", "S/MIME \u2014 Engineering");
  smime.policy.key_escrow = KeyEscrow{true, "Acme Security Office", {}, true};
  smime.policy.renewal_window = RenewalWindow{std::nullopt, 20};
  Profile wifi = MakeProfile("wifi", "Wi-Fi 802.1X (EAP-TLS)");
  wifi.policy.allowed_key_stores = {KeyStoreKind::Os, KeyStoreKind::Software};
  wifi.policy.renewal_window.days_before_expiry = 14;
  Profile contractors = MakeProfile("smime-contractors", "S/MIME \u2014 Contractors");
  contractors.profile_version = "99.0";
  std::vector<ProfileEntry> profiles;
  for (Profile* p : {&vpn, &smime, &wifi, &contractors})
    profiles.push_back(ProfileEntry{*p, "{}", {}, false});
  snap.profiles = std::move(profiles);

  using namespace serials;
  std::vector<IssuedCertificate> issued;
  auto add = [&](IssuedCertificate c) { issued.push_back(std::move(c)); };
  IssuedCertificate valid =
      MakeCert(kVpnValid, "vpn-client", "ana-laptop.acme.example", Days(-165), Days(200));
  valid.san = {"DNS:ana-laptop.acme.example", "email:ana.lopez@example.com"};
  valid.certificate_pem = MakeCertificatePem(
      valid.common_name, valid.serial, valid.not_before, valid.not_after,
      {"DNS:ana-laptop.acme.example", "email:ana.lopez@example.com", "IP:10.20.30.40"});
  add(valid);
  IssuedCertificate expiring =
      MakeCert(kVpnExpiring, "vpn-client", "ana-desktop.acme.example", Days(-355), Days(10));
  expiring.certificate_pem =
      MakeCertificatePem(expiring.common_name, expiring.serial, expiring.not_before,
                         expiring.not_after, {"DNS:ana-desktop.acme.example"});
  add(expiring);
  add(MakeCert(kVpnExpired, "vpn-client", "ana-old-laptop.acme.example", Days(-385), Days(-20)));
  IssuedCertificate broken =
      MakeCert(kVpnBrokenPem, "vpn-client", "ana-tablet.acme.example", Days(-10), Days(355));
  broken.certificate_pem =
      "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";
  add(broken);
  add(MakeCert(kVpnMissing, "vpn-client", "ana-vm.acme.example", Days(-100), Days(265)));
  IssuedCertificate revoked =
      MakeCert(kSmimeRevoked, "smime-eng", "ana.lopez@example.com", Days(-200), Days(165));
  revoked.revoked = true;
  revoked.revocation_reason = RevocationReason::KeyCompromise;
  revoked.revoked_at = Days(-5);
  revoked.key_escrowed = true;
  add(revoked);
  IssuedCertificate escrowed =
      MakeCert(kSmimeEscrowed, "smime-eng", "Ana Lopez", Days(-5), Days(360));
  escrowed.key_escrowed = true;
  add(escrowed);
  add(MakeCert(kWifi, "wifi", "ana.lopez-wifi", Days(-30), Days(335)));
  add(MakeCert(kContractor, "smime-contractors", "ana.contractor@example.com", Days(-340),
               Days(25)));
  add(MakeCert(kUnassigned, "legacy-vpn", "ana-legacy.acme.example", Days(-60), Days(305)));
  snap.issued = std::move(issued);

  snap.installed = std::vector<InventoryEntry>{
      Installed(kVpnValid, "vpn-client", KeyStoreKind::Software, "", "ana-laptop.acme.example",
                Days(200)),
      Installed(kVpnExpiring, "vpn-client", KeyStoreKind::Pkcs12,
                "/home/ana/.local/share/trustdesk/certs/vpn-client.p12", "ana-desktop.acme.example",
                Days(10)),
      [] {
        InventoryEntry e = Installed(kVpnMissing, "vpn-client", KeyStoreKind::Pem,
                                     "/home/ana/certs/ana-vm", "ana-vm.acme.example", Days(265));
        e.missing = true;
        return e;
      }(),
      Installed(kWifi, "wifi", KeyStoreKind::Os, "", "ana.lopez-wifi", Days(335)),
      Installed(kContractor, "smime-contractors", KeyStoreKind::Pem, "/home/ana/certs/contractor",
                "ana.contractor@example.com", Days(25)),
      Installed(kLocalOnly, "vpn-client", KeyStoreKind::Pem, "/home/ana/certs/build-agent-7",
                "build-agent-7.acme.example", Days(90)),
  };
  snap.activity = ActivityFixture();
  return snap;
}

Snapshot ManyCertificatesSnapshot(std::size_t count) {
  Snapshot snap;
  snap.generation = 1;
  snap.account = FixtureAccount();
  snap.sync.state = SyncState::UpToDate;
  std::vector<ProfileEntry> profiles;
  for (int i = 0; i < 10; ++i) {
    Profile p = MakeProfile("profile-" + std::to_string(i), "Profile " + std::to_string(i));
    p.policy.exportable_private_key = i % 2 == 0;
    profiles.push_back(ProfileEntry{p, "{}", {}, false});
  }
  snap.profiles = std::move(profiles);
  std::vector<IssuedCertificate> issued;
  std::vector<InventoryEntry> installed;
  issued.reserve(count);
  uint64_t state = 0x9e3779b97f4a7c15ull;  // xorshift: deterministic spread of dates
  for (std::size_t i = 0; i < count; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    char serial[33];
    std::snprintf(serial, sizeof serial, "%016llx%016llx", static_cast<unsigned long long>(state),
                  static_cast<unsigned long long>(i));
    const int64_t offset = static_cast<int64_t>(state % 800) - 400;  // expiry −400..+400 days
    const std::string profile_id = "profile-" + std::to_string(i % 10);
    IssuedCertificate c =
        MakeCert(serial, profile_id, "device-" + std::to_string(i) + ".acme.example",
                 Days(offset - 365), Days(offset));
    c.revoked = i % 53 == 0;
    if (i % 7 == 0) {
      installed.push_back(Installed(c.serial, profile_id, KeyStoreKind::Pem,
                                    "/home/ana/certs/device-" + std::to_string(i), c.common_name,
                                    c.not_after));
    }
    issued.push_back(std::move(c));
  }
  snap.issued = std::move(issued);
  snap.installed = std::move(installed);
  return snap;
}

std::vector<ActivityEntry> ActivityFixture(std::size_t count) {
  struct Template {
    ActivityKind kind;
    ActivityOutcome outcome;
    const char* title;
    const char* detail;
    int64_t duration_ms;
  };
  static const Template kTemplates[] = {
      {ActivityKind::Sync, ActivityOutcome::Succeeded, "Synced profiles \u2014 up to date",
       "304 Not Modified (ETag \"r42\")", 180},
      {ActivityKind::Job, ActivityOutcome::Succeeded, "Enrolled VPN client certificate",
       "generate key \u2192 build request \u2192 submit \u2192 verify chain \u2192 install", 2400},
      {ActivityKind::Job, ActivityOutcome::Failed, "Renew Wi-Fi 802.1X (EAP-TLS) failed",
       "Failed at step \"Submit request\": the server answered 503 Service Unavailable "
       "(retry after 30 s)",
       1250},
      {ActivityKind::Script, ActivityOutcome::Succeeded, "Script \"Reload VPN\" finished",
       "exit code 0\nstdout: vpn-agent: reloaded certificate 3f2a91c0\nstderr: (empty)", 830},
      {ActivityKind::BackgroundAction, ActivityOutcome::NothingToDo,
       "Background actions: nothing to renew", "", 95},
      {ActivityKind::Account, ActivityOutcome::Info, "Signed in as ana.lopez", "", 0},
  };
  std::vector<ActivityEntry> out;
  const std::size_t n = sizeof kTemplates / sizeof kTemplates[0];
  for (std::size_t i = 0; i < count; ++i) {
    const Template& t = kTemplates[i % n];
    ActivityEntry e;
    e.id = i + 1;
    // Oldest first, one every 10 minutes, the newest 5 minutes before "now".
    e.at = Timestamp{kFixtureNow.unix_seconds - 300 - static_cast<int64_t>(count - 1 - i) * 600};
    e.kind = t.kind;
    e.outcome = t.outcome;
    e.title = t.title;
    e.detail = t.detail;
    e.duration_ms = t.duration_ms;
    if (t.kind == ActivityKind::Job) e.profile_id = "vpn-client";
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace trustdesk::test
