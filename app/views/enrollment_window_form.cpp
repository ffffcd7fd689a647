// The enrollment form. Sections: validation cache · subject and SAN rows · key type and store ·
// after installation (escrow, scripts and consent) · footer and the command.
#include <algorithm>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/ui/cli_command.h"
#include "app/ui/enrollment_choices.h"
#include "app/ui/form_widgets.h"
#include "app/ui/item_log.h"
#include "app/ui/pattern_text.h"
#include "app/ui/script_prompt.h"
#include "app/ui/widgets.h"
#include "app/views/enrollment_window_parts.h"
#include "core/crypto/enrollment_input.h"
#include "core/scripts/script_display.h"

namespace trustdesk {
namespace {

constexpr const char* kLocationKey = "store.location";
constexpr const char* kSecretKey = "store.secret";
constexpr const char* kConfirmKey = "store.confirm";

std::string Capitalized(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

// --- Validation cache ----------------------------------------------------------------------------

// Runs the profile's value rules (length, allowed values, pattern, type) only when the input, the
// profile or the account changed since the last frame.
void Revalidate(const Profile& profile, const Account& account, EnrollmentWindowState& state) {
  if (state.validated_revision == profile.revision && state.validated_values == state.values &&
      state.validated_account == account) {
    return;
  }
  state.field_errors.clear();
  for (const FieldError& e :
       ValidateEnrollmentInput(profile.certificate_format, account, state.values)) {
    // The first problem per field, a pattern put in words where it can be.
    state.field_errors.emplace(e.field, RewordPatternError(e.message));
  }
  state.validated_values = state.values;
  state.validated_revision = profile.revision;
  state.validated_account = account;
}

void RefreshBlocker(const Snapshot& snapshot, const Profile& profile, Timestamp now,
                    EnrollmentWindowState& state) {
  if (state.blocker_generation == snapshot.generation) return;
  state.blocker = EnrollBlocker(profile, snapshot.issued, now);
  state.blocker_generation = snapshot.generation;
}

std::string ConstraintHelp(const EnrollmentField& f) {
  std::string help;
  auto add = [&](const std::string& part) { help += (help.empty() ? "" : " \u00b7 ") + part; };
  if (f.is_san && f.max_count > 1) {
    add("Up to " + std::to_string(f.max_count) + " values, separated by commas");
  }
  if (f.constraint.max_length) add("At most " + std::to_string(*f.constraint.max_length) + " characters");
  if (f.constraint.pattern) add(PatternHelp(*f.constraint.pattern));
  return help;
}

const char* HintFor(const EnrollmentField& f) {
  if (!f.is_san) return f.required ? "Required" : "Optional";
  switch (f.san_type) {
    case SanType::Dns: return "host.example.com";
    case SanType::Email: return "name@example.com";
    case SanType::Uri: return "https://example.com/id";
    case SanType::Ip: return "192.0.2.10";
    case SanType::Upn: return "user@example.com";
  }
  return "";
}

// --- Subject and SAN rows ------------------------------------------------------------------------

void DrawReadOnlyValue(const ViewContext& ctx, const EnrollmentField& f, const std::string* error) {
  ImGui::AlignTextToFramePadding();
  const std::string source = f.source == ValueSource::Fixed
                                 ? std::string("Fixed by the profile")
                                 : "From your account (" + f.user_attribute + ")";
  if (f.value.empty()) {
    ui::ColoredText(ctx.palette.muted, "\u2014");
  } else {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(f.value.c_str());
    ImGui::PopTextWrapPos();
    RecordLastItem(f.value);
  }
  ui::SameLineIfFits(ImGui::CalcTextSize(source.c_str()).x);
  ui::ColoredText(ctx.palette.muted, source);
  RecordLastItem(source);
  if (error != nullptr) {
    ui::FieldMessage(ctx.palette.error,
                     f.source == ValueSource::UserAttribute && f.value.empty()
                         ? "Your account has no '" + f.user_attribute +
                               "' attribute, which this profile needs. Ask your administrator to "
                               "add it, then use Sync user."
                         : Capitalized(*error));
  }
}

void DrawChoiceInput(const EnrollmentField& f, EnrollmentWindowState& state) {
  std::string& value = state.values[f.name];
  const std::string id = "##" + f.name;
  if (ImGui::BeginCombo(id.c_str(), value.empty() ? "Choose\u2026" : value.c_str())) {
    for (const std::string& option : f.constraint.allowed_values) {
      if (ImGui::Selectable(option.c_str(), option == value)) {
        value = option;
        state.touched.insert(f.name);
      }
      RecordLastItem(option);
    }
    ImGui::EndCombo();
  }
  RecordLastItem(id);
}

// Profiles may label a field; otherwise the attribute's short name is spelled out.
std::string FieldLabel(const EnrollmentField& f) {
  if (f.is_san) {
    static constexpr std::pair<SanType, const char*> kSans[] = {
        {SanType::Email, "email"}, {SanType::Dns, "DNS"}, {SanType::Uri, "URI"},
        {SanType::Ip, "IP"},       {SanType::Upn, "UPN"}};
    static constexpr std::pair<SanType, const char*> kSanNames[] = {
        {SanType::Email, "E-mail address"}, {SanType::Dns, "DNS name"}, {SanType::Uri, "URI"},
        {SanType::Ip, "IP address"},        {SanType::Upn, "User principal name"}};
    for (std::size_t i = 0; i < std::size(kSans); ++i) {
      if (f.san_type == kSans[i].first && f.label == kSans[i].second) {
        return kSanNames[i].second;
      }
    }
    return f.label;
  }
  if (f.label != f.attribute) return f.label;
  static constexpr std::pair<const char*, const char*> kNames[] = {
      {"CN", "Common name"},        {"O", "Organization"},     {"OU", "Organizational unit"},
      {"C", "Country"},             {"L", "Locality"},         {"ST", "State or province"},
      {"E", "E-mail"},              {"emailAddress", "E-mail"}, {"serialNumber", "Serial number"},
      {"DC", "Domain component"},   {"UID", "User ID"},        {"title", "Title"},
      {"GN", "Given name"},         {"SN", "Surname"},         {"street", "Street"},
  };
  for (const auto& [code, name] : kNames) {
    if (f.attribute == code) return std::string(name) + " (" + code + ")";
  }
  return f.label;
}

void DrawField(const ViewContext& ctx, const EnrollmentField& f, EnrollmentWindowState& state) {
  std::string label = FieldLabel(f);
  if (f.editable && !f.required) label += " (optional)";
  ui::FormRow(label);
  const auto error_it = state.field_errors.find(f.name);
  const std::string* error = error_it != state.field_errors.end() ? &error_it->second : nullptr;
  if (!f.editable) {
    DrawReadOnlyValue(ctx, f, error);
    return;
  }
  if (!f.constraint.allowed_values.empty()) {
    DrawChoiceInput(f, state);
  } else {
    const std::string id = "##" + f.name;
    if (ui::InputTextWithHint(id.c_str(), HintFor(f), &state.values[f.name])) {
      state.touched.insert(f.name);
    }
  }
  if (error != nullptr && state.touched.count(f.name) != 0) {
    ui::FieldMessage(ctx.palette.error, Capitalized(*error));
  } else if (const std::string help = ConstraintHelp(f); !help.empty()) {
    ui::FieldMessage(ctx.palette.muted, help);
  }
}

float LabelWidth(const std::vector<EnrollmentField>& fields) {
  float width = ImGui::CalcTextSize("Confirm passphrase").x;
  for (const EnrollmentField& f : fields) {
    width = std::max(width, ImGui::CalcTextSize((FieldLabel(f) + " (optional)").c_str()).x);
  }
  const float font = ImGui::GetFontSize();
  return std::clamp(width, font * 7.0f, font * 13.0f);
}

void DrawNameRows(const ViewContext& ctx, const std::vector<EnrollmentField>& fields, bool san,
                  float label_width, EnrollmentWindowState& state) {
  if (!ui::BeginFormTable(san ? "##san" : "##subject", label_width)) return;
  for (const EnrollmentField& f : fields) {
    if (f.is_san != san) continue;
    ImGui::PushID(f.name.c_str());
    DrawField(ctx, f, state);
    ImGui::PopID();
  }
  ui::EndFormTable();
}

// --- Key type and key store ----------------------------------------------------------------------

void DrawRadioRow(const char* label, const std::vector<std::string>& choices,
                  const std::vector<std::string>& unavailable, int* selected) {
  ui::FormRow(label);
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) {
      ui::SameLineIfFits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                         ImGui::CalcTextSize(choices[i].c_str()).x);
    }
    const bool active = static_cast<int>(i) == *selected;
    if (ui::RadioChoice(choices[i].c_str(), active, unavailable[i])) *selected = static_cast<int>(i);
  }
}

