// The ⋮ quick-actions popup of a profile row (SPEC §4): Details, Enroll certificate, View issued
// certificates; a disabled entry says why on hover.
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

// Opens the popup for `profile_id` on the next frame, under the given screen position.
void RequestQuickActions(ProfilesPageState& state, const std::string& profile_id, float x,
                         float y);
// Draws the popup when it is open; call once per frame from the page.
void DrawQuickActionsPopup(const ViewContext& ctx, UiState& ui, Commands& commands);

}  // namespace trustdesk
