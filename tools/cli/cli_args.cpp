// Sections: command table · option parsing · value parsers · help texts.
#include "tools/cli/cli_args.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/model/json_mapping.h"

namespace trustdesk::cli {
namespace {

struct CommandSpec {
  Command command;
  const char* name;
  int positional;                 // required positional arguments (0 or 1)
  const char* positional_name;    // for messages
  std::set<std::string> options;  // options this command accepts (with a value)
  const char* summary;
  const char* usage;
  const char* details;
  int optional_positional = 0;  // more positional arguments it accepts after the required ones
};

const std::vector<CommandSpec>& Specs() {
  static const std::vector<CommandSpec> specs = {
      {Command::SignIn,
       "signin",
       0,
       "",
       {},
       "sign in and remember the session",
       "signin",
       "Signs in to --server as --user of --account (remembered from the last sign-in when\n"
       "omitted) and syncs. The password is read from TRUSTDESK_PASSWORD or, when that is unset,\n"
       "from the first line of standard input (prompted without echo on a terminal). The session\n"
       "is remembered in the OS secret store when there is one; otherwise later commands sign in\n"
       "again with TRUSTDESK_PASSWORD or standard input."},
      {Command::SignOut,
       "signout",
       0,
       "",
       {},
       "sign out and forget the remembered session",
       "signout",
       "Signs out on the server and removes the remembered session. Exit 3 when no\n"
       "session was remembered."},
      {Command::WhoAmI,
       "whoami",
       0,
       "",
       {},
       "show the signed-in user and account",
       "whoami",
       "Shows the user, account and server of the current session."},
      {Command::Sync,
       "sync",
       0,
       "",
       {},
       "sync profiles and issued certificates now",
       "sync",
       "Syncs now, bypassing any back-off. Exit 0 when something changed, 3 when everything was\n"
       "already up to date (one conditional request answered 304), 1 when the sync failed."},
      {Command::Profiles,
       "profiles",
       0,
       "",
       {},
       "list assigned profiles with renew status and issued count",
       "profiles",
       "Lists the profiles assigned to you with version, compatibility, renew status, the number\n"
       "of issued certificates, auto-configuration and allowed key stores."},
      {Command::Profile,
       "profile",
       1,
       "ID",
       {},
       "every detail section of one profile",
       "profile ID",
       "Shows General information, Account, Policy, Certificate format and the Advanced details\n"
       "(revision, times, endpoint, CA chain, changes since the previous sync) of profile ID."},
      {Command::Certs,
       "certs",
       0,
       "",
       {"--profile"},
       "issued certificates merged with what is on this machine",
       "certs [--profile ID]",
       "Lists the certificates issued to you, with status and where each is installed on this\n"
       "machine.\n  --profile ID   only certificates issued from profile ID"},
      {Command::Enroll,
       "enroll",
       1,
       "PROFILE_ID",
       {"--store", "--key-type", "--field"},
       "enroll a new certificate",
       "enroll PROFILE_ID --store pem:DIR | pkcs12:FILE | software [--key-type T] "
       "[--field NAME=VALUE]...",
       "Generates a key, requests a certificate from PROFILE_ID and installs it.\n"
       "  --store S         pem:DIR (PEM files in DIR), pkcs12:FILE, or software (TrustDesk's\n"
       "                    PIN-protected store)\n"
       "  --key-type T      rsa2048, rsa3072, rsa4096, ec256 (or p256), ec384 (or p384) or\n"
       "                    ed25519 (default: the profile's first allowed key)\n"
       "  --field N=V       a value you enter, e.g. --field subject.CN=laptop-17 (repeatable)\n"
       "The PIN (software) or passphrase (pkcs12) is read from TRUSTDESK_PIN / "
       "TRUSTDESK_PASSPHRASE\n"
       "or standard input; a PEM key is encrypted only when TRUSTDESK_PASSPHRASE is set.\n"
       "A post-processing script of the profile runs only when you allowed that exact script\n"
       "(see 'trustdesk-cli scripts --help'); any other is not run and named on standard error.\n"
       "Steps are shown on standard error as they start. Exit 1 when the job fails (its step and\n"
       "reason on standard error), 4 when the server refuses the session."},
      {Command::Renew,
       "renew",
       1,
       "SERIAL",
       {},
       "renew a certificate installed here",
       "renew SERIAL",
       "Renews the certificate SERIAL installed on this machine (new key, same store and "
       "subject).\n"
       "The key store's PIN or passphrase comes from TRUSTDESK_PIN / TRUSTDESK_PASSPHRASE or\n"
       "standard input. Exit 3 when the certificate is not inside its renewal window yet."},
      {Command::Revoke,
       "revoke",
       1,
       "SERIAL",
       {"--reason"},
       "revoke a certificate",
       "revoke SERIAL --reason R",
       "Revokes the certificate SERIAL; it stays installed here, shown as revoked.\n"
       "  --reason R   unspecified, key_compromise, affiliation_changed, superseded or\n"
       "               cessation_of_operation"},
      {Command::Export,
       "export",
       1,
       "SERIAL",
       {"--format", "--out"},
       "export a certificate and its key",
       "export SERIAL --format pem|pkcs12 --out PATH",
       "Writes the certificate, chain and private key of SERIAL to PATH, when the profile allows\n"
       "exporting the key (exit 1 with the policy's reason otherwise). PATH is a new file or an\n"
       "existing directory; an existing file is never overwritten. The export passphrase (8+\n"
       "characters) comes from TRUSTDESK_EXPORT_PASSPHRASE (the key store's PIN or passphrase\n"
       "from TRUSTDESK_PIN / TRUSTDESK_PASSPHRASE) or standard input."},
      {Command::Recover,
       "recover",
       1,
       "SERIAL",
       {"--store"},
       "recover an escrowed key",
       "recover SERIAL [--store pem:DIR | pkcs12:FILE | software]",
       "Brings the escrowed key of SERIAL back from the server and installs it with its\n"
       "certificate (default store: software). The transport passphrase (8+ characters) comes\n"
       "from TRUSTDESK_RECOVERY_PASSPHRASE or standard input; the server also asks for your\n"
       "password again (TRUSTDESK_PASSWORD or standard input). Recovery works when the\n"
       "certificate's profile lets its owner recover, or you are one of its recovery agents."},
      {Command::BackgroundActions,
       "background-actions",
       0,
       "",
       {},
       "run the auto-enroll / auto-renew pass now",
       "background-actions",
       "Runs the background actions now, ignoring any back-off: auto-enroll for auto-enroll\n"
       "profiles without a valid certificate here, auto-renew inside the renewal window on\n"
       "auto-renew profiles. Automatic enrolments go to PEM files in the data directory;\n"
       "what needs a PIN, passphrase or typed values is listed as needing you. Only the\n"
       "post-processing scripts you allowed run; the others are named and skipped, and the\n"
       "certificate is installed all the same. Exit 3 when nothing ran, 1 when an action failed."},
      {Command::Scripts,
       "scripts",
       1,
       "ACTION",
       {},
       "review, allow and withdraw post-processing scripts",
       "scripts list | allow DIGEST | revoke DIGEST",
       "Profiles can ask TrustDesk to run a program after a certificate is installed. A script\n"
       "runs only when you allowed that exact script: its profile, place in the profile, name,\n"
       "command and every argument. When the server changes any of them, the script is not\n"
       "run (the Activity log says so) until you allow the new one.\n"
       "  list            every script of your profiles that runs on this machine, in full,\n"
       "                  with its digest and whether you allowed it (allowed, not_allowed,\n"
       "                  changed), and the consents for scripts no profile has any more\n"
       "  allow DIGEST    allow the script with this digest (as 'list' shows it; 12 or more\n"
       "                  leading digits are enough when they name one script)\n"
       "  revoke DIGEST   withdraw a consent; exit 3 when there was none\n"
       "Settings' scripts switch turns every script off at once.",
       1},
  };
  return specs;
}

const CommandSpec* FindSpec(const std::string& name) {
  for (const auto& s : Specs()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

const CommandSpec& SpecOf(Command c) {
  for (const auto& s : Specs()) {
    if (s.command == c) return s;
  }
  return Specs().front();
}

Error Usage(std::string message) { return Error{ErrorCode::InvalidInput, std::move(message)}; }

const std::set<std::string>& GlobalValueOptions() {
  static const std::set<std::string> names = {"--server", "--ca-file", "--account", "--user",
                                              "--data-dir"};
  return names;
}

void SetGlobal(GlobalOptions& g, const std::string& name, std::string value) {
  if (name == "--server") g.server = std::move(value);
  if (name == "--ca-file") g.ca_file = std::move(value);
  if (name == "--account") g.account = std::move(value);
  if (name == "--user") g.user = std::move(value);
  if (name == "--data-dir") g.data_dir = std::move(value);
}

}  // namespace

// --- option parsing ---------------------------------------------------------------------------

Result<Invocation> ParseArguments(const std::vector<std::string>& args) {
  Invocation inv;
  const CommandSpec* spec = nullptr;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::optional<std::string> inline_value;
    if (arg.starts_with("--")) {
      if (const auto eq = arg.find('='); eq != std::string::npos) {
        inline_value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
      }
    }
    auto take_value = [&]() -> Result<std::string> {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) return Usage(arg + ": a value is required");
      return args[++i];
    };
    if (arg == "--help" || arg == "-h") {
      inv.help = true;
    } else if (arg == "--version") {
      inv.version = true;
    } else if (arg == "--json") {
      if (inline_value) return Usage("--json takes no value");
      inv.global.json = true;
    } else if (GlobalValueOptions().count(arg)) {
      auto v = take_value();
      if (!v) return v.error();
      if (v->empty()) return Usage(arg + ": the value must not be empty");
      SetGlobal(inv.global, arg, *v);
    } else if (arg.starts_with("-") && arg != "-") {
      if (!spec) return Usage("unknown option " + arg + " (options of a command follow it)");
      if (!spec->options.count(arg)) {
        return Usage(std::string(spec->name) + ": unknown option " + arg);
      }
      auto v = take_value();
      if (!v) return v.error();
      if (arg == "--profile") {
        inv.profile = *v;
      } else if (arg == "--store") {
        auto store = ParseStoreSpec(*v);
        if (!store) return store.error();
        inv.store = *store;
      } else if (arg == "--key-type") {
        auto key = ParseKeyType(*v);
        if (!key) return key.error();
        inv.key_type = *key;
      } else if (arg == "--field") {
        const auto eq = v->find('=');
        if (eq == std::string::npos || eq == 0) {
          return Usage("--field: expected NAME=VALUE, got '" + *v + "'");
        }
        inv.fields.emplace_back(v->substr(0, eq), v->substr(eq + 1));
      } else if (arg == "--reason") {
        auto reason = ParseRevocationReason(*v);
        if (!reason) return reason.error();
        inv.reason = *v;
      } else if (arg == "--format") {
        if (*v != "pem" && *v != "pkcs12") {
          return Usage("--format: expected pem or pkcs12, got '" + *v + "'");
        }
        inv.format = *v;
      } else if (arg == "--out") {
        inv.out = *v;
      }
    } else if (!spec) {
      spec = FindSpec(arg);
      if (!spec) return Usage("unknown command '" + arg + "'");
      inv.command = spec->command;
    } else {
      inv.positional.push_back(arg);
    }
  }
  if (inv.help || inv.version) return inv;
  if (!spec) return Usage("no command given");
  if (static_cast<int>(inv.positional.size()) < spec->positional) {
    return Usage(std::string(spec->name) + ": " + spec->positional_name + " is required");
  }
  const int most = spec->positional + spec->optional_positional;
  if (static_cast<int>(inv.positional.size()) > most) {
    return Usage(std::string(spec->name) + ": unexpected argument '" +
                 inv.positional[static_cast<std::size_t>(most)] + "'");
  }
  if (spec->command == Command::Scripts) {
    const std::string& action = inv.positional[0];
    if (action != "list" && action != "allow" && action != "revoke") {
      return Usage("scripts: unknown action '" + action + "' (list, allow DIGEST, revoke DIGEST)");
    }
    if (action == "list" && inv.positional.size() > 1) {
      return Usage("scripts list: unexpected argument '" + inv.positional[1] + "'");
    }
    if (action != "list" && inv.positional.size() < 2) {
      return Usage("scripts " + action + ": DIGEST is required (see 'trustdesk-cli scripts list')");
    }
  }
  if (spec->command == Command::Enroll && !inv.store) {
    return Usage("enroll: --store is required (pem:DIR, pkcs12:FILE or software)");
  }
  if (spec->command == Command::Revoke && !inv.reason) {
    return Usage("revoke: --reason is required");
  }
  if (spec->command == Command::Export && (!inv.format || !inv.out)) {
    return Usage("export: --format and --out are required");
  }
  return inv;
}

// --- value parsers ----------------------------------------------------------------------------

Result<StoreSpec> ParseStoreSpec(const std::string& text) {
  if (text == "software") return StoreSpec{KeyStoreKind::Software, ""};
  const auto colon = text.find(':');
  const std::string kind = text.substr(0, colon);
  const std::string where = colon == std::string::npos ? "" : text.substr(colon + 1);
  if ((kind == "pem" || kind == "pkcs12") && !where.empty()) {
    return StoreSpec{kind == "pem" ? KeyStoreKind::Pem : KeyStoreKind::Pkcs12, where};
  }
  return Usage("--store: expected pem:DIR, pkcs12:FILE or software, got '" + text + "'");
}

Result<KeyType> ParseKeyType(const std::string& text) {
  // The short names first (as the help lists them), then the aliases and the long spellings.
  static const std::vector<std::pair<std::string, KeyType>> types = {
      {"rsa2048", {KeyAlgorithm::Rsa, 2048}},  {"rsa3072", {KeyAlgorithm::Rsa, 3072}},
      {"rsa4096", {KeyAlgorithm::Rsa, 4096}},  {"ec256", {KeyAlgorithm::Ec, 256}},
      {"ec384", {KeyAlgorithm::Ec, 384}},      {"ed25519", {KeyAlgorithm::Ed25519, 0}},
      {"p256", {KeyAlgorithm::Ec, 256}},       {"p384", {KeyAlgorithm::Ec, 384}},
      {"ec-p256", {KeyAlgorithm::Ec, 256}},    {"ec-p384", {KeyAlgorithm::Ec, 384}},
      {"rsa-2048", {KeyAlgorithm::Rsa, 2048}}, {"rsa-3072", {KeyAlgorithm::Rsa, 3072}},
      {"rsa-4096", {KeyAlgorithm::Rsa, 4096}}};
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [name, type] : types) {
    if (lower == name) return type;
  }
  return Usage(
      "--key-type: expected rsa2048, rsa3072, rsa4096, ec256 (p256), ec384 (p384) or ed25519, "
      "got '" +
      text + "'");
}

