#include "app/ui/dialog_widgets.h"

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>

#include "app/ui/item_log.h"
#include "app/ui/text_wrap.h"
#include "app/ui/widgets.h"

namespace trustdesk::ui {

bool MenuAction(const char* label, std::string_view disabled_reason) {
  const bool disabled = !disabled_reason.empty();
  if (disabled) ImGui::BeginDisabled();
  const bool chosen = ImGui::Selectable(label, false);
  if (disabled) ImGui::EndDisabled();
  RecordLastItem(label, !disabled, disabled_reason);
  if (disabled) TooltipForLastItem(disabled_reason);
  return chosen && !disabled;
}

bool BeginCombo(const char* label, const char* preview, float width) {
  ImGui::SetNextItemWidth(width);
  const bool open = ImGui::BeginCombo(label, preview);
  // Recorded after the combo's frame so tests click the box itself.
  RecordLastItem(label);
  return open;
}

bool ComboItem(const char* label, bool selected) {
  const bool picked = ImGui::Selectable(label, selected);
  if (selected) ImGui::SetItemDefaultFocus();
  RecordLastItem(label);
  return picked;
}

void CloseModalOnEscape() {
  if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) &&
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
    ImGui::CloseCurrentPopup();
  }
}

void WrappedPathText(std::string_view text, const ImVec4* color) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const auto measure = [&](std::string_view piece) {
    return font->CalcTextSizeA(size, FLT_MAX, 0.0f, piece.data(), piece.data() + piece.size()).x;
  };
  // One text item with the lines joined: line spacing as in wrapped text, not item spacing.
  std::string joined;
  bool first = true;
  for (std::string_view line : WrapLines(text, ImGui::GetContentRegionAvail().x, measure)) {
    if (!first) joined += '\n';
    joined += line;
    first = false;
  }
  if (color != nullptr) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  ImGui::TextUnformatted(joined.data(), joined.data() + joined.size());
  if (color != nullptr) ImGui::PopStyleColor();
}

void WrappedText(std::string_view text, const ImVec4* color) {
  if (color != nullptr) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  if (color != nullptr) ImGui::PopStyleColor();
}

void PopupTitle(std::string_view text, const ImVec4& color, float width_em) {
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetFontSize() * width_em);
  ColoredText(color, text);
  ImGui::PopTextWrapPos();
  ImGui::Separator();
}

bool CopyAsCliButton(const std::string& line) {
  const bool pressed = Button("Copy as CLI command");
  TooltipForLastItem(line + "\nSecrets are not in it: trustdesk-cli reads them from its "
                            "environment or asks for them.");
  return pressed;
}

void HeadersRow() {
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  const int columns = ImGui::TableGetColumnCount();
  for (int i = 0; i < columns; ++i) {
    if (!ImGui::TableSetColumnIndex(i)) continue;
    const char* name = ImGui::TableGetColumnName(i);
    ImGui::PushID(i);
    ImGui::TableHeader(name);
    ImGui::PopID();
    RecordLastItem(name);
  }
}

bool BeginModal(const char* title, const char* id, bool* open_request, float width_em,
                float height_em) {
  if (*open_request) {
    ImGui::OpenPopup(id);
    *open_request = false;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float em = ImGui::GetFontSize();
  const ImVec2 max(viewport->WorkSize.x * 0.92f, viewport->WorkSize.y * 0.9f);
  const ImVec2 size(std::min(width_em * em, max.x),
                    height_em > 0 ? std::min(height_em * em, max.y) : 0.0f);
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
  ImGui::SetNextWindowSizeConstraints(ImVec2(std::min(width_em * em, max.x) * 0.6f, 0), max);
  const ImGuiWindowFlags flags =
      height_em > 0 ? ImGuiWindowFlags_NoSavedSettings
                    : ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize;
  if (!ImGui::BeginPopupModal(title, nullptr, flags)) return false;
  // Fields and radio buttons share the popup's background colour: a border keeps them visible.
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
  CloseModalOnEscape();
  return true;
}

void EndModal() {
  ImGui::PopStyleVar();
  ImGui::EndPopup();
}

bool BeginFields(const char* id, float label_width_em) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingFixedFit)) return false;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed,
                          label_width_em * ImGui::GetFontSize());
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  return true;
}

