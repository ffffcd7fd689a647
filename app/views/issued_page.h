// Issued certificates page (SPEC §6).
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

void DrawIssuedPage(const ViewContext& ctx, IssuedPageState& state, Commands& commands);

}  // namespace trustdesk
