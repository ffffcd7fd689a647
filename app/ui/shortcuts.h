// Window-wide keyboard shortcuts (SPEC §4, issue "Keyboard"): Ctrl+R syncs now, Ctrl+F puts the
// cursor in the current page's filter. Esc closing a modal is handled by each modal, since only
// the open one knows how to close itself (ui::CloseModalOnEscape in dialog_widgets.h).
#pragma once

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "app/ui/view_context.h"

namespace trustdesk {

// Key indices as the GLFW backend fills io.KeysDown: a letter's GLFW key code is its upper-case
// ASCII code. ImGui 1.86's ImGuiKey enum has no R or F.
inline constexpr int kKeyF = 'F';
inline constexpr int kKeyR = 'R';

// Call once per frame before the pages are drawn.
void HandleShortcuts(const ViewContext& ctx, UiState& ui, Commands& commands);

}  // namespace trustdesk
