#include "app/views/profiles_page.h"

#include <imgui.h>

#include "app/ui/sync_text.h"
#include "app/ui/time_text.h"
#include "app/ui/widgets.h"
#include "app/views/sign_in_panel.h"

namespace trustdesk {
namespace {

constexpr const char* kSyncUnavailable =
    "Syncing needs a signed-in account, and signing in is not available in this version yet.";

// "Last synced" directly above the Sync profiles button, then the sync state line.
void DrawSyncHeader(const ViewContext& ctx) {
  const SyncStatus& sync = ctx.snapshot.sync;
  if (sync.last_synced) {
    ui::ColoredText(ctx.palette.muted,
                    "Last synced: " + LocalTime(*sync.last_synced, ctx.now) + " (" +
                        RelativeTime(*sync.last_synced, ctx.now) + ")",
                    FormatUtc(*sync.last_synced));
  } else {
    ui::ColoredText(ctx.palette.muted, "Last synced: never");
  }
  ui::Button("Sync profiles", kSyncUnavailable);
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  const SyncLine line = DescribeSync(sync, ctx.now);
  ui::ColoredText(ToneColor(ctx.palette, line.tone), line.text);
}

}  // namespace

void DrawProfilesPage(const ViewContext& ctx, UiState& ui, Commands& commands) {
  if (!ctx.snapshot.account) {
    DrawSignInPanel(ctx, ui.sign_in, commands);
    return;
  }
  DrawSyncHeader(ctx);
  if (ctx.snapshot.profiles.empty()) {
    ui::EmptyState(ctx.fonts.heading, "No profiles synced yet",
                   "Profiles assigned to you appear here after the first sync.",
                   ctx.palette.muted);
  }
}

}  // namespace trustdesk
