// Executes the commands views pushed during a frame. It owns no I/O itself: persisting settings
// goes through `persist` (the app hands it to a background writer; tests record it), and workspace
// commands (sign-in, sync, jobs, ...) go to `forward`, which must not block.
#pragma once

#include <functional>
#include <vector>

#include "app/ui/commands.h"
#include "app/ui/ui_state.h"
#include "core/settings/settings.h"

namespace trustdesk {

class UiController {
 public:
  using Persist = std::function<void(const Settings&)>;
  using Clipboard = std::function<void(const std::string&)>;
  using Forward = std::function<void(Command)>;

  UiController(Settings& settings, UiState& ui, Persist persist, Clipboard clipboard,
               Forward forward = {})
      : settings_(settings), ui_(ui), persist_(std::move(persist)),
        clipboard_(std::move(clipboard)), forward_(std::move(forward)) {}

  // Runs every command in order. Returns true when anything visible changed (redraw soon).
  bool Execute(std::vector<Command> commands);

 private:
  void Apply(const NavigateTo& c);
  void Apply(const ChangeSettings& c);
  void Apply(const CopyToClipboard& c) { clipboard_(c.text); }
  void Save(const Settings& next);

  Settings& settings_;
  UiState& ui_;
  Persist persist_;
  Clipboard clipboard_;
  Forward forward_;
};

}  // namespace trustdesk
