#include "app/ui/script_prompt.h"

#include <algorithm>

namespace trustdesk {

std::vector<ProfileScript> ScriptsToAsk(const Snapshot& snapshot, const Settings& settings,
                                        const Profile& profile) {
  std::vector<ProfileScript> ask;
  if (!settings.scripts_enabled) return ask;
  for (ProfileScript& ps : ProfileScriptsHere(profile)) {
    if (ConsentStateOf(snapshot.script_consents, ps) != ScriptConsentState::Allowed) {
      ask.push_back(std::move(ps));
    }
  }
  return ask;
}

ScriptPromptState StartScriptPrompt(std::vector<ProfileScript> scripts) {
  ScriptPromptState state;
  state.pending = std::move(scripts);
  return state;
}

void AnswerScript(ScriptPromptState& state, ScriptAnswer answer) {
  if (!state.active()) return;
  const ProfileScript& ps = state.pending[state.index];
  if (answer == ScriptAnswer::AllowOnce || answer == ScriptAnswer::AlwaysAllow) {
    state.allowed_once.push_back(ps.digest);
  }
  if (answer == ScriptAnswer::AlwaysAllow) state.allowed_always.push_back(ps);
  ++state.index;
}

const ScriptConsent* PreviousConsent(const Snapshot& snapshot, const ProfileScript& script) {
  if (ConsentStateOf(snapshot.script_consents, script) != ScriptConsentState::Changed) {
    return nullptr;
  }
  const auto& consents = snapshot.script_consents;
  auto it = std::find_if(consents.begin(), consents.end(), [&](const ScriptConsent& c) {
    return c.profile_id == script.profile_id && c.slot == script.slot;
  });
  return it == consents.end() ? nullptr : &*it;
}

void PushAlwaysAllowed(const ScriptPromptState& state, Commands& commands) {
  for (const ProfileScript& ps : state.allowed_always) commands.Push(AllowScriptCommand{ps});
}

}  // namespace trustdesk
