// The profiles table (SPEC §4): ⋮ quick actions, name, version, renew status, issued count
// (a link to the filtered Issued certificates page), auto-configured, key stores; Profile ID and
// Revision in Advanced mode. Sortable; draws only the visible rows.
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

// Draws state.rows.visible() (already filtered); fills the remaining height of the page.
void DrawProfileTable(const ViewContext& ctx, ProfilesPageState& state, Commands& commands);

}  // namespace trustdesk
