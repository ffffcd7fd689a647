#include "app/views/avatar_menu.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include <imgui.h>

#include "app/ui/form_widgets.h"
#include "app/ui/item_log.h"
#include "app/ui/widgets.h"

namespace trustdesk {
namespace {

constexpr const char* kMenuId = "##account_menu";
constexpr const char* kConfirmId = "Sign out###confirm_sign_out";

// Up to two initials from the display name (or user name), for the round avatar.
std::string Initials(const User& user) {
  const std::string& name = user.display_name.empty() ? user.username : user.display_name;
  std::string out;
  bool start = true;
  for (char c : name) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-') {
      start = true;
    } else if (start && out.size() < 2 && std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      start = false;
    } else {
      start = false;
    }
  }
  return out.empty() ? "?" : out;
}

std::string Who(const Account& account) {
  const User& user = account.user;
  if (!user.display_name.empty()) return user.display_name;
  return user.email.empty() ? user.username : user.email;
}

// A menu entry with the shared ItemLog and disabled-reason behaviour.
bool MenuEntry(const char* label, std::string_view disabled_reason, std::string_view tooltip) {
  const bool enabled = disabled_reason.empty();
  const bool chosen = ImGui::MenuItem(label, nullptr, false, enabled);
  RecordLastItem(label, enabled, disabled_reason);
  ui::TooltipForLastItem(enabled ? tooltip : disabled_reason);
  return chosen && enabled;
}

void DrawAvatar(const ViewContext& ctx, const ImVec2& pos, float size, const std::string& text) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 center(pos.x + size * 0.5f, pos.y + size * 0.5f);
  draw->AddCircleFilled(center, size * 0.5f, ImGui::GetColorU32(ctx.palette.accent), 24);
  const ImVec2 text_size = ImGui::CalcTextSize(text.c_str());
  draw->AddText(ImVec2(center.x - text_size.x * 0.5f, center.y - text_size.y * 0.5f),
                IM_COL32(255, 255, 255, 255), text.c_str());
}

void DrawMenu(const ViewContext& ctx, const Account& account, AccountMenuState& state,
              Commands& commands) {
  const User& user = account.user;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted(Who(account).c_str());
  ImGui::PopFont();
  if (!user.email.empty()) ui::FieldMessage(ctx.palette.muted, user.email);
  ui::FieldMessage(ctx.palette.muted, "User name: " + user.username);
  ImGui::Separator();
  ui::FieldMessage(ctx.palette.text, account.name + " (" + account.id + ")");
  std::string unit = account.business_unit;
  if (!account.division.empty()) unit += (unit.empty() ? "" : " \u00b7 ") + account.division;
  if (!unit.empty()) ui::FieldMessage(ctx.palette.muted, unit);
  if (!ctx.snapshot.server_url.empty()) {
    ui::FieldMessage(ctx.palette.muted, "Server: " + ctx.snapshot.server_url);
  }
  ImGui::Separator();

  const OperationStatus& op = ctx.snapshot.session_op;
  const char* busy = op.busy ? "Another account operation is running." : "";
  if (MenuEntry(op.busy ? "Syncing user\u2026###Sync user" : "Sync user", busy,
                "Refresh your identity, attributes and profile assignments from the server.")) {
    commands.Push(SyncUserCommand{});
  }
  if (MenuEntry("Sign out\u2026", busy, "Asks first.")) state.confirm_sign_out = true;
  if (!op.busy && !op.error.empty()) {
    ImGui::Separator();
    ui::FieldMessage(ctx.palette.error, op.error);
  } else if (!op.busy && !op.message.empty()) {
    ImGui::Separator();
    ui::FieldMessage(ctx.palette.muted, op.message);
  }
  ImGui::PopTextWrapPos();
}

