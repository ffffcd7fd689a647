#include "app/ui/controller.h"

namespace trustdesk {

bool UiController::Execute(std::vector<Command> commands) {
  for (auto& command : commands) {
    if (IsWorkspaceCommand(command)) {
      if (forward_) forward_(std::move(command));
    } else if (const auto* nav = std::get_if<NavigateTo>(&command)) {
      Apply(*nav);
    } else if (const auto* change = std::get_if<ChangeSettings>(&command)) {
      Apply(*change);
    } else if (const auto* copy = std::get_if<CopyToClipboard>(&command)) {
      Apply(*copy);
    }
  }
  return !commands.empty();
}

void UiController::Apply(const NavigateTo& c) {
  Page page = c.page;
  if (IsAdvancedPage(page) && !settings_.advanced_mode) page = Page::Settings;
  ui_.nav.page = page;
  if (page == Page::Issued) ui_.issued.profile_filter = c.profile_filter;
  Settings next = settings_;
  next.last_page = PageId(page);
  Save(next);
}

void UiController::Apply(const ChangeSettings& c) {
  Settings next = c.settings;
  // Leaving Advanced mode while on an Advanced page would leave an empty pane.
  if (!next.advanced_mode && IsAdvancedPage(ui_.nav.page)) {
    ui_.nav.page = Page::Settings;
    next.last_page = PageId(Page::Settings);
  }
  Save(next);
}

void UiController::Save(const Settings& next) {
  if (next == settings_) return;
  settings_ = next;
  persist_(settings_);
}

}  // namespace trustdesk
