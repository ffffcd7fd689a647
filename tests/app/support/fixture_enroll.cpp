#include "app/support/fixture_enroll.h"

namespace trustdesk::test {
namespace {

Timestamp At(int64_t offset_seconds) { return Timestamp{kFixtureNow + offset_seconds}; }

constexpr int64_t kDay = 24 * 3600;

}  // namespace

Account FixtureAccount() {
  Account account;
  account.id = "acme-42";
  account.name = "Acme Corp";
  account.business_unit = "Engineering";
  account.division = "Platform";
  account.user = User{"u-ana", "ana", "Ana L\u00f3pez", "ana@example.com",
                      {{"department", "Platform"}, {"employee_id", "E1042"}}};
  return account;
}

Profile VpnProfile() {
  Profile p;
  p.id = "vpn";
  p.revision = 4;
  p.name = "VPN client";
  p.description = "Client certificate for the corporate VPN";
  p.profile_version = "1.0";
  p.issuing_ca = "Acme Issuing CA G2";
  p.enrollment.url = "/api/v1/profiles/vpn/enroll";
  p.created_at = At(-90 * kDay);
  p.updated_at = At(-2 * kDay);

  Policy& policy = p.policy;
  policy.allowed_key_stores = {KeyStoreKind::Software, KeyStoreKind::Pkcs12, KeyStoreKind::Pem,
                               KeyStoreKind::Os};
  policy.renewal_window.days_before_expiry = 30;
  policy.duplicates = DuplicatePolicy{true, 2, false};
  policy.key_escrow = KeyEscrow{true, "Acme Security Office", {}, true};
  policy.scripts = {
      Script{"Configure VPN", ScriptPlatform::Linux, "/usr/local/bin/acme-vpn-setup",
             {"--profile", "corp vpn", "--import"}, 60},
      Script{"Configure VPN (Windows)", ScriptPlatform::Windows,
             "C:\\Program Files\\Acme\\vpn-setup.exe", {"/import"}, 60},
  };

  CertificateFormat& f = p.certificate_format;
  SubjectAttribute cn{"CN", "2.5.4.3", ValueSource::UserInput, "", "Device name", true, {}};
  cn.constraint.pattern = "[a-z0-9-]+";
  cn.constraint.max_length = 32;
  SubjectAttribute ou{"OU", "2.5.4.11", ValueSource::UserInput, "", "Team", true, {}};
  ou.constraint.allowed_values = {"Platform", "Security", "Sales"};
  f.subject = {
      cn,
      SubjectAttribute{"O", "2.5.4.10", ValueSource::Fixed, "Acme Corp", "", true, {}},
      ou,
      SubjectAttribute{"emailAddress", "1.2.840.113549.1.9.1", ValueSource::UserAttribute,
                       "email", "E-mail", true, {}},
  };
  SanRule dns{SanType::Dns, ValueSource::UserInput, "", "DNS names", false, 3, {}};
  f.san = {dns};
  f.key_algorithms = {KeyAlgorithmRule{KeyAlgorithm::Ec, {}, {"P-256", "P-384"}},
                      KeyAlgorithmRule{KeyAlgorithm::Rsa, {3072}, {}}};
  f.validity_days = 365;
  f.key_usage = {"digitalSignature", "keyAgreement"};
  f.extended_key_usage = {"clientAuth"};
  return p;
}

Profile SmimeProfile() {
  Profile p;
  p.id = "smime";
  p.revision = 7;
  p.name = "S/MIME \u2014 Engineering";
  p.description = "Signed and encrypted e-mail";
  p.profile_version = "1.0";
  p.issuing_ca = "Acme Issuing CA G2";
  p.policy.allowed_key_stores = {KeyStoreKind::Pem};
  p.policy.duplicates = DuplicatePolicy{false, 1, true};
  CertificateFormat& f = p.certificate_format;
  f.subject = {
      SubjectAttribute{"CN", "2.5.4.3", ValueSource::UserAttribute, "display_name", "", true, {}},
      SubjectAttribute{"emailAddress", "1.2.840.113549.1.9.1", ValueSource::UserAttribute,
                       "email", "E-mail", true, {}},
  };
  f.san = {SanRule{SanType::Email, ValueSource::UserAttribute, "email", "", true, 1, {}}};
  f.key_algorithms = {KeyAlgorithmRule{KeyAlgorithm::Rsa, {2048, 4096}, {}},
                      KeyAlgorithmRule{KeyAlgorithm::Ed25519, {}, {}}};
  f.validity_days = 730;
  f.extended_key_usage = {"emailProtection"};
  return p;
}

ProfileEntry Entry(Profile profile) {
  ProfileEntry entry;
  entry.profile = std::move(profile);
  entry.raw_json = "{}";
  return entry;
}

Snapshot EnrollSnapshot() {
  Snapshot snap;
  snap.generation = 1;
  snap.account = FixtureAccount();
  snap.server_url = "https://127.0.0.1:8443";
  snap.profiles = std::vector<ProfileEntry>{Entry(VpnProfile()), Entry(SmimeProfile())};
  snap.sync.state = SyncState::UpToDate;
  snap.sync.last_synced = At(-180);
  return snap;
}

JobStatus EnrollJob(uint64_t id, const std::string& profile_id, JobState state,
                    std::size_t current, bool cancellable) {
  JobStatus job;
  job.id = id;
  job.kind = JobKind::Enroll;
  job.state = state;
  // Titled the way the job worker titles it: with the profile's name.
  std::string name = profile_id;
  for (const auto& entry : EnrollSnapshot().profiles) {
    if (entry.profile.id == profile_id) name = entry.profile.name;
  }
  job.title = "Enroll " + name;
  job.profile_id = profile_id;
  job.steps = {JobStep::GenerateKey, JobStep::BuildCsr, JobStep::Submit, JobStep::VerifyChain,
               JobStep::Install,     JobStep::Escrow,   JobStep::Scripts, JobStep::Done};
  job.current = current;
  job.cancellable = cancellable;
  job.started_at = At(-12);
  if (state == JobState::Succeeded || state == JobState::Failed ||
      state == JobState::Cancelled) {
    job.finished_at = At(-3);
  }
  return job;
}

Snapshot KeyStoresSnapshot() {
  Snapshot snap = EnrollSnapshot();
  auto entry = [](std::string serial, std::string profile, KeyStoreKind store,
                  std::string location, std::string subject, int64_t days_left) {
    InventoryEntry e;
    e.serial = std::move(serial);
    e.profile_id = std::move(profile);
    e.store = store;
    e.location = std::move(location);
    e.subject = std::move(subject);
    e.not_after = At(days_left * kDay);
    e.installed_at = At(-(365 - days_left) * kDay);
    return e;
  };
  std::vector<InventoryEntry> installed = {
      entry("4f1a09c2d3e4b5a6978812340abcdef1", "vpn", KeyStoreKind::Software,
            "/home/ana/.local/share/trustdesk/software-keystore.json",
            "CN=laptop-042,OU=Platform,O=Acme Corp", 41),
      entry("0a1b2c3d4e5f60718293a4b5c6d7e8f9", "smime", KeyStoreKind::Pem,
            "/home/ana/certificates", "CN=Ana L\u00f3pez,emailAddress=ana@example.com", 300),
      entry("77aa88bb99cc00dd11ee22ff33445566", "vpn", KeyStoreKind::Pem,
            "/home/ana/certificates", "CN=old-laptop,OU=Platform,O=Acme Corp", 12),
      entry("1234abcd5678ef901234abcd5678ef90", "vpn", KeyStoreKind::Pkcs12,
            "/home/ana/exports", "CN=build-agent-7,OU=Platform,O=Acme Corp", 200),
  };
  installed[2].missing = true;
  snap.installed = std::move(installed);
  return snap;
}

Snapshot DiagnosticsSnapshot() {
  Snapshot snap = EnrollSnapshot();
  snap.next_sync_at = At(12 * 60);
  std::vector<RequestLogEntry> requests;
  auto request = [&](uint64_t id, int64_t at, std::string method, std::string path, int status,
                     int64_t ms, uint64_t sent, uint64_t received, std::string error) {
    RequestLogEntry r;
    r.id = id;
    r.started_at = At(at);
    r.method = std::move(method);
    r.path = std::move(path);
    r.status = status;
    r.duration_ms = ms;
    r.bytes_sent = sent;
    r.bytes_received = received;
    r.error = std::move(error);
    r.request_headers = {{"Authorization", "<redacted>"}, {"Accept", "application/json"}};
    requests.push_back(std::move(r));
  };
  request(1, -900, "POST", "/api/v1/auth/signin", 200, 182, 96, 412, "");
  request(2, -899, "GET", "/api/v1/me", 200, 21, 0, 388, "");
  request(3, -898, "GET", "/api/v1/profiles", 200, 64, 0, 48210, "");
  request(4, -300, "GET", "/api/v1/profiles", 503, 12, 0, 97,
          "HTTP 503: service unavailable (retry after 40 s)");
  request(5, -180, "GET", "/api/v1/profiles", 304, 9, 0, 0, "");
  snap.requests = std::move(requests);

  std::vector<SyncAttempt> attempts;
  auto attempt = [&](uint64_t id, SyncTrigger trigger, int64_t at, int64_t ms, int status,
                     int64_t revision, uint64_t bytes, SyncState result, int changed,
                     std::string message) {
    SyncAttempt a;
    a.id = id;
    a.trigger = trigger;
    a.started_at = At(at);
    a.duration_ms = ms;
    a.http_status = status;
    a.revision = revision;
    a.bytes = bytes;
    a.result = result;
    a.changed_profiles = changed;
    a.message = std::move(message);
    attempts.push_back(std::move(a));
  };
  attempt(1, SyncTrigger::SignIn, -898, 70, 200, 12, 48210, SyncState::Updated, 2, "");
  attempt(2, SyncTrigger::Scheduled, -300, 15, 503, 12, 97, SyncState::Failed, 0,
          "server busy (HTTP 503), retrying in 40 s");
  attempt(3, SyncTrigger::Retry, -180, 11, 304, 12, 0, SyncState::UpToDate, 0, "");
  snap.sync_attempts = std::move(attempts);
  return snap;
}

const LoggedItem* FindContaining(const ItemLog& log, std::string_view text) {
  for (const LoggedItem& item : log.items()) {
    if (item.label.find(text) != std::string::npos) return &item;
  }
  return nullptr;
}

}  // namespace trustdesk::test
