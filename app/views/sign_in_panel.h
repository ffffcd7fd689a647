// The "Not signed in" state with the sign-in form of SPEC §2 (server URL, account ID, user,
// password, remember me).
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

void DrawSignInPanel(const ViewContext& ctx, SignInFormState& form, Commands& commands);

}  // namespace trustdesk
