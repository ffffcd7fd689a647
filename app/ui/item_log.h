// A test hook in the view helpers: when an ItemLog is attached to the ImGui context
// (io.UserData), every control drawn through app/ui/widgets.h records its label, screen rectangle
// and enabled state, so headless tests can find "Issued certificates" and click it. The app never
// attaches one; then recording costs one null check.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace trustdesk {

struct LoggedItem {
  std::string label;      // visible label (before "##"), or the id of a "##id" label
  std::string window;     // name of the window it was drawn in
  ImVec2 min, max;        // screen rectangle
  bool enabled = true;
  std::string tooltip;    // why it is disabled, when the view said so
};

class ItemLog {
 public:
  void BeginFrame() { items_.clear(); }
  void Add(LoggedItem item) { items_.push_back(std::move(item)); }
  const std::vector<LoggedItem>& items() const { return items_; }
  // The first item with this visible label drawn in the last frame, or nullptr.
  const LoggedItem* Find(std::string_view label) const;

 private:
  std::vector<LoggedItem> items_;
};

// Attaches `log` to the current context (nullptr detaches).
void AttachItemLog(ItemLog* log);
// Records the last submitted ImGui item under `label` if a log is attached.
void RecordLastItem(std::string_view label, bool enabled = true, std::string_view tooltip = {});

}  // namespace trustdesk
