// What views ask for. A view never changes shared state or does I/O: it pushes a Command, and the
// controller executes the queue once per frame, after the frame is drawn.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "app/ui/page.h"
#include "core/settings/settings.h"

namespace trustdesk {

struct NavigateTo {
  Page page = Page::Profiles;
  std::string profile_filter;  // Issued certificates filtered to one profile id (may be empty)
};
struct ChangeSettings {
  Settings settings;           // the complete new settings, edited from the current ones
};
struct CopyToClipboard {
  std::string text;
};

using Command = std::variant<NavigateTo, ChangeSettings, CopyToClipboard>;

// The per-frame queue. Views only push; the controller takes everything once per frame.
class Commands {
 public:
  void Push(Command command) { items_.push_back(std::move(command)); }
  bool empty() const { return items_.empty(); }
  const std::vector<Command>& items() const { return items_; }
  std::vector<Command> TakeAll() { return std::exchange(items_, {}); }

 private:
  std::vector<Command> items_;
};

}  // namespace trustdesk
