// The "Allow this script?" step before a job that would run post-processing scripts (SPEC §7).
// A profile's scripts come from the server: each one this machine would run and the user has not
// allowed (or that changed since they allowed it) is shown in full and asked about, one at a
// time, before the job is sent. The answers go with the job (allowed once) and to the consent
// file (always allowed). Plain functions and data: the drawing is app/views/script_prompt_view.h.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "app/ui/commands.h"
#include "core/model/snapshot.h"
#include "core/settings/settings.h"

namespace trustdesk {

struct ScriptPromptState {
  std::vector<ProfileScript> pending;         // the scripts to ask about, in profile order
  std::size_t index = 0;                      // the one being asked
  std::vector<std::string> allowed_once;      // digests the job may run (the always ones too)
  std::vector<ProfileScript> allowed_always;  // to save in the consent file

  bool active() const { return index < pending.size(); }
};

enum class ScriptAnswer { AllowOnce, AlwaysAllow, DontRun };

// The scripts of `profile` this machine would run and the user has not allowed (Snapshot::
// script_consents); none when Settings' scripts switch is off, since then nothing runs at all.
std::vector<ProfileScript> ScriptsToAsk(const Snapshot& snapshot, const Settings& settings,
                                        const Profile& profile);

// A prompt over `scripts` (empty: nothing to ask).
ScriptPromptState StartScriptPrompt(std::vector<ProfileScript> scripts);

// Records the answer for the current script and moves to the next.
void AnswerScript(ScriptPromptState& state, ScriptAnswer answer);

// The consent the user gave before for the same profile and slot, when the script changed since.
const ScriptConsent* PreviousConsent(const Snapshot& snapshot, const ProfileScript& script);

// Once every script was answered: the commands that save the "always" answers.
void PushAlwaysAllowed(const ScriptPromptState& state, Commands& commands);

}  // namespace trustdesk
