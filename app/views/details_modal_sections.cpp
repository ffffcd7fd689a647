// Sections: General information, Account, Policy, Certificate format (everyone); Identifiers and
// endpoint, Changes since the previous sync, Raw JSON (Advanced mode).
#include "app/views/details_modal_sections.h"

#include <algorithm>
#include <initializer_list>
#include <string>

#include <imgui.h>

#include "app/ui/dialog_widgets.h"
#include "app/ui/enrollment_choices.h"  // PlatformName
#include "app/ui/item_log.h"
#include "app/ui/profile_actions.h"
#include "app/ui/profile_text.h"
#include "app/ui/time_text.h"
#include "app/ui/widgets.h"
#include "core/scripts/script_display.h"

namespace trustdesk {
namespace {

constexpr const char* kDot = " \u00b7 ";

// Labels of every section share one width (in font sizes), so values line up from section to
// section: the widest label plus a gap.
float LabelWidth() {
  return (ImGui::CalcTextSize("Exportable private key").x + ImGui::GetStyle().ItemSpacing.x) /
         ImGui::GetFontSize();
}

std::string Count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// A small table with a header row (subject attributes, SANs, scripts, OIDs, changes).
bool BeginGrid(const char* id, std::initializer_list<const char*> headers) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuterH |
                                     ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                                     ImGuiTableFlags_NoSavedSettings;
  if (!ImGui::BeginTable(id, static_cast<int>(headers.size()), kFlags)) return false;
  for (const char* h : headers) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  return true;
}

// One grid row; each cell wraps.
void GridRow(std::initializer_list<std::string_view> cells, const ImVec4* first_color = nullptr) {
  ImGui::TableNextRow();
  int i = 0;
  for (std::string_view cell : cells) {
    ImGui::TableSetColumnIndex(i);
    if (i == 0 && first_color != nullptr) ImGui::PushStyleColor(ImGuiCol_Text, *first_color);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(cell.data(), cell.data() + cell.size());
    ImGui::PopTextWrapPos();
    if (i == 0 && first_color != nullptr) ImGui::PopStyleColor();
    RecordLastItem(cell);
    ++i;
  }
}

void SubCaption(const ViewContext& ctx, const char* text) {
  ImGui::Spacing();
  ui::ColoredText(ctx.palette.muted, text);
}

void SectionEnd() { ImGui::Spacing(); }

std::string TimeText(Timestamp t, Timestamp now) {
  if (t.unix_seconds == 0) return "not reported";
  return FormatUtc(t) + " (" + RelativeTime(t, now) + ")";
}

}  // namespace

void DrawGeneralSection(const DetailsView& v, bool* open) {
  const Profile& p = v.row.profile();
  const Palette& pal = v.ctx.palette;
  const bool can_renew = v.row.renew == RenewState::CanRenew;
  const std::string summary = "Version " + p.profile_version + kDot +
                              (v.row.compatible ? "compatible" : "incompatible") + kDot +
                              (can_renew ? "can renew" : "no action needed") + kDot +
                              Count(static_cast<std::size_t>(v.row.issued), "certificate issued",
                                    "certificates issued");
  if (!ui::Section("General information", summary, open, pal.muted)) return;
  if (ui::BeginFields("##general", LabelWidth())) {
    ui::FieldRow("Name", p.name);
    if (!p.description.empty()) ui::FieldRow("Description", p.description);
    ui::FieldRow("Profile version", p.profile_version);
    if (v.row.compatible) {
      ui::FieldRow("Compatibility", "Compatible with this TrustDesk (" + v.rows.app_version() + ")",
                &pal.ok);
    } else {
      ui::FieldRow("Compatibility",
                "Incompatible: the profile requires TrustDesk " + p.profile_version +
                    " or later and this is " + v.rows.app_version() +
                    ". Enrollment and renewal are disabled here, in the command line and in "
                    "background actions.",
                &pal.error);
    }
    ui::FieldRow("Renew status", can_renew ? "Can renew" : "No action",
              can_renew ? &pal.warning : &pal.muted);
    // Why, under the state in the same cell; an incompatible profile's reason is the
    // Compatibility line just above, not repeated.
    if (v.row.compatible) {
      const std::string why = v.rows.RenewReason(v.row, v.ctx.now);
      ui::WrappedText(why, &pal.muted);
      RecordLastItem(why);
    }
    ui::FieldRow("Issued certificates",
              std::to_string(v.row.issued) + " issued" + kDot + std::to_string(v.row.active) +
                  " active" + kDot + std::to_string(v.row.installed) + " on this machine");
    ui::FieldRow("Auto-configured", AutoConfigLabel(v.row.auto_config));
    ui::EndFields();
  }
  SectionEnd();
}

