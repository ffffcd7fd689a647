#include "app/views/export_dialog.h"

#include <imgui.h>

#include <cfloat>
#include <filesystem>

#include "app/ui/cli_command.h"
#include "app/ui/dialog_widgets.h"
#include "app/ui/issued_actions.h"
#include "app/ui/widgets.h"
#include "app/views/certificate_summary.h"

namespace trustdesk {
namespace {

// Summary and form share one label column (wide enough for "Key store PIN").
constexpr float kLabelWidthEm = 9.0f;

bool NewPassphrase(KeyStoreKind store) { return store == KeyStoreKind::Pem; }

}  // namespace

std::string ExportFormProblem(const ExportDialogState& state, KeyStoreKind store) {
  if (state.path.empty()) return "Choose where to write the export.";
  // A syntactic check only: views do no file I/O; the export job reports a path it cannot use.
  if (!std::filesystem::path(state.path).is_absolute()) {
    return "Give the full path of the destination, e.g. /home/you/exports.";
  }
  const char last = state.path.back();
  if (state.format == ExportFormat::Pkcs12 && (last == '/' || last == '\\')) {
    return "A PKCS#12 export is one file: end the path with a file name such as vpn.p12.";
  }
  if (NewPassphrase(store)) {
    if (state.secret.size() < kMinPassphraseLength) {
      return "The passphrase needs at least 8 characters.";
    }
    if (state.secret != state.secret_confirm) return "The two passphrases do not match.";
  } else if (state.secret.empty()) {
    return store == KeyStoreKind::Software ? "Enter the key store PIN."
                                           : "Enter the PKCS#12 file's passphrase.";
  }
  return {};
}

void DrawExportDialog(const ViewContext& ctx, ExportDialogState& state, const IssuedRowCache& rows,
                      Commands& commands) {
  const IssuedRow* row =
      BeginCertificateDialog(ctx, "Export certificate and key###export-dialog", kExportDialogId,
                             &state.open_request, 36.0f, rows, state.serial, kLabelWidthEm);
  if (row == nullptr) return;
  std::string blocked = ExportBlockedReason(*row, ctx.snapshot.jobs);
  if (!blocked.empty()) {
    ui::WrappedText(blocked, &ctx.palette.warning);
  } else {
    const float em = ImGui::GetFontSize();
    const KeyStoreKind store = row->installed->store;
    if (ui::BeginFields("##export-form", kLabelWidthEm)) {
      ui::FormLabel("Format");
      if (ui::RadioButton("PKCS#12 file", state.format == ExportFormat::Pkcs12)) {
        state.format = ExportFormat::Pkcs12;
      }
      ImGui::SameLine();
      if (ui::RadioButton("PEM files", state.format == ExportFormat::Pem)) {
        state.format = ExportFormat::Pem;
      }
      ui::FormLabel(state.format == ExportFormat::Pkcs12 ? "File" : "Folder");
      ui::TextInput("##Export path",
                    state.format == ExportFormat::Pkcs12 ? "/home/you/exports/vpn-client.p12"
                                                         : "/home/you/exports/vpn-client",
                    &state.path, -FLT_MIN);
      if (NewPassphrase(store)) {
        ui::FormLabel("Passphrase");
        ui::SecretInput("##Export passphrase", &state.secret, -FLT_MIN);
        ui::FormLabel("Repeat");
        ui::SecretInput("##Repeat export passphrase", &state.secret_confirm, -FLT_MIN);
      } else {
        ui::FormLabel(store == KeyStoreKind::Software ? "Key store PIN" : "Passphrase");
        ui::SecretInput("##Export passphrase", &state.secret, -FLT_MIN);
      }
      ui::EndFields();
    }
    ImGui::PushTextWrapPos(em * 34.0f);
    ui::ColoredText(ctx.palette.muted,
                    NewPassphrase(store)
                        ? "The exported private key is encrypted with this passphrase (at least 8 "
                          "characters). Keep it: nobody can recover it."
                    : store == KeyStoreKind::Software
                        ? "The PIN unlocks the key store and also protects the exported key."
                        : "The passphrase of the PKCS#12 file the key is in; it also protects the "
                          "exported key.");
    ImGui::PopTextWrapPos();
    blocked = ExportFormProblem(state, store);
    // Say what is missing once the person has started typing; a fresh form only disables Export.
    if (!blocked.empty() && (!state.path.empty() || !state.secret.empty())) {
      ImGui::PushTextWrapPos(em * 34.0f);
      ui::ColoredText(ctx.palette.warning, blocked);
      ImGui::PopTextWrapPos();
    }
  }
  if (DialogButtons(ctx, "Export", blocked, false,
                    CliCommand(ExportCommand{state.serial, state.format, state.path, {}}),
                    &commands)) {
    commands.Push(ExportCommand{state.serial, state.format, state.path, std::move(state.secret)});
    state = ExportDialogState{};
    ImGui::CloseCurrentPopup();
  }
  ui::EndModal();
}

}  // namespace trustdesk
