#include "app/views/renew_dialog.h"

#include <imgui.h>

#include <cfloat>
#include <string>

#include "app/ui/cli_command.h"
#include "app/ui/dialog_widgets.h"
#include "app/ui/issued_actions.h"
#include "app/ui/widgets.h"
#include "app/views/certificate_summary.h"

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
  if (!policy.scripts.empty()) {
    text += " The profile's " + std::to_string(policy.scripts.size()) +
            (policy.scripts.size() == 1 ? " post-processing script runs"
                                        : " post-processing scripts run") +
            " afterwards (see the profile's details).";
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
    commands.Push(RenewCommand{state.serial, std::move(state.secret)});
    state = RenewDialogState{};
    ImGui::CloseCurrentPopup();
  }
  ui::EndModal();
}

}  // namespace trustdesk