void FieldRow(const char* label, std::string_view value, const ImVec4* color) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", label);
  RecordLastItem(label);
  ImGui::TableNextColumn();
  WrappedText(value, color);
  // Tests find a value by its text, e.g. "EC P-256".
  RecordLastItem(value);
}

void EndFields() { ImGui::EndTable(); }

void FormLabel(const char* label, std::string_view tooltip) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  if (!tooltip.empty()) TooltipForLastItem(tooltip);
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-FLT_MIN);
}

namespace {

// Lays out one line of text cut to the space left; returns true when it was cut.
bool DrawEllipsis(std::string_view text, const ImVec4& color) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  const ImVec2 size = ImGui::CalcTextSize(begin, end);
  const float avail = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
  const float width = std::min(size.x, avail);
  const ImVec2 pos(window->DC.CursorPos.x,
                   window->DC.CursorPos.y + window->DC.CurrLineTextBaseOffset);
  const ImRect bb(pos, ImVec2(pos.x + width, pos.y + size.y));
  ImGui::ItemSize(ImVec2(width, size.y), 0.0f);
  if (!ImGui::ItemAdd(bb, 0)) return size.x > width;
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::RenderTextEllipsis(window->DrawList, bb.Min, bb.Max, bb.Max.x, bb.Max.x, begin, end,
                            &size);
  ImGui::PopStyleColor();
  return size.x > width;
}

}  // namespace

void EllipsisText(std::string_view text, const ImVec4& color, std::string_view tooltip) {
  const bool cut = DrawEllipsis(text, color);
  RecordLastItem(text);
  if (!ImGui::IsItemHovered()) return;
  if (!tooltip.empty()) {
    TooltipForLastItem(tooltip);
  } else if (cut) {
    TooltipForLastItem(text);
  }
}

bool EllipsisLink(std::string_view label, const ImVec4& color) {
  const bool cut = DrawEllipsis(label, color);
  RecordLastItem(label);
  const bool hovered = ImGui::IsItemHovered();
  if (hovered) {
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(min.x, max.y - 1), ImVec2(max.x, max.y - 1),
                                        ImGui::GetColorU32(color), 1.0f);
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (cut) TooltipForLastItem(label);
  }
  return hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left);
}

bool Section(const char* title, std::string_view summary, const ImVec4& muted,
             bool open_by_default) {
  ImGui::Spacing();
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::PushStyleColor(ImGuiCol_Header, style.Colors[ImGuiCol_Button]);
  ImGui::PushStyleColor(ImGuiCol_HeaderHovered, style.Colors[ImGuiCol_ButtonHovered]);
  ImGui::PushStyleColor(ImGuiCol_HeaderActive, style.Colors[ImGuiCol_ButtonActive]);
  const bool open = ImGui::CollapsingHeader(
      title, open_by_default ? ImGuiTreeNodeFlags_DefaultOpen : ImGuiTreeNodeFlags_None);
  ImGui::PopStyleColor(3);
  RecordLastItem(title);
  if (!open && !summary.empty()) {
    // Drawn over the header, after its title, without taking layout space.
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const char* title_end = ImGui::FindRenderedTextEnd(title);
    const float x = min.x + ImGui::GetFontSize() + style.FramePadding.x * 3 +
                    ImGui::CalcTextSize(title, title_end).x + ImGui::GetFontSize() * 1.5f;
    if (x < max.x - style.FramePadding.x) {
      ImGui::PushStyleColor(ImGuiCol_Text, muted);
      ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), ImVec2(x, min.y + style.FramePadding.y),
                                ImVec2(max.x - style.FramePadding.x, max.y),
                                max.x - style.FramePadding.x, max.x - style.FramePadding.x,
                                summary.data(), summary.data() + summary.size(), nullptr);
      ImGui::PopStyleColor();
    }
  }
  return open;
}

bool SecretInput(const char* label, std::string* value, float width) {
  ImGui::SetNextItemWidth(width);
  const bool changed = ImGui::InputText(label, value, ImGuiInputTextFlags_Password);
  RecordLastItem(label);
  return changed;
}

bool TextInput(const char* label, const char* hint, std::string* value, float width) {
  ImGui::SetNextItemWidth(width);
  const bool changed = ImGui::InputTextWithHint(label, hint, value);
  RecordLastItem(label);
  return changed;
}

}  // namespace trustdesk::ui
