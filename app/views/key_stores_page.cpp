#include "app/views/key_stores_page.h"

#include "app/ui/widgets.h"
#include "app/views/page_header.h"

namespace trustdesk {

void DrawKeyStoresPage(const ViewContext& ctx) {
  DrawPageHeader(ctx, "Key stores & devices",
                 "Where private keys live on this computer and which certificates each store "
                 "holds.");
  ui::EmptyState(ctx.fonts.heading, "No key stores in use",
                 "Key stores appear here once a certificate has been installed on this computer.",
                 ctx.palette.muted);
}

}  // namespace trustdesk
