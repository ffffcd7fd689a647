// trustdesk-cli's job commands as a real child process against the in-process reference server:
// enroll into PEM files, the software store and a PKCS#12 file; renew inside the renewal window
// (and exit 3 outside it); revoke with a reason; export PEM and PKCS#12 (read back by openssl)
// and the policy's refusal; recover an escrowed key; background-actions twice; and the exit codes
// of a missing session, a missing secret and a session the server refuses mid-job.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/integration/support/api.h"
#include "tests/integration/support/cli_runner.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<std::string> Keys(const json& j) {
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  return keys;
}

json Parse(const CliResult& r) {
  auto j = json::parse(r.out, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), "not JSON: " << r.out << " / stderr: " << r.err);
  return j;
}

unsigned Mode(const fs::path& file) {
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

std::string ReadFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void LoadScenario(TestServer& server, const json& scenario) {
  auto admin = server.Client();
  auto res = Call(*admin, "PUT", "/api/v1/admin/scenario", server.admin_token(), scenario);
  REQUIRE_MESSAGE(res.status == 200, res.body);
}

// One machine: a private HOME and data directory, signed in as `user` with the password in the
// environment for every command (the test environment has no OS secret store).
struct Machine {
  TestServer& server;
  std::string user;
  std::string password;
  TempDir home;
  fs::path data = home.path() / "td";

  Machine(TestServer& s, std::string u, std::string p)
      : server(s), user(std::move(u)), password(std::move(p)) {}

  CliResult Run(std::vector<std::string> command, std::map<std::string, std::string> env = {},
                std::string stdin_text = {}) const {
    std::vector<std::string> args = {
        "--server",   server.url(), "--ca-file", server.ca_file().string(),
        "--account",  "northwind",  "--user",    user,
        "--data-dir", data.string()};
    args.insert(args.end(), command.begin(), command.end());
    env.emplace("TRUSTDESK_PASSWORD", password);
    return RunCli({std::move(args), std::move(env), std::move(stdin_text), home.path()});
  }
  // Runs a --json command that must succeed and returns its document.
  json Json(std::vector<std::string> command, std::map<std::string, std::string> env = {},
            std::string stdin_text = {}) const {
    command.insert(command.begin(), "--json");
    auto r = Run(std::move(command), std::move(env), std::move(stdin_text));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return Parse(r);
  }
  // The certs --json row of `serial` (null when not listed).
  json Cert(const std::string& serial) const {
    const json certs = Json({"certs"});
    for (const auto& c : certs["certificates"]) {
      if (c["serial"] == serial) return c;
    }
    return nullptr;
  }
};

const std::vector<std::string> kJobKeys = {
    "error",         "error_code",   "finished_at", "id",         "kind",  "profile_id", "result",
    "result_serial", "scripts_note", "serial",      "started_at", "state", "steps",      "title"};

// Checks the golden shape of a successful job and returns the new certificate's serial.
std::string CheckSucceeded(const json& doc, const std::string& kind) {
  REQUIRE(doc.contains("job"));
  const json& job = doc["job"];
  CHECK(Keys(job) == kJobKeys);
  CHECK(job["kind"] == kind);
  CHECK(job["state"] == "succeeded");
  CHECK(job["error"].is_null());
  CHECK(job["error_code"].is_null());
  CHECK(job["result"].is_string());
  REQUIRE(job["steps"].size() >= 2);
  for (const auto& step : job["steps"]) {
    CHECK(Keys(step) == std::vector<std::string>{"label", "status", "step"});
    CHECK(step["status"] == "done");
  }
  CHECK(job["steps"].front()["step"] == "check_policy");
  CHECK(job["steps"].back()["step"] == "done");
  return job["result_serial"].is_string() ? job["result_serial"].get<std::string>() : "";
}

}  // namespace

