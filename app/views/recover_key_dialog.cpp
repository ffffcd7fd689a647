#include "app/views/recover_key_dialog.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <filesystem>

#include "app/ui/cli_command.h"
#include "app/ui/dialog_widgets.h"
#include "app/ui/issued_actions.h"
#include "app/ui/widgets.h"
#include "app/views/certificate_summary.h"
#include "app/views/export_dialog.h"
#include "app/views/script_prompt_view.h"

namespace trustdesk {
namespace {

// Summary and form share one label column (wide enough for "Recovery passphrase").
constexpr float kLabelWidthEm = 10.0f;

const char* LocationLabel(KeyStoreKind kind) {
  return kind == KeyStoreKind::Pkcs12 ? "File" : "Folder";
}

const char* LocationHint(KeyStoreKind kind) {
  return kind == KeyStoreKind::Pkcs12 ? "/home/you/keys/recovered.p12" : "/home/you/keys/recovered";
}

bool NeedsLocation(KeyStoreKind kind) {
  return kind == KeyStoreKind::Pem || kind == KeyStoreKind::Pkcs12;
}

}  // namespace

bool CanRecoverInto(KeyStoreKind kind) {
  return kind == KeyStoreKind::Pem || kind == KeyStoreKind::Pkcs12 ||
         kind == KeyStoreKind::Software;
}

std::vector<KeyStoreKind> RecoverStoreChoices(const IssuedRow& row) {
  if (row.profile != nullptr && !row.profile->profile.policy.allowed_key_stores.empty()) {
    return row.profile->profile.policy.allowed_key_stores;
  }
  return {KeyStoreKind::Software, KeyStoreKind::Pkcs12, KeyStoreKind::Pem};
}

std::string RecoverFormProblem(const RecoverKeyDialogState& state) {
  if (!CanRecoverInto(state.store)) {
    return std::string("TrustDesk cannot install a recovered key into the ") +
           DisplayName(state.store) + "; choose another key store.";
  }
  if (NeedsLocation(state.store)) {
    if (state.location.empty()) return "Choose where the recovered key goes.";
    if (!std::filesystem::path(state.location).is_absolute()) {
      return "Give the full path of the destination, e.g. /home/you/keys.";
    }
  }
  if (StoreSecretRequired(state.store) && state.store_secret.empty()) {
    return state.store == KeyStoreKind::Software ? "Enter the key store PIN."
                                                 : "Enter a passphrase for the PKCS#12 file.";
  }
  if (state.passphrase.size() < kMinPassphraseLength) {
    return "The recovery passphrase needs at least 8 characters.";
  }
  if (state.passphrase != state.passphrase_confirm) {
    return "The two recovery passphrases do not match.";
  }
  if (state.account_password.empty()) {
    return "Enter your password: the server asks for it again before it releases a key.";
  }
  return {};
}

void DrawRecoverKeyDialog(const ViewContext& ctx, RecoverKeyDialogState& state,
                          const IssuedRowCache& rows, Commands& commands) {
  const IssuedRow* row =
      BeginCertificateDialog(ctx, "Recover private key###recover-key-dialog", kRecoverKeyDialogId,
                             &state.open_request, 36.0f, rows, state.serial, kLabelWidthEm);
  if (row == nullptr) return;
  if (state.awaiting_scripts) {
    const ScriptPromptAction answer = DrawScriptPrompt(ctx, state.script_prompt);
    if (answer == ScriptPromptAction::Back) {
      // The form as it was, secrets included.
      state.passphrase = state.awaiting_scripts->passphrase;
      state.passphrase_confirm = state.passphrase;
      state.store_secret = std::move(state.awaiting_scripts->store.secret);
      state.account_password = std::move(state.awaiting_scripts->password);
      state.awaiting_scripts.reset();
      state.script_prompt = {};
    } else if (!state.script_prompt.active()) {
      RecoverKeyCommand command = std::move(*state.awaiting_scripts);
      command.scripts_allowed_once = state.script_prompt.allowed_once;
      PushAlwaysAllowed(state.script_prompt, commands);
      commands.Push(std::move(command));
      state = RecoverKeyDialogState{};
      ImGui::CloseCurrentPopup();
    }
    ui::EndModal();
    return;
  }
  std::string blocked = RecoverBlockedReason(*row, ctx.snapshot.jobs);
  if (!blocked.empty()) {
    ui::WrappedText(blocked, &ctx.palette.warning);
  } else {
    const float em = ImGui::GetFontSize();
    std::string agent;
    if (row->profile != nullptr) agent = row->profile->profile.policy.key_escrow.agent;
    ImGui::PushTextWrapPos(em * 34.0f);
    ImGui::TextUnformatted(
        ("The escrowed copy of this certificate's private key is released by the server" +
         (agent.empty() ? std::string() : " (escrow agent: " + agent + ")") +
         " once you enter your password again, and installed with the certificate in the key "
         "store you choose.")
            .c_str());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();

    if (ui::BeginFields("##recover-form", kLabelWidthEm)) {
      ui::FormLabel("Install into");
      ImGui::BeginGroup();
      for (KeyStoreKind kind : RecoverStoreChoices(*row)) {
        const bool supported = CanRecoverInto(kind);
        if (!supported) ImGui::BeginDisabled();
        if (ui::RadioButton(DisplayName(kind), state.store == kind) && supported) {
          state.store = kind;
        }
        if (!supported) {
          ImGui::EndDisabled();
          ui::TooltipForLastItem("TrustDesk cannot install recovered keys into this store yet.");
        }
      }
      ImGui::EndGroup();
      if (NeedsLocation(state.store)) {
        ui::FormLabel(LocationLabel(state.store));
        ui::TextInput("##Recover location", LocationHint(state.store), &state.location, -FLT_MIN);
      }
      if (StoreSecretLabel(state.store)[0] != '\0') {
        const bool pem = state.store == KeyStoreKind::Pem;
        ui::FormLabel(state.store == KeyStoreKind::Software ? "Key store PIN"
                      : state.store == KeyStoreKind::Pkcs12 ? "File passphrase"
                                                            : "Key passphrase",
                      pem ? "Optional: encrypts the key file. Leave it empty for an unencrypted "
                            "key readable only by you (mode 0600)."
                          : "");
        ui::SecretInput("##Recover store secret", &state.store_secret, -FLT_MIN);
      }
      ui::FormLabel("Recovery passphrase");
      ui::SecretInput("##Recovery passphrase", &state.passphrase, -FLT_MIN);
      ui::FormLabel("Repeat");
      ui::SecretInput("##Repeat recovery passphrase", &state.passphrase_confirm, -FLT_MIN);
      ui::FormLabel("Your password",
                    "Your sign-in password: the server checks it again before "
                    "it releases an escrowed key.");
      ui::SecretInput("##Recover account password", &state.account_password, -FLT_MIN);
      ui::EndFields();
    }
    ImGui::PushTextWrapPos(em * 34.0f);
    ui::ColoredText(ctx.palette.muted,
                    "The recovery passphrase (at least 8 characters) protects the key while it "
                    "travels from the server to this machine.");
    ImGui::PopTextWrapPos();

    blocked = RecoverFormProblem(state);
    if (!blocked.empty() && (!state.passphrase.empty() || !state.location.empty())) {
      ImGui::PushTextWrapPos(em * 34.0f);
      ui::ColoredText(ctx.palette.warning, blocked);
      ImGui::PopTextWrapPos();
    }
  }
  const KeyStoreTarget where{
      state.store, NeedsLocation(state.store) ? state.location : std::string(), {}};
  if (DialogButtons(ctx, "Recover key", blocked, false,
                    CliCommand(RecoverKeyCommand{state.serial, {}, where, {}}), &commands)) {
    KeyStoreTarget target{state.store, NeedsLocation(state.store) ? state.location : std::string(),
                          std::move(state.store_secret)};
    RecoverKeyCommand command{state.serial, std::move(state.passphrase), std::move(target),
                              std::move(state.account_password)};
    std::vector<ProfileScript> ask;
    if (row->profile != nullptr) {
      ask = ScriptsToAsk(ctx.snapshot, ctx.settings, row->profile->profile);
    }
    if (ask.empty()) {
      commands.Push(std::move(command));
      state = RecoverKeyDialogState{};
      ImGui::CloseCurrentPopup();
    } else {
      state.awaiting_scripts = std::move(command);
      state.script_prompt = StartScriptPrompt(std::move(ask));
    }
  }
  ui::EndModal();
}

}  // namespace trustdesk
