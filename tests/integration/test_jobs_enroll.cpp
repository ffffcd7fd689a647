// Enrollment jobs end to end against the in-process reference server: every demo profile variant
// in each key store it allows, what lands in the snapshot, inventory and Activity log, and the
// issued files read by the real tools (openssl verify / pkey -check / pkcs12 -info, keytool).
#include <doctest/doctest.h>

#include <set>

#include "core/crypto/certificate.h"
#include "core/keystore/pem_key_store.h"
#include "core/keystore/pkcs12_key_store.h"
#include "tests/core/support/manual_clock.h"
#include "tests/integration/support/api.h"
#include "tests/integration/support/jobs_client.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

unsigned Mode(const std::filesystem::path& p) {
  return static_cast<unsigned>(std::filesystem::status(p).permissions()) & 0777u;
}

KeyStoreLocation Where(KeyStoreKind kind, const std::filesystem::path& root) {
  switch (kind) {
    case KeyStoreKind::Pem:
      return {kind, (root / "pem").string(), ""};
    case KeyStoreKind::Pkcs12:
      return {kind, (root / "p12").string(), "p12-passphrase-1"};
    default:
      return {kind, "", kTestPin};
  }
}

// The key the test enrolls with: the profile's first allowed algorithm, its largest EC curve or
// smallest RSA size, to cover P-384 and keep RSA fast.
EnrollRequest RequestFor(const Profile& p, KeyStoreKind kind, const std::filesystem::path& root) {
  EnrollRequest r;
  r.profile_id = p.id;
  r.store = Where(kind, root);
  r.fields = DemoFields(p.id);
  const KeyAlgorithmRule& rule = p.certificate_format.key_algorithms.front();
  r.key_algorithm = rule.algorithm;
  if (rule.algorithm == KeyAlgorithm::Rsa)
    r.key_size = rule.rsa_bits.empty() ? 2048 : rule.rsa_bits.front();
  if (rule.algorithm == KeyAlgorithm::Ec) r.key_size = rule.ec_curves.back() == "P-384" ? 384 : 256;
  return r;
}

// Adds the software store to a profile that only allows stores this machine lacks (OS, PKCS#11),
// through the admin API, so its certificate format can still be enrolled end to end.
void AllowSoftwareStore(TestServer& server, const std::string& profile_id) {
  auto admin = server.Client();
  auto res = Call(*admin, "PATCH", "/api/v1/admin/profiles/" + profile_id, server.admin_token(),
                  {{"policy", {{"allowed_key_stores", {"software", "pkcs12", "pem"}}}}});
  REQUIRE_MESSAGE(res.status == 200, res.body);
}

void CheckIssuedFiles(const KeyStoreEntry& entry, const std::filesystem::path& ca_file) {
  const std::string openssl = Which("openssl");
  REQUIRE_FALSE(openssl.empty());
  if (entry.kind == KeyStoreKind::Pem) {
    const auto slot = std::filesystem::path(entry.location);
    CHECK(Mode(slot / "key.pem") == 0600);
    auto verify = RunTool(openssl, {"verify", "-CAfile", ca_file.string(), "-untrusted",
                                    (slot / "chain.pem").string(), (slot / "cert.pem").string()});
    CHECK_MESSAGE(verify.exit_code == 0, verify.output);
    auto check = RunTool(openssl, {"pkey", "-check", "-noout", "-in", (slot / "key.pem").string()});
    CHECK_MESSAGE(check.exit_code == 0, check.output);
    CHECK(Contains(check.output, "valid"));
  } else if (entry.kind == KeyStoreKind::Pkcs12) {
    CHECK(Mode(entry.location) == 0600);
    auto info = RunTool(
        openssl, {"pkcs12", "-info", "-noout", "-in", entry.location, "-passin", "env:TD_P12_PASS"},
        {{"TD_P12_PASS", "p12-passphrase-1"}});
    CHECK_MESSAGE(info.exit_code == 0, info.output);
    CHECK(Contains(info.output, "AES-256-CBC"));
    CHECK(Contains(info.output, "sha256"));
    const std::string keytool = Which("keytool");
    if (!keytool.empty()) {
      auto list = RunTool(keytool,
                          {"-list", "-storetype", "PKCS12", "-keystore", entry.location,
                           "-storepass:env", "TD_P12_PASS"},
                          {{"TD_P12_PASS", "p12-passphrase-1"}});
      CHECK_MESSAGE(list.exit_code == 0, list.output);
      CHECK(Contains(list.output, "PrivateKeyEntry"));
    } else {
      MESSAGE("keytool is not installed: the Java interop check was skipped");
    }
  } else {
    CHECK(Mode(entry.location) == 0600);
  }
}

}  // namespace

