// One whole frame of the main window: navigation on the left, the selected page on the right,
// the status bar at the bottom. Called by the app every frame and by the headless UI tests.
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

// Name of the full-window ImGui window the frame is drawn in.
inline constexpr const char* kMainWindowName = "TrustDesk##main";

void DrawAppFrame(const ViewContext& ctx, UiState& ui, Commands& commands);

}  // namespace trustdesk
