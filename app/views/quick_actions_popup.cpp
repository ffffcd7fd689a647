#include "app/views/quick_actions_popup.h"

#include <algorithm>

#include <imgui.h>

#include "app/ui/dialog_widgets.h"
#include "app/ui/profile_actions.h"
#include "app/ui/widgets.h"
#include "app/views/details_modal.h"

namespace trustdesk {
namespace {

constexpr const char* kPopupId = "##quick_actions";

}  // namespace

void RequestQuickActions(ProfilesPageState& state, const std::string& profile_id, float x,
                         float y) {
  state.quick_actions.profile_id = profile_id;
  state.quick_actions.open_requested = true;
  state.quick_actions.anchor_x = x;
  state.quick_actions.anchor_y = y;
}

void DrawQuickActionsPopup(const ViewContext& ctx, UiState& ui, Commands& commands) {
  QuickActionsState& qa = ui.profiles.quick_actions;
  if (qa.open_requested) {
    qa.open_requested = false;
    ImGui::OpenPopup(kPopupId);
  }
  ImGui::SetNextWindowPos(ImVec2(qa.anchor_x, qa.anchor_y), ImGuiCond_Appearing);
  if (!ImGui::BeginPopup(kPopupId)) {
    qa.profile_id.clear();
    return;
  }
  ui::CloseModalOnEscape();
  const ProfileRow* row = ui.profiles.rows.Find(qa.profile_id);
  if (row == nullptr) {
    // The profile went away in a sync while the popup was open.
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    qa.profile_id.clear();
    return;
  }
  const Profile& p = row->profile();
  ui::PopupTitle(p.name, ctx.palette.muted);

  bool close = false;
  if (ui::MenuAction("Details")) {
    RequestDetails(ui.profiles, p.id);
    close = true;
  }
  const std::string enroll = EnrollDisabledReason(*row, ctx.snapshot, ui.profiles.rows.app_version());
  if (ui::MenuAction("Enroll certificate", enroll)) {
    ui.enrollment.open_for_profile = p.id;
    close = true;
  }
  if (ui::MenuAction("View issued certificates", ViewIssuedDisabledReason(*row))) {
    commands.Push(NavigateTo{Page::Issued, p.id});
    close = true;
  }
  if (close) {
    ImGui::CloseCurrentPopup();
    qa.profile_id.clear();
  }
  ImGui::EndPopup();
}

}  // namespace trustdesk