void DrawStoreFields(const ViewContext& ctx, const StoreNeeds& needs,
                     EnrollmentWindowState& state) {
  if (needs.location) {
    ui::FormRow(needs.location_label);
    if (ui::InputTextWithHint("##Folder", "/home/you/certificates", &state.location)) {
      state.touched.insert(kLocationKey);
    }
    const std::string problem = CheckLocation(needs, state.location);
    if (!problem.empty() && state.touched.count(kLocationKey) != 0) {
      ui::FieldMessage(ctx.palette.error, Capitalized(problem.substr(problem.find(": ") + 2)));
    } else {
      ui::FieldMessage(ctx.palette.muted, needs.location_hint);
    }
  }
  if (needs.secret == StoreNeeds::Secret::None) return;
  const std::string label = needs.secret_label;
  ui::FormRow(label);
  const std::string min = "At least " + std::to_string(needs.min_secret) + " characters";
  if (ui::InputTextWithHint(("##" + label).c_str(), min.c_str(), &state.secret,
                            ImGuiInputTextFlags_Password)) {
    state.touched.insert(kSecretKey);
  }
  ui::FormRow("Confirm " + std::string(label == "PIN" ? "PIN" : "passphrase"));
  if (ui::InputTextWithHint(("##Confirm " + label).c_str(), "Type it again", &state.secret_confirm,
                            ImGuiInputTextFlags_Password)) {
    state.touched.insert(kConfirmKey);
  }
  const std::string problem = CheckSecret(needs, state.secret, state.secret_confirm);
  // A mismatch shows once both were typed; a missing or short secret once the first was.
  const bool mismatch = problem.find("do not match") != std::string::npos;
  const bool show = !problem.empty() && (mismatch ? state.touched.count(kConfirmKey) != 0
                                                  : state.touched.count(kSecretKey) != 0);
  if (show) {
    ui::FieldMessage(ctx.palette.error, Capitalized(problem.substr(problem.find(": ") + 2)));
  } else {
    ui::FieldMessage(ctx.palette.muted, needs.secret_hint);
  }
}

