#include "app/support/fixture_profiles.h"

#include <algorithm>
#include <cstdio>

#include "core/model/json_mapping.h"

namespace trustdesk::test {
namespace {

constexpr int64_t kDay = 86400;

Timestamp DaysFrom(Timestamp t, int64_t days) { return Timestamp{t.unix_seconds + days * kDay}; }

SubjectAttribute Attr(const char* name, const char* oid, ValueSource source, const char* value,
                      const char* label = "") {
  SubjectAttribute a;
  a.attribute = name;
  a.oid = oid;
  a.source = source;
  a.value = value;
  a.label = label;
  return a;
}

KeyAlgorithmRule Ec(std::vector<std::string> curves) {
  KeyAlgorithmRule k;
  k.algorithm = KeyAlgorithm::Ec;
  k.ec_curves = std::move(curves);
  return k;
}

KeyAlgorithmRule Rsa(std::vector<int> bits) {
  KeyAlgorithmRule k;
  k.algorithm = KeyAlgorithm::Rsa;
  k.rsa_bits = std::move(bits);
  return k;
}

Script MakeScript(const char* name, ScriptPlatform platform, const char* command,
                  std::vector<std::string> args) {
  Script s;
  s.name = name;
  s.platform = platform;
  s.command = command;
  s.arguments = std::move(args);
  s.timeout_seconds = 60;
  return s;
}

std::string Serial(uint64_t n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx",
                static_cast<unsigned long long>(n * 0x9e3779b97f4a7c15ull),
                static_cast<unsigned long long>(n + 0x1000));
  return buf;
}

IssuedCertificate Cert(const Profile& p, uint64_t n, Timestamp not_before, Timestamp not_after) {
  IssuedCertificate c;
  c.serial = Serial(n);
  c.profile_id = p.id;
  c.profile_revision = p.revision;
  c.common_name = "Dana Demo";
  c.subject = "CN=Dana Demo,O=Northwind Engineering,C=US";
  c.issuer = "CN=Northwind Issuing CA 1,O=Northwind Engineering,C=US";
  c.san = {"email:dana.demo@northwind.example"};
  c.not_before = not_before;
  c.not_after = not_after;
  return c;
}

InventoryEntry Installed(const IssuedCertificate& c, KeyStoreKind store, std::string location) {
  InventoryEntry e;
  e.serial = c.serial;
  e.profile_id = c.profile_id;
  e.store = store;
  e.location = std::move(location);
  e.subject = c.subject;
  e.not_after = c.not_after;
  e.installed_at = c.not_before;
  return e;
}

ProfileEntry Entry(Profile p) {
  ProfileEntry e;
  e.raw_json = ToJson(p).dump();  // compact, as the sync engine keeps it
  e.profile = std::move(p);
  return e;
}

std::vector<Profile> NorthwindProfiles() {
  std::vector<Profile> out;

  Profile smime = FixtureProfile("nw-smime-signing", "S/MIME Email Signing", "2.0");
  smime.description =
      "Signs outgoing email in Outlook, Apple Mail and Thunderbird. Enrolled and renewed "
      "automatically; one active certificate per person.";
  smime.revision = 3;
  smime.policy.allowed_key_stores = {KeyStoreKind::Software, KeyStoreKind::Pkcs12,
                                     KeyStoreKind::Os};
  smime.policy.auto_enroll = smime.policy.auto_renew = true;
  smime.certificate_format.subject.push_back(
      Attr("E", "1.2.840.113549.1.9.1", ValueSource::UserAttribute, "email"));
  smime.certificate_format.subject.push_back(
      Attr("OU", "2.5.4.11", ValueSource::UserAttribute, "department"));
  smime.certificate_format.san = {SanRule{SanType::Email, ValueSource::UserAttribute, "email", "",
                                          true, 1, {}}};
  smime.certificate_format.key_algorithms = {Ec({"P-256", "P-384"}), Rsa({3072})};
  smime.certificate_format.validity_days = 730;
  smime.certificate_format.key_usage = {"digitalSignature", "nonRepudiation"};
  smime.certificate_format.extended_key_usage = {"emailProtection"};
  out.push_back(smime);

  Profile enc = FixtureProfile("nw-smime-encryption", "S/MIME Email Encryption (escrowed)", "2.0");
  enc.description = "Decrypts email sent to you. The private key is escrowed so it can be "
                    "recovered if you lose it.";
  enc.policy.allowed_key_stores = {KeyStoreKind::Software, KeyStoreKind::Pkcs12};
  enc.policy.auto_renew = true;
  enc.policy.key_escrow = {true, "Northwind Key Recovery Office", {"sec.officer"}, true};
  enc.policy.exportable_private_key = true;
  enc.certificate_format.key_algorithms = {Rsa({2048, 3072})};
  enc.certificate_format.key_usage = {"keyEncipherment"};
  enc.certificate_format.extended_key_usage = {"emailProtection"};
  out.push_back(enc);

  Profile client = FixtureProfile("nw-client-auth", "Engineering Client Authentication", "2.0");
  client.description = "Mutual TLS to internal engineering services (Git, CI, artifact store).";
  client.revision = 7;
  client.policy.allowed_key_stores = {KeyStoreKind::Software, KeyStoreKind::Pem,
                                      KeyStoreKind::Os};
  client.policy.auto_enroll = client.policy.auto_renew = true;
  client.policy.duplicates = {true, 3, false};
  client.policy.scripts = {
      MakeScript("Trust the client certificate in Git", ScriptPlatform::Linux,
                 "/usr/bin/git", {"config", "--global", "http.sslCert", "${cert}"}),
      MakeScript("Register with the VPN agent", ScriptPlatform::MacOs,
                 "/usr/local/bin/nw-agent", {"register", "--profile", "client auth"}),
      MakeScript("Import into the user store", ScriptPlatform::Windows,
                 "C:\\Program Files\\Northwind\\nw-import.exe", {"/user", "/quiet"}),
  };
  client.certificate_format.key_algorithms = {Ec({"P-256", "P-384"})};
  client.certificate_format.extended_key_usage = {"clientAuth"};
  out.push_back(client);

  Profile vpn = FixtureProfile("nw-vpn", "Corporate VPN (IKEv2)", "2.0");
  vpn.description = "Connects this computer to the Northwind VPN.";
  vpn.policy.allowed_key_stores = {KeyStoreKind::Os};
  vpn.policy.auto_enroll = vpn.policy.auto_renew = true;
  vpn.policy.renewal_window = {std::nullopt, 20};
  vpn.certificate_format.key_algorithms = {Ec({"P-256"}), Rsa({2048})};
  vpn.certificate_format.extended_key_usage = {"clientAuth", "1.3.6.1.5.5.7.3.17"};
  out.push_back(vpn);

  Profile wifi = FixtureProfile("nw-wifi-8021x", "Wi-Fi 802.1X (EAP-TLS)", "2.0");
  wifi.policy.allowed_key_stores = {KeyStoreKind::Os, KeyStoreKind::Pkcs11};
  wifi.policy.auto_enroll = wifi.policy.auto_renew = true;
  wifi.certificate_format.extended_key_usage = {"clientAuth"};
  out.push_back(wifi);

  Profile code = FixtureProfile("nw-code-signing", "Release Code Signing", "2.1");
  code.description = "Signs release builds. Keys live on a hardware token only.";
  code.policy.allowed_key_stores = {KeyStoreKind::Pkcs11};
  code.certificate_format.key_algorithms = {Rsa({3072, 4096})};
  code.certificate_format.signature_hash = "SHA-384";
  code.certificate_format.validity_days = 365;
  code.certificate_format.extended_key_usage = {"codeSigning"};
  out.push_back(code);

  Profile laptop = FixtureProfile("nw-device-laptop", "Managed Laptop (device)", "2.0");
  laptop.revision = 5;
  laptop.policy.allowed_key_stores = {KeyStoreKind::Os, KeyStoreKind::Software};
  laptop.policy.auto_enroll = laptop.policy.auto_renew = true;
  out.push_back(laptop);

  Profile web = FixtureProfile("nw-web-server", "Internal Web Server TLS", "2.0");
  web.description = "TLS for internal web servers you operate. Enter the host names.";
  web.policy.allowed_key_stores = {KeyStoreKind::Pem, KeyStoreKind::Pkcs12};
  web.policy.duplicates = {true, 5, false};
  web.policy.exportable_private_key = true;
  web.certificate_format.subject = {
      Attr("CN", "2.5.4.3", ValueSource::UserInput, "", "Host name"),
      Attr("O", "2.5.4.10", ValueSource::Fixed, "Northwind Engineering")};
  web.certificate_format.subject[0].constraint.pattern = "^[a-z0-9.-]+\\.northwind\\.example$";
  web.certificate_format.san = {SanRule{SanType::Dns, ValueSource::UserInput, "", "Host names",
                                        true, 5, {}}};
  web.certificate_format.extended_key_usage = {"serverAuth"};
  out.push_back(web);

  Profile doc = FixtureProfile("nw-document-signing", "Document Signing (Ed25519)", "2.1");
  doc.policy.allowed_key_stores = {KeyStoreKind::Software};
  doc.policy.auto_renew = true;
  doc.certificate_format.key_algorithms = {KeyAlgorithmRule{KeyAlgorithm::Ed25519, {}, {}}};
  out.push_back(doc);

  Profile pq = FixtureProfile("nw-pq-pilot", "Post-Quantum Pilot (requires TrustDesk 3.0)", "3.0");
  pq.description = "Hybrid key exchange pilot. Needs TrustDesk 3.0.";
  pq.policy.allowed_key_stores = {KeyStoreKind::Software};
  pq.policy.auto_enroll = true;
  pq.certificate_format.key_algorithms = {Ec({"P-384"})};
  out.push_back(pq);
  return out;
}

}  // namespace

