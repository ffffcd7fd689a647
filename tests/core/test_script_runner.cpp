#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/scripts/script_runner.h"

using namespace trustdesk;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/trustdesk-script-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

fs::path WriteScript(const fs::path& dir, const std::string& name, const std::string& body) {
  fs::path p = dir / name;
  std::ofstream(p) << "#!/bin/sh\n" << body;
  chmod(p.c_str(), 0700);
  return p;
}

ScriptInvocation Invocation(const fs::path& command, std::vector<std::string> args = {}) {
  ScriptInvocation inv;
  inv.command = command;
  inv.arguments = std::move(args);
  inv.environment = BuildScriptEnvironment({});
  inv.timeout = std::chrono::seconds(20);
  return inv;
}

bool ProcessGone(pid_t pid) {
  for (int i = 0; i < 100; ++i) {
    if (kill(pid, 0) != 0) return true;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    auto close_paren = line.rfind(')');
    if (close_paren != std::string::npos && line.size() > close_paren + 2 &&
        line[close_paren + 2] == 'Z') {
      return true;  // dead, waiting for its new parent to reap it
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

TEST_CASE("arguments with spaces and shell metacharacters reach the script literally") {
  TempDir dir;
  auto script = WriteScript(dir.path, "echo-args.sh", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n");
  std::vector<std::string> args = {"two words", "$(touch pwned)", "; rm -rf x", "*", "'\"", "a|b&c"};
  auto inv = Invocation(script, args);
  inv.working_directory = dir.path;
  auto outcome = RunScript(inv);
  REQUIRE(outcome.ok());
  CHECK(outcome->succeeded());
  CHECK(outcome->stdout_text ==
        "[two words]\n[$(touch pwned)]\n[; rm -rf x]\n[*]\n['\"]\n[a|b&c]\n");
  CHECK_FALSE(fs::exists(dir.path / "pwned"));
}

TEST_CASE("the script sees a cleaned environment plus the TRUSTDESK_ variables") {
  TempDir dir;
  setenv("TRUSTDESK_TEST_SECRET_TOKEN", "s3cr3t-token-value", 1);
  auto script = WriteScript(dir.path, "env.sh", "env\n");
  auto inv = Invocation(script);
  inv.environment = BuildScriptEnvironment({.event = "enrolled", .profile_id = "vpn-client",
                                            .profile_name = "VPN", .serial = "0a1b",
                                            .key_store = "pem",
                                            .certificate_path = "/tmp/x/cert.pem",
                                            .common_name = "alice"});
  auto outcome = RunScript(inv);
  unsetenv("TRUSTDESK_TEST_SECRET_TOKEN");
  REQUIRE(outcome.ok());
  CHECK(outcome->stdout_text.find("s3cr3t-token-value") == std::string::npos);
  CHECK(outcome->stdout_text.find("TRUSTDESK_EVENT=enrolled\n") != std::string::npos);
  CHECK(outcome->stdout_text.find("TRUSTDESK_SERIAL=0a1b\n") != std::string::npos);
  CHECK(outcome->stdout_text.find("TRUSTDESK_CERT_PATH=/tmp/x/cert.pem\n") != std::string::npos);
  CHECK(outcome->stdout_text.find("PATH=/usr/local/bin:/usr/bin:/bin\n") != std::string::npos);
}

TEST_CASE("a non-zero exit is reported with its code and stderr") {
  TempDir dir;
  auto script = WriteScript(dir.path, "fail.sh", "echo 'cannot reload service' >&2\nexit 7\n");
  auto outcome = RunScript(Invocation(script));
  REQUIRE(outcome.ok());
  CHECK_FALSE(outcome->succeeded());
  CHECK(outcome->exit_code == 7);
  CHECK(outcome->stderr_text == "cannot reload service\n");
  CHECK(outcome->Summary() == "failed with exit code 7");
}

TEST_CASE("a hanging script is killed at its timeout together with its children") {
  TempDir dir;
  auto pid_file = dir.path / "child.pid";
  auto script = WriteScript(dir.path, "hang.sh",
                            "sleep 300 &\necho $! > '" + pid_file.string() + "'\nsleep 300\n");
  auto inv = Invocation(script);
  // Long enough for a shell on a loaded machine to start and write the child's pid first.
  inv.timeout = std::chrono::seconds(2);
  auto outcome = RunScript(inv);
  REQUIRE(outcome.ok());
  CHECK(outcome->timed_out);
  CHECK_FALSE(outcome->succeeded());
  CHECK(outcome->Summary().find("timed out") == 0);
  std::ifstream in(pid_file);
  pid_t child = 0;
  in >> child;
  REQUIRE(child > 0);
  CHECK(ProcessGone(child));
}

TEST_CASE("output floods are bounded and the script still completes") {
  TempDir dir;
  auto script = WriteScript(dir.path, "flood.sh",
                            "head -c 5000000 /dev/zero | tr '\\000' x\n"
                            "head -c 300000 /dev/zero | tr '\\000' e >&2\n");
  auto inv = Invocation(script);
  inv.max_output_bytes = 4096;
  auto outcome = RunScript(inv);
  REQUIRE(outcome.ok());
  CHECK(outcome->succeeded());
  CHECK(outcome->stdout_text.size() == 4096);
  CHECK(outcome->stdout_truncated);
  CHECK(outcome->stderr_text.size() == 4096);
  CHECK(outcome->stderr_truncated);
}

TEST_CASE("a script can be cancelled while it runs") {
  TempDir dir;
  auto script = WriteScript(dir.path, "slow.sh", "sleep 300\n");
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    cancel = true;
  });
  auto outcome = RunScript(Invocation(script), &cancel);
  canceller.join();
  REQUIRE(outcome.ok());
  CHECK(outcome->cancelled);
  CHECK_FALSE(outcome->succeeded());
}

TEST_CASE("commands that are relative or missing are refused before anything runs") {
  auto relative = RunScript(Invocation("bin/reload.sh"));
  REQUIRE_FALSE(relative.ok());
  CHECK(relative.error().code == ErrorCode::InvalidInput);
  CHECK(relative.error().message.find("not an absolute path") != std::string::npos);

  auto missing = RunScript(Invocation("/nonexistent/trustdesk-hook"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::NotFound);
  CHECK(missing.error().message.find("/nonexistent/trustdesk-hook") != std::string::npos);
}

TEST_CASE("security: a descendant that calls setsid is killed at the timeout too") {
  TempDir dir;
  auto pid_file = dir.path / "escaped.pid";
  // setsid puts the sleeper in a new session and process group: killing the script's group alone
  // leaves it running.
  auto script = WriteScript(dir.path, "escape.sh",
                            "setsid /bin/sh -c 'echo $$ > \"$1\"; exec sleep 300' sh '" +
                                pid_file.string() + "' &\nsleep 300\n");
  auto inv = Invocation(script);
  inv.timeout = std::chrono::seconds(2);
  auto outcome = RunScript(inv);
  REQUIRE(outcome.ok());
  CHECK(outcome->timed_out);
  std::ifstream in(pid_file);
  pid_t escaped = 0;
  in >> escaped;
  REQUIRE(escaped > 0);
  CHECK(ProcessGone(escaped));
  if (!ProcessGone(escaped)) kill(escaped, SIGKILL);
}

TEST_CASE("security: a setsid descendant left behind by a script that exits is killed") {
  TempDir dir;
  auto pid_file = dir.path / "daemon.pid";
  auto script = WriteScript(dir.path, "daemon.sh",
                            "setsid /bin/sh -c 'echo $$ > \"$1\"; exec sleep 300' sh '" +
                                pid_file.string() + "' </dev/null >/dev/null 2>&1 &\n"
                                "while [ ! -s '" + pid_file.string() + "' ]; do sleep 0.05; done\n"
                                "exit 0\n");
  auto outcome = RunScript(Invocation(script));
  REQUIRE(outcome.ok());
  CHECK(outcome->succeeded());
  std::ifstream in(pid_file);
  pid_t daemon = 0;
  in >> daemon;
  REQUIRE(daemon > 0);
  CHECK(ProcessGone(daemon));
  if (!ProcessGone(daemon)) kill(daemon, SIGKILL);
}

TEST_CASE("security: the script inherits no descriptor other than 0, 1 and 2") {
  TempDir dir;
  // A descriptor TrustDesk (or a library in it) opened without O_CLOEXEC.
  int leaked[2];
  REQUIRE(pipe(leaked) == 0);
  // `ls` runs as a child of the shell, so it lists the shell's descriptors, not its own; with -c
  // the shell holds no descriptor for a script file either.
  auto outcome = RunScript(Invocation("/bin/sh", {"-c", "ls /proc/$$/fd; echo done"}));
  close(leaked[0]);
  close(leaked[1]);
  REQUIRE(outcome.ok());
  CHECK(outcome->succeeded());
  CHECK(outcome->stdout_text == "0\n1\n2\ndone\n");
}
