#include "tools/cli/cli_context.h"

#include <ostream>

namespace trustdesk::cli {

int ExitCodeFor(const Error& error) {
  switch (error.code) {
    case ErrorCode::Auth:
    case ErrorCode::Forbidden:
      return kExitAuth;
    default:
      return kExitFailure;
  }
}

Status CliContext::OpenWorkspace(bool conditional_first_sync) {
  WorkspaceOptions options;
  if (inv.global.data_dir) options.data_dir = *inv.global.data_dir;
  options.flags.monitor = false;  // one command, then exit: nothing to watch
  // Background actions run only when asked for (`background-actions`): a command such as
  // `profiles` must never enroll anything as a side effect of its sign-in.
  options.flags.scheduled_background_actions = false;
  options.flags.background_after_sign_in = false;
  options.flags.conditional_first_sync = conditional_first_sync;
  auto opened = Workspace::Open(std::move(options));
  if (!opened) return opened.error();
  ws = std::move(opened.value());
  return Status::Ok();
}

SessionIdentity CliContext::Identity() const {
  SessionIdentity id;
  if (auto last = ws->LastSession()) id = *last;
  if (inv.global.server && *inv.global.server != id.server_url) {
    id.server_url = *inv.global.server;
    id.ca_file.clear();  // a CA bundle belongs to its server
    id.remember = false;
  }
  if (inv.global.ca_file) id.ca_file = *inv.global.ca_file;
  if (inv.global.account && *inv.global.account != id.account_id) {
    id.account_id = *inv.global.account;
    id.remember = false;
  }
  if (inv.global.user && *inv.global.user != id.username) {
    id.username = *inv.global.user;
    id.remember = false;
  }
  return id;
}

Result<SyncAttempt> CliContext::EnsureSession() {
  const SessionIdentity id = Identity();
  if (id.server_url.empty() || id.account_id.empty() || id.username.empty()) {
    return Error{ErrorCode::Auth,
                 "not signed in: run 'trustdesk-cli --server URL --account ID --user NAME signin' "
                 "or give --server, --account and --user"};
  }
  // A remembered session first: no password needed.
  auto resumed = ws->Resume(id);
  if (resumed) return ws->WaitForSync(resumed->sync_ticket);
  const Error resume_error = resumed.error();

  auto password = secrets.Read("TRUSTDESK_PASSWORD",
                               "Password for " + id.username + " (" + id.account_id + "): ");
  if (!password || password->empty()) {
    std::string why =
        resume_error.code == ErrorCode::NotFound ? "no remembered session" : resume_error.message;
    return Error{ErrorCode::Auth, "authentication required (" + why +
                                      "): set TRUSTDESK_PASSWORD or give the password on "
                                      "standard input"};
  }
  SignInRequest request{id.server_url, id.ca_file, id.account_id,
                        id.username,   *password,  id.remember};
  auto signed_in = ws->SignIn(request);
  if (!signed_in) return signed_in.error();
  return ws->WaitForSync(signed_in->sync_ticket);
}

int CliContext::PrepareData(bool conditional_first_sync) {
  if (Status s = OpenWorkspace(conditional_first_sync); !s) return Fail(s.error());
  auto sync = EnsureSession();
  if (!sync) return Fail(sync.error());
  if (sync->result == SyncState::TokenExpired) {
    return Fail(kExitAuth, "the session expired: " + sync->message);
  }
  if (sync->result == SyncState::Failed || sync->result == SyncState::Offline) {
    const auto snap = ws->Current();
    if (!snap->sync.last_synced) return Fail(kExitFailure, "sync failed: " + sync->message);
    err << "trustdesk-cli: sync failed (" << sync->message << "); showing data from "
        << FormatRfc3339(*snap->sync.last_synced) << "\n";
  }
  return -1;  // go on
}

int CliContext::Fail(const Error& error) const { return Fail(ExitCodeFor(error), error.message); }

int CliContext::Fail(int code, const std::string& message) const {
  err << "trustdesk-cli: " << message << "\n";
  return code;
}

}  // namespace trustdesk::cli
