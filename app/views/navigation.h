// Left navigation (SPEC §3): the four pages, the Advanced group when Advanced mode is on, and the
// signed-in identity at the bottom.
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

void DrawNavigation(const ViewContext& ctx, const NavState& nav, Commands& commands);

}  // namespace trustdesk