// --- After installation: escrow, scripts, consent ------------------------------------------------

// Where a script of this machine stands: allowed before, or asked about when Enroll is pressed.
std::string ConsentLine(const Snapshot& snapshot, const Profile& profile, std::size_t slot) {
  const Script& script = profile.policy.scripts[slot];
  const ProfileScript ps{profile.id, profile.name, slot, script,
                         ScriptDigest(profile.id, slot, script)};
  switch (ConsentStateOf(snapshot.script_consents, ps)) {
    case ScriptConsentState::Allowed:
      return "\u2713 You allowed this script: it runs after the certificate is installed.";
    case ScriptConsentState::Changed:
      return "\u26a0 Changed since you allowed it: TrustDesk asks you again before it runs.";
    case ScriptConsentState::NotAllowed:
      break;
  }
  return "Not allowed yet: TrustDesk shows it in full and asks you when you press Enroll.";
}

void DrawScripts(const ViewContext& ctx, const Profile& profile, Commands& commands) {
  const Policy& policy = profile.policy;
  if (policy.scripts.empty()) {
    ui::ColoredText(ctx.palette.muted, "This profile runs no post-processing scripts.");
    return;
  }
  bool any_here = false;
  for (std::size_t i = 0; i < policy.scripts.size(); ++i) {
    const Script& script = policy.scripts[i];
    const bool here = ScriptRunsHere(script);
    any_here |= here;
    ImGui::PushID(static_cast<int>(i));
    ImGui::TextUnformatted(VisibleText(script.name).c_str());
    ImGui::SameLine();
    std::string where = PlatformName(script.platform);
    where += " \u00b7 stopped after " + std::to_string(script.timeout_seconds) + " s";
    if (!here) where += " \u00b7 not run on this machine";
    ui::ColoredText(ctx.palette.muted, where);
    ImGui::Indent();
    ui::FieldMessage(here ? ctx.palette.text : ctx.palette.muted, CommandLineText(script));
    if (here && ctx.settings.scripts_enabled) {
      const std::string line = ConsentLine(ctx.snapshot, profile, i);
      const bool allowed = line.rfind("\u2713", 0) == 0;
      ui::FieldMessage(allowed ? ctx.palette.ok : ctx.palette.muted, line);
    }
    ImGui::Unindent();
    ImGui::PopID();
  }
  if (!any_here || ctx.settings.scripts_enabled) return;
  ImGui::Spacing();
  ui::FieldMessage(ctx.palette.warning,
                   "\u26a0 Post-processing scripts are turned off in Settings, so TrustDesk "
                   "will not run these.");
  bool turn_on = false;
  if (ui::Checkbox("Turn scripts on (each one still asks before it runs)", &turn_on)) {
    Settings next = ctx.settings;
    next.scripts_enabled = true;
    commands.Push(ChangeSettings{next});
  }
}

