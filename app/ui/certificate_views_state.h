// View-local state of the certificate views: the Issued certificates page's dialogs (viewer,
// renew, export, revoke, recover key), the Activity page and the job toasts. Owned by UiState;
// each dialog keeps its own form so closing and reopening starts clean.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/ui/certificate_details_cache.h"
#include "app/ui/issued_rows.h"
#include "app/ui/script_prompt.h"
#include "core/keystore/key_store.h"
#include "core/model/activity_entry.h"
#include "core/model/issued_certificate.h"
#include "core/model/profile.h"
#include "core/model/shared_list.h"
#include "core/model/timestamp.h"

namespace trustdesk {

// Every dialog is opened by setting `open_request` (the popup is opened where it is drawn, so the
// ImGui id stack matches) and names the certificate by serial.
struct CertificateViewerState {
  bool open_request = false;
  std::string serial;
};

struct RenewDialogState {
  bool open_request = false;
  std::string serial;
  std::string secret;  // key store PIN / passphrase when the store needs one
  // Renew was pressed and scripts need the user's answer first (script_prompt.h).
  std::optional<RenewCommand> awaiting_scripts{};
  ScriptPromptState script_prompt{};
};

struct RevokeDialogState {
  bool open_request = false;
  std::string serial;
  RevocationReason reason = RevocationReason::Unspecified;
  std::string confirmation;  // must equal the certificate's common name (or serial)
};

struct ExportDialogState {
  bool open_request = false;
  std::string serial;
  ExportFormat format = ExportFormat::Pkcs12;
  std::string path;
  std::string secret;
  std::string secret_confirm;
};

struct RecoverKeyDialogState {
  bool open_request = false;
  std::string serial;
  std::string passphrase;
  std::string passphrase_confirm;
  KeyStoreKind store = KeyStoreKind::Software;
  std::string location;
  std::string store_secret;
  std::string account_password;  // asked again by the server before it releases a key
  // Recover was pressed and scripts need the user's answer first (script_prompt.h).
  std::optional<RecoverKeyCommand> awaiting_scripts{};
  ScriptPromptState script_prompt{};
};

struct IssuedDialogs {
  CertificateViewerState viewer;
  RenewDialogState renew;
  RevokeDialogState revoke;
  ExportDialogState export_key;
  RecoverKeyDialogState recover;
};

struct ActivityFilter {
  std::optional<ActivityKind> kind;        // empty = every kind
  std::optional<ActivityOutcome> outcome;  // empty = every outcome
  std::string text;                        // case-insensitive: title, detail, profile, serial

  bool operator==(const ActivityFilter&) const = default;
};

struct ActivityPageState {
  ActivityFilter filter;
  std::set<uint64_t> expanded;  // entry ids whose detail is open
  // Filtered entries, newest first (indices into the snapshot's list), recomputed only when the
  // list or the filter changes.
  SharedList<ActivityEntry> source;
  ActivityFilter applied;
  bool have_rows = false;
  std::vector<uint32_t> rows;
};

// One toast on screen.
struct Toast {
  uint64_t job_id = 0;
  std::string text;
  std::string detail;  // second line: the failing step, or where it went
  bool failed = false;
  bool cancelled = false;
  Timestamp shown_at;
};

struct ToastState {
  std::set<uint64_t> shown_jobs;  // jobs already toasted (pruned to the snapshot's jobs)
  std::optional<Timestamp> last_finished_at;  // newest finished_at already toasted
  std::vector<Toast> visible;
};

}  // namespace trustdesk
