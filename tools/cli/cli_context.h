// What every trustdesk-cli command works with: the parsed invocation, the Workspace on the chosen
// data directory, the secret reader and the output streams; plus the session step most commands
// start with (resume the remembered session, else sign in with the password from the environment
// or stdin) and the mapping of errors to exit codes.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "core/workspace/workspace.h"
#include "tools/cli/cli_args.h"
#include "tools/cli/cli_secrets.h"

namespace trustdesk::cli {

enum ExitCode : int {
  kExitDone = 0,
  kExitFailure = 1,
  kExitUsage = 2,
  kExitNothingToDo = 3,
  kExitAuth = 4,
};

// The exit code an error maps to: Auth and Forbidden → 4, everything else → 1.
int ExitCodeFor(const Error& error);

class CliContext {
 public:
  CliContext(Invocation invocation, std::ostream& out, std::ostream& err)
      : inv(std::move(invocation)), out(out), err(err) {}

  // Opens the workspace. `conditional_first_sync`: an unchanged profile list costs one 304.
  Status OpenWorkspace(bool conditional_first_sync);

  // The server, account and user: the options, else the last sign-in (the CA file only follows
  // when the server is the same). Fields may be empty.
  SessionIdentity Identity() const;

  // Makes sure a session is signed in and its first sync has finished; returns that sync.
  Result<SyncAttempt> EnsureSession();

  // Opens the workspace, signs in and syncs; a failed sync with cached data goes on with a note
  // on stderr. Returns -1 to go on, otherwise the exit code (the error already printed).
  int PrepareData(bool conditional_first_sync);

  // Prints "trustdesk-cli: <message>" on stderr and returns the exit code.
  int Fail(const Error& error) const;
  int Fail(int code, const std::string& message) const;

  Invocation inv;
  std::ostream& out;
  std::ostream& err;
  SecretReader secrets;
  std::unique_ptr<Workspace> ws;
};

}  // namespace trustdesk::cli
