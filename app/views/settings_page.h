// Settings page: Advanced mode, appearance (theme, font size), sync interval, the scripts switch
// and the scripts the user allowed.
// Edits a copy of the settings and pushes ChangeSettings; the controller persists it.
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

void DrawSettingsPage(const ViewContext& ctx, SettingsPageState& state, Commands& commands);

}  // namespace trustdesk
