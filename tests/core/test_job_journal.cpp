// The job journal: round trip, atomic 0600 files in a 0700 directory, corrupt entries set aside.
#include <doctest/doctest.h>

#include "core/jobs/job_journal.h"
#include "core/support/crypto_test_support.h"
#include "core/util/atomic_file.h"

using namespace trustdesk;
using namespace trustdesk::testing;

namespace {

JournalEntry Entry(const std::string& id, int64_t created) {
  JournalEntry e;
  e.id = id;
  e.kind = JobKind::Renew;
  e.created_at = Timestamp{created};
  e.profile_id = "nw-vpn";
  e.profile_name = "Corporate VPN";
  e.renews_serial = "0a1b";
  e.store_kind = KeyStoreKind::Pkcs12;
  e.store_location = "/home/u/certs";
  e.key_encrypted = true;
  e.key_pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n...\n";
  e.public_key_pem = "-----BEGIN PUBLIC KEY-----\n...\n";
  e.csr_pem = "-----BEGIN CERTIFICATE REQUEST-----\n...\n";
  e.requested.subject = {{"CN", "2.5.4.3", "dana"}};
  e.requested.san = {{SanType::Email, "email", "dana@example.com"}};
  e.escrow = true;
  e.revoke_previous = true;
  e.run_scripts = true;
  return e;
}

}  // namespace

TEST_CASE("job journal: entries round-trip in both phases, oldest first") {
  TempDir dir;
  JobJournal journal(dir.path() / "jobs");
  JournalEntry submitted = Entry(JobJournal::NewId(), 200);
  JournalEntry issued = Entry("j1-issued", 100);
  issued.phase = JournalPhase::Issued;
  issued.certificate.serial = "0c0d";
  issued.certificate.profile_id = "nw-vpn";
  issued.certificate.profile_revision = 3;
  issued.certificate.subject = "CN=dana";
  issued.certificate.issuer = "CN=CA";
  issued.certificate.not_before = Timestamp{100};
  issued.certificate.not_after = Timestamp{200};
  issued.certificate.certificate_pem =
      "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n";
  issued.chain_pem = "chain";
  REQUIRE(journal.Write(submitted).ok());
  REQUIRE(journal.Write(issued).ok());
  CHECK(FileModeBits(dir.path() / "jobs") == 0700);
  CHECK(FileModeBits(dir.path() / "jobs" / (submitted.id + ".json")) == 0600);

  std::vector<std::string> problems;
  auto loaded = journal.Load(&problems);
  CHECK(problems.empty());
  REQUIRE(loaded.size() == 2);
  CHECK(loaded[0].id == "j1-issued");
  CHECK(loaded[0].phase == JournalPhase::Issued);
  CHECK(loaded[0].certificate == issued.certificate);
  CHECK(loaded[0].chain_pem == "chain");
  CHECK(loaded[1].id == submitted.id);
  CHECK(loaded[1].phase == JournalPhase::Submitted);
  CHECK(loaded[1].kind == JobKind::Renew);
  CHECK(loaded[1].store_kind == KeyStoreKind::Pkcs12);
  CHECK(loaded[1].requested.subject == submitted.requested.subject);
  CHECK(loaded[1].requested.san == submitted.requested.san);
  CHECK(loaded[1].escrow);
  CHECK(loaded[1].revoke_previous);
  CHECK(loaded[1].run_scripts);

  REQUIRE(journal.Remove(submitted.id).ok());
  REQUIRE(journal.Remove(submitted.id).ok());  // already gone: fine
  CHECK(journal.Load().size() == 1);
  CHECK(JobJournal::NewId() != JobJournal::NewId());
}