void DrawAccountSection(const DetailsView& v, bool* open) {
  const Profile& p = v.row.profile();
  const auto& account = v.ctx.snapshot.account;
  const std::string summary =
      account ? JoinText({account->name, account->division, "issued by " + p.issuing_ca},
                         kDot)
              : "issued by " + p.issuing_ca;
  if (!ui::Section("Account", summary, open, v.ctx.palette.muted)) return;
  if (ui::BeginFields("##account", LabelWidth())) {
    if (account) {
      ui::FieldRow("Account", account->name + " (" + account->id + ")");
      if (!account->business_unit.empty()) ui::FieldRow("Business unit", account->business_unit);
      if (!account->division.empty()) ui::FieldRow("Division", account->division);
      const User& user = account->user;
      std::string who = user.display_name.empty() ? user.username
                                                  : user.display_name + " (" + user.username + ")";
      if (!user.email.empty()) who += kDot + user.email;
      ui::FieldRow("Signed-in user", who);
    }
    ui::FieldRow("Issuing CA", p.issuing_ca);
    ui::EndFields();
  }
  SectionEnd();
}

void DrawPolicySection(const DetailsView& v, bool* open) {
  const Policy& policy = v.row.profile().policy;
  const Palette& pal = v.ctx.palette;
  std::vector<std::string> auto_parts;
  if (policy.auto_enroll) auto_parts.emplace_back("auto-enroll");
  if (policy.auto_renew) auto_parts.emplace_back("auto-renew");
  const std::string summary = JoinText(
      {v.row.key_stores, auto_parts.empty() ? "manual" : JoinText(auto_parts, " + "),
       policy.duplicates.allowed ? "duplicates allowed" : "no duplicates",
       policy.key_escrow.required ? "key escrow" : "no escrow",
       Count(policy.scripts.size(), "script", "scripts")},
      kDot);
  if (!ui::Section("Policy", summary, open, pal.muted)) return;
  if (ui::BeginFields("##policy", LabelWidth())) {
    ui::FieldRow("Allowed key stores", KeyStoresLongText(policy.allowed_key_stores));
    ui::FieldRow("Auto-enrollment", policy.auto_enroll ? "On" : "Off");
    ui::FieldRow("Auto-renewal", AutoRenewText(policy));
    ui::FieldRow("Renewal window", RenewalWindowText(policy.renewal_window));
    ui::FieldRow("Duplicate certificates", DuplicatesText(policy.duplicates));
    ui::FieldRow("Key escrow", EscrowText(policy.key_escrow));
    ui::FieldRow("Exportable private key", policy.exportable_private_key ? "Yes" : "No");
    if (policy.scripts.empty()) ui::FieldRow("Post-processing", "No scripts");
    ui::EndFields();
  }
  if (!policy.scripts.empty()) {
    SubCaption(v.ctx, "Post-processing scripts (after enrollment, renewal and key recovery; "
                      "never through a shell; each runs only once you allowed it)");
    if (BeginGrid("##scripts", {"Script", "Platform", "Command line", "Timeout"})) {
      for (const Script& s : policy.scripts) {
        GridRow({VisibleText(s.name), PlatformName(s.platform), CommandLineText(s),
                 std::to_string(s.timeout_seconds) + " s"});
      }
      ImGui::EndTable();
    }
  }
  SectionEnd();
}

void DrawFormatSection(const DetailsView& v, bool* open) {
  const CertificateFormat& f = v.row.profile().certificate_format;
  const std::string summary =
      JoinText({SubjectSummary(f.subject), KeyAlgorithmsText(f.key_algorithms), f.signature_hash,
                ValidityText(f.validity_days)},
               kDot);
  if (!ui::Section("Certificate format", summary, open, v.ctx.palette.muted)) return;
  SubCaption(v.ctx, "Subject");
  if (BeginGrid("##subject", {"Attribute", "Value", "Required", "Constraints"})) {
    for (const SubjectAttribute& a : f.subject) {
      const std::string& name = a.source == ValueSource::UserInput ? a.label : a.value;
      GridRow({a.attribute, ValueSourceText(a.source, name), a.required ? "Yes" : "No",
               ConstraintText(a.constraint)});
    }
    ImGui::EndTable();
  }
  if (!f.san.empty()) {
    SubCaption(v.ctx, "Subject alternative names");
    if (BeginGrid("##san", {"Type", "Value", "Required", "Constraints"})) {
      for (const SanRule& s : f.san) {
        const std::string& name = s.source == ValueSource::UserInput ? s.label : s.value;
        std::string constraints = ConstraintText(s.constraint);
        if (s.max_count > 1) {
          constraints = JoinText({"up to " + std::to_string(s.max_count), constraints}, "; ");
        }
        GridRow({SanTypeName(s.type), ValueSourceText(s.source, name), s.required ? "Yes" : "No",
                 constraints});
      }
      ImGui::EndTable();
    }
  }
  ImGui::Spacing();
  if (ui::BeginFields("##format", LabelWidth())) {
    ui::FieldRow("Key algorithms", KeyAlgorithmsText(f.key_algorithms));
    ui::FieldRow("Signature hash", f.signature_hash);
    ui::FieldRow("Validity", ValidityText(f.validity_days));
    ui::FieldRow("Key usage", f.key_usage.empty() ? "Not restricted" : JoinText(f.key_usage));
    ui::FieldRow("Extended key usage",
              f.extended_key_usage.empty() ? "None" : JoinText(f.extended_key_usage));
    ui::EndFields();
  }
  SectionEnd();
}

