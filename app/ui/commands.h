// What views ask for. A view never changes shared state or does I/O: it pushes a Command, and the
// controller executes the queue once per frame, after the frame is drawn. Commands that need the
// network, crypto or files (the "workspace" commands) are handed on to the workspace, which runs
// them off the UI thread and reports back through the next snapshot.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "app/ui/page.h"
#include "core/keystore/key_store.h"
#include "core/model/issued_certificate.h"
#include "core/model/profile.h"
#include "core/scripts/profile_scripts.h"
#include "core/settings/settings.h"

namespace trustdesk {

// --- Handled by the UI controller itself -------------------------------------------------------
struct NavigateTo {
  Page page = Page::Profiles;
  std::string profile_filter;  // Issued certificates filtered to one profile id (may be empty)
};
struct ChangeSettings {
  Settings settings;           // the complete new settings, edited from the current ones
};
struct CopyToClipboard {
  std::string text;
};

// --- Workspace commands: run off the UI thread -------------------------------------------------
struct SignInCommand {
  std::string server_url;
  std::string ca_file;         // optional per-server CA bundle
  std::string account_id;
  std::string username;
  std::string password;        // moved out of the form; never logged
  bool remember = false;
};
struct SignOutCommand {};
struct OpenDemoCommand {};     // sign in to the built-in demo workspace (sign-in screen)
struct SyncUserCommand {};
struct SyncNowCommand {};      // "Sync profiles", Ctrl+R
struct RunBackgroundActionsCommand {};

// Where a new key and certificate go (SPEC §7): the key store kind, its location (directory for
// PEM files, file for PKCS#12; empty for the software store) and its PIN or passphrase.
struct KeyStoreTarget {
  KeyStoreKind kind = KeyStoreKind::Software;
  std::string location;
  std::string secret;          // PIN (software store) or passphrase (PKCS#12); never logged
};
struct EnrollCommand {
  std::string profile_id;
  KeyAlgorithm key_algorithm = KeyAlgorithm::Ec;
  int key_size = 0;            // RSA bits, or EC curve bits (256/384); 0 for Ed25519
  KeyStoreTarget store;
  std::map<std::string, std::string> fields;  // user-entered values by field name
  // Digests of the scripts the user allowed when asked for this job (once or always). Scripts
  // allowed before run too; any other is skipped.
  std::vector<std::string> scripts_allowed_once{};
};
struct RenewCommand {
  std::string serial;
  std::string secret;          // the key store's PIN/passphrase when it needs one
  std::vector<std::string> scripts_allowed_once{};
};
struct RevokeCommand {
  std::string serial;
  RevocationReason reason = RevocationReason::Unspecified;
};
struct ExportCommand {
  std::string serial;
  ExportFormat format = ExportFormat::Pem;
  std::string path;            // directory for PEM, file for PKCS#12
  std::string secret;          // key store PIN and/or the PKCS#12 passphrase
};
struct RecoverKeyCommand {
  std::string serial;
  std::string passphrase;      // protects the recovered key in transit (≥ 8 characters)
  KeyStoreTarget store;        // where the recovered key and certificate are installed
  std::string password;        // the user's password: the server asks again before releasing
  std::vector<std::string> scripts_allowed_once{};
};
// "Always allow" in the script prompt, and "Withdraw" on the Settings page.
struct AllowScriptCommand {
  ProfileScript script;
};
struct RevokeScriptCommand {
  std::string digest;
};
struct CancelJobCommand {
  uint64_t job_id = 0;
};
struct ExportDiagnosticsCommand {
  std::string path;            // the bundle file to write
};

using Command = std::variant<NavigateTo, ChangeSettings, CopyToClipboard, SignInCommand,
                             SignOutCommand, OpenDemoCommand, SyncUserCommand, SyncNowCommand,
                             RunBackgroundActionsCommand, EnrollCommand, RenewCommand,
                             RevokeCommand, ExportCommand, RecoverKeyCommand, CancelJobCommand,
                             ExportDiagnosticsCommand, AllowScriptCommand, RevokeScriptCommand>;

// True for the commands the workspace runs (everything but navigation, settings and clipboard).
inline bool IsWorkspaceCommand(const Command& command) {
  return !std::holds_alternative<NavigateTo>(command) &&
         !std::holds_alternative<ChangeSettings>(command) &&
         !std::holds_alternative<CopyToClipboard>(command);
}

// The per-frame queue. Views only push; the controller takes everything once per frame.
class Commands {
 public:
  void Push(Command command) { items_.push_back(std::move(command)); }
  bool empty() const { return items_.empty(); }
  const std::vector<Command>& items() const { return items_; }
  std::vector<Command> TakeAll() { return std::exchange(items_, {}); }

 private:
  std::vector<Command> items_;
};

}  // namespace trustdesk
