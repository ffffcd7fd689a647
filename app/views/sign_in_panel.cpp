#include "app/views/sign_in_panel.h"

#include <algorithm>
#include <string>
#include <utility>

#include <imgui.h>

#include "app/services/demo_server.h"
#include "app/ui/form_widgets.h"
#include "app/ui/input_checks.h"
#include "app/ui/widgets.h"
#include "core/model/field_rules.h"

namespace trustdesk {
namespace {

struct FieldProblems {
  std::string url, ca_file, account_id, username, password;

  // The first problem, naming the field, for the disabled Sign in button.
  std::string First() const {
    if (!url.empty()) return "Server URL: " + url;
    if (!ca_file.empty()) return "CA file: " + ca_file;
    if (!account_id.empty()) return "Account ID: " + account_id;
    if (!username.empty()) return "User name: " + username;
    if (!password.empty()) return "Password: " + password;
    return {};
  }
};

FieldProblems Check(const SignInFormState& form) {
  FieldProblems p;
  p.url = CheckServerUrl(form.server_url);
  if (!form.ca_file.empty() && !IsAbsolutePathText(form.ca_file)) {
    p.ca_file = "must be a full path, e.g. /etc/ssl/acme-ca.pem";
  }
  if (form.account_id.empty()) {
    p.account_id = "required";
  } else if (!IsValidId(form.account_id)) {
    p.account_id = "letters, digits, '.', '_' and '-' only, at most 64";
  }
  if (form.username.empty()) p.username = "required";
  if (form.password.empty()) p.password = "required";
  return p;
}

std::string Capitalized(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

// A field's problem under it, once there is something to judge (empty fields only count in the
// Sign in button's reason).
void ProblemUnder(const ViewContext& ctx, const std::string& problem, bool show) {
  if (show && !problem.empty() && problem != "required") {
    ui::FieldMessage(ctx.palette.error, Capitalized(problem));
  }
}

SignInCommand TakeCommand(SignInFormState& form) {
  SignInCommand command;
  command.server_url = form.server_url;
  command.ca_file = form.ca_file;
  command.account_id = form.account_id;
  command.username = form.username;
  command.password = std::exchange(form.password, {});  // the form forgets it once sent
  command.remember = form.remember_me;
  return command;
}

}  // namespace

void DrawSignInPanel(const ViewContext& ctx, SignInFormState& form, Commands& commands) {
  const float font = ImGui::GetFontSize();
  const float width = std::min(ImGui::GetContentRegionAvail().x, font * 32.0f);
  const float indent = std::max(0.0f, (ImGui::GetContentRegionAvail().x - width) * 0.5f);
  ImGui::Dummy(ImVec2(0, font * 1.5f));
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
  ImGui::BeginGroup();
  const float right_edge = ImGui::GetCursorScreenPos().x + width;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted("Not signed in");
  ImGui::PopFont();
  ui::ColoredText(ctx.palette.muted,
                  "Sign in to your TrustDesk server to see the certificate profiles assigned to "
                  "you and the certificates issued from them.");
  ImGui::Spacing();

  const OperationStatus& op = ctx.snapshot.session_op;
  if (!op.busy && !op.error.empty()) {
    ui::Notice(ctx.palette.error, form.sent ? "Could not sign in" : "Session ended", op.error);
    ImGui::Spacing();
  } else if (!op.busy && !op.message.empty()) {
    ui::FieldMessage(ctx.palette.muted, op.message);
    ImGui::Spacing();
  }

  const FieldProblems problems = Check(form);
  bool submit = false;
  if (op.busy) ImGui::BeginDisabled();
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
  const float label_width = ImGui::CalcTextSize("CA file (optional)").x + font;
  if (ImGui::BeginTable("##sign_in", 2, ImGuiTableFlags_SizingFixedFit, ImVec2(width, 0))) {
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, label_width);
    ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthStretch);
    ui::FormRow("Server URL");
    if (ui::InputTextWithHint("##Server URL", "https://trustdesk.example.com", &form.server_url)) {
      form.touched_url = true;
    }
    ProblemUnder(ctx, problems.url, form.touched_url);
    ui::FormRow("CA file (optional)");
    ui::InputTextWithHint("##CA file", "Only for a server with a private CA", &form.ca_file);
    ProblemUnder(ctx, problems.ca_file, true);
    ui::FormRow("Account ID");
    ui::InputTextWithHint("##Account ID", "e.g. acme-42", &form.account_id);
    ProblemUnder(ctx, problems.account_id, true);
    ui::FormRow("User name");
    ui::InputText("##User name", &form.username);
    ui::FormRow("Password");
    // Enter in the password field signs in, as in any sign-in form.
    submit |= ui::InputText("##Password", &form.password,
                            ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    ui::FormRow("");
    ui::Checkbox("Remember me on this machine", &form.remember_me);
    ui::FieldMessage(ctx.palette.muted,
                     "Keeps the session in the system's secret store (never in a plain file), so "
                     "TrustDesk signs you in when it starts.");
    ImGui::EndTable();
  }
  ImGui::PopStyleVar();
  if (op.busy) ImGui::EndDisabled();

  ImGui::Spacing();
  const std::string problem = problems.First();
  if (op.busy) {
    ui::Button("Signing in\u2026", "Waiting for the server to answer.");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ui::ColoredText(ctx.palette.muted,
                    op.message.empty() ? "Contacting " + form.server_url : op.message);
  } else if (problem.empty()) {
    submit |= ui::PrimaryButton("Sign in", ctx.palette.accent);
  } else {
    ui::Button("Sign in", problem);
    submit = false;
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ui::TextEllipsis(ctx.palette.muted, problem, right_edge - ImGui::GetCursorScreenPos().x);
  }
  if (submit && !op.busy && problem.empty()) {
    commands.Push(TakeCommand(form));
    form.sent = true;
  }
  // The way back to the demo workspace after signing out of it (or to try TrustDesk first).
  if (DemoServer::Available()) {
    ImGui::Dummy(ImVec2(0.0f, ImGui::GetTextLineHeight()));
    ui::FieldMessage(ctx.palette.muted,
                     "No server yet? The demo workspace runs a server on this machine with "
                     "sample profiles, signed in as a demo user.");
    if (ui::Button("Open the demo workspace", op.busy ? "Wait for the sign-in to finish." : "")) {
      commands.Push(OpenDemoCommand{});
    }
  }
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

}  // namespace trustdesk
