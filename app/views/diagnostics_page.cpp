#include "app/views/diagnostics_page.h"

#include "app/ui/widgets.h"
#include "app/views/page_header.h"

namespace trustdesk {

void DrawDiagnosticsPage(const ViewContext& ctx) {
  DrawPageHeader(ctx, "Diagnostics", "The API request log (secrets redacted) and the sync timeline.");
  ui::EmptyState(ctx.fonts.heading, "Nothing recorded yet",
                 "Requests and syncs are recorded here once TrustDesk is signed in to a server.",
                 ctx.palette.muted);
}

}  // namespace trustdesk
