// Certificate profiles page (SPEC §4). Sections: the sync header (Last synced above Sync profiles,
// the sync state line, the filter), the empty states, then the table, the quick-actions popup and
// the details modal, which open through the page state and are drawn here in one place.
#include "app/views/profiles_page.h"

#include <algorithm>

#include <imgui.h>

#include "app/ui/cert_text.h"
#include "app/ui/form_widgets.h"
#include "app/ui/item_log.h"
#include "app/ui/profile_actions.h"
#include "app/ui/sync_text.h"
#include "app/ui/time_text.h"
#include "app/ui/widgets.h"
#include "app/views/details_modal.h"
#include "app/views/profile_table.h"
#include "app/views/quick_actions_popup.h"
#include "app/views/sign_in_panel.h"

namespace trustdesk {
namespace {

// The details behind the one-line sync state, shown on hover.
std::string SyncDetails(const ViewContext& ctx) {
  const SyncStatus& sync = ctx.snapshot.sync;
  std::string text;
  if (!sync.failure_reason.empty()) text = sync.failure_reason + "\n";
  if (sync.state == SyncState::Offline && sync.data_from) {
    text += "The profiles shown were fetched " + FormatUtc(*sync.data_from) + ".\n";
  }
  if (ctx.snapshot.next_sync_at) {
    text += "Next sync " + LocalTime(*ctx.snapshot.next_sync_at, ctx.now) + " (" +
            RelativeTime(*ctx.snapshot.next_sync_at, ctx.now) + ").\n";
  }
  text += "Profiles sync in the background every " +
          std::to_string(ctx.settings.sync_interval_minutes) +
          " minutes; Sync profiles (Ctrl+R) syncs now.";
  return text;
}

float FilterWidth() { return ImGui::GetFontSize() * 17.0f; }

// Last synced, directly above Sync profiles; the state line to its right; the filter at the
// right edge of the same line.
void DrawSyncHeader(const ViewContext& ctx, UiState& ui, Commands& commands) {
  const SyncStatus& sync = ctx.snapshot.sync;
  if (sync.last_synced) {
    ui::ColoredText(ctx.palette.muted,
                    "Last synced: " + LocalTime(*sync.last_synced, ctx.now) + " (" +
                        RelativeTime(*sync.last_synced, ctx.now) + ")",
                    FormatUtc(*sync.last_synced));
  } else {
    ui::ColoredText(ctx.palette.muted, "Last synced: never");
  }
  RecordLastItem("Last synced");

  const std::string disabled = SyncDisabledReason(ctx.snapshot);
  const char* label = sync.state == SyncState::Syncing ? "\u21bb Syncing\u2026###Sync profiles"
                                                       : "Sync profiles###Sync profiles";
  if (ui::PrimaryButton(label, ctx.palette.accent, disabled)) commands.Push(SyncNowCommand{});
  if (disabled.empty()) ui::TooltipForLastItem("Sync now (Ctrl+R)");

  const ImGuiStyle& style = ImGui::GetStyle();
  const float right = ImGui::GetWindowContentRegionMax().x;
  const bool has_filter = !ctx.snapshot.profiles.empty();
  const float filter_x = has_filter ? right - FilterWidth() : right;

  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  const SyncLine line = DescribeSync(sync, ctx.now);
  const float line_width = filter_x - ImGui::GetCursorPosX() - style.ItemSpacing.x * 2;
  ui::FittedText(line.text, ToneColor(ctx.palette, line.tone), std::max(line_width, 1.0f),
                   SyncDetails(ctx));
  RecordLastItem("Sync state: " + line.text);

  if (!has_filter) return;
  ImGui::SameLine(filter_x);
  ImGui::SetNextItemWidth(FilterWidth());
  if (ui.profiles.focus_filter) {
    ImGui::SetKeyboardFocusHere();
    ui.profiles.focus_filter = false;
  }
  ui::InputTextWithHint("##Filter profiles", "Filter profiles (Ctrl+F)", &ui.profiles.filter);
}

// Nothing to list: say why, and what happens next.
void DrawNoProfiles(const ViewContext& ctx) {
  const SyncStatus& sync = ctx.snapshot.sync;
  if (sync.last_synced) {
    ui::EmptyState(ctx.fonts.heading, "No profiles assigned to you",
                   "The server lists no certificate profiles for " +
                       ctx.snapshot.account->user.username +
                       ". An administrator assigns them; they appear here at the next sync.",
                   ctx.palette.muted);
    return;
  }
  if (sync.state == SyncState::Failed || sync.state == SyncState::Offline) {
    ui::EmptyState(ctx.fonts.heading, "Profiles could not be loaded yet",
                   (sync.failure_reason.empty() ? std::string("The server could not be reached.")
                                                : sync.failure_reason + ".") +
                       " TrustDesk keeps trying; Sync profiles tries again now.",
                   ctx.palette.muted);
    return;
  }
  ui::EmptyState(ctx.fonts.heading, "No profiles synced yet",
                 "Profiles assigned to you appear here after the first sync.",
                 ctx.palette.muted);
}

void DrawNoMatches(const ViewContext& ctx, ProfilesPageState& state) {
  ui::EmptyState(ctx.fonts.heading, "No profiles match the filter",
                 "None of the " + std::to_string(state.rows.rows().size()) +
                     " profiles has \u201c" + state.filter +
                     "\u201d in its name, ID, version or key stores.",
                 ctx.palette.muted);
  const float width = ImGui::CalcTextSize("Clear filter").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::Spacing();
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(),
                                (ImGui::GetWindowContentRegionMax().x - width) * 0.5f));
  if (ui::Button("Clear filter")) state.filter.clear();
}

}  // namespace

void DrawProfilesPage(const ViewContext& ctx, UiState& ui, Commands& commands) {
  if (!ctx.snapshot.account) {
    DrawSignInPanel(ctx, ui.sign_in, commands);
    return;
  }
  ProfilesPageState& state = ui.profiles;
  state.rows.Update(ctx.snapshot, ctx.now);

  DrawSyncHeader(ctx, ui, commands);
  state.rows.SetFilter(state.filter);
  ImGui::Spacing();

  if (ctx.snapshot.profiles.empty()) {
    DrawNoProfiles(ctx);
  } else if (state.rows.loading()) {
    // The first rows of a big list are derived off the UI thread.
    const std::string title =
        "Loading " + CountText(ctx.snapshot.profiles.size()) + " profiles\u2026";
    ui::EmptyState(ctx.fonts.heading, title.c_str(),
                   "TrustDesk is counting their certificates; the table appears in a moment.",
                   ctx.palette.muted);
  } else if (state.rows.visible().empty()) {
    DrawNoMatches(ctx, state);
  } else {
    DrawProfileTable(ctx, state, commands);
  }
  DrawQuickActionsPopup(ctx, ui, commands);
  DrawDetailsModal(ctx, ui, commands);
}

}  // namespace trustdesk
