// Activity page (SPEC §10): the timeline of syncs, jobs, background actions and script runs.
#pragma once

#include "app/ui/view_context.h"

namespace trustdesk {

void DrawActivityPage(const ViewContext& ctx);

}  // namespace trustdesk
