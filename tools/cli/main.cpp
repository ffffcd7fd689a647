// trustdesk-cli: the command-line twin of the TrustDesk window on the same core (SPEC §12).
#include <iostream>
#include <string>
#include <vector>

#include "tools/cli/cli_args.h"
#include "tools/cli/cli_context.h"
#include "tools/cli/commands.h"

using namespace trustdesk::cli;

namespace {

int Run(CliContext& ctx) {
  switch (*ctx.inv.command) {
    case Command::SignIn:
      return RunSignIn(ctx);
    case Command::SignOut:
      return RunSignOut(ctx);
    case Command::WhoAmI:
      return RunWhoAmI(ctx);
    case Command::Sync:
      return RunSync(ctx);
    case Command::Profiles:
      return RunProfiles(ctx);
    case Command::Profile:
      return RunProfile(ctx);
    case Command::Certs:
      return RunCerts(ctx);
    case Command::Enroll:
      return RunEnroll(ctx);
    case Command::Renew:
      return RunRenew(ctx);
    case Command::Revoke:
      return RunRevoke(ctx);
    case Command::Export:
      return RunExport(ctx);
    case Command::Recover:
      return RunRecover(ctx);
    case Command::BackgroundActions:
      return RunBackgroundActions(ctx);
    case Command::Scripts:
      return RunScripts(ctx);
  }
  return ctx.Fail(kExitFailure, std::string(CommandName(*ctx.inv.command)) + ": unknown command");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = ParseArguments(args);
  if (!parsed) {
    std::cerr << "trustdesk-cli: " << parsed.error().message << "\n"
              << "Try 'trustdesk-cli --help'.\n";
    return kExitUsage;
  }
  Invocation inv = std::move(parsed.value());
  if (inv.help) {
    std::cout << (inv.command ? CommandHelp(*inv.command) : GlobalHelp());
    return kExitDone;
  }
  if (inv.version) {
    std::cout << "trustdesk-cli " << TRUSTDESK_VERSION << "\n";
    return kExitDone;
  }
  CliContext ctx(std::move(inv), std::cout, std::cerr);
  const int code = Run(ctx);
  std::cout.flush();
  return code;
}
