// The avatar menu (SPEC §2), pinned to the bottom of the navigation: who is signed in, to which
// account; Sync user (refresh identity and assignments) and Sign out, which asks first.
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

// Draws the identity block at the bottom of the current (navigation) window and, when clicked,
// the menu above it. Call last in the navigation window.
void DrawAvatarMenu(const ViewContext& ctx, AccountMenuState& state, Commands& commands);

}  // namespace trustdesk