Result<RevocationReason> ParseRevocationReason(const std::string& text) {
  if (auto reason = RevocationReasonFromString(text)) return *reason;
  return Usage("--reason: unknown reason '" + text + "'; expected one of " +
               RevocationReasonNames());
}

std::string RevocationReasonNames() {
  std::string names;
  for (RevocationReason r : {RevocationReason::Unspecified, RevocationReason::KeyCompromise,
                             RevocationReason::AffiliationChanged, RevocationReason::Superseded,
                             RevocationReason::CessationOfOperation}) {
    names += (names.empty() ? "" : ", ") + std::string(ToString(r));
  }
  return names;
}

std::string KeyTypeName(KeyAlgorithm algorithm, int size) {
  switch (algorithm) {
    case KeyAlgorithm::Ec:
      return "ec" + std::to_string(size);
    case KeyAlgorithm::Rsa:
      return "rsa" + std::to_string(size);
    case KeyAlgorithm::Ed25519:
      return "ed25519";
  }
  return "?";
}

// --- help texts -------------------------------------------------------------------------------

const char* CommandName(Command command) { return SpecOf(command).name; }

std::string GlobalHelp() {
  std::string text =
      "Usage: trustdesk-cli [--server URL] [--ca-file PEM] [--account ID] [--user NAME]\n"
      "                     [--data-dir DIR] [--json] COMMAND [ARGS]\n\n"
      "TrustDesk on the command line: the same core, state and files as the desktop app.\n\n"
      "Commands:\n";
  std::size_t width = 0;
  for (const auto& s : Specs()) width = std::max(width, std::string(s.name).size());
  for (const auto& s : Specs()) {
    text += "  " + std::string(s.name) + std::string(width - std::string(s.name).size() + 3, ' ') +
            s.summary + "\n";
  }
  text +=
      "\nOptions:\n"
      "  --server URL     TrustDesk server (https://host[:port]); default: the last sign-in\n"
      "  --ca-file PEM    CA bundle to trust for this server instead of the system store\n"
      "  --account ID     account ID; default: the last sign-in\n"
      "  --user NAME      user name; default: the last sign-in\n"
      "  --data-dir DIR   keep all state (config, cache, inventory, key store, logs) in DIR;\n"
      "                   also TRUSTDESK_DATA_DIR. Default: the desktop app's directories\n"
      "  --json           print one JSON document (shapes in docs/cli.md)\n"
      "  --help           this text; COMMAND --help describes one command\n\n"
      "Secrets never go on the command line: TRUSTDESK_PASSWORD, TRUSTDESK_PIN,\n"
      "TRUSTDESK_PASSPHRASE, TRUSTDESK_EXPORT_PASSPHRASE, TRUSTDESK_RECOVERY_PASSPHRASE, or one\n"
      "line each on standard input, in the order they are asked for.\n\n"
      "Exit status: 0 done, 1 failure, 2 usage error, 3 nothing to do,\n"
      "             4 authentication required or failed.\n";
  return text;
}

std::string CommandHelp(Command command) {
  const CommandSpec& s = SpecOf(command);
  return "Usage: trustdesk-cli [global options] " + std::string(s.usage) + "\n\n" + s.summary +
         ".\n\n" + s.details + "\n\nGlobal options: see trustdesk-cli --help.\n";
}

}  // namespace trustdesk::cli
