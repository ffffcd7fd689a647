#include "app/ui/cli_command.h"

#include <cctype>

namespace trustdesk {
namespace {

constexpr const char* kCli = "trustdesk-cli";

bool IsPlain(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.' ||
         c == '/' || c == ':' || c == '=' || c == '@' || c == ',' || c == '+';
}

// The --store value: "pem:DIR", "pkcs12:FILE" or "software" (the secret stays out).
std::string StoreSpec(KeyStoreKind kind, const std::string& location) {
  switch (kind) {
    case KeyStoreKind::Pem:
      return "pem:" + location;
    case KeyStoreKind::Pkcs12:
      return "pkcs12:" + location;
    default:
      return "software";
  }
}

// "ec256", "ec384", "rsa3072", "ed25519": the names `--key-type` takes.
std::string KeyType(KeyAlgorithm algorithm, int size) {
  switch (algorithm) {
    case KeyAlgorithm::Rsa:
      return "rsa" + std::to_string(size);
    case KeyAlgorithm::Ec:
      return "ec" + std::to_string(size);
    default:
      return "ed25519";
  }
}

}  // namespace

std::string ShellQuote(std::string_view word) {
  bool plain = !word.empty();
  for (char c : word) plain = plain && IsPlain(c);
  if (plain) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string CliCommand(const SyncNowCommand&) { return std::string(kCli) + " sync"; }

std::string CliCommand(const RunBackgroundActionsCommand&) {
  return std::string(kCli) + " background-actions";
}

std::string CliCommand(const EnrollCommand& c) {
  std::string line = std::string(kCli) + " enroll " + ShellQuote(c.profile_id) + " --store " +
                     ShellQuote(StoreSpec(c.store.kind, c.store.location)) + " --key-type " +
                     KeyType(c.key_algorithm, c.key_size);
  for (const auto& [name, value] : c.fields) {
    line += " --field " + ShellQuote(name + "=" + value);
  }
  return line;
}

std::string CliCommand(const RenewCommand& c) {
  return std::string(kCli) + " renew " + ShellQuote(c.serial);
}

std::string CliCommand(const RevokeCommand& c) {
  return std::string(kCli) + " revoke " + ShellQuote(c.serial) + " --reason " +
         ToString(c.reason);
}

std::string CliCommand(const ExportCommand& c) {
  return std::string(kCli) + " export " + ShellQuote(c.serial) + " --format " +
         (c.format == ExportFormat::Pkcs12 ? "pkcs12" : "pem") + " --out " + ShellQuote(c.path);
}

std::string CliCommand(const RecoverKeyCommand& c) {
  return std::string(kCli) + " recover " + ShellQuote(c.serial) + " --store " +
         ShellQuote(StoreSpec(c.store.kind, c.store.location));
}

}  // namespace trustdesk
