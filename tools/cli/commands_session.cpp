// signin · signout · whoami · sync
#include <ostream>

#include "tools/cli/cli_output.h"
#include "tools/cli/commands.h"

namespace trustdesk::cli {
namespace {

std::string Who(const Account& a) {
  const std::string name = a.user.display_name.empty() ? a.user.username : a.user.display_name;
  return name + " (" + (a.name.empty() ? a.id : a.name) + ")";
}

// Exit code of a finished sync: 0 changed, 3 up to date, 4 token expired, 1 failed or offline.
int SyncExit(const SyncAttempt& a) {
  switch (a.result) {
    case SyncState::Updated:
      return kExitDone;
    case SyncState::UpToDate:
      return kExitNothingToDo;
    case SyncState::TokenExpired:
    case SyncState::SignedOut:
      return kExitAuth;
    default:
      return kExitFailure;
  }
}

std::string SyncText(const SyncAttempt& a) {
  switch (a.result) {
    case SyncState::UpToDate:
      return "Up to date";
    case SyncState::Updated:
      return "Updated — " + std::to_string(a.changed_profiles) +
             (a.changed_profiles == 1 ? " profile changed" : " profiles changed");
    case SyncState::Offline:
      return "Offline: " + a.message;
    case SyncState::TokenExpired:
      return "Token expired — sign in again: " + a.message;
    default:
      return "Failed: " + a.message;
  }
}

}  // namespace

nlohmann::json OptionalTimeJson(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(FormatRfc3339(*t)) : nlohmann::json(nullptr);
}

nlohmann::json AccountJson(const Account& a) {
  return {{"id", a.id},
          {"name", a.name},
          {"business_unit", a.business_unit},
          {"division", a.division},
          {"user",
           {{"id", a.user.id},
            {"username", a.user.username},
            {"display_name", a.user.display_name},
            {"email", a.user.email},
            {"attributes", a.user.attributes}}}};
}

nlohmann::json AttemptJson(const SyncAttempt& a) {
  return {{"result", ToString(a.result)},
          {"trigger", ToString(a.trigger)},
          {"changed_profiles", a.changed_profiles},
          {"http_status", a.http_status},
          {"revision", a.revision},
          {"bytes", a.bytes},
          {"duration_ms", a.duration_ms},
          {"started_at", FormatRfc3339(a.started_at)},
          {"message", a.message}};
}

int RunSignIn(CliContext& ctx) {
  if (Status s = ctx.OpenWorkspace(true); !s) return ctx.Fail(s.error());
  const SessionIdentity id = ctx.Identity();
  if (id.server_url.empty() || id.account_id.empty() || id.username.empty()) {
    return ctx.Fail(kExitUsage,
                    "signin: --server, --account and --user are required (no "
                    "previous sign-in to take them from)");
  }
  auto password = ctx.secrets.Read("TRUSTDESK_PASSWORD",
                                   "Password for " + id.username + " (" + id.account_id + "): ");
  if (!password || password->empty()) {
    return ctx.Fail(kExitAuth,
                    "signin: no password: set TRUSTDESK_PASSWORD or give it on "
                    "standard input");
  }
  auto out = ctx.ws->SignIn({id.server_url, id.ca_file, id.account_id, id.username, *password,
                             /*remember=*/true});
  if (!out) return ctx.Fail(out.error());
  const SyncAttempt sync = ctx.ws->WaitForSync(out->sync_ticket);
  const auto snap = ctx.ws->Current();
  if (ctx.inv.global.json) {
    PrintJson(ctx.out, {{"signed_in", true},
                        {"server_url", id.server_url},
                        {"account", AccountJson(out->account)},
                        {"remembered", out->remembered},
                        {"remember_note", out->remember_note},
                        {"expires_at", OptionalTimeJson(out->expires_at)},
                        {"sync", AttemptJson(sync)}});
  } else {
    ctx.out << "Signed in as " << Who(out->account) << " on " << id.server_url << "\n";
    ctx.out << (out->remembered
                    ? "Session remembered in the OS secret store"
                    : "Session " + out->remember_note + "; later commands need TRUSTDESK_PASSWORD")
            << "\n";
    ctx.out << "Sync: " << SyncText(sync) << " (" << snap->profiles.size() << " profiles)\n";
  }
  return kExitDone;
}

int RunSignOut(CliContext& ctx) {
  if (Status s = ctx.OpenWorkspace(true); !s) return ctx.Fail(s.error());
  const SessionIdentity id = ctx.Identity();
  if (id.server_url.empty()) return ctx.Fail(kExitNothingToDo, "signout: not signed in");
  auto resumed = ctx.ws->Resume(id);
  if (!resumed) {
    if (resumed.error().code == ErrorCode::NotFound ||
        resumed.error().code == ErrorCode::Unsupported) {
      return ctx.Fail(kExitNothingToDo,
                      "signout: no remembered session for " + id.username + " on " + id.server_url);
    }
    return ctx.Fail(resumed.error());
  }
  ctx.ws->WaitForSync(resumed->sync_ticket);
  if (Status s = ctx.ws->SignOut(); !s) return ctx.Fail(s.error());
  if (ctx.inv.global.json) {
    PrintJson(ctx.out, {{"signed_out", true},
                        {"server_url", id.server_url},
                        {"account_id", id.account_id},
                        {"username", id.username}});
  } else {
    ctx.out << "Signed out " << id.username << " (" << id.account_id << ") from " << id.server_url
            << "\n";
  }
  return kExitDone;
}

int RunWhoAmI(CliContext& ctx) {
  if (Status s = ctx.OpenWorkspace(true); !s) return ctx.Fail(s.error());
  auto sync = ctx.EnsureSession();
  if (!sync) return ctx.Fail(sync.error());
  const auto snap = ctx.ws->Current();
  if (!snap->account) return ctx.Fail(kExitAuth, "whoami: not signed in");
  const Account& a = *snap->account;
  if (ctx.inv.global.json) {
    PrintJson(ctx.out, {{"server_url", snap->server_url}, {"account", AccountJson(a)}});
  } else {
    PrintFields(ctx.out, {{"User", a.user.display_name + " (" + a.user.username + ")"},
                          {"Email", a.user.email},
                          {"Account", a.name + " (" + a.id + ")"},
                          {"Business unit", a.business_unit},
                          {"Division", a.division},
                          {"Server", snap->server_url}});
  }
  return kExitDone;
}

int RunSync(CliContext& ctx) {
  if (Status s = ctx.OpenWorkspace(true); !s) return ctx.Fail(s.error());
  auto sync = ctx.EnsureSession();
  if (!sync) return ctx.Fail(sync.error());
  const auto snap = ctx.ws->Current();
  const int code = SyncExit(*sync);
  if (ctx.inv.global.json) {
    nlohmann::json doc = AttemptJson(*sync);
    doc["profiles"] = snap->profiles.size();
    doc["issued_certificates"] = snap->issued.size();
    doc["last_synced"] = OptionalTimeJson(snap->sync.last_synced);
    PrintJson(ctx.out, doc);
  } else if (code == kExitDone || code == kExitNothingToDo) {
    const auto count = [](std::size_t n, const char* one, const char* many) {
      return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    ctx.out << SyncText(*sync) << ": " << count(snap->profiles.size(), "profile", "profiles")
            << ", " << count(snap->issued.size(), "issued certificate", "issued certificates")
            << " (revision " << sync->revision << ")\n";
  }
  if (code != kExitDone && code != kExitNothingToDo) {
    ctx.err << "trustdesk-cli: sync: " << SyncText(*sync) << "\n";
  }
  return code;
}

}  // namespace trustdesk::cli
