// Advanced mode page (SPEC §9).
#pragma once

#include "app/ui/view_context.h"

namespace trustdesk {

void DrawDiagnosticsPage(const ViewContext& ctx);

}  // namespace trustdesk
