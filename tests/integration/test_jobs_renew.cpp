// Renewal and the policies checked before submission: an injected clock walks a certificate into
// its renewal window (No action → Can renew → renewed), the duplicate allowance, incompatible
// profiles, revoke, cancellation before and after submission, scripts with consent.
#include <doctest/doctest.h>

#include <future>

#include "core/inventory/renew_status.h"
#include "core/keystore/software_key_store.h"
#include "core/scripts/profile_scripts.h"
#include "tests/integration/support/api.h"
#include "tests/integration/support/jobs_client.h"

using namespace trustdesk;
using namespace trustdesk::testing;
using std::chrono::hours;

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

EnrollRequest ClientAuth(KeyStoreLocation store) {
  EnrollRequest r;
  r.profile_id = "nw-client-auth";
  r.key_algorithm = KeyAlgorithm::Ec;
  r.key_size = 256;
  r.store = std::move(store);
  return r;
}

RenewStatus StatusOf(JobsClient& client, const std::string& serial) {
  const IssuedCertificate* cert = client.Issued(serial);
  REQUIRE(cert != nullptr);
  const Profile* profile = client.FindProfile(cert->profile_id);
  REQUIRE(profile != nullptr);
  return ComputeRenewStatus(*profile, *cert, client.inventory.Find(serial), client.clock.Now());
}

}  // namespace

TEST_CASE("jobs renew: No action, then Can renew once the clock enters the window, then renewed") {
  OffsetClock clock;
  TestServerOptions so;
  so.clock = &clock;  // the CA and the client share the moved clock
  TestServer server(so);
  TempDir dir;
  JobsClient client(server, clock, dir.path() / "data");
  client.SignIn();
  const KeyStoreLocation store{KeyStoreKind::Software, "", kTestPin};
  const JobStatus enrolled = client.Run(ClientAuth(store));
  REQUIRE_MESSAGE(enrolled.state == JobState::Succeeded, enrolled.error);
  const std::string old_serial = enrolled.result_serial;

  RenewStatus before = StatusOf(client, old_serial);
  CHECK(before.state == RenewState::NoAction);
  CHECK(Contains(before.reason, "window opens"));

  // nw-client-auth: 180 days, renewal window = the last 25% of the lifetime (45 days).
  clock.Advance(hours(24 * 140));
  RenewStatus inside = StatusOf(client, old_serial);
  CHECK(inside.state == RenewState::CanRenew);

  client.SignIn();  // 140 days later the session has long expired
  const JobStatus renewed = client.Run(RenewRequest{old_serial, kTestPin, {}});
  REQUIRE_MESSAGE(renewed.state == JobState::Succeeded, renewed.error);
  CHECK(renewed.kind == JobKind::Renew);
  CHECK(renewed.serial == old_serial);
  const std::string new_serial = renewed.result_serial;
  CHECK(new_serial != old_serial);
  CHECK(std::find(renewed.steps.begin(), renewed.steps.end(), JobStep::Revoke) !=
        renewed.steps.end());

  // The old certificate is revoked (superseded) and gone from the store and the inventory.
  const IssuedCertificate* old_cert = client.Issued(old_serial);
  REQUIRE(old_cert != nullptr);
  CHECK(old_cert->revoked);
  CHECK(old_cert->revocation_reason == RevocationReason::Superseded);
  CHECK(client.inventory.Find(old_serial) == nullptr);
  const InventoryEntry* now_installed = client.inventory.Find(new_serial);
  REQUIRE(now_installed != nullptr);
  CHECK(now_installed->store == KeyStoreKind::Software);
  ScryptParams cheap;
  cheap.n = 1u << 10;
  auto opened = SoftwareKeyStore::Open(client.data_dir, kTestPin, cheap);
  REQUIRE(opened.ok());
  CHECK((*opened)->Find(new_serial).ok());
  CHECK_FALSE((*opened)->Find(old_serial).ok());

  // Same subject, a fresh key, and No action again.
  auto old_info = ParseCertificate(old_cert->certificate_pem);
  auto new_info = ParseCertificate(client.Issued(new_serial)->certificate_pem);
  REQUIRE(old_info.ok());
  REQUIRE(new_info.ok());
  CHECK(new_info->subject.rfc4514 == old_info->subject.rfc4514);
  CHECK(new_info->public_key == "EC P-256");
  CHECK(StatusOf(client, new_serial).state == RenewState::NoAction);

  // Renewing the revoked one again is refused before anything is generated.
  const JobStatus again = client.Run(RenewRequest{old_serial, kTestPin, {}});
  CHECK(again.state == JobState::Failed);
  CHECK(Contains(again.error, "Check policy: "));
}

