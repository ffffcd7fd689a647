// Small view helpers on top of ImGui. Every interactive helper records its label in the ItemLog
// (tests find and click items by label) and every disabled control says why on hover.
#pragma once

#include <string>
#include <string_view>

#include <imgui.h>

namespace trustdesk::ui {

// A button; when `disabled_reason` is not empty it is drawn disabled and the reason is its tooltip.
bool Button(const char* label, std::string_view disabled_reason = {}, ImVec2 size = ImVec2(0, 0));
// The primary action of a screen, in the accent colour.
bool PrimaryButton(const char* label, const ImVec4& accent, std::string_view disabled_reason = {},
                   ImVec2 size = ImVec2(0, 0));
bool NavItem(const char* label, bool selected);
bool Checkbox(const char* label, bool* value, std::string_view disabled_reason = {});
bool RadioButton(const char* label, bool active);
bool InputText(const char* label, std::string* value, ImGuiInputTextFlags flags = 0);
// Clickable text in the link colour, underlined on hover.
bool Link(const char* label, const ImVec4& color);
// Text in a colour, optionally with a tooltip on hover.
void ColoredText(const ImVec4& color, std::string_view text, std::string_view tooltip = {});
// A tooltip for the last item (also when it is disabled).
void TooltipForLastItem(std::string_view text);
// Upper-case, muted, small section caption ("ADVANCED").
void Caption(const char* text, const ImVec4& color);
// A section's heading: a little space, the caption, and a rule under it that starts where the
// text starts and ends at the right edge of the content (ImGui's separator runs into the padding).
void SectionHeading(const char* title, const ImVec4& color);
// A centred title + explanation for a page with nothing to show yet.
void EmptyState(ImFont* title_font, const char* title, std::string_view body, const ImVec4& muted);

// Text fitted to `max_width` (cut with an ellipsis, the whole text on hover when cut), placed
// like ImGui text so AlignTextToFramePadding lines it up with buttons in table rows. `tooltip`
// is shown on hover either way. `max_width` <= 0 means up to the end of the column or window.
void FittedText(std::string_view text, const ImVec4& color, float max_width = 0,
                std::string_view tooltip = {});
// A collapsing section header. `*open` is the caller's state (kept in view state, so tests and
// screenshots can open sections); when closed, `summary` is shown muted after the title.
bool Section(const char* label, std::string_view summary, bool* open, const ImVec4& muted);

}  // namespace trustdesk::ui