TEST_CASE("jobs enroll: every demo profile variant in each key store it allows") {
  TestServer server;
  for (const char* id : {"nw-vpn", "nw-wifi-8021x", "nw-code-signing", "nw-smartcard-logon"}) {
    AllowSoftwareStore(server, id);
  }
  TempDir dir;
  JobsClient client(server, SystemClock::Instance(), dir.path() / "data");
  client.SignIn();
  const auto snap = client.snap();
  REQUIRE(snap->profiles.size() == 12);

  std::set<std::string> enrolled_profiles;
  int enrollments = 0;
  for (const ProfileEntry& entry : snap->profiles) {
    const Profile& p = entry.profile;
    CAPTURE(p.id);
    if (p.id == "nw-pq-pilot") continue;  // incompatible: see the policy tests
    for (KeyStoreKind kind : p.policy.allowed_key_stores) {
      CAPTURE(ToString(kind));
      EnrollRequest request = RequestFor(p, kind, dir.path());
      const JobStatus done = client.Run(request);
      if (kind == KeyStoreKind::Os || kind == KeyStoreKind::Pkcs11) {
        CHECK(done.state == JobState::Failed);
        CHECK(Contains(done.error, "Check policy: "));
        CHECK(Contains(done.error, "not available on this machine"));
        continue;
      }
      REQUIRE_MESSAGE(done.state == JobState::Succeeded, done.error);
      ++enrollments;
      enrolled_profiles.insert(p.id);
      CHECK(done.kind == JobKind::Enroll);
      CHECK_FALSE(done.result_serial.empty());
      CHECK(done.steps.back() == JobStep::Done);
      CHECK(done.current == done.steps.size() - 1);
      CHECK(std::count(done.steps.begin(), done.steps.end(), JobStep::Escrow) ==
            (p.policy.key_escrow.required ? 1 : 0));

      // Snapshot: the certificate is issued and installed; the inventory agrees.
      const IssuedCertificate* issued = client.Issued(done.result_serial);
      REQUIRE(issued != nullptr);
      CHECK(issued->profile_id == p.id);
      CHECK(issued->key_escrowed == p.policy.key_escrow.required);
      const auto now = client.snap();
      auto installed =
          std::find_if(now->installed.begin(), now->installed.end(),
                       [&](const InventoryEntry& e) { return e.serial == done.result_serial; });
      REQUIRE(installed != now->installed.end());
      CHECK(installed->store == kind);
      CHECK(client.inventory.Find(done.result_serial) != nullptr);

      // The certificate carries what the profile asked for and our key type.
      auto info = ParseCertificate(issued->certificate_pem);
      REQUIRE(info.ok());
      const KeyAlgorithmRule& rule = p.certificate_format.key_algorithms.front();
      CHECK(Contains(info->public_key, rule.algorithm == KeyAlgorithm::Ed25519 ? "Ed25519"
                                       : rule.algorithm == KeyAlgorithm::Rsa   ? "RSA"
                                                                               : "EC"));
      if (p.id == "nw-web-server") {
        CHECK(info->san.size() == 3);  // two DNS names and one IP address
      }

      // The store holds it, and the real tools read it.
      KeyStoreEntry stored;
      stored.kind = kind;
      stored.location = installed->location;
      CheckIssuedFiles(stored, server.issuance_root_file());

      // Revoke and remove it so the next store of a no-duplicates profile can enroll.
      RevokeRequest revoke{done.result_serial, RevocationReason::CessationOfOperation, true,
                           Where(kind, dir.path()).secret};
      const JobStatus revoked = client.Run(revoke);
      REQUIRE_MESSAGE(revoked.state == JobState::Succeeded, revoked.error);
      CHECK(client.inventory.Find(done.result_serial) == nullptr);
      CHECK(client.Issued(done.result_serial)->revoked);
    }
  }
  CHECK(enrolled_profiles.size() == 11);
  CHECK(enrollments >= 16);

  // Every job is in the Activity log with its duration.
  const auto entries = client.activity.Entries();
  const auto jobs = std::count_if(entries.begin(), entries.end(), [](const ActivityEntry& a) {
    return a.kind == ActivityKind::Job && a.outcome == ActivityOutcome::Succeeded;
  });
  CHECK(jobs == 2 * enrollments);
}

