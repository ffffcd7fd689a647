// The whole main window in the headless harness: a snapshot, settings, view state and the real
// controller, with settings "saved" into a vector instead of a file.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/ui/controller.h"
#include "app/ui/ui_state.h"
#include "core/model/snapshot.h"
#include "core/settings/settings.h"
#include "app/support/ui_harness.h"

namespace trustdesk::test {

struct AppHarness {
  explicit AppHarness(Snapshot snap = {}, Settings initial = {}, ImVec2 display = ImVec2(1280, 800));

  Snapshot snapshot;
  Settings settings;
  UiState ui;
  std::vector<Settings> saved;          // every settings save the controller asked for
  std::vector<Command> last_commands;   // commands of the last frame
  std::vector<std::string> clipboard;
  Timestamp now{1767225600};            // 2026-01-01T00:00:00Z
  Commands commands;                    // filled during a frame, executed after it
  UiController controller;
  UiHarness harness;
};

}  // namespace trustdesk::test
