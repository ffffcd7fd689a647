// The status bar (SPEC §3): sync state, running jobs, signed-in account, Advanced mode marker.
#pragma once

#include "app/ui/view_context.h"

namespace trustdesk {

void DrawStatusBar(const ViewContext& ctx);

}  // namespace trustdesk
