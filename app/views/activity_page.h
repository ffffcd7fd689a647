// Activity page (SPEC §10): the timeline of syncs, jobs, background actions and script runs,
// newest first, filterable by kind, outcome and text, each entry expandable to its detail (script
// output, the failing step) and copyable as JSON.
#pragma once

#include <cstdint>
#include <vector>

#include "app/ui/commands.h"
#include "app/ui/theme.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

const char* ActivityKindLabel(ActivityKind kind);           // "Background action"
const char* ActivityOutcomeLabel(ActivityOutcome outcome);  // "Nothing to do"
Tone ActivityOutcomeTone(ActivityOutcome outcome);
// Indices of the entries passing `filter`, newest first.
std::vector<uint32_t> FilterActivity(const std::vector<ActivityEntry>& entries,
                                     const ActivityFilter& filter);

void DrawActivityPage(const ViewContext& ctx, ActivityPageState& state, Commands& commands);

}  // namespace trustdesk
