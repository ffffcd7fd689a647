// Runs a post-processing script the way SPEC §7 requires: the executable is started directly
// (never through a shell) with a literal argument vector, a cleaned environment, only the
// descriptors 0 (/dev/null), 1 and 2, its own process group, and bounded capture of its output.
// Whatever the script starts dies with it: at its exit, its timeout or a cancel the whole process
// tree is killed, including descendants that left the group with setsid (POSIX: a subreaper
// keeper, script_keeper_posix.h; Windows: a Job object).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace trustdesk {

struct ScriptInvocation {
  std::filesystem::path command;                   // absolute path of the executable
  std::vector<std::string> arguments;              // argv[1..], passed literally
  std::map<std::string, std::string> environment;  // the complete environment of the child
  std::chrono::milliseconds timeout{30'000};
  std::size_t max_output_bytes = 64 * 1024;  // per stream; the rest is drained and dropped
  std::filesystem::path working_directory;   // empty = inherit
};

struct ScriptOutcome {
  int exit_code = -1;      // valid when exited normally
  int term_signal = 0;     // non-zero when killed by a signal
  bool timed_out = false;  // we killed the process tree at the timeout
  bool cancelled = false;  // we killed it because the caller asked
  std::string stdout_text;
  std::string stderr_text;
  bool stdout_truncated = false;
  bool stderr_truncated = false;
  std::chrono::milliseconds duration{0};

  bool succeeded() const { return !timed_out && !cancelled && term_signal == 0 && exit_code == 0; }
  // One line for the Activity log, e.g. "exit 3", "killed by signal 9", "timed out after 30 s".
  std::string Summary() const;
};

// What the post-processing script learns about the event. Each becomes a TRUSTDESK_* variable.
struct ScriptContext {
  std::string event;             // TRUSTDESK_EVENT: enrolled | renewed | recovered
  std::string profile_id;        // TRUSTDESK_PROFILE_ID
  std::string profile_name;      // TRUSTDESK_PROFILE_NAME
  std::string serial;            // TRUSTDESK_SERIAL
  std::string key_store;         // TRUSTDESK_KEY_STORE: pem | pkcs12 | software | os | pkcs11
  std::string certificate_path;  // TRUSTDESK_CERT_PATH (empty when the store has no file)
  std::string common_name;       // TRUSTDESK_COMMON_NAME
};

// The cleaned environment: a fixed PATH, HOME, LANG, TMPDIR from the parent, plus TRUSTDESK_*.
// Nothing else of the parent's environment (tokens, proxies, LD_*) reaches the script.
std::map<std::string, std::string> BuildScriptEnvironment(const ScriptContext& context);

// Runs the script to completion, timeout or cancellation. An error means it could not be started
// (missing executable, not absolute, spawn failure); a script that fails is an outcome, not an
// error.
Result<ScriptOutcome> RunScript(const ScriptInvocation& invocation,
                                const std::atomic<bool>* cancel = nullptr);

}  // namespace trustdesk