TEST_CASE("jobs renew: a profile allowing duplicates keeps the old certificate when told to") {
  TestServer server;
  TempDir dir;
  JobsClient client(server, SystemClock::Instance(), dir.path() / "data");
  client.SignIn();
  EnrollRequest web;
  web.profile_id = "nw-web-server";
  web.key_algorithm = KeyAlgorithm::Ec;
  web.key_size = 256;
  web.store = {KeyStoreKind::Pem, (dir.path() / "tls").string(), ""};
  web.fields = DemoFields("nw-web-server");
  const JobStatus first = client.Run(web);
  REQUIRE_MESSAGE(first.state == JobState::Succeeded, first.error);
  const JobStatus renewed = client.Run(RenewRequest{first.result_serial, "", {}});
  REQUIRE_MESSAGE(renewed.state == JobState::Succeeded, renewed.error);
  // nw-web-server: revoke_previous_on_renew = false, up to 5 active.
  CHECK(std::find(renewed.steps.begin(), renewed.steps.end(), JobStep::Revoke) ==
        renewed.steps.end());
  CHECK_FALSE(client.Issued(first.result_serial)->revoked);
  CHECK(client.inventory.Find(first.result_serial) != nullptr);
  CHECK(client.inventory.Find(renewed.result_serial) != nullptr);
  CHECK(client.inventory.Find(first.result_serial)->location !=
        client.inventory.Find(renewed.result_serial)->location);
  // The renewal carried the user-entered names over.
  auto info = ParseCertificate(client.Issued(renewed.result_serial)->certificate_pem);
  REQUIRE(info.ok());
  CHECK(info->subject.Get("CN") == "build.northwind.example");
  CHECK(info->san.size() == 3);
}

TEST_CASE("jobs policy: duplicates, incompatible profiles, disallowed stores and bad values") {
  TestServer server;
  TempDir dir;
  JobsClient client(server, SystemClock::Instance(), dir.path() / "data");
  client.SignIn();
  const KeyStoreLocation store{KeyStoreKind::Software, "", kTestPin};

  EnrollRequest signing;
  signing.profile_id = "nw-smime-signing";
  signing.key_algorithm = KeyAlgorithm::Ec;
  signing.store = store;
  const JobStatus first = client.Run(signing);
  REQUIRE_MESSAGE(first.state == JobState::Succeeded, first.error);
  const std::size_t issued_before = client.snap()->issued.size();
  const JobStatus duplicate = client.Run(signing);
  CHECK(duplicate.state == JobState::Failed);
  CHECK(duplicate.current == 0);
  CHECK(duplicate.error ==
        "Check policy: a valid certificate already exists and the profile allows no duplicates "
        "(renew it instead)");
  CHECK(client.snap()->issued.size() == issued_before);  // nothing reached the CA

  EnrollRequest pq;
  pq.profile_id = "nw-pq-pilot";
  pq.key_algorithm = KeyAlgorithm::Ec;
  pq.store = store;
  const JobStatus incompatible = client.Run(pq);
  CHECK(incompatible.state == JobState::Failed);
  CHECK(Contains(incompatible.error, "Check policy: "));
  CHECK(Contains(incompatible.error, "requires TrustDesk 3.0 or newer (this is 2.1.0)"));

  EnrollRequest wrong_store =
      ClientAuth({KeyStoreKind::Pkcs12, (dir.path() / "p").string(), "passphrase-1"});
  const JobStatus refused_store = client.Run(wrong_store);
  CHECK(refused_store.state == JobState::Failed);
  CHECK(Contains(refused_store.error, "does not allow the PKCS#12 file key store"));

  EnrollRequest rsa = ClientAuth(store);
  rsa.key_algorithm = KeyAlgorithm::Rsa;
  rsa.key_size = 2048;
  const JobStatus refused_key = client.Run(rsa);
  CHECK(refused_key.state == JobState::Failed);
  CHECK(Contains(refused_key.error, "not allowed"));

  EnrollRequest laptop;
  laptop.profile_id = "nw-device-laptop";
  laptop.store = store;
  laptop.fields = {{"subject.CN", "Dana's laptop"},
                   {"san.dns", "dana-laptop.corp.northwind.example"}};
  const JobStatus bad_value = client.Run(laptop);
  CHECK(bad_value.state == JobState::Failed);
  CHECK(Contains(bad_value.error, "subject.CN"));

  EnrollRequest wrong_pin = ClientAuth({KeyStoreKind::Software, "", "not-the-pin"});
  const JobStatus refused_pin = client.Run(wrong_pin);
  CHECK(refused_pin.state == JobState::Failed);
  CHECK(Contains(refused_pin.error, "Check policy: "));

  // The incompatible-version scenario raises a profile's version after a sync: refused too.
  auto admin = server.Client();
  auto patched = Call(*admin, "PATCH", "/api/v1/admin/profiles/nw-client-auth",
                      server.admin_token(), {{"profile_version", "3.0"}});
  REQUIRE(patched.status == 200);
  client.Sync();
  const JobStatus now_incompatible = client.Run(ClientAuth(store));
  CHECK(now_incompatible.state == JobState::Failed);
  CHECK(Contains(now_incompatible.error, "requires TrustDesk 3.0"));
}

