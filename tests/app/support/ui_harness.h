// Headless ImGui for view tests: a context with no window and no GL. Each Step() runs one frame
// of `draw`; Click() and Type() drive the 1.86 input API over successive frames, the way a user
// would, and find items by label through the ItemLog the view helpers record into.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <imgui.h>

#include "app/ui/fonts.h"
#include "app/ui/item_log.h"

namespace trustdesk::test {

class UiHarness {
 public:
  // `after_frame` runs after each Render(), where the app executes the frame's commands.
  UiHarness(std::function<void()> draw, std::function<void()> after_frame,
            ImVec2 display = ImVec2(1280, 800));
  ~UiHarness();
  UiHarness(const UiHarness&) = delete;
  UiHarness& operator=(const UiHarness&) = delete;

  void Step(int frames = 1);
  // The item drawn under `label` in the last frame, or nullptr.
  const LoggedItem* Find(std::string_view label) const { return log_.Find(label); }
  const ItemLog& log() const { return log_; }
  // Moves the mouse over the item, presses and releases. False when no visible item has the label.
  bool Click(std::string_view label);
  // Ctrl+click: turns a slider into a text field (ImGui), for typing an exact value.
  bool CtrlClick(std::string_view label);
  // Hovers the item (e.g. to show a tooltip). False when not found.
  bool Hover(std::string_view label);
  // Sends characters to the focused text field.
  void Type(std::string_view text);
  void PressKey(ImGuiKey key);
  const FontSet& fonts() const { return fonts_; }

 private:
  const LoggedItem* Visible(std::string_view label) const;

  std::function<void()> draw_;
  std::function<void()> after_frame_;
  ImGuiContext* context_;
  ItemLog log_;
  FontSet fonts_;
};

}  // namespace trustdesk::test
