// A server cannot make a client run a command: trustdesk-cli as a real child process against the
// reference server, whose admin PATCHes the demo profile's scripts. A script runs only after the
// user allowed that exact script (profile, slot, name, command, arguments); a changed one is
// skipped and reported, and the certificate is still enrolled.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

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

// One machine of user alice: a private HOME and data directory, the password in the environment.
struct Machine {
  explicit Machine(TestServer& s) : server(s) {}

  TestServer& server;
  TempDir home;
  fs::path data = home.path() / "td";

  CliResult Run(std::vector<std::string> command) const {
    std::vector<std::string> args = {
        "--server",   server.url(), "--ca-file", server.ca_file().string(),
        "--account",  "northwind",  "--user",    "alice",
        "--data-dir", data.string()};
    args.insert(args.end(), command.begin(), command.end());
    return RunCli({std::move(args), {{"TRUSTDESK_PASSWORD", "alice-demo-pass"}}, {}, home.path()});
  }
  json Json(std::vector<std::string> command, int expected_exit = 0) const {
    command.insert(command.begin(), "--json");
    const CliResult r = Run(std::move(command));
    REQUIRE_MESSAGE(r.exit_code == expected_exit, r.err);
    auto doc = json::parse(r.out, nullptr, false);
    REQUIRE_MESSAGE(!doc.is_discarded(), "not JSON: " << r.out << " / " << r.err);
    return doc;
  }
  // Every Activity entry of kind "script", oldest first.
  std::vector<json> ScriptActivity() const {
    std::vector<json> out;
    std::ifstream in(data / "data" / "activity.jsonl");
    for (std::string line; std::getline(in, line);) {
      auto entry = json::parse(line, nullptr, false);
      if (!entry.is_discarded() && entry.value("kind", "") == "script") out.push_back(entry);
    }
    return out;
  }
};

void PatchScript(TestServer& server, const std::string& shell_command) {
  auto admin = server.Client();
  const json scripts = json::array({{{"name", "Post-install"},
                                     {"platform", "any"},
                                     {"command", "/bin/sh"},
                                     {"arguments", {"-c", shell_command}},
                                     {"timeout_seconds", 10}}});
  auto res = Call(*admin, "PATCH", "/api/v1/admin/profiles/nw-client-auth", server.admin_token(),
                  {{"policy", {{"scripts", scripts}}}});
  REQUIRE_MESSAGE(res.status == 200, res.body);
}

// The one background enrolment of nw-client-auth in a pass: its item.
json EnrolledItem(const json& report) {
  for (const auto& item : report["items"]) {
    if (item["profile_id"] == "nw-client-auth") return item;
  }
  FAIL("nw-client-auth was not in the background pass: " << report.dump());
  return nullptr;
}

}  // namespace

