// Secrets for trustdesk-cli: never from argv. Each comes from its environment variable, else from
// the next line of standard input — prompted on stderr with echo off when stdin is a terminal.
// A secret read from stdin is remembered for its variable, so one run asks for it once (the
// account password at sign-in and again for a key recovery).
#pragma once

#include <map>
#include <optional>
#include <string>

namespace trustdesk::cli {

class SecretReader {
 public:
  // The secret named `env_var` ("TRUSTDESK_PASSWORD"); `prompt` is shown on a terminal
  // ("Password for demo: "). nullopt when neither the variable nor a stdin line is available.
  std::optional<std::string> Read(const char* env_var, const std::string& prompt);
  // True when the variable is set (non-empty) or stdin may still supply a line.
  bool Available(const char* env_var) const;

 private:
  bool stdin_eof_ = false;
  std::map<std::string, std::string> from_stdin_;  // by variable name
};

}  // namespace trustdesk::cli
