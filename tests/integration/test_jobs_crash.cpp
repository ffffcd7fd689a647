// Crash safety: the process stops after the CA issued a certificate but before it was installed;
// a new worker on the same data directory finishes the job from the journal. Also the journal's
// contents (0600, no secrets, key encrypted when the store has a secret) and answers lost on
// the wire (the CA issued, or did not).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/crypto/certificate.h"
#include "core/keystore/pem_key_store.h"
#include "core/keystore/software_key_store.h"
#include "core/util/atomic_file.h"
#include "tests/integration/support/api.h"
#include "tests/integration/support/jobs_client.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<std::filesystem::path> JournalFiles(const std::filesystem::path& data) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(data / "jobs", ec)) return out;
  for (const auto& e : std::filesystem::directory_iterator(data / "jobs")) out.push_back(e.path());
  return out;
}

std::string Read(const std::filesystem::path& p) {
  auto bytes = ReadFileLimited(p, 1 << 20);
  REQUIRE(bytes.ok());
  return *bytes;
}

EnrollRequest ClientAuth(KeyStoreLocation store) {
  EnrollRequest r;
  r.profile_id = "nw-client-auth";
  r.key_algorithm = KeyAlgorithm::Ec;
  r.key_size = 256;
  r.store = std::move(store);
  return r;
}

// Stops the worker "process" right after the CA's answer was journaled.
std::function<void(JobWorkerOptions&)> CrashAfterSubmit() {
  return [](JobWorkerOptions& o) {
    o.crash_after_step = [](uint64_t, JobStep step) { return step == JobStep::Submit; };
  };
}

std::size_t ServerCertificates(TestServer& server) {
  const std::string token = server.SignIn("demo", "demo");
  return Call(*server.Client(), "GET", "/api/v1/certificates", token).json["certificates"].size();
}

}  // namespace

TEST_CASE("jobs crash: killed between issue and install, the next start installs the certificate") {
  TestServer server;
  TempDir dir;
  const auto data = dir.path() / "data";
  const KeyStoreLocation store{KeyStoreKind::Pem, (dir.path() / "pem").string(), ""};
  std::string serial;
  {
    JobsClient crashing(server, SystemClock::Instance(), data, CrashAfterSubmit());
    crashing.SignIn();
    const JobStatus st = crashing.Run(ClientAuth(store));
    CHECK(st.state == JobState::Running);  // it never finished: the worker "died"
    serial = st.result_serial;
    REQUIRE_FALSE(serial.empty());
    CHECK(crashing.inventory.entries().empty());
    // The worker is gone: new jobs are refused rather than queued forever.
    CHECK(crashing.Run(ClientAuth(store)).state == JobState::Cancelled);
  }
  // What a crash leaves: the CA has the certificate, nothing is installed, the journal has it.
  CHECK(ServerCertificates(server) == 1);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "pem" / "nw-client-auth"));
  auto files = JournalFiles(data);
  REQUIRE(files.size() == 1);
  CHECK((static_cast<unsigned>(std::filesystem::status(files[0]).permissions()) & 0777u) == 0600);
  CHECK((static_cast<unsigned>(std::filesystem::status(data / "jobs").permissions()) & 0777u) ==
        0700);
  const std::string journal = Read(files[0]);
  CHECK(Contains(journal, "\"phase\": \"issued\""));
  CHECK(Contains(journal, serial));

  // Next start, not even signed in: the job is finished from the journal.
  JobsClient restarted(server, SystemClock::Instance(), data,
                       [](JobWorkerOptions& o) { o.resume_on_start = false; });
  std::vector<uint64_t> resumed = restarted.worker->ResumeJournal();
  REQUIRE(resumed.size() == 1);
  const JobStatus done = restarted.worker->Wait(resumed[0]);
  REQUIRE_MESSAGE(done.state == JobState::Succeeded, done.error);
  CHECK(done.title == "Finish enrolling Engineering Client Authentication");
  CHECK(done.result_serial == serial);
  CHECK(JournalFiles(data).empty());
  const InventoryEntry* installed = restarted.inventory.Find(serial);
  REQUIRE(installed != nullptr);
  PemKeyStore pem(dir.path() / "pem");
  auto credential = pem.Load(serial);
  REQUIRE(credential.ok());
  auto cert = Certificate::FromPem(credential->certificate_pem);
  REQUIRE(cert.ok());
  CHECK(credential->key.SamePublicKey(X509_get0_pubkey(cert->get())));
  CHECK(restarted.worker->ResumeJournal().empty());  // nothing left

  // A second start finds nothing to do and the certificate is installed exactly once.
  CHECK(restarted.inventory.entries().size() == 1);
  auto listed = pem.List();
  REQUIRE(listed.ok());
  CHECK(listed->size() == 1);
}

