// The enrollment job, step by step (generate key → build request → submit → verify chain →
// install → escrow → scripts → done), then the result or the failing step with Retry.
#include <algorithm>
#include <string>

#include <imgui.h>

#include "app/ui/form_widgets.h"
#include "app/ui/job_text.h"
#include "app/ui/time_text.h"
#include "app/ui/widgets.h"
#include "app/views/enrollment_window_parts.h"

namespace trustdesk {
namespace {

enum class StepMark { Done, Running, Failed, Cancelled, Pending, NotRun };

StepMark MarkOf(const JobStatus& job, std::size_t i) {
  if (job.state == JobState::Succeeded || i < job.current) return StepMark::Done;
  if (i > job.current) {
    return job.finished() ? StepMark::NotRun : StepMark::Pending;
  }
  switch (job.state) {
    case JobState::Running: return StepMark::Running;
    case JobState::Failed: return StepMark::Failed;
    case JobState::Cancelled: return StepMark::Cancelled;
    default: return StepMark::Pending;
  }
}

void DrawStep(const ViewContext& ctx, const JobStatus& job, std::size_t i) {
  const StepMark mark = MarkOf(job, i);
  const Palette& p = ctx.palette;
  const char* icon = "\u2022";
  const ImVec4* color = &p.muted;
  std::string note;
  switch (mark) {
    case StepMark::Done: icon = "\u2713"; color = &p.ok; break;
    case StepMark::Running: icon = "\u25cf"; color = &p.accent; note = "in progress\u2026"; break;
    case StepMark::Failed: icon = "\u2717"; color = &p.error; note = "failed"; break;
    case StepMark::Cancelled: icon = "\u2717"; note = "cancelled"; break;
    case StepMark::Pending: break;
    case StepMark::NotRun: note = "not run"; break;
  }
  const float icon_w = ImGui::GetFontSize() * 1.4f;
  const float x = ImGui::GetCursorPosX();
  ui::ColoredText(*color, icon);
  ImGui::SameLine(x + icon_w);
  const bool strong = mark == StepMark::Done || mark == StepMark::Running ||
                      mark == StepMark::Failed;
  ui::FieldMessage(strong ? p.text : p.muted, StepLabel(job.steps[i]));
  if (!note.empty()) {
    ImGui::SameLine();
    ui::ColoredText(mark == StepMark::Failed ? p.error : p.muted, note);
  }
}

std::string Elapsed(const JobStatus& job, Timestamp now) {
  if (!job.started_at) return "Waiting in the queue";
  const Timestamp end = job.finished_at.value_or(now);
  const int64_t seconds = std::max<int64_t>(0, end.unix_seconds - job.started_at->unix_seconds);
  std::string text = "Started " + LocalTime(*job.started_at, now);
  text += job.finished() ? " \u00b7 took " : " \u00b7 running for ";
  text += seconds < 1 ? std::string("under a second") : ShortDuration(seconds);
  return text;
}

const InventoryEntry* InstalledEntry(const Snapshot& snapshot, const std::string& serial) {
  if (serial.empty()) return nullptr;
  for (const InventoryEntry& entry : snapshot.installed) {
    if (entry.serial == serial) return &entry;
  }
  return nullptr;
}

void DrawSucceeded(const ViewContext& ctx, const JobStatus& job, Commands& commands) {
  ui::Notice(ctx.palette.ok, "\u2713 Certificate issued and installed", job.result);
  ImGui::Spacing();
  const float label_width = ImGui::CalcTextSize("Installed in").x + ImGui::GetFontSize() * 2;
  if (!ui::BeginFormTable("##result", label_width)) return;
  ui::FormRow("Serial");
  ImGui::AlignTextToFramePadding();
  const std::string serial = job.result_serial.empty() ? "\u2014" : job.result_serial;
  ImGui::TextUnformatted(serial.c_str());
  if (!job.result_serial.empty()) {
    ImGui::SameLine();
    if (ui::Button("Copy serial")) commands.Push(CopyToClipboard{job.result_serial});
  }
  ui::FormRow("Installed in");
  if (const InventoryEntry* entry = InstalledEntry(ctx.snapshot, job.result_serial)) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(DisplayName(entry->store));
    if (!entry->location.empty()) ui::FieldMessage(ctx.palette.muted, entry->location);
    ui::FormRow("Expires");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(LocalTime(entry->not_after, ctx.now).c_str());
  } else {
    ImGui::AlignTextToFramePadding();
    ui::ColoredText(ctx.palette.muted, "Shown here once the local inventory is updated");
  }
  ui::EndFormTable();
}

void DrawFailed(const ViewContext& ctx, const JobStatus& job) {
  const std::string step =
      job.current < job.steps.size() ? StepLabel(job.steps[job.current]) : "an unknown step";
  ui::Notice(ctx.palette.error, "Enrollment failed at \u201c" + step + "\u201d",
             JobFailureReason(job, "No reason was reported."));
  ImGui::Spacing();
  // Where it stopped relative to the submission tells the user what exists now.
  const auto submit = std::find(job.steps.begin(), job.steps.end(), JobStep::Submit);
  const std::size_t submit_at = static_cast<std::size_t>(submit - job.steps.begin());
  const char* what = "Nothing was sent to the certificate authority. Retry starts again with a "
                     "new key.";
  if (submit != job.steps.end() && job.current == submit_at) {
    what = "The certificate authority did not issue a certificate. Retry sends a new request.";
  } else if (submit != job.steps.end() && job.current > submit_at) {
    what = "The certificate was issued but not completed on this machine. Retry requests a new "
           "certificate with a new key.";
  }
  ui::FieldMessage(ctx.palette.muted, what);
}

// The footer: buttons right-aligned, an explanation on the left.
float ButtonWidth(const char* label) {
  return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
}

void BeginFooter(const ViewContext& ctx, std::string_view note, float buttons_width) {
  ImGui::Separator();
  ImGui::AlignTextToFramePadding();
  const float avail = ImGui::GetContentRegionAvail().x - buttons_width -
                      ImGui::GetStyle().ItemSpacing.x * 2;
  ui::TextEllipsis(ctx.palette.muted, note, avail);
  ImGui::SameLine();
  ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - buttons_width);
}

