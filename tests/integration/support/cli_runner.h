// Runs the real trustdesk-cli binary as a child process (posix_spawn, no shell) with a clean
// environment, optional standard input, and captures its exit code, stdout and stderr.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace trustdesk::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

struct CliRun {
  std::vector<std::string> args;           // argv[1..]
  std::map<std::string, std::string> env;  // the whole environment besides PATH and HOME
  std::string stdin_text;                  // fed to stdin, then closed
  std::filesystem::path home;              // HOME for the child (required: keeps it isolated)
};

std::filesystem::path CliBinary();  // build/bin/trustdesk-cli
CliResult RunCli(const CliRun& run);
// The same for another program (e.g. /usr/bin/openssl to read what the CLI wrote).
CliResult RunProgram(const std::filesystem::path& binary, const CliRun& run);

}  // namespace trustdesk::testing