Account NorthwindAccount() {
  Account a;
  a.id = "northwind";
  a.name = "Northwind Engineering";
  a.business_unit = "Research & Development";
  a.division = "Platform Engineering";
  a.user = User{"u-10042", "demo", "Dana Demo", "dana.demo@northwind.example",
                {{"department", "Platform"}, {"employee_id", "NW-10042"}}};
  return a;
}

Profile FixtureProfile(const std::string& id, const std::string& name, const std::string& version) {
  Profile p;
  p.id = id;
  p.revision = 2;
  p.name = name;
  p.profile_version = version;
  p.issuing_ca = "Northwind Issuing CA 1";
  p.issuing_ca_chain = {"CN=Northwind Issuing CA 1,O=Northwind Engineering,C=US",
                        "CN=Northwind Root CA,O=Northwind Engineering,C=US"};
  p.enrollment.url = "/api/v1/profiles/" + id + "/enroll";
  p.created_at = DaysFrom(kProfilesNow, -400);
  p.updated_at = DaysFrom(kProfilesNow, -12);
  p.policy.allowed_key_stores = {KeyStoreKind::Software};
  p.policy.renewal_window.days_before_expiry = 30;
  p.certificate_format.subject = {
      Attr("CN", "2.5.4.3", ValueSource::UserAttribute, "display_name"),
      Attr("O", "2.5.4.10", ValueSource::Fixed, "Northwind Engineering"),
      Attr("C", "2.5.4.6", ValueSource::Fixed, "US")};
  p.certificate_format.key_algorithms = {Ec({"P-256"})};
  p.certificate_format.key_usage = {"digitalSignature"};
  return p;
}

