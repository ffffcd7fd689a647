// "Copy as CLI command" (Advanced mode): the trustdesk-cli line that does what a window action
// does, on the same state (without --data-dir the CLI shares the window's files). Secrets are
// never in the line: the CLI reads them from its environment variables (TRUSTDESK_PIN,
// TRUSTDESK_PASSPHRASE, …) or asks on standard input. Words are quoted for a POSIX shell.
#pragma once

#include <string>
#include <string_view>

#include "app/ui/commands.h"

namespace trustdesk {

// 'it'\''s' style quoting; plain words (letters, digits, - _ . / : = @ , +) stay as they are.
std::string ShellQuote(std::string_view word);

std::string CliCommand(const SyncNowCommand&);
std::string CliCommand(const RunBackgroundActionsCommand&);
std::string CliCommand(const EnrollCommand& command);
std::string CliCommand(const RenewCommand& command);
std::string CliCommand(const RevokeCommand& command);
std::string CliCommand(const ExportCommand& command);
std::string CliCommand(const RecoverKeyCommand& command);

}  // namespace trustdesk