float WidthOf(std::initializer_list<const char*> labels) {
  float w = 0;
  for (const char* l : labels) w += ButtonWidth(l) + ImGui::GetStyle().ItemSpacing.x;
  return w - ImGui::GetStyle().ItemSpacing.x;
}

}  // namespace

EnrollmentAction DrawEnrollmentProgress(const ViewContext& ctx, const ProfileEntry& entry,
                                        EnrollmentWindowState& state, Commands& commands) {
  const JobStatus* job = FollowedJob(ctx.snapshot, state);
  BeginEnrollmentBody("##progress");
  ui::SectionHeading("PROGRESS", ctx.palette.muted);
  if (job == nullptr && state.job_id == 0) {
    ui::FieldMessage(ctx.palette.muted, "Starting\u2026 waiting for TrustDesk to pick up the job.");
  } else if (job == nullptr) {
    ui::FieldMessage(ctx.palette.muted,
                     "This job is no longer in the recent list. Its outcome is in Activity and, "
                     "when a certificate was issued, on the Issued certificates page.");
  } else {
    for (std::size_t i = 0; i < job->steps.size(); ++i) DrawStep(ctx, *job, i);
    ImGui::Spacing();
    ui::ColoredText(ctx.palette.muted, Elapsed(*job, ctx.now));
    ImGui::Spacing();
    if (job->state == JobState::Succeeded) DrawSucceeded(ctx, *job, commands);
    if (job->state == JobState::Failed) DrawFailed(ctx, *job);
    if (job->state == JobState::Cancelled) {
      ui::Notice(ctx.palette.warning, "Enrollment cancelled",
                 "Nothing was sent to the certificate authority and no key was kept.");
    }
  }
  EndEnrollmentBody(state);

  EnrollmentAction action = EnrollmentAction::None;
  const bool finished = job == nullptr ? state.job_id != 0 : job->finished();
  if (!finished) {
    const bool can_cancel = job != nullptr && job->cancellable && !state.cancel_sent;
    const char* hide = "Continue in background";
    const float width = can_cancel ? WidthOf({"Cancel enrollment", hide}) : WidthOf({hide});
    std::string note = "You can close this window; a notification tells you when it is done.";
    if (state.cancel_sent) note = "Cancelling\u2026";
    else if (job != nullptr && !job->cancellable) {
      note = "The request has been sent to the certificate authority; it can no longer be "
             "cancelled.";
    }
    BeginFooter(ctx, note, width);
    if (can_cancel) {
      if (ui::Button("Cancel enrollment")) {
        commands.Push(CancelJobCommand{job->id});
        state.cancel_sent = true;
      }
      ImGui::SameLine();
    }
    if (ui::Button(hide)) action = EnrollmentAction::Close;
    return action;
  }

  if (job != nullptr && job->state == JobState::Succeeded) {
    BeginFooter(ctx, "", WidthOf({"View issued certificates", "Close"}));
    if (ui::Button("View issued certificates")) {
      commands.Push(NavigateTo{Page::Issued, entry.profile.id});
      action = EnrollmentAction::Close;
    }
    ImGui::SameLine();
    if (ui::PrimaryButton("Close", ctx.palette.accent)) action = EnrollmentAction::Close;
    return action;
  }

  const bool can_retry = job != nullptr && state.submitted.has_value();
  BeginFooter(ctx, can_retry ? "Retry uses the same values, key type and key store." : "",
              can_retry ? WidthOf({"Change and retry", "Retry", "Close"}) : WidthOf({"Close"}));
  if (can_retry) {
    if (ui::Button("Change and retry")) {
      // Back to the form with everything as it was sent, the secret included.
      state.secret = state.submitted->store.secret;
      state.secret_confirm = state.secret;
      state.submitted.reset();
      state.job_id = 0;
    }
    ImGui::SameLine();
    if (ui::PrimaryButton("Retry", ctx.palette.accent)) {
      EnrollCommand again = *state.submitted;
      SubmitEnrollment(ctx.snapshot, std::move(again), state, commands);
    }
    ImGui::SameLine();
  }
  if (ui::Button("Close")) action = EnrollmentAction::Close;
  return action;
}

}  // namespace trustdesk