void DrawSignOutConfirmation(const ViewContext& ctx, AccountMenuState& state,
                             Commands& commands) {
  if (state.confirm_sign_out) {
    ImGui::OpenPopup(kConfirmId);
    state.confirm_sign_out = false;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                 viewport->WorkPos.y + viewport->WorkSize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(viewport->WorkSize.x * 0.9f,
                                           ImGui::GetFontSize() * 28.0f), 0));
  if (!ImGui::BeginPopupModal(kConfirmId, nullptr,
                              ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                  ImGuiWindowFlags_NoSavedSettings)) {
    return;
  }
  const std::string name = ctx.snapshot.account ? ctx.snapshot.account->name : "this account";
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted(("Sign out of " + name + "?").c_str());
  ImGui::PopFont();
  ImGui::PushTextWrapPos(0.0f);
  ui::FieldMessage(ctx.palette.muted,
                   "TrustDesk forgets the session on this machine, including a remembered one. "
                   "Installed certificates and keys stay where they are, and you can sign in "
                   "again at any time.");
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float buttons = ImGui::CalcTextSize("Cancel").x + ImGui::CalcTextSize("Sign out").x +
                        style.FramePadding.x * 4 + style.ItemSpacing.x;
  ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - buttons);
  bool close = ui::Button("Cancel");
  ImGui::SameLine();
  if (ui::PrimaryButton("Sign out", ctx.palette.error)) {
    commands.Push(SignOutCommand{});
    close = true;
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) close = true;
  if (close) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace

void DrawAvatarMenu(const ViewContext& ctx, AccountMenuState& state, Commands& commands) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float line = ImGui::GetTextLineHeight();
  const float block = line * 2.0f + style.ItemSpacing.y * 0.5f + style.FramePadding.y * 2.0f;
  const float bottom = ImGui::GetWindowHeight() - style.WindowPadding.y - block;
  if (ImGui::GetCursorPosY() < bottom - style.ItemSpacing.y) {
    ImGui::SetCursorPosY(bottom - style.ItemSpacing.y);
  }
  ImGui::Separator();

  const auto& account = ctx.snapshot.account;
  if (!account) {
    ImGui::TextUnformatted("Not signed in");
    ui::ColoredText(ctx.palette.muted, "No account");
    DrawSignOutConfirmation(ctx, state, commands);  // a request can outlive the session
    return;
  }

  // The whole block is one button: avatar, who, and the account underneath.
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const bool open = ImGui::IsPopupOpen(kMenuId);
  if (ImGui::Selectable("##account", open, ImGuiSelectableFlags_None, ImVec2(width, block)) ||
      std::exchange(state.open_menu, false)) {
    ImGui::OpenPopup(kMenuId);
  }
  RecordLastItem("Account menu");
  // The lines below may be cut at the sidebar's width; the tooltip has them whole.
  ui::TooltipForLastItem(Who(*account) + "\n" + account->name + " \u00b7 " + account->id +
                         "\nSync user, Sign out");
  const float avatar = line * 2.0f;
  DrawAvatar(ctx, ImVec2(start.x + style.FramePadding.x * 0.5f, start.y + (block - avatar) * 0.5f),
             avatar, Initials(account->user));
  const float text_x = start.x + style.FramePadding.x * 0.5f + avatar + style.ItemSpacing.x;
  const float text_w = start.x + width - text_x;
  ImGui::SetCursorScreenPos(ImVec2(text_x, start.y + style.FramePadding.y));
  ui::TextEllipsis(ctx.palette.text, Who(*account), text_w);
  ImGui::SetCursorScreenPos(ImVec2(text_x, ImGui::GetCursorScreenPos().y));
  ui::TextEllipsis(ctx.palette.muted, account->name + " \u00b7 " + account->id, text_w);

  // The menu opens upwards from the block, at a fixed width so wrapped lines size it.
  ImGui::SetNextWindowPos(ImVec2(start.x, start.y - style.ItemSpacing.y), ImGuiCond_Always,
                          ImVec2(0.0f, 1.0f));
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 20.0f, 0.0f), ImGuiCond_Always);
  if (ImGui::BeginPopup(kMenuId)) {
    DrawMenu(ctx, *account, state, commands);
    if (state.confirm_sign_out) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  DrawSignOutConfirmation(ctx, state, commands);
}

}  // namespace trustdesk
