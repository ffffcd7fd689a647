// The status bar (SPEC §3): sync state, running jobs, signed-in account, Advanced mode marker.
#pragma once

#include <string>

#include "app/ui/view_context.h"

namespace trustdesk {

// "No jobs running", "Enroll VPN client — Submit to CA…" (one job), or "3 jobs running".
std::string RunningJobsText(const Snapshot& snapshot);

// One line; the sync side is cut with an ellipsis before it can reach the account side.
void DrawStatusBar(const ViewContext& ctx);

}  // namespace trustdesk
