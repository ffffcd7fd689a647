// The title line every page except Certificate profiles starts with.
#pragma once

#include "app/ui/view_context.h"

namespace trustdesk {

void DrawPageHeader(const ViewContext& ctx, const char* title, const char* subtitle = nullptr);

}  // namespace trustdesk