TEST_CASE("jobs cancel: before submission it stops the job, after submission it says why not") {
  TestServer server;
  TempDir dir;
  std::promise<void> at_submit_reached, release_submit;
  std::shared_future<void> release = release_submit.get_future().share();
  std::promise<void> at_key_reached, release_key;
  std::shared_future<void> release_k = release_key.get_future().share();
  JobsClient client(server, SystemClock::Instance(), dir.path() / "data", [&](JobWorkerOptions& o) {
    o.crash_after_step = [&](uint64_t id, JobStep step) {
      if (id == 1 && step == JobStep::GenerateKey) {
        at_key_reached.set_value();
        release_k.wait();
      }
      if (id == 3 && step == JobStep::Submit) {
        at_submit_reached.set_value();
        release.wait();
      }
      return false;
    };
  });
  client.SignIn();
  const KeyStoreLocation store{KeyStoreKind::Pem, (dir.path() / "pem").string(), ""};

  const uint64_t first = client.worker->Submit(ClientAuth(store));
  const uint64_t second = client.worker->Submit(ClientAuth(store));
  at_key_reached.get_future().wait();
  // Job 1 has its key but has not been submitted; job 2 waits in the queue.
  CHECK(client.worker->Cancel(second).ok());
  CHECK(client.worker->Cancel(first).ok());
  release_key.set_value();
  const JobStatus cancelled = client.worker->Wait(first);
  CHECK(cancelled.state == JobState::Cancelled);
  CHECK(cancelled.steps[cancelled.current] == JobStep::BuildCsr);
  CHECK(client.worker->Wait(second).state == JobState::Cancelled);
  CHECK(client.inventory.entries().empty());
  CHECK(client.worker->Cancel(first).error().code == ErrorCode::InvalidInput);
  CHECK(client.worker->Cancel(99).error().code == ErrorCode::NotFound);

  const uint64_t third = client.worker->Submit(ClientAuth(store));
  at_submit_reached.get_future().wait();
  Status refused = client.worker->Cancel(third);
  CHECK_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::Conflict);
  CHECK(refused.error().message ==
        "job 3 was already submitted to the CA; it can no longer be cancelled");
  release_submit.set_value();
  CHECK(client.worker->Wait(third).state == JobState::Succeeded);

  const auto entries = client.activity.Entries();
  CHECK(std::count_if(entries.begin(), entries.end(), [](const ActivityEntry& a) {
          return a.outcome == ActivityOutcome::Cancelled;
        }) == 2);
}

