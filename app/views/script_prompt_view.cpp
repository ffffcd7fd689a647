#include "app/views/script_prompt_view.h"

#include <imgui.h>

#include "app/ui/dialog_widgets.h"
#include "app/ui/form_widgets.h"
#include "app/ui/item_log.h"
#include "app/ui/widgets.h"
#include "core/scripts/script_display.h"

namespace trustdesk {
namespace {

// A label and a value that may be one long path or word: wrapped at separators too.
void Row(const char* label, const std::string& value, const ImVec4* color = nullptr) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", label);
  ImGui::TableNextColumn();
  ui::WrappedPathText(value, color);
  RecordLastItem(value);  // tests find a value by its text
}

}  // namespace

ScriptPromptAction DrawScriptPrompt(const ViewContext& ctx, ScriptPromptState& state) {
  if (!state.active()) return ScriptPromptAction::Answered;
  const ProfileScript& ps = state.pending[state.index];
  const Script& script = ps.script;

  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted("Allow this script?");
  RecordLastItem("Allow this script?");
  ImGui::PopFont();
  if (state.pending.size() > 1) {
    ui::ColoredText(ctx.palette.muted, "Script " + std::to_string(state.index + 1) + " of " +
                                           std::to_string(state.pending.size()));
  }
  ui::WrappedText("After the certificate is installed, the profile \"" +
                  VisibleText(ps.profile_name) +
                  "\" asks TrustDesk to run this program on this machine, as you, with "
                  "access to everything you can reach. Allow it only if you expect it and trust "
                  "the program and its arguments exactly as shown.");
  if (const ScriptConsent* before = PreviousConsent(ctx.snapshot, ps)) {
    Script old;
    old.command = before->command;
    old.arguments = before->arguments;
    ui::Notice(ctx.palette.warning, "This script changed since you allowed it",
               "You allowed \"" + VisibleText(before->name) + "\": " + CommandLineText(old));
  }
  ImGui::Spacing();
  if (ui::BeginFields("##script-prompt", 8.0f)) {
    Row("Script", VisibleText(script.name));
    Row("Profile", VisibleText(ps.profile_name) + " (" + VisibleText(ps.profile_id) + ")");
    Row("Program", QuotedArgument(script.command), &ctx.palette.text);
    if (script.arguments.empty()) Row("Arguments", "none");
    for (std::size_t i = 0; i < script.arguments.size(); ++i) {
      const std::string label = "Argument " + std::to_string(i + 1);
      Row(label.c_str(), QuotedArgument(script.arguments[i]), &ctx.palette.text);
    }
    Row("Stopped after", std::to_string(script.timeout_seconds) + " s");
    Row("Digest", ps.digest);
    ui::EndFields();
  }
  ui::ColoredText(ctx.palette.muted,
                  "Don't run: the certificate is installed and this script is skipped.");
  ImGui::Spacing();

  ScriptPromptAction action = ScriptPromptAction::None;
  if (ui::Button("Back")) action = ScriptPromptAction::Back;
  ImGui::SameLine();
  if (ui::Button("Don't run")) {
    AnswerScript(state, ScriptAnswer::DontRun);
    action = ScriptPromptAction::Answered;
  }
  ImGui::SameLine();
  if (ui::Button("Allow once")) {
    AnswerScript(state, ScriptAnswer::AllowOnce);
    action = ScriptPromptAction::Answered;
  }
  ui::TooltipForLastItem("Run it after this job only; TrustDesk asks again next time.");
  ImGui::SameLine();
  // No answer is drawn as the recommended one: the user decides, and the safe default is to
  // close the window or press Back.
  if (ui::Button("Always allow")) {
    AnswerScript(state, ScriptAnswer::AlwaysAllow);
    action = ScriptPromptAction::Answered;
  }
  ui::TooltipForLastItem(
      "Run this exact script after every enrollment and renewal, background ones too. If the "
      "profile changes it, TrustDesk asks again. Withdraw it on the Settings page.");
  return action;
}

}  // namespace trustdesk