Snapshot FixtureSnapshot(Timestamp now) {
  Snapshot s;
  s.generation = 1;
  s.account = NorthwindAccount();
  s.server_url = "https://127.0.0.1:8443";
  s.sync.state = SyncState::UpToDate;
  s.sync.last_synced = Timestamp{now.unix_seconds - 180};
  s.next_sync_at = Timestamp{now.unix_seconds + 720};
  s.profiles_etag = "\"r42-7f3c9a1e\"";
  s.profiles_revision = 42;

  const std::vector<Profile> profiles = NorthwindProfiles();
  auto by_id = [&](std::string_view id) -> const Profile& {
    return *std::find_if(profiles.begin(), profiles.end(),
                         [&](const Profile& p) { return p.id == id; });
  };
  std::vector<IssuedCertificate> issued;
  std::vector<InventoryEntry> installed;
  // S/MIME signing: installed, expires in 20 days, inside its 30-day window: Can renew.
  issued.push_back(Cert(by_id("nw-smime-signing"), 1, DaysFrom(now, -710), DaysFrom(now, 20)));
  installed.push_back(Installed(issued.back(), KeyStoreKind::Software, ""));
  // S/MIME encryption: installed, 200 days left: waiting for the window.
  issued.push_back(Cert(by_id("nw-smime-encryption"), 2, DaysFrom(now, -165), DaysFrom(now, 200)));
  installed.push_back(
      Installed(issued.back(), KeyStoreKind::Pkcs12, "/home/dana/.trustdesk/smime-enc.p12"));
  // Client auth: one valid and installed, one revoked.
  issued.push_back(Cert(by_id("nw-client-auth"), 3, DaysFrom(now, -100), DaysFrom(now, 265)));
  installed.push_back(Installed(issued.back(), KeyStoreKind::Pem, "/home/dana/.trustdesk/client"));
  issued.push_back(Cert(by_id("nw-client-auth"), 4, DaysFrom(now, -300), DaysFrom(now, 65)));
  issued.back().revoked = true;
  issued.back().revocation_reason = RevocationReason::Superseded;
  // Wi-Fi: issued to a different machine.
  issued.push_back(Cert(by_id("nw-wifi-8021x"), 5, DaysFrom(now, -30), DaysFrom(now, 335)));
  // Code signing: expired.
  issued.push_back(Cert(by_id("nw-code-signing"), 6, DaysFrom(now, -400), DaysFrom(now, -35)));
  installed.push_back(Installed(issued.back(), KeyStoreKind::Pkcs11, "pkcs11:token=Release"));

  std::vector<ProfileEntry> entries;
  for (const Profile& p : profiles) entries.push_back(Entry(p));
  for (ProfileEntry& e : entries) {
    if (e.profile.id == "nw-device-laptop") {
      e.changes = {{"$.policy.renewal_window.days_before_expiry", "14", "30"},
                   {"$.revision", "4", "5"}};
    }
    if (e.profile.id == "nw-web-server") e.is_new = true;
  }
  s.profiles = std::move(entries);
  s.issued = std::move(issued);
  s.installed = std::move(installed);
  return s;
}

