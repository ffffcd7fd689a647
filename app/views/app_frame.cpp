#include "app/views/app_frame.h"

#include <algorithm>

#include <imgui.h>

#include "app/ui/shortcuts.h"
#include "app/views/activity_page.h"
#include "app/views/avatar_menu.h"
#include "app/views/diagnostics_page.h"
#include "app/views/enrollment_window.h"
#include "app/views/issued_page.h"
#include "app/views/key_stores_page.h"
#include "app/views/navigation.h"
#include "app/views/profiles_page.h"
#include "app/views/settings_page.h"
#include "app/views/status_bar.h"
#include "app/views/toasts.h"

namespace trustdesk {
namespace {

constexpr ImGuiWindowFlags kFixedWindow =
    ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

void DrawPage(const ViewContext& ctx, UiState& ui, Commands& commands) {
  Page page = ui.nav.page;
  // An Advanced page stays unreachable while Advanced mode is off (e.g. a stale last_page).
  if (IsAdvancedPage(page) && !ctx.settings.advanced_mode) page = Page::Profiles;
  switch (page) {
    case Page::Profiles: DrawProfilesPage(ctx, ui, commands); break;
    case Page::Issued: DrawIssuedPage(ctx, ui.issued, commands); break;
    case Page::Activity: DrawActivityPage(ctx, ui.activity, commands); break;
    case Page::Settings: DrawSettingsPage(ctx, ui.settings_page, commands); break;
    case Page::KeyStores: DrawKeyStoresPage(ctx, ui.key_stores); break;
    case Page::Diagnostics: DrawDiagnosticsPage(ctx, ui.diagnostics, commands); break;
  }
}

}  // namespace

void DrawAppFrame(const ViewContext& ctx, UiState& ui, Commands& commands) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin(kMainWindowName, nullptr, kFixedWindow);
  ImGui::PopStyleVar(2);
  HandleShortcuts(ctx, ui, commands);

  const ImGuiStyle& style = ImGui::GetStyle();
  const float status_height = ImGui::GetFrameHeight() + style.WindowPadding.y;
  const float nav_width = std::max(ImGui::CalcTextSize("Key stores & devices").x,
                                   ImGui::CalcTextSize("Certificate profiles").x) +
                          style.WindowPadding.x * 2 + style.FramePadding.x * 2 +
                          ImGui::GetFontSize() * 3.0f;
  const float body_height = ImGui::GetContentRegionAvail().y - status_height;

  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, style.WindowPadding);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ctx.palette.nav_bg);
  ImGui::BeginChild("##navigation", ImVec2(nav_width, body_height), false,
                    ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar);
  DrawNavigation(ctx, ui.nav, commands);
  DrawAvatarMenu(ctx, ui.account_menu, commands);
  ImGui::EndChild();
  ImGui::PopStyleColor();

  ImGui::SameLine(0, 0);
  ImGui::BeginChild("##page", ImVec2(0, body_height), false,
                    ImGuiWindowFlags_AlwaysUseWindowPadding);
  DrawPage(ctx, ui, commands);
  ImGui::EndChild();

  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                      ImVec2(style.WindowPadding.x, style.WindowPadding.y * 0.5f));
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ctx.palette.status_bg);
  ImGui::BeginChild("##status", ImVec2(0, 0), false,
                    ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar);
  DrawStatusBar(ctx);
  ImGui::EndChild();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  ImGui::PopStyleVar();

  DrawEnrollmentWindow(ctx, ui.enrollment, commands);
  ImGui::End();
  DrawToasts(ctx, ui.toasts, commands);
}

}  // namespace trustdesk