void DrawInternalsSection(const DetailsView& v, bool* open) {
  const Profile& p = v.row.profile();
  const Snapshot& snap = v.ctx.snapshot;
  const std::string summary = p.id + kDot + "revision " + std::to_string(p.revision) + kDot +
                              p.enrollment.protocol;
  if (!ui::Section("Identifiers and endpoint", summary, open, v.ctx.palette.muted)) return;
  if (ui::BeginFields("##internals", LabelWidth())) {
    ui::FieldRow("Profile ID", p.id);
    ui::FieldRow("Revision", std::to_string(p.revision));
    ui::FieldRow("List revision", snap.profiles_revision > 0 ? std::to_string(snap.profiles_revision)
                                                          : "not reported");
    ui::FieldRow("List ETag", snap.profiles_etag.empty() ? "none" : snap.profiles_etag);
    ui::FieldRow("Created", TimeText(p.created_at, v.ctx.now));
    ui::FieldRow("Updated", TimeText(p.updated_at, v.ctx.now));
    const std::string endpoint =
        p.enrollment.url.empty() ? "not reported" : snap.server_url + p.enrollment.url;
    ui::FieldRow("Enrollment endpoint", endpoint);
    ui::FieldRow("Protocol", p.enrollment.protocol);
    std::string chain;
    for (std::size_t i = 0; i < p.issuing_ca_chain.size(); ++i) {
      chain += (i == 0 ? "" : "\n") + std::string(i, ' ') + (i == 0 ? "" : "\u2192 ") +
               p.issuing_ca_chain[i];
    }
    ui::FieldRow("Issuing CA chain", chain.empty() ? p.issuing_ca + " (chain not reported)" : chain);
    ui::EndFields();
  }
  SubCaption(v.ctx, "Object identifiers");
  if (BeginGrid("##oids", {"Used for", "Name", "OID"})) {
    const CertificateFormat& f = p.certificate_format;
    for (const SubjectAttribute& a : f.subject) GridRow({"Subject", a.attribute, a.oid});
    for (const KeyAlgorithmRule& k : f.key_algorithms) {
      GridRow({"Key algorithm", ToString(k.algorithm), KeyAlgorithmOid(k.algorithm)});
      for (const std::string& curve : k.ec_curves) {
        GridRow({"Curve", curve, CurveOid(curve)});
      }
    }
    for (const std::string& eku : f.extended_key_usage) {
      const std::string_view oid = ExtendedKeyUsageOid(eku);
      // A dotted OID in the profile is its own name.
      GridRow({"Extended key usage", eku, oid.empty() ? std::string_view(eku) : oid});
    }
    ImGui::EndTable();
  }
  SectionEnd();
}

void DrawChangesSection(const DetailsView& v, bool* open) {
  const ProfileEntry& entry = *v.row.entry;
  const std::string summary =
      entry.is_new ? "new in the last sync"
                   : (entry.changes.empty() ? "no changes"
                                            : Count(entry.changes.size(), "field changed",
                                                    "fields changed"));
  if (!ui::Section("Changes since the previous sync", summary, open, v.ctx.palette.muted)) {
    return;
  }
  if (entry.is_new) {
    ui::ColoredText(v.ctx.palette.muted, "This profile first appeared in the last sync.");
  } else if (entry.changes.empty()) {
    ui::ColoredText(v.ctx.palette.muted, "Nothing changed in the last sync.");
  } else if (BeginGrid("##changes", {"Field", "Before", "After"})) {
    for (const FieldChange& c : entry.changes) {
      const std::string_view path =
          c.path.rfind("$.", 0) == 0 ? std::string_view(c.path).substr(2) : c.path;
      GridRow({path, c.before.empty() ? "(added)" : c.before,
               c.after.empty() ? "(removed)" : c.after},
              &v.ctx.palette.warning);
    }
    ImGui::EndTable();
  }
  SectionEnd();
}

void DrawRawJsonSection(const DetailsView& v, PrettyJson& pretty, bool* open) {
  const std::string& raw = v.row.entry->raw_json;
  if (!ui::Section("Raw JSON", Count(raw.size(), "byte", "bytes"), open, v.ctx.palette.muted)) {
    return;
  }
  const std::string& json = pretty.For(raw);
  if (ui::Button("Copy JSON")) v.commands.Push(CopyToClipboard{json});
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ui::ColoredText(v.ctx.palette.muted, "As received from the server");
  const float height = std::min(ImGui::GetTextLineHeight() * 18.0f,
                                ImGui::GetTextLineHeight() * 1.2f *
                                    static_cast<float>(1 + std::count(json.begin(), json.end(),
                                                                      '\n')));
  ImGui::BeginChild("##raw_json", ImVec2(0, height + ImGui::GetStyle().WindowPadding.y * 2), true,
                    ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::TextUnformatted(json.data(), json.data() + json.size());
  ImGui::EndChild();
  SectionEnd();
}

}  // namespace trustdesk
