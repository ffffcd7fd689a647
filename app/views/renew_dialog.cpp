#include "app/views/renew_dialog.h"

#include <imgui.h>

#include <cfloat>
#include <string>

#include "app/ui/cli_command.h"
#include "app/ui/dialog_widgets.h"
#include "app/ui/issued_actions.h"
#include "app/ui/widgets.h"
#include "app/views/certificate_summary.h"
#include "app/views/script_prompt_view.h"

namespace trustdesk {
namespace {

// Summary and form share one label column (wide enough for "PKCS#12 file passphrase").
constexpr float kLabelWidthEm = 13.0f;

std::string WhatHappens(const IssuedRow& row) {
  const Policy& policy = row.profile->profile.policy;
  std::string text = "A new key is generated in the " +
                     std::string(DisplayName(row.installed->store)) +
                     ", a new certificate with the same subject is requested from \"" +
                     row.profile->profile.name + "\" and installed where this one is.";
  if (policy.duplicates.revoke_previous_on_renew) {
    text += " This certificate is then revoked, as the profile's duplicate policy asks.";
  } else {
    text += " This certificate stays valid until it expires.";
  }
  const std::size_t here = ProfileScriptsHere(row.profile->profile).size();
  if (here > 0) {
    text += std::string(here == 1 ? " The profile's post-processing script runs"
                                  : " The profile's post-processing scripts run") +
            " afterwards, each only if you allowed it; TrustDesk shows any other in full and "
            "asks first.";
  }
  return text;
}

}  // namespace

void DrawRenewDialog(const ViewContext& ctx, RenewDialogState& state, const IssuedRowCache& rows,
                     Commands& commands) {
  const IssuedRow* row =
      BeginCertificateDialog(ctx, "Renew certificate###renew-dialog", kRenewDialogId,
                             &state.open_request, 40.0f, rows, state.serial, kLabelWidthEm);
  if (row == nullptr) return;
  if (state.awaiting_scripts) {
    const ScriptPromptAction answer = DrawScriptPrompt(ctx, state.script_prompt);
    if (answer == ScriptPromptAction::Back) {
      state.secret = std::move(state.awaiting_scripts->secret);
      state.awaiting_scripts.reset();
      state.script_prompt = {};
    } else if (!state.script_prompt.active()) {
      RenewCommand command = std::move(*state.awaiting_scripts);
      command.scripts_allowed_once = state.script_prompt.allowed_once;
      PushAlwaysAllowed(state.script_prompt, commands);
      commands.Push(std::move(command));
      state = RenewDialogState{};
      ImGui::CloseCurrentPopup();
    }
    ui::EndModal();
    return;
  }
  // Checked again every frame: a sync or another job can change the answer while it is open.
  std::string blocked = RenewBlockedReason(*row, ctx.snapshot.jobs, ctx.now);
  if (!blocked.empty()) {
    ui::WrappedText(blocked, &ctx.palette.warning);
  } else {
    ImGui::PushTextWrapPos(0.0f);  // the modal is sized for a readable line
    ImGui::TextUnformatted(WhatHappens(*row).c_str());
    ImGui::PopTextWrapPos();
    const KeyStoreKind store = row->installed->store;
    const char* secret_label = StoreSecretLabel(store);
    if (secret_label[0] != '\0' && ui::BeginFields("##renew-form", kLabelWidthEm)) {
      ui::FormLabel(secret_label);
      ui::SecretInput("##Renew secret", &state.secret, -FLT_MIN);
      ui::EndFields();
      if (StoreSecretRequired(store) && state.secret.empty()) {
        blocked = StoreSecretPrompt(store);
      }
    }
  }
  if (DialogButtons(ctx, "Renew", blocked, false, CliCommand(RenewCommand{state.serial, {}}),
                    &commands)) {
    RenewCommand command{state.serial, std::move(state.secret)};
    std::vector<ProfileScript> ask;
    if (row->profile != nullptr) {
      ask = ScriptsToAsk(ctx.snapshot, ctx.settings, row->profile->profile);
    }
    if (ask.empty()) {
      commands.Push(std::move(command));
      state = RenewDialogState{};
      ImGui::CloseCurrentPopup();
    } else {
      state.awaiting_scripts = std::move(command);
      state.script_prompt = StartScriptPrompt(std::move(ask));
    }
  }
  ui::EndModal();
}

}  // namespace trustdesk
