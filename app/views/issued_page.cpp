#include "app/views/issued_page.h"

#include <imgui.h>

#include "app/ui/widgets.h"
#include "app/views/page_header.h"

namespace trustdesk {
namespace {

const std::string* ProfileName(const Snapshot& snap, const std::string& id) {
  for (const auto& entry : snap.profiles) {
    if (entry.profile.id == id) return &entry.profile.name;
  }
  return nullptr;
}

}  // namespace

void DrawIssuedPage(const ViewContext& ctx, IssuedPageState& state, Commands& commands) {
  DrawPageHeader(ctx, "Issued certificates");
  const Snapshot& snap = ctx.snapshot;
  if (!snap.account) {
    ui::EmptyState(ctx.fonts.heading, "Not signed in",
                   "Sign in on the Certificate profiles page to see the certificates issued to "
                   "you and the ones installed on this computer.",
                   ctx.palette.muted);
    return;
  }
  if (!state.profile_filter.empty()) {
    const std::string* name = ProfileName(snap, state.profile_filter);
    ImGui::AlignTextToFramePadding();
    ui::ColoredText(ctx.palette.muted, "Profile:");
    ImGui::SameLine();
    ImGui::TextUnformatted(name != nullptr ? name->c_str() : state.profile_filter.c_str());
    ImGui::SameLine();
    if (ui::Button("Show all profiles")) commands.Push(NavigateTo{Page::Issued, {}});
  }
  if (snap.issued.empty()) {
    ui::EmptyState(ctx.fonts.heading, "No certificates issued yet",
                   "Certificates you enroll from a profile are listed here, together with where "
                   "they are installed on this computer.",
                   ctx.palette.muted);
  }
}

}  // namespace trustdesk
