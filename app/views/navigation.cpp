#include "app/views/navigation.h"

#include <imgui.h>

#include "app/ui/widgets.h"

namespace trustdesk {
namespace {

void Item(Page page, const NavState& nav, Commands& commands) {
  if (ui::NavItem(PageTitle(page), nav.page == page) && nav.page != page) {
    commands.Push(NavigateTo{page, {}});
  }
}

}  // namespace

void DrawNavigation(const ViewContext& ctx, const NavState& nav, Commands& commands) {
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted("TrustDesk");
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, style.ItemSpacing.y * 0.5f));

  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(style.ItemSpacing.x, style.ItemSpacing.y * 0.5f));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(style.FramePadding.x, style.FramePadding.y * 1.2f));
  for (Page page : {Page::Profiles, Page::Issued, Page::Activity, Page::Settings}) {
    Item(page, nav, commands);
  }
  if (ctx.settings.advanced_mode) {
    ImGui::Dummy(ImVec2(0, style.ItemSpacing.y));
    ui::Caption("ADVANCED", ctx.palette.muted);
    for (Page page : {Page::KeyStores, Page::Diagnostics}) Item(page, nav, commands);
  }
  ImGui::PopStyleVar(2);
}

}  // namespace trustdesk
