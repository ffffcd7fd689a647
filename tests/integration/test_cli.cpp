// trustdesk-cli as a real child process against the in-process reference server: --help, usage
// errors (exit 2), authentication (exit 4), sign-in / whoami / sync / profiles / profile / certs
// with their JSON shapes and exit codes, and the 304 of a second unchanged sync.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/integration/support/cli_runner.h"
#include "tests/integration/support/test_server.h"

using namespace trustdesk::testing;
using nlohmann::json;

namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A CLI user with a private HOME and data directory, talking to `server`.
struct CliUser {
  TestServer& server;
  TempDir home;
  std::filesystem::path data = home.path() / "td";

  explicit CliUser(TestServer& s) : server(s) {}

  std::vector<std::string> Global(const std::string& user) const {
    return {"--server",   server.url(), "--ca-file", server.ca_file().string(),
            "--account",  "northwind",  "--user",    user,
            "--data-dir", data.string()};
  }
  CliResult Run(std::vector<std::string> args, std::map<std::string, std::string> env = {},
                std::string stdin_text = {}) const {
    return RunCli({std::move(args), std::move(env), std::move(stdin_text), home.path()});
  }
  // Global options for `user`, then `command`, with the password in the environment.
  CliResult As(const std::string& user, const std::string& password,
               std::vector<std::string> command) const {
    auto args = Global(user);
    args.insert(args.end(), command.begin(), command.end());
    return Run(args, {{"TRUSTDESK_PASSWORD", password}});
  }
  std::string ReadLog(const std::string& name) const {
    std::ifstream in(data / "cache" / "logs" / name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

json Parse(const CliResult& r) {
  auto j = json::parse(r.out, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), "not JSON: " << r.out << " / stderr: " << r.err);
  return j;
}

// The keys of an object, sorted: the golden shape of a document.
std::vector<std::string> Keys(const json& j) {
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  return keys;
}

int Count(const std::string& text, const std::string& part) {
  int n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("cli: --help for the tool and every command") {
  TestServerOptions options;
  options.demo = false;
  TestServer server(options);
  CliUser u(server);
  auto top = u.Run({"--help"});
  CHECK(top.exit_code == 0);
  for (const char* cmd : {"signin", "signout", "whoami", "sync", "profiles", "profile", "certs",
                          "enroll", "renew", "revoke", "export", "recover", "background-actions"}) {
    CHECK_MESSAGE(Contains(top.out, std::string("  ") + cmd), cmd);
    auto help = u.Run({cmd, "--help"});
    CHECK_MESSAGE(help.exit_code == 0, cmd);
    CHECK_MESSAGE(Contains(help.out, std::string("Usage: trustdesk-cli [global options] ") + cmd),
                  help.out);
  }
  CHECK(Contains(top.out, "4 authentication required or failed"));
  auto version = u.Run({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out == std::string("trustdesk-cli ") + TRUSTDESK_VERSION + "\n");
}

TEST_CASE("cli: bad arguments exit 2 with a message that names the problem") {
  TestServerOptions options;
  options.demo = false;
  TestServer server(options);
  CliUser u(server);
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{}, "no command given"},
      {{"frobnicate"}, "unknown command 'frobnicate'"},
      {{"profile"}, "profile: ID is required"},
      {{"profiles", "extra"}, "profiles: unexpected argument 'extra'"},
      {{"sync", "--force"}, "sync: unknown option --force"},
      {{"--server"}, "--server: a value is required"},
      {{"enroll", "nw-vpn"}, "enroll: --store is required"},
      {{"enroll", "nw-vpn", "--store", "floppy:A"},
       "--store: expected pem:DIR, pkcs12:FILE or software"},
      {{"enroll", "nw-vpn", "--store", "software", "--key-type", "dsa"}, "--key-type: expected"},
      {{"enroll", "nw-vpn", "--store", "software", "--field", "noequals"},
       "--field: expected NAME=VALUE"},
      {{"revoke", "ab12"}, "revoke: --reason is required"},
      {{"export", "ab12", "--format", "zip", "--out", "x"}, "--format: expected pem or pkcs12"},
      {{"export", "ab12", "--format", "pem"}, "export: --format and --out are required"},
      {{"--json=yes", "sync"}, "--json takes no value"},
  };
  for (const auto& [args, message] : cases) {
    auto r = u.Run(args);
    CHECK_MESSAGE(r.exit_code == 2, r.err);
    CHECK_MESSAGE(Contains(r.err, message), "expected '" << message << "' in: " << r.err);
    CHECK(Contains(r.err, "Try 'trustdesk-cli --help'."));
    CHECK(r.out.empty());
  }
}

TEST_CASE("cli: authentication failures exit 4") {
  TestServer server;
  CliUser u(server);
  auto wrong = u.As("alice", "not-her-password", {"signin"});
  CHECK(wrong.exit_code == 4);
  CHECK(Contains(wrong.err, "sign-in refused: wrong account ID, user name or password"));

  // A disabled user is refused like a wrong password (the server is no password oracle).
  auto disabled = u.As("carol", "carol-demo-pass", {"signin"});
  CHECK(disabled.exit_code == 4);
  CHECK(Contains(disabled.err, "sign-in refused: wrong account ID, user name or password"));

  auto no_password =
      u.Run({"--server", server.url(), "--ca-file", server.ca_file().string(), "--account",
             "northwind", "--user", "alice", "--data-dir", u.data.string(), "whoami"});
  CHECK(no_password.exit_code == 4);
  CHECK(Contains(no_password.err, "authentication required"));

  auto nobody = u.Run({"--data-dir", (u.home.path() / "fresh").string(), "profiles"});
  CHECK(nobody.exit_code == 4);
  CHECK(Contains(nobody.err, "not signed in"));

  auto missing = u.Run({"--data-dir", (u.home.path() / "fresh").string(), "signin"});
  CHECK(missing.exit_code == 2);
  CHECK(Contains(missing.err, "--server, --account and --user are required"));
}

TEST_CASE("cli: sign-in from stdin, whoami, sync twice (0 then 3 with one 304), signout") {
  TestServer server;
  CliUser u(server);
  auto args = u.Global("alice");
  args.insert(args.end(), {"--json", "signin"});
  auto signin = u.Run(args, {}, "alice-demo-pass\n");
  REQUIRE_MESSAGE(signin.exit_code == 0, signin.err);
  const json s = Parse(signin);
  CHECK(Keys(s) == std::vector<std::string>{"account", "expires_at", "remember_note", "remembered",
                                            "server_url", "signed_in", "sync"});
  CHECK(s["signed_in"] == true);
  CHECK(s["remembered"] == false);  // no OS secret store in the test environment
  CHECK(Contains(s["remember_note"].get<std::string>(), "not remembered"));
  CHECK(Keys(s["account"]) ==
        std::vector<std::string>{"business_unit", "division", "id", "name", "user"});
  CHECK(Keys(s["account"]["user"]) ==
        std::vector<std::string>{"attributes", "display_name", "email", "id", "username"});
  CHECK(s["account"]["user"]["username"] == "alice");
  CHECK(Keys(s["sync"]) == std::vector<std::string>{"bytes", "changed_profiles", "duration_ms",
                                                    "http_status", "message", "result", "revision",
                                                    "started_at", "trigger"});
  CHECK(s["sync"]["result"] == "updated");
  CHECK(s["sync"]["changed_profiles"] == 4);

  // The identity is remembered (not the password): later commands only need the password.
  auto who = u.Run({"--data-dir", u.data.string(), "--json", "whoami"},
                   {{"TRUSTDESK_PASSWORD", "alice-demo-pass"}});
  REQUIRE_MESSAGE(who.exit_code == 0, who.err);
  const json w = Parse(who);
  CHECK(Keys(w) == std::vector<std::string>{"account", "server_url"});
  CHECK(w["account"]["user"]["display_name"] == "Alice Chen");
  CHECK(w["server_url"] == server.url());

  auto human =
      u.Run({"--data-dir", u.data.string(), "whoami"}, {{"TRUSTDESK_PASSWORD", "alice-demo-pass"}});
  CHECK(human.exit_code == 0);
  CHECK(Contains(human.out, "User:           Alice Chen (alice)"));
  CHECK(Contains(human.out, "Account:        Northwind Engineering (northwind)"));

  // Nothing changed since: each sync is one conditional request answered 304, exit 3.
  const std::string before = u.ReadLog("requests.log");
  auto sync = u.Run({"--data-dir", u.data.string(), "--json", "sync"},
                    {{"TRUSTDESK_PASSWORD", "alice-demo-pass"}});
  CHECK_MESSAGE(sync.exit_code == 3, sync.err);
  const json y = Parse(sync);
  CHECK(Keys(y) == std::vector<std::string>{"bytes", "changed_profiles", "duration_ms",
                                            "http_status", "issued_certificates", "last_synced",
                                            "message", "profiles", "result", "revision",
                                            "started_at", "trigger"});
  CHECK(y["result"] == "up_to_date");
  CHECK(y["http_status"] == 304);
  CHECK(y["profiles"] == 4);
  const std::string after = u.ReadLog("requests.log");
  REQUIRE(after.size() > before.size());
  const std::string run = after.substr(before.size());
  CHECK_MESSAGE(Count(run, " 304 ") == 1, run);
  CHECK_MESSAGE(Count(run, "GET /api/v1/profiles ") == 1, run);
  CHECK_MESSAGE(Count(run, "GET /api/v1/certificates") == 0, run);
  CHECK_FALSE(Contains(after, "alice-demo-pass"));

  auto text =
      u.Run({"--data-dir", u.data.string(), "sync"}, {{"TRUSTDESK_PASSWORD", "alice-demo-pass"}});
  CHECK(text.exit_code == 3);
  CHECK(Contains(text.out, "Up to date: 4 profiles"));

  auto out = u.Run({"--data-dir", u.data.string(), "signout"});
  CHECK(out.exit_code == 3);  // nothing remembered without a secret store
  CHECK(Contains(out.err, "no remembered session"));
}

TEST_CASE("cli: the first sync of a fresh data directory exits 0, the second 3") {
  TestServer server;
  CliUser u(server);
  auto first = u.As("bob", "bob-demo-pass", {"sync"});
  CHECK_MESSAGE(first.exit_code == 0, first.err);
  CHECK(Contains(first.out, "Updated — 4 profiles changed: 4 profiles"));
  auto second = u.As("bob", "bob-demo-pass", {"sync"});
  CHECK_MESSAGE(second.exit_code == 3, second.err);
}

TEST_CASE("cli: profiles, profile and certs as tables and JSON") {
  TestServer server;
  CliUser u(server);
  auto profiles = u.As("demo", "demo", {"--json", "profiles"});
  REQUIRE_MESSAGE(profiles.exit_code == 0, profiles.err);
  const json p = Parse(profiles);
  CHECK(Keys(p) == std::vector<std::string>{"last_synced", "profiles", "revision"});
  REQUIRE(p["profiles"].size() == 12);
  const json& first = p["profiles"][0];
  CHECK(Keys(first) == std::vector<std::string>{"auto_enroll", "auto_renew", "compatible", "id",
                                                "issued_count", "key_stores", "name",
                                                "renew_reason", "renew_status", "revision",
                                                "version"});
  json pq;
  for (const auto& row : p["profiles"]) {
    if (row["id"] == "nw-pq-pilot") pq = row;
  }
  REQUIRE(pq.is_object());
  CHECK(pq["compatible"] == false);
  CHECK(pq["renew_status"] == "no_action");
  CHECK(Contains(pq["renew_reason"].get<std::string>(), "requires TrustDesk 3.0"));

  auto table = u.As("demo", "demo", {"profiles"});
  REQUIRE(table.exit_code == 0);
  std::istringstream lines(table.out);
  std::string header, row;
  std::getline(lines, header);
  CHECK(header.rfind("ID", 0) == 0);
  const auto name_col = header.find("NAME");
  const auto version_col = header.find("VERSION");
  REQUIRE(name_col != std::string::npos);
  int rows = 0;
  while (std::getline(lines, row)) {
    ++rows;
    // Aligned: every row has its name where the header has NAME, preceded by two blanks.
    CHECK_MESSAGE(row.substr(name_col - 2, 2) == "  ", row);
    CHECK_MESSAGE(row[name_col] != ' ', row);
    CHECK_MESSAGE(row[version_col] != ' ', row);
  }
  CHECK(rows == 12);
  CHECK(Contains(table.out, "3.0 (incompatible)"));

  auto one = u.As("demo", "demo", {"--json", "profile", "nw-smime-encryption"});
  REQUIRE_MESSAGE(one.exit_code == 0, one.err);
  const json d = Parse(one);
  CHECK(Keys(d) == std::vector<std::string>{"account", "changes", "compatible", "is_new",
                                            "issued_count", "profile", "raw", "renew_reason",
                                            "renew_status"});
  CHECK(d["profile"]["id"] == "nw-smime-encryption");
  CHECK(d["profile"]["policy"]["key_escrow"]["required"] == true);
  CHECK(d["raw"]["id"] == "nw-smime-encryption");

  auto text = u.As("demo", "demo", {"profile", "nw-smime-encryption"});
  REQUIRE(text.exit_code == 0);
  for (const char* section : {"General information", "Account", "Policy", "Certificate format",
                              "Advanced", "Key escrow:", "Renewal window:", "Profile ID:"}) {
    CHECK_MESSAGE(Contains(text.out, section), section);
  }

  auto unknown = u.As("demo", "demo", {"profile", "nw-nothing"});
  CHECK(unknown.exit_code == 1);
  CHECK(Contains(unknown.err, "profile nw-nothing: not assigned to you"));

  auto certs = u.As("demo", "demo", {"--json", "certs"});
  REQUIRE_MESSAGE(certs.exit_code == 0, certs.err);
  const json c = Parse(certs);
  CHECK(Keys(c) == std::vector<std::string>{"certificates"});
  CHECK(c["certificates"].is_array());

  auto filtered = u.As("demo", "demo", {"certs", "--profile", "nw-vpn"});
  CHECK(filtered.exit_code == 0);
  auto bad_filter = u.As("demo", "demo", {"certs", "--profile", "nw-nothing"});
  CHECK(bad_filter.exit_code == 1);
}
