#include "app/views/enrollment_window.h"

#include <algorithm>
#include <string>

#include <imgui.h>

#include "app/ui/form_widgets.h"
#include "app/ui/widgets.h"
#include "app/views/enrollment_window_parts.h"
#include "app/views/script_prompt_view.h"

namespace trustdesk {
namespace {

const ProfileEntry* FindProfile(const Snapshot& snapshot, const std::string& id) {
  for (const ProfileEntry& entry : snapshot.profiles) {
    if (entry.profile.id == id) return &entry;
  }
  return nullptr;
}

// Takes an open request: a fresh form for the profile, keeping only what the app configured.
void TakeOpenRequest(EnrollmentWindowState& state) {
  EnrollmentWindowState fresh;
  fresh.default_key_dir = state.default_key_dir;
  fresh.profile_id = std::exchange(state.open_for_profile, {});
  fresh.location = fresh.default_key_dir;
  state = std::move(fresh);
}

// Name, description and the facts of the certificate that the user cannot change.
void DrawHeader(const ViewContext& ctx, const Profile& profile) {
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(profile.name.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  ImGui::PushTextWrapPos(0.0f);
  if (!profile.description.empty()) ui::ColoredText(ctx.palette.muted, profile.description);
  const CertificateFormat& format = profile.certificate_format;
  std::string facts = "Issued by " + (profile.issuing_ca.empty() ? std::string("the account's CA")
                                                                 : profile.issuing_ca);
  facts += " \u00b7 valid " + std::to_string(format.validity_days) +
           (format.validity_days == 1 ? " day" : " days") + " \u00b7 " + format.signature_hash;
  ui::ColoredText(ctx.palette.muted, facts);
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
}

// The profile disappeared (an admin unassigned it, or the user signed out) while the window was
// open: say so instead of showing a form for something that no longer exists.
EnrollmentAction DrawProfileGone(const ViewContext& ctx, const EnrollmentWindowState& state) {
  ui::Notice(ctx.palette.warning, "This profile is no longer available",
             "Profile " + state.profile_id +
                 " is not in the latest sync. It may have been unassigned from you, or you "
                 "signed out. Anything already submitted continues; see Activity for the result.");
  ImGui::Spacing();
  return ui::Button("Close") ? EnrollmentAction::Close : EnrollmentAction::None;
}

}  // namespace

float EnrollmentFooterHeight() {
  const ImGuiStyle& style = ImGui::GetStyle();
  return ImGui::GetFrameHeight() + style.ItemSpacing.y * 2.0f + 1.0f;
}

void BeginEnrollmentBody(const char* id) {
  ImGui::BeginChild(id, ImVec2(0, -EnrollmentFooterHeight()), false);
}

void EndEnrollmentBody(EnrollmentWindowState& state) {
  const float content = ImGui::GetCursorPosY();  // includes the scrolled-away part
  ImGui::EndChild();
  const float top = ImGui::GetItemRectMin().y - ImGui::GetWindowPos().y;
  state.wanted_height = top + content + EnrollmentFooterHeight() + ImGui::GetStyle().WindowPadding.y;
}

void SubmitEnrollment(const Snapshot& snapshot, EnrollCommand command,
                      EnrollmentWindowState& state, Commands& commands) {
  state.jobs_before.clear();
  for (const JobStatus& job : snapshot.jobs) state.jobs_before.push_back(job.id);
  state.job_id = 0;
  state.cancel_sent = false;
  state.submitted = command;
  commands.Push(std::move(command));
}

void TrackEnrollmentJob(const Snapshot& snapshot, EnrollmentWindowState& state) {
  if (!state.submitted || state.job_id != 0) return;
  for (const JobStatus& job : snapshot.jobs) {
    if (job.kind != JobKind::Enroll || job.profile_id != state.profile_id) continue;
    if (std::find(state.jobs_before.begin(), state.jobs_before.end(), job.id) !=
        state.jobs_before.end()) {
      continue;
    }
    state.job_id = job.id;
    return;
  }
}

const JobStatus* FollowedJob(const Snapshot& snapshot, const EnrollmentWindowState& state) {
  if (state.job_id == 0) return nullptr;
  for (const JobStatus& job : snapshot.jobs) {
    if (job.id == state.job_id) return &job;
  }
  return nullptr;
}

bool EnrollmentRunning(const Snapshot& snapshot, const EnrollmentWindowState& state) {
  if (!state.submitted) return false;
  if (state.job_id == 0) return true;  // sent; the job has not been published yet
  const JobStatus* job = FollowedJob(snapshot, state);
  return job != nullptr && !job->finished();
}

void CloseEnrollmentWindow(EnrollmentWindowState& state) {
  EnrollmentWindowState closed;
  closed.default_key_dir = state.default_key_dir;
  closed.open_for_profile = state.open_for_profile;
  state = std::move(closed);
}

EnrollmentAction DrawEnrollmentScriptPrompt(const ViewContext& ctx, EnrollmentWindowState& state,
                                            Commands& commands) {
  BeginEnrollmentBody("##scripts");
  const ScriptPromptAction answer = DrawScriptPrompt(ctx, state.script_prompt);
  EndEnrollmentBody(state);
  if (answer == ScriptPromptAction::Back) {
    // The form as it was: the secret the command took goes back into its fields.
    state.secret = state.awaiting_scripts->store.secret;
    state.secret_confirm = state.secret;
    state.awaiting_scripts.reset();
    state.script_prompt = {};
  } else if (!state.script_prompt.active()) {
    EnrollCommand command = std::move(*state.awaiting_scripts);
    state.awaiting_scripts.reset();
    command.scripts_allowed_once = state.script_prompt.allowed_once;
    PushAlwaysAllowed(state.script_prompt, commands);
    state.script_prompt = {};
    SubmitEnrollment(ctx.snapshot, std::move(command), state, commands);
  }
  return EnrollmentAction::None;
}

void DrawEnrollmentWindow(const ViewContext& ctx, EnrollmentWindowState& state,
                          Commands& commands) {
  if (!state.open_for_profile.empty()) TakeOpenRequest(state);
  if (!state.open()) return;
  TrackEnrollmentJob(ctx.snapshot, state);

  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float font = ImGui::GetFontSize();
  const float margin = font * 1.5f;
  // As tall as the content wants (known from the last frame), within the screen.
  const float wanted = state.wanted_height > 0 ? state.wanted_height : font * 40.0f;
  const ImVec2 size(std::min(viewport->WorkSize.x - 2 * margin, font * 50.0f),
                    std::min(viewport->WorkSize.y - 2 * margin, std::max(font * 16.0f, wanted)));
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  ImGui::SetNextWindowPos(
      ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
             viewport->WorkPos.y + viewport->WorkSize.y * 0.5f),
      ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (!ImGui::IsPopupOpen(kEnrollmentWindowId)) ImGui::OpenPopup(kEnrollmentWindowId);

  const ProfileEntry* entry = FindProfile(ctx.snapshot, state.profile_id);
  const std::string title = std::string("Enroll certificate") + kEnrollmentWindowId;
  // WantTextInput still reflects the last frame: Esc that ends typing in a field does not also
  // close the window.
  const bool typing = ImGui::GetIO().WantTextInput;
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr,
                              ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                  ImGuiWindowFlags_NoSavedSettings |
                                  ImGuiWindowFlags_NoScrollbar)) {
    return;
  }
  // The theme gives fields the popup's own background; a border keeps them visible here.
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
  EnrollmentAction action = EnrollmentAction::None;
  if (entry == nullptr) {
    action = DrawProfileGone(ctx, state);
  } else {
    DrawHeader(ctx, entry->profile);
    action = state.submitted          ? DrawEnrollmentProgress(ctx, *entry, state, commands)
             : state.awaiting_scripts ? DrawEnrollmentScriptPrompt(ctx, state, commands)
                                      : DrawEnrollmentForm(ctx, *entry, state, commands);
  }
  const bool escape = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
  if (escape && !typing && !EnrollmentRunning(ctx.snapshot, state)) {
    action = EnrollmentAction::Close;
  }
  ImGui::PopStyleVar();
  if (action == EnrollmentAction::Close) {
    ImGui::CloseCurrentPopup();
    CloseEnrollmentWindow(state);
  }
  ImGui::EndPopup();
}

}  // namespace trustdesk
