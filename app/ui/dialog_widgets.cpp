#include "app/ui/dialog_widgets.h"

#include <imgui_stdlib.h>

#include <algorithm>

#include "app/ui/item_log.h"
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

void WrappedText(std::string_view text, const ImVec4* color) {
  if (color != nullptr) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  if (color != nullptr) ImGui::PopStyleColor();
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
  CloseModalOnEscape();
  return true;
}

void EndModal() { ImGui::EndPopup(); }

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
