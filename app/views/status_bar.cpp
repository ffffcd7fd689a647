#include "app/views/status_bar.h"

#include <algorithm>
#include <string>

#include <imgui.h>

#include "app/ui/sync_text.h"
#include "app/ui/time_text.h"
#include "app/ui/widgets.h"

namespace trustdesk {

void DrawStatusBar(const ViewContext& ctx) {
  const Snapshot& snap = ctx.snapshot;
  const SyncLine sync = DescribeSync(snap.sync, ctx.now);
  ImGui::AlignTextToFramePadding();
  ui::ColoredText(ToneColor(ctx.palette, sync.tone), sync.text);
  if (snap.sync.last_synced) {
    ImGui::SameLine(0, 0);
    ui::ColoredText(ctx.palette.muted,
                    " \u00b7 last synced " + LocalTime(*snap.sync.last_synced, ctx.now));
  }
  ImGui::SameLine(0, 0);
  ui::ColoredText(ctx.palette.muted, " \u00b7 No jobs running");

  std::string right;
  if (snap.account) {
    right = snap.account->user.username + " @ " + snap.account->name;
    if (!snap.server_url.empty()) right += " (" + snap.server_url + ")";
  } else {
    right = "Not signed in";
  }
  if (ctx.settings.advanced_mode) right += " \u00b7 Advanced mode";
  const float width = ImGui::CalcTextSize(right.c_str()).x;
  const float x = ImGui::GetWindowContentRegionMax().x - width;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + ImGui::GetStyle().ItemSpacing.x, x));
  ui::ColoredText(ctx.palette.muted, right);
}

}  // namespace trustdesk
