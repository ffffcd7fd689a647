#include "app/ui/shortcuts.h"

#include <imgui.h>

#include "app/ui/profile_actions.h"

namespace trustdesk {
namespace {

// Ctrl on Windows and Linux, Cmd where ImGui follows macOS conventions.
bool CommandModifier() {
  const ImGuiIO& io = ImGui::GetIO();
  return io.ConfigMacOSXBehaviors ? io.KeySuper : io.KeyCtrl;
}

bool Chord(int key) {
  return CommandModifier() && !ImGui::GetIO().KeyAlt && ImGui::IsKeyPressed(key, false);
}

}  // namespace

void HandleShortcuts(const ViewContext& ctx, UiState& ui, Commands& commands) {
  // The page with a filter field focuses it in its next frame and clears the request.
  if (Chord(kKeyF)) {
    if (ui.nav.page == Page::Profiles) ui.profiles.focus_filter = true;
    if (ui.nav.page == Page::Issued) ui.issued.focus_filter = true;
  }
  if (Chord(kKeyR) && SyncDisabledReason(ctx.snapshot).empty()) {
    commands.Push(SyncNowCommand{});
  }
}

}  // namespace trustdesk
