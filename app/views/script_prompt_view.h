// "Allow this script?": one post-processing script shown in full (profile, name, program and
// every argument, escaped so nothing is hidden) with the three answers: Don't run, Allow once,
// Always allow. Drawn inside the dialog that is about to send the job (enroll, renew, recover).
#pragma once

#include "app/ui/script_prompt.h"
#include "app/ui/view_context.h"

namespace trustdesk {

enum class ScriptPromptAction {
  None,      // still asking
  Answered,  // the current script was answered; the state moved on
  Back,      // return to the form without sending anything
};

ScriptPromptAction DrawScriptPrompt(const ViewContext& ctx, ScriptPromptState& state);

}  // namespace trustdesk