void DrawAfterInstall(const ViewContext& ctx, const Profile& profile, Commands& commands) {
  const Policy& policy = profile.policy;
  ui::SectionHeading("AFTER INSTALLATION", ctx.palette.muted);
  if (policy.key_escrow.required) {
    const std::string agent =
        policy.key_escrow.agent.empty() ? std::string("your organisation") : policy.key_escrow.agent;
    ui::FieldMessage(ctx.palette.text,
                     "Key escrow: a copy of the private key, encrypted so that only " + agent +
                         " can recover it, is sent to the server after installation.");
  }
  DrawScripts(ctx, profile, commands);
}

// --- Footer and the command ----------------------------------------------------------------------

// The first reason Enroll is disabled, naming the field, or empty.
std::string FirstProblem(const EnrollmentWindowState& state,
                         const std::vector<EnrollmentField>& fields,
                         const std::vector<KeyOption>& keys, const StoreOption* store) {
  if (!state.blocker.empty()) return state.blocker;
  for (const EnrollmentField& f : fields) {
    if (auto it = state.field_errors.find(f.name); it != state.field_errors.end()) {
      return FieldLabel(f) + ": " + it->second;
    }
  }
  if (!state.field_errors.empty()) {
    return state.field_errors.begin()->first + ": " + state.field_errors.begin()->second;
  }
  if (keys.empty()) return "The profile allows no key type this version of TrustDesk supports.";
  if (store == nullptr) {
    return "None of the key stores this profile allows is available in this build of TrustDesk.";
  }
  const StoreNeeds needs = NeedsOf(store->kind);
  if (std::string p = CheckLocation(needs, state.location); !p.empty()) return p;
  return CheckSecret(needs, state.secret, state.secret_confirm);
}

EnrollCommand BuildCommand(const Profile& profile, const std::vector<EnrollmentField>& fields,
                           const KeyOption& key, const StoreOption& store,
                           const EnrollmentWindowState& state) {
  EnrollCommand command;
  command.profile_id = profile.id;
  command.key_algorithm = key.algorithm;
  command.key_size = key.size;
  command.store.kind = store.kind;
  const StoreNeeds needs = NeedsOf(store.kind);
  if (needs.location) command.store.location = state.location;
  if (needs.secret != StoreNeeds::Secret::None) command.store.secret = state.secret;
  for (const EnrollmentField& f : fields) {
    if (!f.editable) continue;
    auto it = state.values.find(f.name);
    if (it != state.values.end() && !it->second.empty()) command.fields[f.name] = it->second;
  }
  return command;
}

}  // namespace

