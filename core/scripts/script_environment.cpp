#include <cstdlib>

#include "core/scripts/script_runner.h"

namespace trustdesk {

std::map<std::string, std::string> BuildScriptEnvironment(const ScriptContext& context) {
  std::map<std::string, std::string> env;
#ifdef _WIN32
  env["PATH"] = "C:\\Windows\\System32;C:\\Windows";
  for (const char* name : {"SystemRoot", "USERPROFILE", "TEMP", "TMP"}) {
    if (const char* value = std::getenv(name)) env[name] = value;
  }
#else
  env["PATH"] = "/usr/local/bin:/usr/bin:/bin";
  for (const char* name : {"HOME", "LANG", "TMPDIR", "USER", "LOGNAME"}) {
    if (const char* value = std::getenv(name)) env[name] = value;
  }
#endif
  env["TRUSTDESK_EVENT"] = context.event;
  env["TRUSTDESK_PROFILE_ID"] = context.profile_id;
  env["TRUSTDESK_PROFILE_NAME"] = context.profile_name;
  env["TRUSTDESK_SERIAL"] = context.serial;
  env["TRUSTDESK_KEY_STORE"] = context.key_store;
  env["TRUSTDESK_CERT_PATH"] = context.certificate_path;
  env["TRUSTDESK_COMMON_NAME"] = context.common_name;
  return env;
}

std::string ScriptOutcome::Summary() const {
  using std::to_string;
  if (timed_out) {
    return "timed out after " + to_string(duration.count() / 1000) + " s; process tree killed";
  }
  if (cancelled) return "cancelled; process tree killed";
  if (term_signal != 0) return "killed by signal " + to_string(term_signal);
  return exit_code == 0 ? "exit 0" : "failed with exit code " + to_string(exit_code);
}

}  // namespace trustdesk
