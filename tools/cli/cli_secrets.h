// Secrets for trustdesk-cli: never from argv. Each comes from its environment variable, else from
// the next line of standard input — prompted on stderr with echo off when stdin is a terminal.
#pragma once

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
};

}  // namespace trustdesk::cli
