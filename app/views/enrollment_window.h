// The enrollment window (SPEC §7): a modal generated from the profile's certificate format. The
// form (enrollment_window_form.cpp) collects the subject values, key type and key store and sends
// an EnrollCommand; the progress view (enrollment_window_progress.cpp) follows the job it became,
// step by step, to the result or the failing step. Open it with `ui.enrollment.open_for_profile`.
#pragma once

#include "app/ui/commands.h"
#include "app/ui/enrollment_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

// Name of the modal, for tests that look for items inside it.
inline constexpr const char* kEnrollmentWindowId = "###enrollment";

void DrawEnrollmentWindow(const ViewContext& ctx, EnrollmentWindowState& state,
                          Commands& commands);

// Closes the window and forgets the form, including any PIN or passphrase.
void CloseEnrollmentWindow(EnrollmentWindowState& state);

}  // namespace trustdesk
