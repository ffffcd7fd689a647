#include "app/views/toasts.h"

#include <imgui.h>
#include <imgui_internal.h>  // GetTopMostPopupModal

#include <algorithm>
#include <cfloat>
#include <string>

#include "app/ui/cert_text.h"
#include "app/ui/dialog_widgets.h"
#include "app/ui/item_log.h"
#include "app/ui/job_text.h"

namespace trustdesk {
namespace {

const char* PastTense(JobKind kind) {
  switch (kind) {
    case JobKind::Enroll:
      return "Enrolled";
    case JobKind::Renew:
      return "Renewed";
    case JobKind::Revoke:
      return "Revoked";
    case JobKind::Export:
      return "Exported";
    case JobKind::Escrow:
      return "Escrowed the key of";
    case JobKind::RecoverKey:
      return "Recovered the key of";
  }
  return "Finished";
}

std::string ProfileName(const Snapshot& snap, const std::string& id) {
  if (id.empty()) return {};
  for (const auto& entry : snap.profiles) {
    if (entry.profile.id == id) return entry.profile.name;
  }
  return {};
}

int64_t Lifetime(const Toast& toast) { return toast.failed ? kFailedToastSeconds : kToastSeconds; }

}  // namespace

Toast ToastForJob(const Snapshot& snap, const JobStatus& job, Timestamp now) {
  Toast toast;
  toast.job_id = job.id;
  toast.shown_at = now;
  const std::string title = job.title.empty() ? std::string(ToString(job.kind)) : job.title;
  switch (job.state) {
    case JobState::Succeeded: {
      std::string what = ProfileName(snap, job.profile_id);
      if (what.empty()) what = "certificate";
      toast.text = std::string(PastTense(job.kind)) + " " + what;
      const std::string& serial = job.result_serial.empty() ? job.serial : job.result_serial;
      if (!serial.empty()) toast.text += " \u2014 serial " + ShortSerial(serial);
      toast.detail = job.result;
      break;
    }
    case JobState::Failed: {
      toast.failed = true;
      toast.text = title + " failed";
      if (job.current < job.steps.size()) {
        toast.text += std::string(" at \u201c") + StepLabel(job.steps[job.current]) + "\u201d";
      }
      toast.detail = JobFailureReason(job, "See Activity for details.");
      break;
    }
    default:
      toast.cancelled = true;
      toast.text = title + " cancelled";
      toast.detail = "Nothing was submitted.";
      if (job.current < job.steps.size() && !job.cancellable) toast.detail.clear();
      break;
  }
  return toast;
}

void UpdateToasts(const Snapshot& snap, Timestamp now, ToastState& state) {
  std::optional<Timestamp> newest = state.last_finished_at;
  for (const JobStatus& job : snap.jobs) {
    if (!job.finished() || !job.finished_at || state.shown_jobs.count(job.id) != 0) continue;
    state.shown_jobs.insert(job.id);
    // Only jobs that finished since the last one shown (same second allowed: ids deduplicate),
    // and not long ago (a restart or a late first frame shows no stale toasts).
    if (state.last_finished_at && *job.finished_at < *state.last_finished_at) continue;
    if (now.unix_seconds - job.finished_at->unix_seconds >= kToastSeconds) continue;
    state.visible.push_back(ToastForJob(snap, job, now));
    if (!newest || *job.finished_at > *newest) newest = job.finished_at;
  }
  state.last_finished_at = newest;
  // Forget jobs the snapshot no longer carries, so the set stays as small as the job list.
  for (auto it = state.shown_jobs.begin(); it != state.shown_jobs.end();) {
    const bool present = std::any_of(snap.jobs.begin(), snap.jobs.end(),
                                     [&](const JobStatus& j) { return j.id == *it; });
    it = present ? std::next(it) : state.shown_jobs.erase(it);
  }
  std::erase_if(state.visible, [&](const Toast& t) {
    return now.unix_seconds - t.shown_at.unix_seconds >= Lifetime(t) || now < t.shown_at;
  });
  while (state.visible.size() > kMaxToasts) state.visible.erase(state.visible.begin());
}

std::optional<int64_t> SecondsUntilToastExpires(const ToastState& state, Timestamp now) {
  std::optional<int64_t> soonest;
  for (const Toast& t : state.visible) {
    const int64_t left = std::max<int64_t>(
        0, t.shown_at.unix_seconds + Lifetime(t) - now.unix_seconds);
    if (!soonest || left < *soonest) soonest = left;
  }
  return soonest;
}

void DrawToasts(const ViewContext& ctx, ToastState& state, Commands& commands) {
  // A toast drawn over a modal would cover its buttons (the bottom-right corner is where dialogs
  // keep them). While a modal is open the toasts wait, their clock held, and show once it closes.
  const bool held = ImGui::GetTopMostPopupModal() != nullptr;
  if (held) {
    for (Toast& toast : state.visible) toast.shown_at = ctx.now;
  }
  UpdateToasts(ctx.snapshot, ctx.now, state);
  if (state.visible.empty() || held) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float em = ImGui::GetFontSize();
  const float width = std::min(em * 24.0f, viewport->WorkSize.x * 0.6f);
  const float margin = style.WindowPadding.x;
  const float status_bar = ImGui::GetFrameHeight() + style.WindowPadding.y;
  float bottom = viewport->WorkPos.y + viewport->WorkSize.y - status_bar - margin;
  const float right = viewport->WorkPos.x + viewport->WorkSize.x - margin;
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav |
                                      ImGuiWindowFlags_AlwaysAutoResize;

  std::optional<uint64_t> clicked;
  // Newest at the bottom, older ones stacked above it.
  for (std::size_t i = state.visible.size(); i-- > 0;) {
    const Toast& toast = state.visible[i];
    const std::string name = "##toast-" + std::to_string(toast.job_id);
    ImGui::SetNextWindowPos(ImVec2(right, bottom), ImGuiCond_Always, ImVec2(1.0f, 1.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, FLT_MAX));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
    const ImVec4& tone = toast.failed      ? ctx.palette.error
                         : toast.cancelled ? ctx.palette.warning
                                           : ctx.palette.ok;
    ImGui::PushStyleColor(ImGuiCol_Border, tone);
    ImGui::Begin(name.c_str(), nullptr, kFlags);
    ImGui::BeginGroup();
    ImGui::PushStyleColor(ImGuiCol_Text, tone);
    ImGui::TextUnformatted(toast.failed ? "\u2717" : toast.cancelled ? "\u2013" : "\u2713");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0.0f);
    if (toast.failed) ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.error);
    ImGui::TextUnformatted(toast.text.c_str());
    if (toast.failed) ImGui::PopStyleColor();
    // The result often names where the certificate went: wrap paths at their separators.
    if (!toast.detail.empty()) ui::WrappedPathText(toast.detail, &ctx.palette.muted);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::EndGroup();
    // The whole toast is the click target: an invisible button over its content.
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    ImGui::SetCursorScreenPos(min);
    if (ImGui::InvisibleButton("##open-activity", ImVec2(max.x - min.x, max.y - min.y))) {
      clicked = toast.job_id;
    }
    RecordLastItem(toast.text);
    if (ImGui::IsItemHovered()) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      ImGui::SetTooltip("Open Activity");
    }
    bottom -= ImGui::GetWindowHeight() + style.ItemSpacing.y;
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
  }
  if (clicked) {
    std::erase_if(state.visible, [&](const Toast& t) { return t.job_id == *clicked; });
    commands.Push(NavigateTo{Page::Activity, {}});
  }
}

}  // namespace trustdesk