EnrollmentAction DrawEnrollmentForm(const ViewContext& ctx, const ProfileEntry& entry,
                                    EnrollmentWindowState& state, Commands& commands) {
  const Profile& profile = entry.profile;
  if (!ctx.snapshot.account) {
    ui::Notice(ctx.palette.warning, "Not signed in",
               "Sign in again to enroll a certificate from this profile.");
    return ui::Button("Close") ? EnrollmentAction::Close : EnrollmentAction::None;
  }
  const Account& account = *ctx.snapshot.account;
  const std::vector<EnrollmentField> fields =
      EnrollmentFields(profile.certificate_format, account);
  Revalidate(profile, account, state);
  RefreshBlocker(ctx.snapshot, profile, ctx.now, state);

  const std::vector<KeyOption> keys = KeyOptions(profile.certificate_format);
  const std::vector<StoreOption> stores = StoreOptions(profile.policy);
  if (state.key_choice >= static_cast<int>(keys.size())) state.key_choice = 0;
  if (state.store_choice < 0 || state.store_choice >= static_cast<int>(stores.size()) ||
      !stores[state.store_choice].unavailable.empty()) {
    state.store_choice = FirstUsableStore(stores);
  }
  const StoreOption* store = state.store_choice >= 0 ? &stores[state.store_choice] : nullptr;

  BeginEnrollmentBody("##form");
  if (!state.blocker.empty()) {
    ui::Notice(ctx.palette.warning, "You cannot enroll from this profile right now",
               state.blocker);
  }
  const float label_width = LabelWidth(fields);
  ui::SectionHeading("CERTIFICATE SUBJECT", ctx.palette.muted);
  DrawNameRows(ctx, fields, false, label_width, state);
  if (std::any_of(fields.begin(), fields.end(), [](const auto& f) { return f.is_san; })) {
    ui::SectionHeading("ALTERNATIVE NAMES", ctx.palette.muted);
    DrawNameRows(ctx, fields, true, label_width, state);
  }

  ui::SectionHeading("KEY", ctx.palette.muted);
  if (ui::BeginFormTable("##key", label_width)) {
    std::vector<std::string> key_labels, key_reasons;
    for (const KeyOption& k : keys) {
      key_labels.push_back(k.label);
      key_reasons.emplace_back();
    }
    if (keys.empty()) {
      ui::FormRow("Key type");
      ui::FieldMessage(ctx.palette.error, "The profile allows no key type TrustDesk supports.");
    } else {
      DrawRadioRow("Key type", key_labels, key_reasons, &state.key_choice);
    }
    std::vector<std::string> store_labels, store_reasons;
    for (const StoreOption& s : stores) {
      store_labels.push_back(s.label);
      store_reasons.push_back(s.unavailable);
    }
    DrawRadioRow("Key store", store_labels, store_reasons, &state.store_choice);
    if (store == nullptr) {
      ui::FieldMessage(ctx.palette.error,
                       "None of the key stores this profile allows is available in this build.");
    } else {
      DrawStoreFields(ctx, NeedsOf(store->kind), state);
    }
    ui::EndFormTable();
  }
  DrawAfterInstall(ctx, profile, commands);
  EndEnrollmentBody(state);

  // Footer: what is still missing on the left, Cancel and Enroll on the right.
  ImGui::Separator();
  const std::string problem = FirstProblem(state, fields, keys, store);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float cancel_w = ImGui::CalcTextSize("Cancel").x + style.FramePadding.x * 2;
  const float enroll_w = ImGui::CalcTextSize("Enroll").x + style.FramePadding.x * 4;
  // Advanced mode: the same enrollment as a trustdesk-cli line (no secret in it).
  const bool cli = ctx.settings.advanced_mode && store != nullptr && !keys.empty();
  const char* kCopyCli = "Copy as CLI command";
  const float cli_w = cli ? ImGui::CalcTextSize(kCopyCli).x + style.FramePadding.x * 2 +
                                style.ItemSpacing.x
                          : 0.0f;
  const float buttons = cli_w + cancel_w + enroll_w + style.ItemSpacing.x;
  const float right = ImGui::GetContentRegionAvail().x;
  ImGui::AlignTextToFramePadding();
  if (!problem.empty()) {
    ui::TextEllipsis(ctx.palette.muted, problem, right - buttons - style.ItemSpacing.x * 2);
  } else {
    ui::TextEllipsis(ctx.palette.muted, "Ready: the key is generated on this machine.",
                     right - buttons - style.ItemSpacing.x * 2);
  }
  ImGui::SameLine();
  ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - buttons);
  EnrollmentAction action = EnrollmentAction::None;
  if (cli) {
    const std::string line =
        CliCommand(BuildCommand(profile, fields, keys[state.key_choice], *store, state));
    if (ui::Button(kCopyCli)) commands.Push(CopyToClipboard{line});
    ui::TooltipForLastItem(line);
    ImGui::SameLine();
  }
  if (ui::Button("Cancel", {}, ImVec2(cancel_w, 0))) action = EnrollmentAction::Close;
  ImGui::SameLine();
  // Disabled, the accent colour would still read as "go": draw it as a plain button then.
  const bool pressed = problem.empty()
                           ? ui::PrimaryButton("Enroll", ctx.palette.accent, {}, ImVec2(enroll_w, 0))
                           : ui::Button("Enroll", problem, ImVec2(enroll_w, 0));
  if (pressed) {
    EnrollCommand command = BuildCommand(profile, fields, keys[state.key_choice], *store, state);
    std::vector<ProfileScript> ask = ScriptsToAsk(ctx.snapshot, ctx.settings, profile);
    if (ask.empty()) {
      SubmitEnrollment(ctx.snapshot, std::move(command), state, commands);
    } else {
      state.awaiting_scripts = std::move(command);
      state.script_prompt = StartScriptPrompt(std::move(ask));
    }
    state.secret.clear();
    state.secret_confirm.clear();
  }
  return action;
}

}  // namespace trustdesk
