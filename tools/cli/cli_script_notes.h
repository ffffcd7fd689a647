// What the command line says after a job (or a background pass item) that did not run some of
// its profile's post-processing scripts: the job's note, then, for each script of the profile
// that is not allowed, the exact command that allows that script. The CLI never asks while a job
// runs; allowing is a separate, deliberate step (scripts list / allow).
#pragma once

#include <string>

#include "tools/cli/cli_context.h"

namespace trustdesk::cli {

// Prints nothing when `scripts_note` is empty.
void NoteScriptsNotRun(const CliContext& ctx, const std::string& profile_label,
                       const std::string& profile_id, const std::string& scripts_note);

}  // namespace trustdesk::cli
