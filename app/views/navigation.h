// Left navigation (SPEC §3): the four pages and the Advanced group when Advanced mode is on. The
// signed-in identity at its bottom is the avatar menu (avatar_menu.h).
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

void DrawNavigation(const ViewContext& ctx, const NavState& nav, Commands& commands);

}  // namespace trustdesk
