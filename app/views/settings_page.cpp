#include "app/views/settings_page.h"

#include <algorithm>
#include <cmath>

#include <imgui.h>

#include "app/ui/item_log.h"
#include "app/ui/widgets.h"
#include "app/views/page_header.h"
#include "core/scripts/script_display.h"

namespace trustdesk {
namespace {

void Hint(const ViewContext& ctx, const char* text) {
  ImGui::Indent(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::PushTextWrapPos(0.0f);
  ui::ColoredText(ctx.palette.muted, text);
  RecordLastItem(text);
  ImGui::PopTextWrapPos();
  ImGui::Unindent(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
}

// The scripts the user allowed always, each with Withdraw.
void DrawAllowedScripts(const ViewContext& ctx, Commands& commands) {
  ImGui::Spacing();
  ImGui::Indent(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::PushTextWrapPos(0.0f);
  if (!ctx.snapshot.script_consent_error.empty()) {
    const std::string text = "Your script consents could not be read, so no script runs until "
                             "you allow it again: " + ctx.snapshot.script_consent_error;
    ui::ColoredText(ctx.palette.error, text);
    RecordLastItem(text);
  } else if (ctx.snapshot.script_consents.empty()) {
    ui::ColoredText(ctx.palette.muted, "You have not allowed any script.");
    RecordLastItem("You have not allowed any script.");
  }
  for (const ScriptConsent& c : ctx.snapshot.script_consents) {
    ImGui::PushID(c.digest.c_str());
    Script script;
    script.command = c.command;
    script.arguments = c.arguments;
    const std::string title = "\"" + VisibleText(c.name) + "\" \u00b7 " + VisibleText(c.profile_id);
    ImGui::AlignTextToFramePadding();  // level with the Withdraw button beside it
    ImGui::TextUnformatted(title.c_str());
    RecordLastItem(title);
    ImGui::SameLine();
    if (ui::Button("Withdraw")) commands.Push(RevokeScriptCommand{c.digest});
    ui::TooltipForLastItem("It no longer runs; TrustDesk asks again next time.");
    const std::string line = CommandLineText(script);
    ui::ColoredText(ctx.palette.muted, line);
    RecordLastItem(line);
    ImGui::PopID();
  }
  ImGui::PopTextWrapPos();
  ImGui::Unindent(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
}

}  // namespace

void DrawSettingsPage(const ViewContext& ctx, SettingsPageState& state, Commands& commands) {
  DrawPageHeader(ctx, "Settings");
  if (!state.load_error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ui::ColoredText(ctx.palette.warning,
                    "\u26a0 Your saved settings could not be read, so the defaults are in use. "
                    "The file is kept unchanged until you change a setting.");
    ui::ColoredText(ctx.palette.muted, state.load_error);
    ImGui::PopTextWrapPos();
  }
  if (!state.save_error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ui::ColoredText(ctx.palette.error, "Settings could not be saved: " + state.save_error);
    ImGui::PopTextWrapPos();
  }

  Settings next = ctx.settings;
  bool changed = false;

  ui::SectionHeading("MODE", ctx.palette.muted);
  changed |= ui::Checkbox("Advanced mode", &next.advanced_mode);
  Hint(ctx, "Shows profile IDs and revisions, the internals behind each screen, Key stores & "
            "devices, and Diagnostics.");

  ui::SectionHeading("APPEARANCE", ctx.palette.muted);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Theme");
  ImGui::SameLine(ImGui::GetFontSize() * 7.0f);
  if (ui::RadioButton("Dark", next.theme == Theme::Dark)) {
    next.theme = Theme::Dark;
    changed = true;
  }
  ImGui::SameLine();
  if (ui::RadioButton("Light", next.theme == Theme::Light)) {
    next.theme = Theme::Light;
    changed = true;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Text size");
  ImGui::SameLine(ImGui::GetFontSize() * 7.0f);
  if (!state.editing_font_scale) state.font_scale_edit = next.font_scale * 100.0f;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0f);
  ImGui::SliderFloat("##Text size", &state.font_scale_edit, kMinFontScale * 100.0f,
                     kMaxFontScale * 100.0f, "%.0f%%", ImGuiSliderFlags_AlwaysClamp);
  RecordLastItem("Text size");
  state.editing_font_scale = ImGui::IsItemActive();
  // Rebuilding the font atlas is not free: apply the new size when the slider is released.
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    next.font_scale = std::round(state.font_scale_edit / 5.0f) * 5.0f / 100.0f;
    changed = true;
  }

  ui::SectionHeading("SYNC", ctx.palette.muted);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Sync profiles every");
  ImGui::SameLine();
  int minutes = next.sync_interval_minutes;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.0f);
  bool interval_edited = ImGui::InputInt("##Sync interval", &minutes, 0, 0);
  RecordLastItem("Sync interval");
  // Steps of 5 minutes, as separate buttons so each is its own item.
  const float button = ImGui::GetFrameHeight();
  ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
  if (ui::Button("-##Sync interval", {}, ImVec2(button, button))) {
    minutes -= 5;
    interval_edited = true;
  }
  ui::TooltipForLastItem("5 minutes less");
  ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
  if (ui::Button("+##Sync interval", {}, ImVec2(button, button))) {
    minutes += 5;
    interval_edited = true;
  }
  ui::TooltipForLastItem("5 minutes more");
  if (interval_edited) {
    next.sync_interval_minutes = std::clamp(minutes, kMinSyncInterval, kMaxSyncInterval);
    changed = true;
  }
  ImGui::SameLine();
  ImGui::TextUnformatted("minutes");
  Hint(ctx, "TrustDesk also syncs after signing in and when the network comes back. A sync that "
            "finds nothing new costs one small request.");

  ui::SectionHeading("SCRIPTS", ctx.palette.muted);
  changed |= ui::Checkbox("Run post-processing scripts I have allowed", &next.scripts_enabled);
  Hint(ctx, "Profiles can ask TrustDesk to run a program after a certificate is installed. A "
            "script runs only after you allowed that exact script: its profile, program and "
            "every argument. The enrollment, renewal and key recovery dialogs show it in full "
            "and ask; a script you allowed always also runs after background enrollments and "
            "renewals. When the server changes a script, it is not run until you allow it "
            "again, and Activity says so. On the command line: trustdesk-cli scripts list, "
            "allow and revoke. Turning this off stops every script.");
  DrawAllowedScripts(ctx, commands);

  if (!state.config_dir.empty()) {
    ui::SectionHeading("FILES", ctx.palette.muted);
    ImGui::PushTextWrapPos(0.0f);
    ui::ColoredText(ctx.palette.muted, "Settings are stored in " + state.config_dir);
    ImGui::PopTextWrapPos();
  }

  if (changed && next != ctx.settings) commands.Push(ChangeSettings{next});
}

}  // namespace trustdesk
