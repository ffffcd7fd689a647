#include "app/ui/item_log.h"

#include <imgui_internal.h>

namespace trustdesk {

const LoggedItem* ItemLog::Find(std::string_view label) const {
  for (const auto& item : items_) {
    if (item.label == label) return &item;
  }
  return nullptr;
}

void AttachItemLog(ItemLog* log) { ImGui::GetIO().UserData = log; }

void RecordLastItem(std::string_view label, bool enabled, std::string_view tooltip) {
  auto* log = static_cast<ItemLog*>(ImGui::GetIO().UserData);
  if (log == nullptr) return;
  // "Text##id" is found as "Text"; a field with a hidden label ("##Account ID") by its id.
  const auto hidden = label.find("##");
  if (hidden == 0) {
    label = label.substr(2);
  } else if (hidden != std::string_view::npos) {
    label = label.substr(0, hidden);
  }
  ImGuiWindow* window = ImGui::GetCurrentWindowRead();
  // Items scrolled out of a clipped region are not clickable; record the visible part only.
  ImRect rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (window != nullptr) rect.ClipWith(window->ClipRect);
  log->Add(LoggedItem{std::string(label), window ? window->Name : "", rect.Min, rect.Max, enabled,
                      std::string(tooltip)});
}

}  // namespace trustdesk