TEST_CASE("jobs enroll: progress is published step by step and the job list stays bounded") {
  TestServer server;
  TempDir dir;
  JobsClient client(server, SystemClock::Instance(), dir.path() / "data",
                    [](JobWorkerOptions& o) { o.keep_finished = 3; });
  std::mutex mutex;
  std::vector<std::pair<JobState, JobStep>> seen;
  client.store.SetWakeCallback([&] {
    // Read under the lock: wakes come from the worker and from Submit() on this thread, and a
    // snapshot read before waiting for the lock could be appended after a newer one.
    std::lock_guard lock(mutex);
    auto s = client.store.Current();
    for (const JobStatus& j : s->jobs) {
      if (j.id == 1 && !j.steps.empty() && j.current < j.steps.size()) {
        if (seen.empty() || seen.back() != std::make_pair(j.state, j.steps[j.current])) {
          seen.emplace_back(j.state, j.steps[j.current]);
        }
      }
    }
  });
  client.SignIn();
  EnrollRequest r;
  r.profile_id = "nw-client-auth";
  r.key_algorithm = KeyAlgorithm::Ec;
  r.key_size = 256;
  r.store = {KeyStoreKind::Pem, (dir.path() / "pem").string(), ""};
  const JobStatus done = client.Run(r);
  REQUIRE_MESSAGE(done.state == JobState::Succeeded, done.error);
  {
    std::lock_guard lock(mutex);
    std::vector<JobStep> running;
    for (auto [state, step] : seen) {
      if (state == JobState::Running && (running.empty() || running.back() != step))
        running.push_back(step);
    }
    const std::vector<JobStep> expected = {
        JobStep::CheckPolicy, JobStep::GenerateKey, JobStep::BuildCsr, JobStep::Submit,
        JobStep::VerifyChain, JobStep::Install,     JobStep::Done};
    CHECK(running == expected);
    CHECK(seen.back().first == JobState::Succeeded);
  }
  // Up to three certificates may be active: a fourth is refused before anything is generated.
  for (int i = 0; i < 3; ++i) {
    const JobStatus more = client.Run(r);
    if (i < 2) {
      CHECK_MESSAGE(more.state == JobState::Succeeded, more.error);
    } else {
      CHECK(more.state == JobState::Failed);
      CHECK(more.current == 0);
      CHECK(Contains(more.error, "Check policy: the profile allows at most 3 active certificates"));
    }
  }
  client.store.SetWakeCallback({});
  CHECK(client.snap()->jobs.size() == 3);     // keep_finished
  CHECK(client.worker->Find(1).has_value());  // still answerable after leaving the snapshot
}
