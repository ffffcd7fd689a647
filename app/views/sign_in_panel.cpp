#include "app/views/sign_in_panel.h"

#include <algorithm>

#include <imgui.h>

#include "app/ui/widgets.h"

namespace trustdesk {
namespace {

// Sign-in needs the sync engine, which this build does not contain; the form says so instead of
// pretending to try.
constexpr const char* kSignInUnavailable =
    "Signing in is not available in this version of TrustDesk yet. The form shows what you will "
    "need: your server's address, your account ID and your credentials.";

void Row(const char* label) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::TableSetColumnIndex(1);
  ImGui::SetNextItemWidth(-FLT_MIN);
}

}  // namespace

void DrawSignInPanel(const ViewContext& ctx, SignInFormState& form, Commands&) {
  const float width = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 30.0f);
  const float indent = std::max(0.0f, (ImGui::GetContentRegionAvail().x - width) * 0.5f);
  ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 1.5f));
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
  ImGui::BeginGroup();
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted("Not signed in");
  ImGui::PopFont();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ui::ColoredText(ctx.palette.muted,
                  "Sign in to your TrustDesk server to see the certificate profiles assigned to "
                  "you and the certificates issued from them.");
  ImGui::PopTextWrapPos();
  ImGui::Dummy(ImVec2(0, ImGui::GetStyle().ItemSpacing.y));

  if (ImGui::BeginTable("##sign_in", 2, ImGuiTableFlags_SizingFixedFit, ImVec2(width, 0))) {
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthStretch);
    Row("Server URL");
    ui::InputText("##Server URL", &form.server_url);
    Row("Account ID");
    ui::InputText("##Account ID", &form.account_id);
    Row("User name");
    ui::InputText("##User name", &form.username);
    Row("Password");
    ui::InputText("##Password", &form.password, ImGuiInputTextFlags_Password);
    Row("");
    ui::Checkbox("Remember me on this computer", &form.remember_me);
    ImGui::EndTable();
  }
  ImGui::Dummy(ImVec2(0, ImGui::GetStyle().ItemSpacing.y * 0.5f));
  ui::PrimaryButton("Sign in", ctx.palette.accent, kSignInUnavailable);
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ui::ColoredText(ctx.palette.muted, "Not available yet", kSignInUnavailable);
  ImGui::EndGroup();
}

}  // namespace trustdesk