TEST_CASE("jobs scripts: run only when allowed, with TRUSTDESK_* variables, output in Activity") {
  TestServer server;
  auto admin = server.Client();
  nlohmann::json scripts = nlohmann::json::array({{{"name", "Show serial"},
                                                   {"platform", "any"},
                                                   {"command", "/usr/bin/printenv"},
                                                   {"arguments", {"TRUSTDESK_SERIAL"}},
                                                   {"timeout_seconds", 10}},
                                                  {{"name", "Fails"},
                                                   {"platform", "linux"},
                                                   {"command", "/bin/false"},
                                                   {"arguments", nlohmann::json::array()},
                                                   {"timeout_seconds", 10}},
                                                  {{"name", "Elsewhere"},
                                                   {"platform", "windows"},
                                                   {"command", "C:\\Windows\\notepad.exe"},
                                                   {"arguments", nlohmann::json::array()},
                                                   {"timeout_seconds", 10}}});
  auto patched = Call(*admin, "PATCH", "/api/v1/admin/profiles/nw-client-auth",
                      server.admin_token(), {{"policy", {{"scripts", scripts}}}});
  REQUIRE_MESSAGE(patched.status == 200, patched.body);
  TempDir dir;
  JobsClient client(server, SystemClock::Instance(), dir.path() / "data");
  client.SignIn();
  const KeyStoreLocation store{KeyStoreKind::Pem, (dir.path() / "pem").string(), ""};

  const JobStatus without = client.Run(ClientAuth(store));  // Settings' switch off
  REQUIRE_MESSAGE(without.state == JobState::Succeeded, without.error);
  CHECK(Contains(without.result, "scripts not run (turned off in Settings)"));

  // Switched on, but nobody allowed these scripts: installed, scripts skipped and named.
  EnrollRequest not_allowed = ClientAuth(store);
  not_allowed.scripts.enabled = true;
  const JobStatus skipped = client.Run(not_allowed);
  REQUIRE_MESSAGE(skipped.state == JobState::Succeeded, skipped.error);
  CHECK(Contains(skipped.scripts_note, "script \"Show serial\" not run: you have not allowed it"));
  CHECK(Contains(skipped.result, skipped.scripts_note));
  CHECK(client.inventory.Find(skipped.result_serial) != nullptr);

  // The user allowed both scripts of this platform for this job.
  EnrollRequest with = ClientAuth(store);
  with.scripts.enabled = true;
  const Profile* profile = client.FindProfile("nw-client-auth");
  REQUIRE(profile != nullptr);
  for (const ProfileScript& ps : ProfileScriptsHere(*profile)) {
    with.scripts.allowed_once.push_back(ps.digest);
  }
  CHECK(with.scripts.allowed_once.size() == 2);  // not the Windows one
  const JobStatus ran = client.Run(with);
  CHECK(ran.state == JobState::Failed);  // "Fails" exits 1; the certificate is still installed
  CHECK(ran.steps[ran.current] == JobStep::Scripts);
  CHECK(Contains(ran.error, "Run scripts: Fails: failed with exit code 1"));
  CHECK(client.inventory.Find(ran.result_serial) != nullptr);
  const auto entries = client.activity.Entries();
  auto shown = std::find_if(entries.begin(), entries.end(), [](const ActivityEntry& a) {
    return a.kind == ActivityKind::Script && Contains(a.title, "\"Show serial\": ");
  });
  auto not_run = std::find_if(entries.begin(), entries.end(), [](const ActivityEntry& a) {
    return a.kind == ActivityKind::Script && Contains(a.title, "\"Show serial\" not run");
  });
  REQUIRE(not_run != entries.end());
  CHECK(not_run->outcome == ActivityOutcome::Info);
  CHECK(Contains(not_run->detail, "Command: /usr/bin/printenv TRUSTDESK_SERIAL"));
  CHECK(Contains(not_run->detail, "trustdesk-cli scripts allow " + with.scripts.allowed_once[0]));
  REQUIRE(shown != entries.end());
  CHECK(shown->outcome == ActivityOutcome::Succeeded);
  CHECK(Contains(shown->detail, ran.result_serial));  // printed by printenv TRUSTDESK_SERIAL
  CHECK(std::none_of(entries.begin(), entries.end(),
                     [](const ActivityEntry& a) { return Contains(a.title, "Elsewhere"); }));
}
