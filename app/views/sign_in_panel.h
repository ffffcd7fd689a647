// The "Not signed in" state with the sign-in form of SPEC §2: server URL (https only), an optional
// CA file, account ID, user, password, remember me. Fields are checked as they are typed; Sign in
// sends a SignInCommand (the password leaves the form) and the outcome, busy or the specific
// error, comes back in snapshot.session_op.
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

void DrawSignInPanel(const ViewContext& ctx, SignInFormState& form, Commands& commands);

}  // namespace trustdesk
