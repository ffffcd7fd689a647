#include "tools/cli/cli_script_notes.h"

#include <ostream>

#include "core/scripts/profile_scripts.h"
#include "core/scripts/script_consent.h"
#include "core/scripts/script_display.h"
#include "tools/cli/cli_jobs.h"

namespace trustdesk::cli {

void NoteScriptsNotRun(const CliContext& ctx, const std::string& profile_label,
                       const std::string& profile_id, const std::string& scripts_note) {
  if (scripts_note.empty()) return;
  const std::string prefix =
      "trustdesk-cli: " + (profile_label.empty() ? std::string() : profile_label + ": ");
  ctx.err << prefix << scripts_note << "\n";
  // Turned off in Settings: the note says so, and allowing a script would not change that.
  if (!ctx.ws->settings().scripts_enabled) return;
  const auto snap = ctx.ws->Current();
  const ProfileEntry* entry = FindProfileEntry(*snap, profile_id);
  if (entry == nullptr) return;
  auto loaded = ctx.ws->ScriptConsents();
  const std::vector<ScriptConsent> consents = loaded ? *loaded : std::vector<ScriptConsent>{};
  for (const ProfileScript& ps : ProfileScriptsHere(entry->profile)) {
    if (ConsentStateOf(consents, ps) == ScriptConsentState::Allowed) continue;
    ctx.err << prefix << "to run script \"" << VisibleText(ps.script.name)
            << "\" after the next enrollment or renewal, review it with 'trustdesk-cli scripts "
               "list' and allow it with: trustdesk-cli scripts allow "
            << ps.digest << "\n";
  }
}

}  // namespace trustdesk::cli
