// Renders whole app frames from fixture snapshots with the real fonts and the real OpenGL
// renderer and writes one PNG per shot, so a person can judge alignment, truncation and scaling.
// Input is scripted (the pointer moves onto items found in the ItemLog, text is typed into the
// focused field), never read from the display, so every run draws the same pictures.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/ui/ui_state.h"
#include "core/model/snapshot.h"
#include "core/settings/settings.h"

namespace trustdesk::test {

struct ScriptStep {
  enum Kind { Hover, Click, Type } kind;
  std::string text;  // the item's label (Hover, Click) or the characters to type (Type)
};

struct FixtureShot {
  std::string name;
  // Edits the base snapshot, settings and view state before the first frame.
  std::function<void(Snapshot&, Settings&, UiState&)> setup;
  std::vector<ScriptStep> script;
  // Called between frames once the script has run (e.g. to let a background parse finish).
  std::function<void(UiState&)> settle;
};

// The whole tool: `argv` is OUT_DIR [WIDTHxHEIGHT] [SCALE]. Each shot starts from `base()` and
// draws with `now`. Writes OUT_DIR/<name>_<W>x<H>[@<scale%>].png and prints each path.
int RunFixtureScreenshots(int argc, char** argv, const std::function<Snapshot()>& base,
                          Timestamp now, const std::vector<FixtureShot>& shots);

}  // namespace trustdesk::test