TEST_CASE("cli jobs: enroll into PEM files, the software store and a PKCS#12 file") {
  TestServer server;
  Machine m(server, "alice", "alice-demo-pass");
  const fs::path pem_dir = m.home.path() / "pem";

  // PEM files, JSON: the job's golden shape and where it went.
  const json pem = m.Json({"enroll", "nw-client-auth", "--store", "pem:" + pem_dir.string()});
  CHECK(Keys(pem) == std::vector<std::string>{"installed", "job"});
  const std::string pem_serial = CheckSucceeded(pem, "enroll");
  REQUIRE_FALSE(pem_serial.empty());
  CHECK(pem["job"]["profile_id"] == "nw-client-auth");
  CHECK(pem["job"]["title"] == "Enroll Engineering Client Authentication");
  CHECK(Keys(pem["installed"]) ==
        std::vector<std::string>{"expires", "location", "serial", "store"});
  CHECK(pem["installed"]["serial"] == pem_serial);
  CHECK(pem["installed"]["store"] == "pem");
  const fs::path slot = pem["installed"]["location"].get<std::string>();
  CHECK(slot.parent_path() == pem_dir);
  for (const char* file : {"cert.pem", "chain.pem", "key.pem"}) {
    CHECK_MESSAGE(fs::exists(slot / file), file);
  }
  CHECK(Mode(slot / "key.pem") == 0600);
  CHECK(Contains(ReadFile(slot / "key.pem"), "BEGIN PRIVATE KEY"));

  // The software store, PIN from the environment, human output with the steps on stderr.
  auto software = m.Run({"enroll", "nw-smime-signing", "--store", "software", "--key-type", "p384"},
                        {{"TRUSTDESK_PIN", "1234-soft"}});
  REQUIRE_MESSAGE(software.exit_code == 0, software.err);
  CHECK(Contains(software.out, "Enrolled S/MIME Email Signing (nw-smime-signing)\n"));
  CHECK(Contains(software.out, "  Installed in:  Software key store"));
  for (const char* step : {"Check policy…", "Generate key…", "Build request…", "Submit to CA…",
                           "Verify chain…", "Install…"}) {
    CHECK_MESSAGE(Contains(software.err, std::string("Enroll S/MIME Email Signing: ") + step),
                  software.err);
  }
  CHECK_FALSE(Contains(software.out + software.err, "1234-soft"));

  // A PKCS#12 file, the passphrase on standard input (escrowed: the profile requires it).
  const fs::path p12 = m.home.path() / "mail.p12";
  auto pkcs12 =
      m.Run({"--json", "enroll", "nw-smime-encryption", "--store", "pkcs12:" + p12.string()}, {},
            "p12-passphrase\n");
  REQUIRE_MESSAGE(pkcs12.exit_code == 0, pkcs12.err);
  const json p = Parse(pkcs12);
  const std::string p12_serial = CheckSucceeded(p, "enroll");
  bool escrowed = false;
  for (const auto& step : p["job"]["steps"]) escrowed = escrowed || step["step"] == "escrow";
  CHECK(escrowed);
  CHECK(p["installed"]["store"] == "pkcs12");
  CHECK(fs::exists(p12));
  CHECK(Mode(p12) == 0600);
  CHECK(pkcs12.err.empty());  // --json: no progress lines

  // certs shows all three installed here.
  const json certs = m.Json({"certs"});
  int here = 0;
  for (const auto& c : certs["certificates"]) {
    if (c["on_this_machine"].is_null()) continue;
    ++here;
    CHECK(c["status"] == "valid");
  }
  CHECK(here == 3);
  CHECK(m.Cert(pem_serial)["on_this_machine"]["store"] == "pem");
  CHECK(m.Cert(p12_serial)["on_this_machine"]["location"] == p12.string());
}