TEST_CASE(
    "security: a script the server PATCHes in runs only after the user allowed that exact script") {
  TestServer server;
  Machine m(server);
  // The old global switch is on: before per-script consent it authorised any command at all.
  fs::create_directories(m.data / "config");
  std::ofstream(m.data / "config" / "settings.json") << R"({"scripts_consent": true})";
  const fs::path marker = m.home.path() / "MARKER";
  PatchScript(server, "touch '" + marker.string() + "'");

  // 1. The background pass enrolls and installs the certificate, does not run the script, and
  //    says so in the item and the Activity log.
  const json first = m.Json({"background-actions"});
  const json item = EnrolledItem(first);
  CHECK(item["outcome"] == "done");
  CHECK_FALSE(fs::exists(marker));
  CHECK_MESSAGE(Contains(item["scripts_note"].get<std::string>(),
                         "script \"Post-install\" not run: you have not allowed it"),
                item.dump());
  CHECK(Contains(item["message"].get<std::string>(), "not run"));
  const auto skipped = m.ScriptActivity();
  REQUIRE_FALSE(skipped.empty());
  CHECK(Contains(skipped.back()["title"].get<std::string>(), "\"Post-install\" not run"));

  // 2. An interactive enrolment does not run it either, and names the command that allows it.
  const CliResult enrolled =
      m.Run({"enroll", "nw-client-auth", "--store", "pem:" + (m.home.path() / "pem").string()});
  REQUIRE_MESSAGE(enrolled.exit_code == 0, enrolled.err);
  CHECK_FALSE(fs::exists(marker));

  // 3. The user reviews it: the command and each argument exactly as the server sent them.
  const json listed = m.Json({"scripts", "list"});
  REQUIRE(listed["scripts"].size() == 1);
  const json script = listed["scripts"][0];
  CHECK(script["profile_id"] == "nw-client-auth");
  CHECK(script["command"] == "/bin/sh");
  CHECK(script["arguments"] == json::array({"-c", "touch '" + marker.string() + "'"}));
  CHECK(script["consent"] == "not_allowed");
  const std::string digest = script["digest"];
  CHECK(digest.size() == 64);
  CHECK_MESSAGE(Contains(enrolled.err, "trustdesk-cli scripts allow " + digest), enrolled.err);

  // 4. Allowed by its digest, into a 0600 file; the next enrolment runs it.
  const CliResult allowed = m.Run({"scripts", "allow", digest});
  REQUIRE_MESSAGE(allowed.exit_code == 0, allowed.err);
  CHECK(m.Json({"scripts", "list"})["scripts"][0]["consent"] == "allowed");
  const auto mode = fs::status(m.data / "config" / "script-consent.json").permissions();
  CHECK((mode & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  const CliResult ran =
      m.Run({"enroll", "nw-client-auth", "--store", "pem:" + (m.home.path() / "pem2").string()});
  REQUIRE_MESSAGE(ran.exit_code == 0, ran.err);
  CHECK(fs::exists(marker));
  CHECK_FALSE(Contains(ran.err, "not run"));
}

TEST_CASE("security: a script changed since the user allowed it is reported and never run") {
  TestServer server;
  Machine m(server);
  const fs::path allowed_marker = m.home.path() / "ALLOWED";
  PatchScript(server, "touch '" + allowed_marker.string() + "'");
  const std::string digest = m.Json({"scripts", "list"})["scripts"][0]["digest"];
  const CliResult allowed = m.Run({"scripts", "allow", digest});
  REQUIRE_MESSAGE(allowed.exit_code == 0, allowed.err);

  // The server swaps the argument, keeping the program and the name.
  const fs::path changed_marker = m.home.path() / "CHANGED";
  PatchScript(server, "touch '" + changed_marker.string() + "'");
  const json listed = m.Json({"scripts", "list"});
  CHECK(listed["scripts"][0]["consent"] == "changed");
  CHECK(listed["scripts"][0]["digest"] != digest);

  const json pass = m.Json({"background-actions"});
  const json item = EnrolledItem(pass);
  CHECK(item["outcome"] == "done");  // the certificate is installed all the same
  CHECK_FALSE(fs::exists(changed_marker));
  CHECK_FALSE(fs::exists(allowed_marker));
  CHECK_MESSAGE(Contains(item["scripts_note"].get<std::string>(),
                         "script \"Post-install\" not run: it changed since you allowed it"),
                item.dump());
  const auto reported = m.ScriptActivity();
  REQUIRE_FALSE(reported.empty());
  CHECK(Contains(reported.back()["title"].get<std::string>(), "changed since you allowed it"));
  CHECK(reported.back()["outcome"] == "failed");  // something to look at, not a silent skip
  CHECK(Contains(reported.back()["detail"].get<std::string>(), "nw-client-auth"));
  CHECK(Contains(reported.back()["detail"].get<std::string>(), changed_marker.string()));

  // Withdrawing the old consent leaves nothing allowed.
  const CliResult revoked = m.Run({"scripts", "revoke", digest});
  REQUIRE_MESSAGE(revoked.exit_code == 0, revoked.err);
  CHECK(m.Json({"scripts", "list"})["scripts"][0]["consent"] == "not_allowed");
}
