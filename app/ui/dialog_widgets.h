// Popup, modal and form helpers for the certificate views, recorded in the ItemLog like the
// helpers in widgets.h: a popup menu item that says why it is disabled, a combo, a centred modal
// sized in font units, label/value rows, and secret fields.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>

namespace trustdesk::ui {

// An item of a popup menu; when `disabled_reason` is not empty it is greyed out and the reason is
// its tooltip. Returns true when chosen (the popup closes).
bool MenuAction(const char* label, std::string_view disabled_reason = {});
// Opens a combo box showing `preview`; BeginCombo's result. Pair with ImGui::EndCombo().
bool BeginCombo(const char* label, const char* preview, float width);
// One choice inside BeginCombo; returns true when picked.
bool ComboItem(const char* label, bool selected);
// Closes the current popup when Esc is pressed (modals are dismissed the same way everywhere).
void CloseModalOnEscape();
// The first line of a popup menu: what its actions act on (muted, wrapped at `width_em`), then a
// separator.
void PopupTitle(std::string_view text, const ImVec4& color, float width_em = 16.0f);
// Text with a wrap width of the current region; for explanations inside dialogs.
void WrappedText(std::string_view text, const ImVec4* color = nullptr);
// The same for text that holds file paths: lines also break after '/' (see text_wrap.h), never
// inside a name.
void WrappedPathText(std::string_view text, const ImVec4* color = nullptr);

// "Copy as CLI command" with the line as its tooltip; true when pressed (the caller copies `line`).
// Advanced mode shows it; the caller decides.
bool CopyAsCliButton(const std::string& line);

// The header row of the current table, with each header recorded (tests click them to sort).
void HeadersRow();

// Opens (when `*open_request`) and begins a centred modal of about `width_em` × `height_em` font
// sizes (clamped to the window; height 0 = fit the content). `title` may carry a "###id" suffix;
// `id` is that "###id". Returns BeginPopupModal's result; pair with EndModal().
bool BeginModal(const char* title, const char* id, bool* open_request, float width_em,
                float height_em = 0.0f);
void EndModal();

// Label/value rows in a two-column table (labels muted and aligned). Values wrap.
bool BeginFields(const char* id, float label_width_em = 10.0f);
void FieldRow(const char* label, std::string_view value, const ImVec4* color = nullptr);
void EndFields();

// A form row: the label in the first column (aligned with the field), then the second column,
// where the next field fills the width. Use inside BeginFields/EndFields.
void FormLabel(const char* label, std::string_view tooltip = {});

// Text cut with "…" to the space left on the line (a table cell); the whole text shows on hover
// when it was cut. Recorded under the whole text.
void EllipsisText(std::string_view text, const ImVec4& color, std::string_view tooltip = {});
// A link drawn the same way (underlined on hover); returns true when clicked.
bool EllipsisLink(std::string_view label, const ImVec4& color);

// A collapsing section of a modal, in a quieter colour than ImGui's default header; when closed,
// `summary` is shown muted after the title.
bool Section(const char* title, std::string_view summary, const ImVec4& muted,
             bool open_by_default = true);

// A password-style input recorded under `label` (never echoed).
bool SecretInput(const char* label, std::string* value, float width);
// A single-line text input with a hint, recorded under `label`.
bool TextInput(const char* label, const char* hint, std::string* value, float width);

}  // namespace trustdesk::ui
