// The Workspace's script consents: read, allow and withdraw them in config/script-consent.json,
// record each change in the Activity log (an audit trail of what the user allowed) and publish
// them in Snapshot::script_consents.
#include "core/scripts/script_display.h"
#include "core/workspace/workspace.h"

namespace trustdesk {
namespace {

std::string Described(const std::string& name, const std::string& command,
                      const std::vector<std::string>& arguments) {
  Script script;
  script.command = command;
  script.arguments = arguments;
  return "\"" + VisibleText(name) + "\": " + CommandLineText(script);
}

// The script the snapshot's profile has in that slot now, if it is still `wanted`.
bool StillCurrent(const Snapshot& snap, const ProfileScript& wanted) {
  for (const ProfileEntry& p : snap.profiles) {
    if (p.profile.id != wanted.profile_id) continue;
    for (const ProfileScript& ps : ProfileScriptsHere(p.profile)) {
      if (ps.slot == wanted.slot) return ps.digest == wanted.digest;
    }
  }
  return false;
}

}  // namespace

Result<std::vector<ScriptConsent>> Workspace::ScriptConsents() const {
  return script_consents_.Load();
}

Result<ScriptConsent> Workspace::AllowScript(const ProfileScript& script) {
  ActivityEntry a;
  a.kind = ActivityKind::Script;
  a.profile_id = script.profile_id;
  Result<ScriptConsent> allowed =
      StillCurrent(*store_.Current(), script)
          ? script_consents_.Allow(script, clock_.Now())
          : Result<ScriptConsent>(
                Error{ErrorCode::Conflict, "script \"" + VisibleText(script.script.name) +
                                               "\" of " + VisibleText(script.profile_id) +
                                               " is no longer what was shown; look at it again"});
  if (allowed) {
    a.outcome = ActivityOutcome::Succeeded;
    a.title = "Allowed script \"" + VisibleText(script.script.name) + "\"";
    a.detail = "Profile " + VisibleText(script.profile_id) + ", script " +
               std::to_string(script.slot + 1) + "\n" +
               Described(allowed->name, allowed->command, allowed->arguments) +
               "\nDigest: " + allowed->digest;
  } else {
    a.outcome = ActivityOutcome::Failed;
    a.title = "Script \"" + VisibleText(script.script.name) + "\" not allowed";
    a.detail = allowed.error().message;
  }
  RecordActivity(std::move(a));
  PublishScriptConsents();
  return allowed;
}

Result<ScriptConsent> Workspace::RevokeScriptConsent(const std::string& digest) {
  auto revoked = script_consents_.Revoke(digest);
  if (revoked) {
    ActivityEntry a;
    a.kind = ActivityKind::Script;
    a.outcome = ActivityOutcome::Succeeded;
    a.profile_id = revoked->profile_id;
    a.title = "Withdrew consent for script \"" + VisibleText(revoked->name) + "\"";
    a.detail = Described(revoked->name, revoked->command, revoked->arguments) +
               "\nDigest: " + revoked->digest;
    RecordActivity(std::move(a));
  }
  PublishScriptConsents();
  return revoked;
}

void Workspace::PublishScriptConsents() {
  auto loaded = script_consents_.Load();
  store_.Update([&](Snapshot& s) {
    s.script_consent_error = loaded ? std::string() : loaded.error().message;
    s.script_consents = loaded ? std::move(loaded).value() : std::vector<ScriptConsent>{};
  });
}

}  // namespace trustdesk
