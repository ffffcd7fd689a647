#include "app/views/page_header.h"

#include <imgui.h>

#include "app/ui/widgets.h"

namespace trustdesk {

void DrawPageHeader(const ViewContext& ctx, const char* title, const char* subtitle) {
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  if (subtitle != nullptr) {
    ImGui::PushTextWrapPos(0.0f);
    ui::ColoredText(ctx.palette.muted, subtitle);
    ImGui::PopTextWrapPos();
  }
  ImGui::Spacing();
}

}  // namespace trustdesk
