// Advanced mode page (SPEC §9).
#pragma once

#include "app/ui/view_context.h"

namespace trustdesk {

void DrawKeyStoresPage(const ViewContext& ctx);

}  // namespace trustdesk
