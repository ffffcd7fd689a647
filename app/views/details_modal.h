// The certificate profile details modal (SPEC §5): collapsing sections General information,
// Account, Policy and Certificate format, each with a summary line when closed; Advanced mode
// adds identifiers and endpoint, the changes since the previous sync and the raw JSON. Esc closes.
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

// Opens the modal for `profile_id` on the next frame.
void RequestDetails(ProfilesPageState& state, const std::string& profile_id);
// Draws the modal when it is open; call once per frame from the page.
void DrawDetailsModal(const ViewContext& ctx, UiState& ui, Commands& commands);

}  // namespace trustdesk
