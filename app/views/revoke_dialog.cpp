#include "app/views/revoke_dialog.h"

#include <imgui.h>

#include <cfloat>

#include "app/ui/cli_command.h"
#include "app/ui/dialog_widgets.h"
#include "app/ui/issued_actions.h"
#include "app/ui/widgets.h"
#include "app/views/certificate_summary.h"

namespace trustdesk {
namespace {

// Summary and form share one label column (wide enough for "Certificate").
constexpr float kLabelWidthEm = 8.0f;

constexpr RevocationReason kReasons[] = {
    RevocationReason::Unspecified, RevocationReason::KeyCompromise,
    RevocationReason::AffiliationChanged, RevocationReason::Superseded,
    RevocationReason::CessationOfOperation};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

const char* RevocationReasonLabel(RevocationReason reason) {
  switch (reason) {
    case RevocationReason::Unspecified:
      return "Unspecified";
    case RevocationReason::KeyCompromise:
      return "Key compromise";
    case RevocationReason::AffiliationChanged:
      return "Affiliation changed";
    case RevocationReason::Superseded:
      return "Superseded";
    case RevocationReason::CessationOfOperation:
      return "Cessation of operation";
  }
  return "";
}

std::string RevokeConfirmationText(const IssuedRow& row) {
  return std::string(row.common_name.empty() ? row.serial : row.common_name);
}

void DrawRevokeDialog(const ViewContext& ctx, RevokeDialogState& state, const IssuedRowCache& rows,
                      Commands& commands) {
  const IssuedRow* row =
      BeginCertificateDialog(ctx, "Revoke certificate###revoke-dialog", kRevokeDialogId,
                             &state.open_request, 34.0f, rows, state.serial, kLabelWidthEm);
  if (row == nullptr) return;
  std::string blocked = RevokeBlockedReason(*row, ctx.snapshot.jobs);
  if (!blocked.empty()) {
    ui::WrappedText(blocked, &ctx.palette.warning);
  } else {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ui::ColoredText(ctx.palette.error,
                    "Revocation cannot be undone. The CA publishes it, and the certificate stops "
                    "working everywhere it is used, including on other computers.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    const std::string expected = RevokeConfirmationText(*row);
    if (ui::BeginFields("##revoke-form", kLabelWidthEm)) {
      ui::FormLabel("Reason");
      if (ui::BeginCombo("##Revocation reason", RevocationReasonLabel(state.reason), -FLT_MIN)) {
        for (RevocationReason reason : kReasons) {
          if (ui::ComboItem(RevocationReasonLabel(reason), reason == state.reason)) {
            state.reason = reason;
          }
        }
        ImGui::EndCombo();
      }
      ui::FormLabel("Confirm");
      ui::TextInput("##Revoke confirmation", expected.c_str(), &state.confirmation, -FLT_MIN);
      ui::EndFields();
    }
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ui::ColoredText(ctx.palette.muted, "To confirm, type the certificate's name: " + expected);
    ImGui::PopTextWrapPos();
    if (Trim(state.confirmation) != expected) {
      blocked = "Type \"" + expected + "\" above to confirm the revocation.";
    }
  }
  if (DialogButtons(ctx, "Revoke", blocked, /*danger=*/true,
                    CliCommand(RevokeCommand{state.serial, state.reason}), &commands)) {
    commands.Push(RevokeCommand{state.serial, state.reason});
    state = RevokeDialogState{};
    ImGui::CloseCurrentPopup();
  }
  ui::EndModal();
}

}  // namespace trustdesk
