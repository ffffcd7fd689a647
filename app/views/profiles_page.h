// Certificate profiles page (SPEC §4).
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

void DrawProfilesPage(const ViewContext& ctx, UiState& ui, Commands& commands);

}  // namespace trustdesk