TEST_CASE("job journal: a corrupt or mismatched entry is renamed aside and reported") {
  TempDir dir;
  JobJournal journal(dir.path());
  REQUIRE(journal.Write(Entry("j2-good", 1)).ok());
  REQUIRE(WriteFileAtomic(dir.path() / "j3-torn.json", "{\"format\":1,\"id\":\"j3", 0600).ok());
  JournalEntry wrong = Entry("j4-other", 2);
  auto text = ToJson(wrong).dump();
  REQUIRE(WriteFileAtomic(dir.path() / "j5-renamed.json", text, 0600).ok());
  auto bad_kind = ToJson(Entry("j6-kind", 3));
  bad_kind["kind"] = "export";
  REQUIRE(WriteFileAtomic(dir.path() / "j6-kind.json", bad_kind.dump(), 0600).ok());

  std::vector<std::string> problems;
  auto loaded = journal.Load(&problems);
  REQUIRE(loaded.size() == 1);
  CHECK(loaded[0].id == "j2-good");
  CHECK(problems.size() == 3);
  CHECK(std::filesystem::exists(dir.path() / "j3-torn.json.corrupt"));
  CHECK(std::filesystem::exists(dir.path() / "j5-renamed.json.corrupt"));
  CHECK(std::filesystem::exists(dir.path() / "j6-kind.json.corrupt"));
  CHECK(journal.Load().size() == 1);  // set aside once, not reported again
}

TEST_CASE("job journal: ids are checked before they become file names") {
  TempDir dir;
  JobJournal journal(dir.path());
  JournalEntry e = Entry("../escape", 1);
  CHECK_FALSE(journal.Write(e).ok());
  CHECK_FALSE(journal.Remove("../x").ok());
}

TEST_CASE(
    "security: a journaled key is sealed with scrypt under the secret and bound to its entry") {
  TempDir dir;
  JobJournal journal(dir.path() / "jobs");
  auto key = KeyPair::Generate(KeySpec::Ec("P-256"));
  REQUIRE(key.ok());
  const ScryptParams cheap{1u << 10, 8, 1};
  JournalEntry e = Entry("j1-sealed", 100);
  REQUIRE(SetJournalKey(e, *key, "pin-123456", cheap).ok());
  CHECK(e.key_encrypted);
  CHECK(e.key_pem.empty());
  REQUIRE(journal.Write(e).ok());
  auto loaded = journal.Load();
  REQUIRE(loaded.size() == 1);
  REQUIRE(loaded[0].key_sealed.has_value());
  CHECK(loaded[0].key_sealed->kdf.n == 1024);

  auto back = JournalKey(loaded[0], "pin-123456");
  REQUIRE(back.ok());
  CHECK(back->SamePublicKey(key->get()));
  CHECK(JournalKey(loaded[0], "pin-654321").error().code == ErrorCode::Auth);
  // Moved into another entry, the sealed key does not open (bound to the entry id).
  JournalEntry moved = loaded[0];
  moved.id = "j2-other";
  CHECK(JournalKey(moved, "pin-123456").error().code == ErrorCode::Auth);
  // A hostile entry asking for an enormous scrypt is refused without computing it.
  JournalEntry hostile = loaded[0];
  hostile.key_sealed->kdf.n = uint64_t{1} << 30;
  auto refused = JournalKey(hostile, "pin-123456");
  CHECK(refused.error().code == ErrorCode::Unsupported);
  CHECK(refused.error().message.rfind("journal entry j1-sealed: scrypt parameters N=1073741824",
                                      0) == 0);

  // Without a secret (PEM directory without passphrase) the key is plain PKCS#8.
  JournalEntry plain = Entry("j3-plain", 100);
  REQUIRE(SetJournalKey(plain, *key, "", cheap).ok());
  CHECK_FALSE(plain.key_encrypted);
  CHECK(plain.key_pem.find("BEGIN PRIVATE KEY") != std::string::npos);
  CHECK(JournalKey(plain, "")->SamePublicKey(key->get()));

  // An entry written by an earlier version (PKCS#8 under the secret) still opens.
  JournalEntry legacy = Entry("j4-legacy", 100);
  legacy.key_pem = *key->ToPkcs8Pem("pin-123456");
  CHECK(JournalKey(legacy, "pin-123456")->SamePublicKey(key->get()));
}