TEST_CASE("cli jobs: renew inside the renewal window, exit 3 outside it, revoke with a reason") {
  TestServer server;
  Machine m(server, "demo", "demo");
  const fs::path dir = m.home.path() / "pem";
  const std::string store = "pem:" + dir.string();

  // A fresh certificate is far from its renewal window: nothing to do.
  const std::string fresh =
      CheckSucceeded(m.Json({"enroll", "nw-client-auth", "--store", store}), "enroll");
  auto early = m.Run({"renew", fresh});
  CHECK_MESSAGE(early.exit_code == 3, early.err);
  CHECK(Contains(early.out, "Nothing to do: " + fresh + " expires in"));
  CHECK(Contains(early.out, "window opens at 25% of lifetime left"));
  auto early_json = m.Run({"--json", "renew", fresh});
  CHECK(early_json.exit_code == 3);
  const json e = Parse(early_json);
  CHECK(Keys(e) == std::vector<std::string>{"installed", "job", "renew_reason", "renew_status",
                                            "window_opens"});
  CHECK(e["job"].is_null());
  CHECK(e["renew_status"] == "no_action");
  CHECK(e["window_opens"].is_string());

  // Issued while can-renew is active, a certificate expires in 5 days: inside the window.
  LoadScenario(server, json::parse(ReadFile(ScenarioPath("can-renew"))));
  const fs::path dir2 = m.home.path() / "pem2";
  const std::string old = CheckSucceeded(
      m.Json({"enroll", "nw-client-auth", "--store", "pem:" + dir2.string()}), "enroll");
  const json renewed = m.Json({"renew", old});
  const std::string serial = CheckSucceeded(renewed, "renew");
  CHECK(renewed["job"]["serial"] == old);
  REQUIRE_FALSE(serial.empty());
  CHECK(serial != old);
  CHECK(renewed["installed"]["serial"] == serial);
  CHECK(renewed["installed"]["store"] == "pem");
  CHECK(renewed["renew_status"] == "can_renew");
  // The profile revokes the certificate a renewal replaces, and it is gone from this machine.
  const json replaced = m.Cert(old);
  CHECK(replaced["status"] == "revoked");
  CHECK(replaced["on_this_machine"].is_null());
  CHECK(m.Cert(serial)["on_this_machine"]["store"] == "pem");

  // Revoke: an unknown reason is a usage error listing the valid ones; a known one revokes.
  auto bad = m.Run({"revoke", fresh, "--reason", "bored"});
  CHECK(bad.exit_code == 2);
  CHECK(Contains(bad.err,
                 "--reason: unknown reason 'bored'; expected one of unspecified, "
                 "key_compromise, affiliation_changed, superseded, "
                 "cessation_of_operation"));
  auto revoke = m.Run({"revoke", fresh, "--reason", "superseded"});
  REQUIRE_MESSAGE(revoke.exit_code == 0, revoke.err);
  CHECK(revoke.out == "Revoked " + fresh + " (superseded)\n");
  CHECK(Contains(revoke.err, "Revoke "));
  const json row = m.Cert(fresh);
  CHECK(row["status"] == "revoked");
  CHECK(row["on_this_machine"]["store"] == "pem");
  // A revoked certificate cannot be renewed: the job says why, exit 1.
  auto again = m.Run({"renew", fresh});
  CHECK(again.exit_code == 1);
  CHECK(Contains(again.err, "failed: Check policy: certificate " + fresh + " is revoked"));
}

