// Form helpers for the enrollment window, the sign-in panel and the Advanced pages: label/value
// rows in a two-column table, text fields with a placeholder, choices that can be disabled with a
// reason, and the message lines under a field. Like widgets.h, every control records its label in
// the ItemLog so headless tests can find it.
#pragma once

#include <string>
#include <string_view>

#include <imgui.h>

namespace trustdesk::ui {

// A two-column label/value table sized to the available width. Returns false when not visible.
bool BeginFormTable(const char* id, float label_width);
void EndFormTable();
// Starts a row: the label in the first column (aligned to a frame), then moves to the second
// column and makes the next item fill it.
void FormRow(std::string_view label, const ImVec4* label_color = nullptr);
// Text field with a grey placeholder shown while it is empty; records `label`.
bool InputTextWithHint(const char* label, const char* hint, std::string* value,
                       ImGuiInputTextFlags flags = 0);
// One button of a segmented control (tabs drawn as buttons); the active one is highlighted.
bool SegmentButton(const char* label, bool active, const ImVec4& accent);
// A radio choice; with a reason it is drawn disabled and the reason is its tooltip.
bool RadioChoice(const char* label, bool active, std::string_view disabled_reason = {});
// Places the next inline item on this line when `width` still fits, else starts a new line.
void SameLineIfFits(float width);
// Wrapped text in a colour (errors and hints under a field), recorded under `text`.
void FieldMessage(const ImVec4& color, std::string_view text);
// One line of text cut with "…" to `max_width`; the full text is the tooltip when cut.
void TextEllipsis(const ImVec4& color, std::string_view text, float max_width);
// A framed, wrapped message block (an error or warning with a title), recorded under `title`.
void Notice(const ImVec4& color, std::string_view title, std::string_view body);

}  // namespace trustdesk::ui
