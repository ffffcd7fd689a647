// Key escrow at start-up: where the escrow passphrase comes from (the operator's file or
// environment variable, or for --demo only a random one kept beside the data directory), opening
// the EscrowVault with it, and the notes that tell the operator when escrow is off and why.
// The passphrase never comes from argv.
#pragma once

#include <filesystem>
#include <string>

#include "core/util/result.h"
#include "tools/server/server_state.h"

namespace trustdesk::server {

constexpr std::size_t kMinEscrowPassphraseChars = 12;
constexpr const char* kEscrowPassphraseVariable = "TRUSTDESK_ESCROW_PASSPHRASE";

// Checks an operator's passphrase; `source` (a file name or the variable) names it in errors.
Result<std::string> CheckEscrowPassphrase(std::string passphrase, const std::string& source);
// The first line of `file` (without its line break), checked.
Result<std::string> ReadEscrowPassphraseFile(const std::filesystem::path& file);

// DATA.escrow-passphrase: beside the data directory, so a copy of the directory alone does not
// carry the passphrase.
std::filesystem::path DemoEscrowPassphraseFile(const std::filesystem::path& data_dir);
// The demo's passphrase: read from DemoEscrowPassphraseFile(), or made up (256 random bits) and
// written there 0600.
Result<std::string> LoadOrCreateDemoEscrowPassphrase(const std::filesystem::path& data_dir);

// Opens state.escrow with options.escrow_passphrase (or the demo's). Without a passphrase escrow
// stays off (state.escrow null) and state.notices says why. A passphrase that does not open the
// stored key is an error: the server does not start.
Status StartKeyEscrow(ServerState& state);

}  // namespace trustdesk::server