TEST_CASE("security: the journal seals a PIN-protected key with the store's scrypt, not PKCS#8") {
  TestServer server;
  TempDir dir;
  const auto data = dir.path() / "data";
  {
    JobsClient crashing(server, SystemClock::Instance(), data, CrashAfterSubmit());
    crashing.SignIn();
    CHECK(crashing.Run(ClientAuth({KeyStoreKind::Software, "", kTestPin})).state ==
          JobState::Running);
  }
  auto files = JournalFiles(data);
  REQUIRE(files.size() == 1);
  const std::string journal = Read(files[0]);
  // Not PKCS#8 under the PIN alone (2,048 PBKDF2 rounds once): scrypt with the store's own
  // parameters (lowered for tests by JobsClient) and AES-256-GCM.
  CHECK_FALSE(Contains(journal, "PRIVATE KEY"));
  CHECK_FALSE(Contains(journal, kTestPin));
  const auto doc = nlohmann::json::parse(journal);
  REQUIRE(doc.contains("key_sealed"));
  CHECK(doc["key_sealed"]["kdf"] == "scrypt");
  CHECK(doc["key_sealed"]["n"] == 1024);
  CHECK(doc["key_sealed"]["r"] == 8);
  CHECK(doc["key_sealed"]["p"] == 1);
  CHECK(doc["key_pem"] == "");

  JobsClient restarted(server, SystemClock::Instance(), data);  // resumes on start
  restarted.SignIn();
  CHECK(restarted.worker->ResumeJournal().empty());
  auto pending = restarted.worker->PendingJournal();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].needs_secret);
  CHECK(pending[0].store == KeyStoreKind::Software);
  CHECK_FALSE(pending[0].serial.empty());

  const JobStatus wrong = restarted.Run(ResumeRequest{pending[0].journal_id, "wrong-pin-1"});
  CHECK(wrong.state == JobState::Failed);
  CHECK(restarted.worker->PendingJournal().size() == 1);
  CHECK(JournalFiles(data).size() == 1);

  const JobStatus done = restarted.Run(ResumeRequest{pending[0].journal_id, kTestPin});
  REQUIRE_MESSAGE(done.state == JobState::Succeeded, done.error);
  CHECK(restarted.worker->PendingJournal().empty());
  CHECK(JournalFiles(data).empty());
  ScryptParams cheap;
  cheap.n = 1u << 10;
  auto soft = SoftwareKeyStore::Open(data, kTestPin, cheap);
  REQUIRE(soft.ok());
  CHECK((*soft)->Find(pending[0].serial).ok());
}

TEST_CASE("jobs crash: an answer lost on the wire is found on the server, or known not issued") {
  TestServer server;
  TempDir dir;
  const auto data = dir.path() / "data";
  JobsClient client(server, SystemClock::Instance(), data,
                    [](JobWorkerOptions& o) { o.resume_on_start = false; });
  client.SignIn();
  const KeyStoreLocation store{KeyStoreKind::Pem, (dir.path() / "pem").string(), ""};
  auto admin = server.Client();
  // 1st enrollment: handled (issued) but the body is cut; 2nd: dropped before it is handled.
  auto loaded = Call(*admin, "PUT", "/api/v1/admin/scenario", server.admin_token(),
                     {{"name", "lost-answers"},
                      {"rules",
                       {{{"route", "POST /api/v1/profiles/*/enroll"},
                         {"from_request", 1},
                         {"to_request", 1},
                         {"action", "truncate"}},
                        {{"route", "POST /api/v1/profiles/*/enroll"},
                         {"from_request", 2},
                         {"to_request", 2},
                         {"action", "drop"}}}}});
  REQUIRE(loaded.status == 200);

  const JobStatus truncated = client.Run(ClientAuth(store));
  CHECK(truncated.state == JobState::Failed);
  CHECK(truncated.steps[truncated.current] == JobStep::Submit);
  CHECK(Contains(truncated.error, "TrustDesk finds and installs it"));
  const JobStatus dropped = client.Run(ClientAuth(store));
  CHECK(dropped.state == JobState::Failed);
  CHECK(client.inventory.entries().empty());
  CHECK(JournalFiles(data).size() == 2);
  CHECK(client.worker->PendingJournal().size() == 2);
  CHECK(ServerCertificates(server) == 1);

  std::vector<uint64_t> resumed = client.worker->ResumeJournal();
  REQUIRE(resumed.size() == 2);
  int installed = 0, not_issued = 0;
  for (uint64_t id : resumed) {
    const JobStatus st = client.worker->Wait(id);
    if (st.state == JobState::Succeeded) ++installed;
    if (st.state == JobState::Failed && Contains(st.error, "issued no certificate")) ++not_issued;
  }
  CHECK(installed == 1);
  CHECK(not_issued == 1);
  CHECK(client.inventory.entries().size() == 1);
  CHECK(JournalFiles(data).empty());
  CHECK(client.worker->PendingJournal().empty());
}

TEST_CASE("jobs crash: an unreadable journal entry is set aside and reported, never deleted") {
  TestServer server;
  TempDir dir;
  const auto data = dir.path() / "data";
  std::filesystem::create_directories(data / "jobs");
  REQUIRE(WriteFileAtomic(data / "jobs" / "j1-broken.json", "{\"format\": 1, \"id\": ", 0600).ok());
  JobsClient client(server, SystemClock::Instance(), data);
  CHECK(std::filesystem::exists(data / "jobs" / "j1-broken.json.corrupt"));
  const auto entries = client.activity.Entries();
  REQUIRE_FALSE(entries.empty());
  CHECK(Contains(entries.back().detail, "j1-broken.json"));
  CHECK(entries.back().outcome == ActivityOutcome::Failed);
}