TEST_CASE("cli jobs: export PEM and PKCS#12, the policy's refusal, recover on another machine") {
  TestServer server;
  Machine m(server, "alice", "alice-demo-pass");
  const std::map<std::string, std::string> secrets = {
      {"TRUSTDESK_PIN", "1234-soft"}, {"TRUSTDESK_EXPORT_PASSPHRASE", "export-pass-1"}};
  const std::string serial = CheckSucceeded(
      m.Json({"enroll", "nw-smime-encryption", "--store", "software"}, secrets), "enroll");

  const fs::path out_dir = m.home.path() / "out";
  fs::create_directories(out_dir);
  auto pem = m.Run({"export", serial, "--format", "pem", "--out", (out_dir / "mail.pem").string()},
                   secrets);
  REQUIRE_MESSAGE(pem.exit_code == 0, pem.err);
  CHECK(pem.out == "Exported " + serial + " as PEM to " + (out_dir / "mail.pem").string() + "\n");
  CHECK(Mode(out_dir / "mail.pem") == 0600);
  const std::string pem_text = ReadFile(out_dir / "mail.pem");
  CHECK(Contains(pem_text, "BEGIN ENCRYPTED PRIVATE KEY"));
  CHECK(Contains(pem_text, "BEGIN CERTIFICATE"));

  const json p12 = m.Json(
      {"export", serial, "--format", "pkcs12", "--out", (out_dir / "mail.p12").string()}, secrets);
  CheckSucceeded(p12, "export");
  CHECK(Keys(p12) == std::vector<std::string>{"job"});
  auto openssl = RunProgram("/usr/bin/openssl", {{"pkcs12", "-in", (out_dir / "mail.p12").string(),
                                                  "-passin", "env:TD_EXPORT", "-nodes"},
                                                 {{"TD_EXPORT", "export-pass-1"}},
                                                 "",
                                                 m.home.path()});
  CHECK_MESSAGE(openssl.exit_code == 0, openssl.err);
  CHECK(Contains(openssl.out, "BEGIN CERTIFICATE"));
  CHECK(Contains(openssl.out, "BEGIN PRIVATE KEY"));
  // Never overwritten.
  auto twice = m.Run(
      {"export", serial, "--format", "pem", "--out", (out_dir / "mail.pem").string()}, secrets);
  CHECK(twice.exit_code == 1);
  CHECK(Contains(twice.err, "already exists"));

  // nw-client-auth does not allow exporting the key: exit 1 with the policy's words.
  const std::string locked = CheckSucceeded(
      m.Json({"enroll", "nw-client-auth", "--store", "pem:" + (m.home.path() / "pem").string()}),
      "enroll");
  auto refused = m.Run(
      {"export", locked, "--format", "pem", "--out", (out_dir / "auth.pem").string()}, secrets);
  CHECK(refused.exit_code == 1);
  CHECK(Contains(refused.err, "failed: Check policy: "));
  CHECK(Contains(refused.err, "does not allow exporting the private key"));
  CHECK_FALSE(fs::exists(out_dir / "auth.pem"));

  // The escrowed key comes back on a second machine of the same user.
  Machine other(server, "alice", "alice-demo-pass");
  auto recovered = other.Run(
      {"recover", serial},
      {{"TRUSTDESK_PIN", "other-pin"}, {"TRUSTDESK_RECOVERY_PASSPHRASE", "transport-pass"}});
  REQUIRE_MESSAGE(recovered.exit_code == 0, recovered.err);
  CHECK(Contains(recovered.out, "Recovered the key of " + serial + "\n"));
  CHECK(other.Cert(serial)["on_this_machine"]["store"] == "software");

  // The server asks for the password again: a wrong one is an authentication failure (exit 4).
  Machine third(server, "alice", "alice-demo-pass");
  auto wrong =
      third.Run({"recover", serial}, {{"TRUSTDESK_PASSWORD", "not-alices-password"},
                                      {"TRUSTDESK_PIN", "third-pin"},
                                      {"TRUSTDESK_RECOVERY_PASSPHRASE", "transport-pass"}});
  CHECK(wrong.exit_code == 4);
  CHECK_FALSE(Contains(wrong.err + wrong.out, "not-alices-password"));

  // From standard input the password is read once and serves the sign-in and the recovery.
  auto piped = RunCli(
      {{"--server", server.url(), "--ca-file", server.ca_file().string(), "--account", "northwind",
        "--user", "alice", "--data-dir", (third.home.path() / "piped").string(), "recover", serial},
       {{"TRUSTDESK_PIN", "piped-pin"}, {"TRUSTDESK_RECOVERY_PASSPHRASE", "transport-pass"}},
       "alice-demo-pass\n",
       third.home.path()});
  CHECK_MESSAGE(piped.exit_code == 0, piped.err);
}

