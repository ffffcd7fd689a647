#include "app/views/details_modal.h"

#include <algorithm>

#include <imgui.h>

#include "app/ui/dialog_widgets.h"
#include "app/ui/item_log.h"
#include "app/ui/profile_actions.h"
#include "app/ui/widgets.h"
#include "app/views/details_modal_sections.h"

namespace trustdesk {
namespace {

constexpr const char* kTitle = "Certificate profile details";

bool& SectionOpen(DetailsModalState& d, DetailsSection s) {
  return d.section_open[static_cast<int>(s)];
}

// Name, description and the two facts people look for first.
void DrawHeader(const ViewContext& ctx, const ProfileRow& row) {
  const Profile& p = row.profile();
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(p.name.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  if (!p.description.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ui::ColoredText(ctx.palette.muted, p.description);
    ImGui::PopTextWrapPos();
  }
  ImGui::Spacing();
}

// The actions of the quick-actions popup, again at the foot of the details. True = close.
bool DrawFooter(const ViewContext& ctx, UiState& ui, const ProfileRow& row, Commands& commands) {
  const Profile& p = row.profile();
  bool close = false;
  const std::string enroll = EnrollDisabledReason(row, ctx.snapshot, ui.profiles.rows.app_version());
  if (ui::PrimaryButton("Enroll certificate", ctx.palette.accent, enroll)) {
    ui.enrollment.open_for_profile = p.id;
    close = true;
  }
  ImGui::SameLine();
  const std::string issued_label =
      "View issued certificates (" + std::to_string(row.issued) + ")###View issued";
  if (ui::Button(issued_label.c_str(), ViewIssuedDisabledReason(row))) {
    commands.Push(NavigateTo{Page::Issued, p.id});
    close = true;
  }
  const float close_width = ImGui::CalcTextSize("Close").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(),
                           ImGui::GetWindowContentRegionMax().x - close_width));
  if (ui::Button("Close")) close = true;
  return close;
}

}  // namespace

void RequestDetails(ProfilesPageState& state, const std::string& profile_id) {
  state.details.profile_id = profile_id;
  state.details.open_requested = true;
  state.details.body_height = 0;
}

void DrawDetailsModal(const ViewContext& ctx, UiState& ui, Commands& commands) {
  DetailsModalState& d = ui.profiles.details;
  if (d.open_requested) {
    d.open_requested = false;
    ImGui::OpenPopup(kTitle);
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float width = std::min(viewport->WorkSize.x * 0.92f, ImGui::GetFontSize() * 52.0f);
  // The top edge stays put while sections open and close, so the header under the pointer
  // never moves away from it; the modal grows downwards to at most 88% of the window.
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                 viewport->WorkPos.y + viewport->WorkSize.y * 0.06f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(width, 0));  // height 0: fit the content every frame
  bool open = true;
  if (!ImGui::BeginPopupModal(kTitle, &open, ImGuiWindowFlags_NoSavedSettings |
                                                 ImGuiWindowFlags_NoMove |
                                                 ImGuiWindowFlags_NoResize)) {
    d.profile_id.clear();
    return;
  }
  ui::CloseModalOnEscape();  // closes it; the next frame clears the state above
  bool close = !open;
  const ProfileRow* row = ui.profiles.rows.Find(d.profile_id);
  if (row == nullptr) {
    // Removed by a sync while the modal was open.
    ui::ColoredText(ctx.palette.muted,
                    "This profile is no longer assigned to you; it was removed in the last sync.");
    RecordLastItem("Profile removed");
    if (ui::Button("Close")) close = true;
  } else {
    DrawHeader(ctx, *row);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float footer = ImGui::GetFrameHeightWithSpacing() + style.ItemSpacing.y * 2;
    const float max_body = std::max(ImGui::GetFrameHeight() * 4,
                                    viewport->WorkSize.y * 0.88f - ImGui::GetCursorPosY() -
                                        footer - style.WindowPadding.y);
    const float body = d.body_height > 0 ? std::min(d.body_height, max_body) : max_body;
    ImGui::BeginChild("##details_body", ImVec2(0, body));
    const DetailsView view{ctx, *row, ui.profiles.rows, commands};
    DrawGeneralSection(view, &SectionOpen(d, DetailsSection::General));
    DrawAccountSection(view, &SectionOpen(d, DetailsSection::Account));
    DrawPolicySection(view, &SectionOpen(d, DetailsSection::Policy));
    DrawFormatSection(view, &SectionOpen(d, DetailsSection::Format));
    if (ctx.settings.advanced_mode) {
      ImGui::Spacing();
      ui::Caption("ADVANCED", ctx.palette.muted);
      DrawChangesSection(view, &SectionOpen(d, DetailsSection::Changes));
      DrawInternalsSection(view, &SectionOpen(d, DetailsSection::Internals));
      DrawRawJsonSection(view, d.raw_json, &SectionOpen(d, DetailsSection::RawJson));
    }
    d.body_height = ImGui::GetCursorPosY();
    ImGui::EndChild();
    ImGui::Separator();
    ImGui::Spacing();
    if (DrawFooter(ctx, ui, *row, commands)) close = true;
  }
  if (close) {
    ImGui::CloseCurrentPopup();
    d.profile_id.clear();
  }
  ImGui::EndPopup();
}

}  // namespace trustdesk
