#include "app/views/status_bar.h"

#include <algorithm>
#include <string>

#include <imgui.h>

#include "app/ui/item_log.h"
#include "app/ui/sync_text.h"
#include "app/ui/time_text.h"
#include "app/ui/widgets.h"

namespace trustdesk {

std::string RunningJobsText(const Snapshot& snap) {
  const JobStatus* first = nullptr;
  std::size_t running = 0;
  for (const JobStatus& job : snap.jobs) {
    if (job.finished()) continue;
    if (first == nullptr) first = &job;
    ++running;
  }
  if (running == 0) return "No jobs running";
  if (running > 1) return std::to_string(running) + " jobs running";
  std::string text = first->title.empty() ? std::string("1 job running") : first->title;
  if (first->state == JobState::Queued) return text + " (queued)";
  if (first->current < first->steps.size()) {
    text += std::string(" \u2014 ") + StepLabel(first->steps[first->current]) + "\u2026";
  }
  return text;
}

void DrawStatusBar(const ViewContext& ctx) {
  const Snapshot& snap = ctx.snapshot;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right_edge = ImGui::GetWindowContentRegionMax().x;

  std::string right;
  if (snap.account) {
    right = snap.account->user.username + " @ " + snap.account->name;
    if (!snap.server_url.empty()) right += " (" + snap.server_url + ")";
  } else {
    right = "Not signed in";
  }
  if (ctx.settings.advanced_mode) right += " \u00b7 Advanced mode";
  // The account side never takes more than half the bar; the sync side gets the rest and is cut
  // with an ellipsis (whole text on hover) rather than running under the account.
  const float half = (right_edge - ImGui::GetCursorPosX()) * 0.5f;
  const float right_width = std::min(ImGui::CalcTextSize(right.c_str()).x, half);
  const float left_limit = right_edge - right_width - style.ItemSpacing.x * 2;

  const SyncLine sync = DescribeSync(snap.sync, ctx.now);
  std::string rest;
  if (snap.sync.last_synced)
    rest += " \u00b7 last synced " + LocalTime(*snap.sync.last_synced, ctx.now);
  const std::string jobs = RunningJobsText(snap);
  rest += " \u00b7 " + jobs;

  ImGui::AlignTextToFramePadding();
  ui::FittedText(sync.text, ToneColor(ctx.palette, sync.tone),
                 std::max(left_limit - ImGui::GetCursorPosX(), 1.0f));
  ImGui::SameLine(0, 0);
  const float rest_width = left_limit - ImGui::GetCursorPosX();
  if (rest_width > ImGui::GetFontSize()) ui::FittedText(rest, ctx.palette.muted, rest_width);
  RecordLastItem("Status: " + jobs);

  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + style.ItemSpacing.x, right_edge - right_width));
  ui::FittedText(right, ctx.palette.muted, right_width);
  RecordLastItem("Status account");
}

}  // namespace trustdesk
