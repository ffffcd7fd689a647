#include "app/views/activity_page.h"

#include "app/ui/widgets.h"
#include "app/views/page_header.h"

namespace trustdesk {

void DrawActivityPage(const ViewContext& ctx) {
  DrawPageHeader(ctx, "Activity");
  ui::EmptyState(ctx.fonts.heading, "No activity yet",
                 "Every sync, enrollment, renewal, background action and script run will be "
                 "listed here with its outcome and duration.",
                 ctx.palette.muted);
}

}  // namespace trustdesk
