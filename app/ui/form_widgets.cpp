#include "app/ui/form_widgets.h"

#include <algorithm>

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include "app/ui/item_log.h"
#include "app/ui/widgets.h"

namespace trustdesk::ui {

bool BeginFormTable(const char* id, float label_width) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingFixedFit)) return false;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, label_width);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  return true;
}

void EndFormTable() { ImGui::EndTable(); }

void FormRow(std::string_view label, const ImVec4* label_color) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::AlignTextToFramePadding();
  ImGui::PushTextWrapPos(0.0f);
  if (label_color != nullptr) ImGui::PushStyleColor(ImGuiCol_Text, *label_color);
  ImGui::TextUnformatted(label.data(), label.data() + label.size());
  if (label_color != nullptr) ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
  ImGui::TableSetColumnIndex(1);
  ImGui::SetNextItemWidth(-FLT_MIN);
}

bool InputTextWithHint(const char* label, const char* hint, std::string* value,
                       ImGuiInputTextFlags flags) {
  const bool changed = ImGui::InputTextWithHint(label, hint, value, flags);
  RecordLastItem(label);
  return changed;
}

bool SegmentButton(const char* label, bool active, const ImVec4& accent) {
  if (active) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(accent.x, accent.y, accent.z, 0.35f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(accent.x, accent.y, accent.z, 0.45f));
  }
  const bool pressed = ImGui::Button(label);
  if (active) ImGui::PopStyleColor(2);
  RecordLastItem(label);
  return pressed;
}

bool RadioChoice(const char* label, bool active, std::string_view disabled_reason) {
  const bool disabled = !disabled_reason.empty();
  if (disabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::RadioButton(label, active);
  if (disabled) ImGui::EndDisabled();
  RecordLastItem(label, !disabled, disabled_reason);
  if (disabled) TooltipForLastItem(disabled_reason);
  return pressed && !disabled;
}

void SameLineIfFits(float width) {
  // GetContentRegionMax is the cell's right edge inside a table, the window's elsewhere.
  const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x) ImGui::SameLine();
}

void FieldMessage(const ImVec4& color, std::string_view text) {
  // Wrap at the window (or cell) edge unless the caller set a narrower wrap position.
  const bool own_wrap = ImGui::GetCurrentWindow()->DC.TextWrapPos < 0.0f;
  if (own_wrap) ImGui::PushTextWrapPos(0.0f);
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopStyleColor();
  if (own_wrap) ImGui::PopTextWrapPos();
  RecordLastItem(text);
}

void TextEllipsis(const ImVec4& color, std::string_view text, float max_width) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  const ImVec2 full = ImGui::CalcTextSize(begin, end);
  const float width = std::max(0.0f, std::min(full.x, max_width));
  ImVec2 pos = ImGui::GetCursorScreenPos();
  // Like Text, follow AlignTextToFramePadding on this line.
  const float baseline = ImGui::GetCurrentWindow()->DC.CurrLineTextBaseOffset;
  ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeight() + baseline));
  pos.y += baseline;
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), pos, ImVec2(pos.x + width, pos.y + full.y),
                            pos.x + width, pos.x + width, begin, end, &full);
  ImGui::PopStyleColor();
  RecordLastItem(text);
  if (full.x > width) TooltipForLastItem(text);
}

void Notice(const ImVec4& color, std::string_view title, std::string_view body) {
  const ImGuiStyle& style = ImGui::GetStyle();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->ChannelsSplit(2);
  draw->ChannelsSetCurrent(1);
  const ImVec2 start = ImGui::GetCursorScreenPos();
  // Within a pushed wrap position (a centred column), the block ends there too.
  float width = ImGui::GetContentRegionAvail().x;
  const float wrap = ImGui::GetCurrentWindow()->DC.TextWrapPos;
  if (wrap > 0.0f) width = std::min(width, wrap - ImGui::GetCursorPosX());
  ImGui::BeginGroup();
  ImGui::Dummy(ImVec2(0, style.FramePadding.y * 0.5f));
  ImGui::Indent(style.FramePadding.x * 1.5f);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - style.FramePadding.x * 3.0f);
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(title.data(), title.data() + title.size());
  ImGui::PopStyleColor();
  RecordLastItem(title);
  if (!body.empty()) {
    ImGui::TextUnformatted(body.data(), body.data() + body.size());
    RecordLastItem(body);
  }
  ImGui::PopTextWrapPos();
  ImGui::Unindent(style.FramePadding.x * 1.5f);
  ImGui::Dummy(ImVec2(0, style.FramePadding.y * 0.5f));
  ImGui::EndGroup();
  draw->ChannelsSetCurrent(0);
  const ImVec2 end(start.x + width, ImGui::GetItemRectMax().y);
  draw->AddRectFilled(start, end, ImGui::GetColorU32(ImVec4(color.x, color.y, color.z, 0.12f)),
                      style.FrameRounding);
  const float bar = std::max(2.0f, ImGui::GetFontSize() * 0.2f);  // scales with the text
  draw->AddRectFilled(start, ImVec2(start.x + bar, end.y), ImGui::GetColorU32(color),
                      style.FrameRounding);
  draw->ChannelsMerge();
}

}  // namespace trustdesk::ui