Snapshot ManyProfilesSnapshot(std::size_t count, Timestamp now) {
  static constexpr const char* kKinds[] = {"VPN access", "Client authentication", "S/MIME",
                                           "Wi-Fi", "Web server TLS", "Code signing",
                                           "Device identity", "Document signing"};
  Snapshot s;
  s.generation = 1;
  s.account = NorthwindAccount();
  s.server_url = "https://127.0.0.1:8443";
  s.sync.state = SyncState::UpToDate;
  s.sync.last_synced = Timestamp{now.unix_seconds - 60};
  std::vector<ProfileEntry> entries;
  std::vector<IssuedCertificate> issued;
  std::vector<InventoryEntry> installed;
  entries.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    char id[32], name[96];
    std::snprintf(id, sizeof id, "gen-%05zu", i);
    std::snprintf(name, sizeof name, "Team %04zu %s", (i * 7919) % 10000, kKinds[i % 8]);
    Profile p = FixtureProfile(id, name, i % 97 == 0 ? "3.0" : (i % 2 ? "2.0" : "2.1"));
    p.revision = static_cast<int64_t>(1 + i % 13);
    p.policy.auto_enroll = i % 2 == 0;
    p.policy.auto_renew = i % 3 != 0;
    if (i % 4 == 0) p.policy.allowed_key_stores = {KeyStoreKind::Pem, KeyStoreKind::Pkcs12};
    if (i % 3 == 0) {
      // Every ninth is installed here; a third of those expire inside the window.
      const int64_t left = (i % 27 == 0) ? 10 : 100 + static_cast<int64_t>(i % 200);
      issued.push_back(Cert(p, i + 1, DaysFrom(now, left - 365), DaysFrom(now, left)));
      if (i % 9 == 0) installed.push_back(Installed(issued.back(), KeyStoreKind::Software, ""));
    }
    entries.push_back(Entry(std::move(p)));
  }
  s.profiles = std::move(entries);
  s.issued = std::move(issued);
  s.installed = std::move(installed);
  return s;
}

const LoggedItem* FindLabelContaining(const ItemLog& log, std::string_view text) {
  for (const LoggedItem& item : log.items()) {
    if (item.label.find(text) != std::string::npos) return &item;
  }
  return nullptr;
}

const LoggedItem* FindInRow(const ItemLog& log, std::string_view row, std::string_view label) {
  const LoggedItem* anchor = log.Find(row);
  if (anchor == nullptr) return nullptr;
  const float y = (anchor->min.y + anchor->max.y) * 0.5f;
  for (const LoggedItem& item : log.items()) {
    if (item.label == label && item.min.y <= y && y <= item.max.y) return &item;
  }
  return nullptr;
}

std::vector<std::string> LabelsWithPrefix(const ItemLog& log, std::string_view prefix) {
  std::vector<const LoggedItem*> found;
  for (const LoggedItem& item : log.items()) {
    // Items scrolled out of view are logged with an empty rectangle; only visible ones count.
    const bool visible = item.max.x > item.min.x && item.max.y > item.min.y;
    if (visible && item.label.rfind(prefix, 0) == 0) found.push_back(&item);
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const LoggedItem* a, const LoggedItem* b) { return a->min.y < b->min.y; });
  std::vector<std::string> out;
  for (const LoggedItem* item : found) out.push_back(item->label);
  return out;
}

}  // namespace trustdesk::test
