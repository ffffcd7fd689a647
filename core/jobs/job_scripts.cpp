// The scripts step of enroll, renew, resume and recover. The profile came from the server, so
// nothing in it is trusted: a script runs only when Settings' switch is on and the user allowed
// that exact script (profile, slot, name, command, arguments). Anything else is skipped, never
// run, and reported in the Activity log and the job's result; the certificate stays installed.
#include <algorithm>

#include "core/jobs/job_run.h"
#include "core/scripts/profile_scripts.h"
#include "core/scripts/script_consent.h"
#include "core/scripts/script_display.h"

namespace trustdesk {
namespace {

std::string ShortDigest(const std::string& digest) { return digest.substr(0, 12); }

std::string Quoted(const std::string& name) { return "\"" + VisibleText(name) + "\""; }

// What the user reads in the Activity detail of a script that was not run.
std::string SkippedDetail(const ProfileScript& ps, const ScriptConsent* before) {
  std::string text = "Profile: " + VisibleText(ps.profile_name) + " (" +
                     VisibleText(ps.profile_id) + "), script " + std::to_string(ps.slot + 1) +
                     "\nCommand: " + CommandLineText(ps.script) + "\nDigest: " + ps.digest;
  if (before != nullptr) {
    Script old;
    old.command = before->command;
    old.arguments = before->arguments;
    text += "\nYou allowed before: " + Quoted(before->name) + ": " + CommandLineText(old);
  }
  return text + "\nTo run it after the next enrollment or renewal, allow it when TrustDesk asks, " +
         "or with: trustdesk-cli scripts allow " + ps.digest;
}

}  // namespace

Status JobRun::RunScripts(const Profile& profile, const ScriptPermission& permission,
                          const std::string& event, const KeyStoreEntry& entry,
                          const std::string& common_name) {
  // Read now, not when the job was queued: `trustdesk-cli scripts revoke` in another process
  // takes effect for every script that has not started yet.
  std::vector<ScriptConsent> consents;
  if (!w_.options_.script_consent_file.empty()) {
    auto loaded = ScriptConsentFile(w_.options_.script_consent_file).Load();
    if (loaded) {
      consents = std::move(loaded).value();
    } else {
      ActivityEntry a;
      a.kind = ActivityKind::Script;
      a.outcome = ActivityOutcome::Failed;
      a.profile_id = profile.id;
      a.serial = entry.serial;
      a.title = "Script consents could not be read; only scripts allowed for this job may run";
      a.detail = loaded.error().message;
      notes_.push_back(a.title);
      NoteActivity(std::move(a));
    }
  }
  ScriptContext context;
  context.event = event;
  context.profile_id = profile.id;
  context.profile_name = profile.name;
  context.serial = entry.serial;
  context.key_store = ToString(entry.kind);
  context.certificate_path = entry.certificate_path;
  context.common_name = common_name;
  std::string failures;
  std::vector<std::string> skipped;
  for (const ProfileScript& ps : ProfileScriptsHere(profile)) {
    const Script& script = ps.script;
    const bool once = std::find(permission.allowed_once.begin(), permission.allowed_once.end(),
                                ps.digest) != permission.allowed_once.end();
    const ScriptConsentState state =
        once ? ScriptConsentState::Allowed : ConsentStateOf(consents, ps);
    if (state != ScriptConsentState::Allowed) {
      const bool changed = state == ScriptConsentState::Changed;
      const ScriptConsent* before = nullptr;
      for (const ScriptConsent& c : consents) {
        if (changed && c.profile_id == ps.profile_id && c.slot == ps.slot) before = &c;
      }
      const std::string why =
          changed ? "it changed since you allowed it" : "you have not allowed it";
      ActivityEntry a;
      a.kind = ActivityKind::Script;
      // A changed script is something to look at; one never allowed is what the user chose.
      a.outcome = changed ? ActivityOutcome::Failed : ActivityOutcome::Info;
      a.profile_id = profile.id;
      a.serial = entry.serial;
      a.title = "Script " + Quoted(script.name) + " not run: " + why;
      a.detail = SkippedDetail(ps, before);
      skipped.push_back("script " + Quoted(script.name) + " not run: " + why + " (digest " +
                        ShortDigest(ps.digest) + ")");
      notes_.push_back(a.title);
      NoteActivity(std::move(a));
      continue;
    }
    ScriptInvocation inv;
    inv.command = script.command;
    inv.arguments = script.arguments;
    inv.environment = BuildScriptEnvironment(context);
    inv.timeout = std::chrono::seconds(script.timeout_seconds);
    const auto started = w_.clock_.Steady();
    auto outcome = RunScript(inv);
    ActivityEntry a;
    a.kind = ActivityKind::Script;
    a.profile_id = profile.id;
    a.serial = entry.serial;
    a.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(w_.clock_.Steady() - started).count();
    if (!outcome.ok()) {
      a.outcome = ActivityOutcome::Failed;
      a.title = "Script " + Quoted(script.name) + " could not start";
      a.detail = outcome.error().message;
      failures += (failures.empty() ? "" : "; ") + VisibleText(script.name) + ": " +
                  outcome.error().message;
    } else {
      a.outcome = outcome->succeeded() ? ActivityOutcome::Succeeded : ActivityOutcome::Failed;
      a.title = "Script " + Quoted(script.name) + ": " + outcome->Summary();
      a.detail = CommandLineText(script);
      if (!outcome->stdout_text.empty()) {
        a.detail += "\nstdout:\n" + outcome->stdout_text +
                    (outcome->stdout_truncated ? "\n[truncated]" : "");
      }
      if (!outcome->stderr_text.empty()) {
        a.detail += "\nstderr:\n" + outcome->stderr_text +
                    (outcome->stderr_truncated ? "\n[truncated]" : "");
      }
      if (!outcome->succeeded()) {
        failures +=
            (failures.empty() ? "" : "; ") + VisibleText(script.name) + ": " + outcome->Summary();
      }
    }
    notes_.push_back(a.title);
    NoteActivity(std::move(a));
  }
  for (const std::string& s : skipped) scripts_note_ += (scripts_note_.empty() ? "" : "; ") + s;
  if (!failures.empty()) {
    return Error{ErrorCode::Internal,
                 failures + " (the certificate " + entry.serial + " is installed)"};
  }
  return Status::Ok();
}

std::string JobRun::ScriptsNoteSuffix() const {
  return scripts_note_.empty() ? std::string() : "; " + scripts_note_;
}

}  // namespace trustdesk
