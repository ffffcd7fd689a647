// The command line of trustdesk-cli: global options, the command and its own options, parsed
// strictly (an unknown option, a missing value or a bad value is a usage error, exit 2). Secrets
// never come from here: passwords, PINs and passphrases are read from the environment or stdin.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/issued_certificate.h"
#include "core/model/profile.h"
#include "core/util/result.h"

namespace trustdesk::cli {

enum class Command {
  SignIn,
  SignOut,
  WhoAmI,
  Sync,
  Profiles,
  Profile,
  Certs,
  Enroll,
  Renew,
  Revoke,
  Export,
  Recover,
  BackgroundActions,
  Scripts,
};

struct GlobalOptions {
  std::optional<std::string> server;
  std::optional<std::string> ca_file;
  std::optional<std::string> account;
  std::optional<std::string> user;
  std::optional<std::string> data_dir;
  bool json = false;
};

// "pem:DIR", "pkcs12:FILE" or "software".
struct StoreSpec {
  KeyStoreKind kind = KeyStoreKind::Software;
  std::string location;
};

struct KeyType {
  KeyAlgorithm algorithm = KeyAlgorithm::Ec;
  int size = 256;  // RSA bits or EC curve bits; 0 for Ed25519
};

struct Invocation {
  GlobalOptions global;
  std::optional<Command> command;  // empty with --help/--version alone
  bool help = false;               // print help (global or for `command`) and exit 0
  bool version = false;
  std::vector<std::string> positional;  // PROFILE_ID, SERIAL, or scripts' ACTION [DIGEST]
  // Command options.
  std::optional<std::string> profile;                       // certs --profile
  std::optional<StoreSpec> store;                           // enroll/recover --store
  std::optional<KeyType> key_type;                          // enroll --key-type
  std::vector<std::pair<std::string, std::string>> fields;  // enroll --field NAME=VALUE
  std::optional<std::string> reason;  // revoke --reason (validated later against the list)
  std::optional<std::string> format;  // export --format pem|pkcs12
  std::optional<std::string> out;     // export --out PATH
};

// Parses argv[1..]. A usage error comes back as InvalidInput with a one-line message.
Result<Invocation> ParseArguments(const std::vector<std::string>& args);

const char* CommandName(Command command);
// The global usage text, and each command's --help text.
std::string GlobalHelp();
std::string CommandHelp(Command command);

Result<StoreSpec> ParseStoreSpec(const std::string& text);
Result<KeyType> ParseKeyType(const std::string& text);
// The names ToString(RevocationReason) prints; an unknown one is a usage error listing them.
Result<RevocationReason> ParseRevocationReason(const std::string& text);
std::string RevocationReasonNames();                        // "unspecified, key_compromise, ..."
std::string KeyTypeName(KeyAlgorithm algorithm, int size);  // "ec256", "rsa3072", "ed25519"

}  // namespace trustdesk::cli
