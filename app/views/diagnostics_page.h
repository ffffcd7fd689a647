// Diagnostics, an Advanced mode page (SPEC §9): Run background actions now and the next sync, the
// one-click redacted diagnostics bundle (ExportDiagnosticsCommand, status from
// snapshot.diagnostics_op), the API request log (already redacted) and the sync timeline.
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

void DrawDiagnosticsPage(const ViewContext& ctx, DiagnosticsPageState& state, Commands& commands);

}  // namespace trustdesk
