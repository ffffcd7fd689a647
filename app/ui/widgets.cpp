#include "app/ui/widgets.h"

#include <algorithm>

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include "app/ui/item_log.h"

namespace trustdesk::ui {
namespace {

void DisabledTooltip(std::string_view reason) {
  if (!reason.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(reason.data(), reason.data() + reason.size());
    RecordLastItem(reason);  // tests read a tooltip by its text
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace

bool Button(const char* label, std::string_view disabled_reason, ImVec2 size) {
  const bool disabled = !disabled_reason.empty();
  if (disabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::Button(label, size);
  if (disabled) ImGui::EndDisabled();
  RecordLastItem(label, !disabled, disabled_reason);
  DisabledTooltip(disabled_reason);
  return pressed && !disabled;
}

bool PrimaryButton(const char* label, const ImVec4& accent, std::string_view disabled_reason,
                   ImVec2 size) {
  ImGui::PushStyleColor(ImGuiCol_Button, accent);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered,
                        ImVec4(accent.x * 1.12f, accent.y * 1.12f, accent.z * 1.08f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive,
                        ImVec4(accent.x * 0.9f, accent.y * 0.9f, accent.z * 0.9f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  const bool pressed = Button(label, disabled_reason, size);
  ImGui::PopStyleColor(4);
  return pressed;
}

bool NavItem(const char* label, bool selected) {
  const bool pressed = ImGui::Selectable(label, selected);
  RecordLastItem(label);
  return pressed;
}

bool Checkbox(const char* label, bool* value, std::string_view disabled_reason) {
  const bool disabled = !disabled_reason.empty();
  if (disabled) ImGui::BeginDisabled();
  const bool changed = ImGui::Checkbox(label, value);
  if (disabled) ImGui::EndDisabled();
  RecordLastItem(label, !disabled, disabled_reason);
  DisabledTooltip(disabled_reason);
  return changed && !disabled;
}

bool RadioButton(const char* label, bool active) {
  const bool pressed = ImGui::RadioButton(label, active);
  RecordLastItem(label);
  return pressed;
}

bool InputText(const char* label, std::string* value, ImGuiInputTextFlags flags) {
  const bool changed = ImGui::InputText(label, value, flags);
  RecordLastItem(label);
  return changed;
}

bool Link(const char* label, const ImVec4& color) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(label, ImGui::FindRenderedTextEnd(label));
  ImGui::PopStyleColor();
  // An invisible button over the text would shift layout; hover/click on the text item instead.
  const bool hovered = ImGui::IsItemHovered();
  if (hovered) {
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(min.x, max.y - 1), ImVec2(max.x, max.y - 1),
                                        ImGui::GetColorU32(color), 1.0f);
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  }
  RecordLastItem(label);
  return hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left);
}

void ColoredText(const ImVec4& color, std::string_view text, std::string_view tooltip) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopStyleColor();
  if (!tooltip.empty()) TooltipForLastItem(tooltip);
}

void TooltipForLastItem(std::string_view text) { DisabledTooltip(text); }

void Caption(const char* text, const ImVec4& color) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

void SectionHeading(const char* title, const ImVec4& color) {
  ImGui::Spacing();
  Caption(title, color);
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float gap = ImGui::GetStyle().ItemSpacing.y * 0.5f;
  ImGui::GetWindowDrawList()->AddLine(ImVec2(start.x, start.y - gap),
                                      ImVec2(start.x + width, start.y - gap),
                                      ImGui::GetColorU32(ImGuiCol_Separator));
  ImGui::Dummy(ImVec2(0.0f, 1.0f));
}

void EmptyState(ImFont* title_font, const char* title, std::string_view body, const ImVec4& muted) {
  // The block is as wide as its text (at most ~34 em, where the body wraps) and centred as a
  // whole, so a short message sits in the middle like the button a page may put under it.
  if (title_font != nullptr) ImGui::PushFont(title_font);
  const float title_width = ImGui::CalcTextSize(title).x;
  if (title_font != nullptr) ImGui::PopFont();
  const float body_width = ImGui::CalcTextSize(body.data(), body.data() + body.size()).x;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float width =
      std::min({avail, ImGui::GetFontSize() * 34.0f, std::max(title_width, body_width) + 1.0f});
  const float indent = std::max(0.0f, (avail - width) * 0.5f);
  ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 2.0f));
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
  ImGui::BeginGroup();
  if (title_font != nullptr) ImGui::PushFont(title_font);
  ImGui::TextUnformatted(title);
  if (title_font != nullptr) ImGui::PopFont();
  ImGui::PushStyleColor(ImGuiCol_Text, muted);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted(body.data(), body.data() + body.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::EndGroup();
  RecordLastItem(title);
}

}  // namespace trustdesk::ui

namespace trustdesk::ui {

void FittedText(std::string_view text, const ImVec4& color, float max_width,
                std::string_view tooltip) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  const ImVec2 size = ImGui::CalcTextSize(begin, end);
  const float avail = ImGui::GetContentRegionAvail().x;
  const float width = max_width > 0 ? std::min(max_width, avail) : avail;
  if (size.x <= width) {
    ColoredText(color, text, tooltip);
    return;
  }
  // Placed like ImGui's own text, so AlignTextToFramePadding lines it up with buttons.
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const ImVec2 pos(window->DC.CursorPos.x,
                   window->DC.CursorPos.y + window->DC.CurrLineTextBaseOffset);
  const ImVec2 item_size(std::max(width, 1.0f), size.y);
  const ImRect rect(pos, ImVec2(pos.x + item_size.x, pos.y + item_size.y));
  ImGui::ItemSize(item_size, 0.0f);
  if (!ImGui::ItemAdd(rect, 0)) return;
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), rect.Min, rect.Max, rect.Max.x,
                            rect.Max.x, begin, end, &size);
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextUnformatted(begin, end);
    RecordLastItem(text);
    if (!tooltip.empty()) {
      ImGui::Spacing();
      ImGui::TextUnformatted(tooltip.data(), tooltip.data() + tooltip.size());
      RecordLastItem(tooltip);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

bool Section(const char* label, std::string_view summary, bool* open, const ImVec4& muted) {
  ImGui::SetNextItemOpen(*open);
  *open = ImGui::CollapsingHeader(label);
  RecordLastItem(label, true, summary);
  if (!*open && !summary.empty()) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const char* label_end = ImGui::FindRenderedTextEnd(label);
    // The arrow, the title, then the summary, cut to the header's width.
    const float x = min.x + style.FramePadding.x + ImGui::GetFontSize() + style.ItemInnerSpacing.x +
                    ImGui::CalcTextSize(label, label_end).x + ImGui::GetFontSize();
    const float right = max.x - style.FramePadding.x;
    if (x < right) {
      const ImVec2 text_min(x, min.y + style.FramePadding.y);
      const ImVec2 text_max(right, max.y);
      const char* s = summary.data();
      const char* e = summary.data() + summary.size();
      ImGui::PushStyleColor(ImGuiCol_Text, muted);
      ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), text_min, text_max, right, right, s,
                                e, nullptr);
      ImGui::PopStyleColor();
    }
    TooltipForLastItem(summary);
  }
  return *open;
}

}  // namespace trustdesk::ui