TEST_CASE("cli jobs: background-actions enrolls once, then has nothing to do") {
  TestServer server;
  Machine m(server, "alice", "alice-demo-pass");
  const json first = m.Json({"background-actions"});
  CHECK(Keys(first) == std::vector<std::string>{"done", "failed", "items", "not_run_reason", "ran",
                                                "skipped", "started_at", "summary", "trigger"});
  CHECK(first["ran"] == true);
  CHECK(first["trigger"] == "manual");
  CHECK(first["done"] == 1);
  CHECK(first["failed"] == 0);
  std::string enrolled;
  for (const auto& item : first["items"]) {
    CHECK(Keys(item) == std::vector<std::string>{"action", "job_id", "message", "new_serial",
                                                 "outcome", "profile_id", "profile_name", "reason",
                                                 "scripts_note", "serial"});
    if (item["outcome"] == "done") {
      CHECK(item["action"] == "enroll");
      CHECK(item["profile_id"] == "nw-client-auth");
      enrolled = item["new_serial"].get<std::string>();
    } else {
      CHECK(item["outcome"] == "skipped");  // needs a PIN or passphrase
    }
  }
  REQUIRE_FALSE(enrolled.empty());
  const json row = m.Cert(enrolled);
  CHECK(row["on_this_machine"]["store"] == "pem");
  CHECK(Contains(row["on_this_machine"]["location"].get<std::string>(), "certificates"));

  auto second = m.Run({"background-actions"});
  CHECK_MESSAGE(second.exit_code == 3, second.err);
  CHECK(Contains(second.out, "Background actions: "));
  CHECK_FALSE(Contains(second.out, "enrolled"));
}

TEST_CASE("cli jobs: no session exits 4, a missing secret 2, a session refused mid-job 4") {
  TestServer server;
  Machine m(server, "alice", "alice-demo-pass");
  TempDir nobody;
  auto unsigned_in = RunCli({{"--data-dir", (nobody.path() / "td").string(), "enroll",
                              "nw-client-auth", "--store", "software"},
                             {},
                             "",
                             nobody.path()});
  CHECK(unsigned_in.exit_code == 4);
  CHECK(Contains(unsigned_in.err, "not signed in"));

  auto no_pin = m.Run({"enroll", "nw-client-auth", "--store", "software"});
  CHECK(no_pin.exit_code == 2);
  CHECK(Contains(no_pin.err, "enroll: the software key store PIN is required: set TRUSTDESK_PIN"));
  auto no_passphrase = m.Run(
      {"enroll", "nw-smime-signing", "--store", "pkcs12:" + (m.home.path() / "a.p12").string()});
  CHECK(no_passphrase.exit_code == 2);
  CHECK(Contains(no_passphrase.err, "TRUSTDESK_PASSPHRASE"));
  auto no_export = m.Run({"export", "ab12", "--format", "pem", "--out", "x.pem"});
  CHECK(no_export.exit_code == 2);
  CHECK(Contains(no_export.err, "TRUSTDESK_EXPORT_PASSPHRASE"));

  // A store the profile does not allow: the job refuses before generating a key, exit 1.
  auto not_allowed =
      m.Run({"enroll", "nw-client-auth", "--store", "pkcs12:" + (m.home.path() / "b.p12").string()},
            {{"TRUSTDESK_PASSPHRASE", "p12-passphrase"}});
  CHECK(not_allowed.exit_code == 1);
  CHECK(
      Contains(not_allowed.err, "Enroll Engineering Client Authentication failed: Check policy:"));

  // The server refuses the session when the request reaches the CA: exit 4, the step named.
  LoadScenario(
      server,
      {{"name", "expire-on-enroll"},
       {"rules", {{{"route", "POST /api/v1/profiles/*/enroll"}, {"action", "expire_token"}}}}});
  auto refused = m.Run(
      {"--json", "enroll", "nw-client-auth", "--store", "pem:" + (m.home.path() / "p").string()});
  CHECK(refused.exit_code == 4);
  CHECK(Contains(refused.err, "failed: Submit to CA: "));
  const json doc = Parse(refused);
  CHECK(doc["job"]["state"] == "failed");
  CHECK(doc["job"]["error_code"] == "auth_error");
  CHECK(doc["installed"].is_null());
  bool failed_at_submit = false;
  for (const auto& step : doc["job"]["steps"]) {
    if (step["step"] == "submit") failed_at_submit = step["status"] == "failed";
  }
  CHECK(failed_at_submit);
}
