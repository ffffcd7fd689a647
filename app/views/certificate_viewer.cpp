// Sections: the modal frame and footer, the parsed certificate (subject … PEM), and the two
// fallbacks (what the server listed when the PEM cannot be read; what the inventory records when
// the server does not list the certificate).
#include "app/views/certificate_viewer.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>

#include "app/ui/cert_text.h"
#include "app/ui/dialog_widgets.h"
#include "app/ui/item_log.h"
#include "app/ui/time_text.h"
#include "app/ui/widgets.h"

namespace trustdesk {
namespace {

std::string Join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// "Common name (CN)" for the attributes people know by their long name.
std::string AttributeLabel(const NameAttribute& a) {
  static constexpr std::pair<const char*, const char*> kNames[] = {
      {"CN", "Common name (CN)"}, {"O", "Organization (O)"},
      {"OU", "Org. unit (OU)"},   {"C", "Country (C)"},
      {"L", "Locality (L)"},      {"ST", "State (ST)"},
      {"emailAddress", "Email"},  {"serialNumber", "Serial number"},
      {"DC", "Domain component"}, {"UID", "User ID (UID)"},
  };
  for (const auto& [short_name, label] : kNames) {
    if (a.short_name == short_name) return label;
  }
  return a.short_name.empty() ? a.oid : a.short_name;
}

std::string ExtensionNames(const CertificateInfo& info) {
  std::vector<std::string> names;
  for (const auto& ext : info.extensions) names.push_back(ext.name);
  return Join(names);
}

std::string SanSummary(const CertificateInfo& info) {
  if (info.san.empty()) return "none";
  std::string text = info.san.front().value;
  if (info.san.size() > 1) text += " and " + std::to_string(info.san.size() - 1) + " more";
  return text;
}

// OpenSSL's error queue ("error:0680009B:asn1 encoding routines::too long; ...") is for the
// diagnostics reader, not the first line a person reads.
std::pair<std::string, std::string> SplitTechnical(const std::string& error) {
  const auto at = error.find("error:");
  if (at == std::string::npos || at == 0) return {error, {}};
  std::string human = error.substr(0, at);
  while (!human.empty() && (human.back() == ' ' || human.back() == ':' || human.back() == ';')) {
    human.pop_back();
  }
  return {human, error.substr(at)};
}

std::string TimeText(Timestamp t, Timestamp now) {
  return ShortDate(t) + "  \u00b7  " + FormatUtc(t) + "  \u00b7  " + RelativeTime(t, now);
}

void DrawName(const char* id, const DistinguishedName& name) {
  if (!ui::BeginFields(id, 11.0f)) return;
  for (const auto& attribute : name.attributes) {
    ui::FieldRow(AttributeLabel(attribute).c_str(), attribute.value);
  }
  ui::FieldRow("Distinguished name", name.rfc4514);
  ui::EndFields();
}

void DrawFingerprints(const CertificateInfo& info, const ImVec4& muted, Commands& commands) {
  if (!ui::Section("Fingerprints", info.sha256_fingerprint.substr(0, 23) + "\u2026", muted)) return;
  if (!ui::BeginFields("##fingerprints", 11.0f)) return;
  const std::pair<const char*, const std::string*> rows[] = {{"SHA-256", &info.sha256_fingerprint},
                                                             {"SHA-1", &info.sha1_fingerprint}};
  for (const auto& [label, value] : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", label);
    RecordLastItem(label);
    ImGui::TableNextColumn();
    const std::string copy_label = std::string("Copy ") + label;
    if (ImGui::SmallButton((copy_label + "##fp").c_str())) {
      commands.Push(CopyToClipboard{*value});
    }
    RecordLastItem(copy_label);
    ImGui::SameLine();
    ui::WrappedText(*value);
    RecordLastItem(*value);
  }
  ui::EndFields();
}

void DrawExtensions(const CertificateInfo& info, const Palette& pal) {
  const std::string title = "Extensions (" + std::to_string(info.extensions.size()) + ")";
  if (!ui::Section((title + "###extensions").c_str(), ExtensionNames(info), pal.muted)) return;
  if (info.extensions.empty()) {
    ui::ColoredText(pal.muted, "This certificate has no extensions.");
    return;
  }
  if (!ui::BeginFields("##extensions", 14.0f)) return;
  for (const auto& ext : info.extensions) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ui::WrappedText(ext.name);
    RecordLastItem(ext.name);
    ImGui::TextDisabled("%s%s", ext.oid.c_str(), ext.critical ? " \u00b7 critical" : "");
    ImGui::TableNextColumn();
    ui::WrappedText(ext.value.empty() ? "(empty)" : ext.value);
    RecordLastItem(ext.value);
  }
  ui::EndFields();
}

void DrawPem(const std::string& pem, const ImVec4& muted) {
  if (!ui::Section("PEM", "the certificate as Base64 text", muted, false)) return;
  // A read-only field, so part of the text can be selected; edits go to a copy.
  std::string text = pem;
  const float height = ImGui::GetTextLineHeight() * 14.0f;
  ImGui::InputTextMultiline("##pem", &text, ImVec2(-1.0f, height), ImGuiInputTextFlags_ReadOnly);
}

void DrawInstalled(const ViewContext& ctx, const IssuedRow& row) {
  if (!ui::Section("On this machine", row.installed ? StoreText(*row.installed) : "not installed",
                   ctx.palette.muted))
    return;
  if (row.installed == nullptr) {
    ui::ColoredText(ctx.palette.muted, "Not installed on this machine.");
    return;
  }
  if (!ui::BeginFields("##installed", 11.0f)) return;
  ui::FieldRow("Key store", DisplayName(row.installed->store));
  if (!row.installed->location.empty()) ui::FieldRow("Location", row.installed->location);
  ui::FieldRow("Installed", TimeText(row.installed->installed_at, ctx.now));
  if (row.installed->missing) {
    ui::FieldRow("Problem", "Its files are missing from this location.", &ctx.palette.warning);
  }
  ui::EndFields();
}

void DrawChain(const ViewContext& ctx, const CertificateInfo& info, const IssuedRow& row) {
  if (!ui::Section("Issuing CA chain", info.issuer.Get("CN"), ctx.palette.muted)) return;
  std::vector<std::string> chain;
  if (row.profile != nullptr) chain = row.profile->profile.issuing_ca_chain;
  if (chain.empty()) chain.push_back(info.issuer.rfc4514);
  if (!ui::BeginFields("##chain", 11.0f)) return;
  ui::FieldRow("This certificate", info.subject.rfc4514);
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const std::string label = i == 0 ? "Issued by" : "Then by";
    ui::FieldRow((label + "##" + std::to_string(i)).c_str(), chain[i]);
  }
  ui::EndFields();
  if (row.profile == nullptr || row.profile->profile.issuing_ca_chain.empty()) {
    ui::ColoredText(ctx.palette.muted, "Only the issuer is known; the profile lists no chain.");
  }
}

void DrawParsed(const ViewContext& ctx, const CertificateInfo& info, const IssuedRow& row,
                Commands& commands) {
  const Palette& pal = ctx.palette;
  if (ui::Section("General", GroupedHex(info.serial), pal.muted)) {
    if (ui::BeginFields("##general", 11.0f)) {
      ui::FieldRow("Serial number", GroupedHex(info.serial));
      ui::FieldRow("Version", "X.509 v" + std::to_string(info.version));
      if (row.profile != nullptr) ui::FieldRow("Profile", row.profile->profile.name);
      const Tone tone = row.status == CertStatus::Valid          ? Tone::Ok
                        : row.status == CertStatus::ExpiringSoon ? Tone::Warning
                                                                 : Tone::Error;
      ui::FieldRow("Status", CertStatusLabel(row.status), &ToneColor(pal, tone));
      ui::EndFields();
    }
  }
  if (ui::Section("Subject", info.subject.rfc4514, pal.muted)) DrawName("##subject", info.subject);
  if (ui::Section("Issuer", info.issuer.rfc4514, pal.muted)) DrawName("##issuer", info.issuer);
  if (ui::Section("Validity", ShortDate(info.not_before) + " \u2192 " + ShortDate(info.not_after),
                  pal.muted)) {
    if (ui::BeginFields("##validity", 11.0f)) {
      ui::FieldRow("Not before", TimeText(info.not_before, ctx.now));
      ui::FieldRow("Not after", TimeText(info.not_after, ctx.now));
      ui::EndFields();
    }
  }
  const std::string san_title =
      "Subject alternative names (" + std::to_string(info.san.size()) + ")###san";
  if (ui::Section(san_title.c_str(), SanSummary(info), pal.muted)) {
    if (info.san.empty()) {
      ui::ColoredText(pal.muted, "None.");
    } else if (ui::BeginFields("##san-list", 11.0f)) {
      for (const auto& san : info.san) ui::FieldRow(san.kind.c_str(), san.value);
      ui::EndFields();
    }
  }
  if (ui::Section("Key and usage", info.public_key + " \u00b7 " + info.signature_algorithm,
                  pal.muted)) {
    if (ui::BeginFields("##key", 11.0f)) {
      ui::FieldRow("Public key", info.public_key);
      ui::FieldRow("Signature", info.signature_algorithm);
      ui::FieldRow("Key usage", info.key_usage.empty() ? "\u2014" : Join(info.key_usage));
      ui::FieldRow("Extended key usage",
                   info.extended_key_usage.empty() ? "\u2014" : Join(info.extended_key_usage));
      if (info.basic_constraints) {
        std::string bc = info.basic_constraints->ca ? "CA" : "Not a CA";
        if (info.basic_constraints->path_length) {
          bc += ", path length " + std::to_string(*info.basic_constraints->path_length);
        }
        ui::FieldRow("Basic constraints", bc);
      }
      if (!info.subject_key_id.empty()) ui::FieldRow("Subject key ID", info.subject_key_id);
      if (!info.authority_key_id.empty()) ui::FieldRow("Authority key ID", info.authority_key_id);
      ui::EndFields();
    }
  }
  DrawExtensions(info, pal);
  DrawFingerprints(info, pal.muted, commands);
  DrawChain(ctx, info, row);
  DrawInstalled(ctx, row);
  DrawPem(info.pem.empty() ? row.cert->certificate_pem : info.pem, pal.muted);
}

// What the server listed, for when the PEM itself cannot be read.
void DrawListed(const ViewContext& ctx, const IssuedCertificate& cert) {
  if (!ui::BeginFields("##listed", 11.0f)) return;
  ui::FieldRow("Serial number", GroupedHex(cert.serial));
  ui::FieldRow("Subject", cert.subject);
  ui::FieldRow("Issuer", cert.issuer);
  ui::FieldRow("Not before", TimeText(cert.not_before, ctx.now));
  ui::FieldRow("Not after", TimeText(cert.not_after, ctx.now));
  if (!cert.san.empty()) ui::FieldRow("Alternative names", Join(cert.san));
  ui::EndFields();
}

void DrawInventoryOnly(const ViewContext& ctx, const IssuedRow& row) {
  ui::WrappedText(
      "The server does not list this certificate, so only what this machine's inventory records "
      "is shown. Sync profiles to refresh the list.",
      &ctx.palette.muted);
  if (ui::BeginFields("##inventory", 11.0f)) {
    ui::FieldRow("Serial number", GroupedHex(row.serial));
    ui::FieldRow("Subject", row.installed->subject);
    ui::FieldRow("Not after", TimeText(row.not_after, ctx.now));
    ui::EndFields();
  }
  DrawInstalled(ctx, row);
}

}  // namespace

void DrawCertificateViewer(const ViewContext& ctx, CertificateViewerState& state,
                           const IssuedRowCache& rows, CertificateDetailsCache& details,
                           Commands& commands) {
  const IssuedRow* row = state.serial.empty() ? nullptr : rows.Find(state.serial);
  std::string title = "Certificate";
  if (row != nullptr && !row->common_name.empty()) {
    title += " \u2014 " + std::string(row->common_name);
  }
  title += kCertificateViewerId;
  if (!ui::BeginModal(title.c_str(), kCertificateViewerId, &state.open_request, 52.0f, 60.0f)) {
    return;
  }
  const ImGuiStyle& style = ImGui::GetStyle();
  const float footer = ImGui::GetFrameHeight() + style.ItemSpacing.y * 2 + 1;
  ImGui::BeginChild("##viewer-body", ImVec2(0, -footer));
  std::string pem;
  if (row == nullptr) {
    ui::WrappedText(
        "This certificate is no longer listed. It may have been removed by the last "
        "sync.",
        &ctx.palette.muted);
  } else if (row->cert == nullptr || row->cert->certificate_pem.empty()) {
    if (row->installed != nullptr) {
      DrawInventoryOnly(ctx, *row);
    } else {
      ui::WrappedText("The server sent no PEM for this certificate.", &ctx.palette.warning);
      DrawListed(ctx, *row->cert);
    }
  } else {
    pem = row->cert->certificate_pem;
    const CertificateDetailsCache::Details d = details.Get(state.serial, pem);
    switch (d.state) {
      case CertificateDetailsCache::State::Reading:
        ui::ColoredText(ctx.palette.muted, "Reading certificate\u2026");
        RecordLastItem("Reading certificate\u2026");
        break;
      case CertificateDetailsCache::State::Failed: {
        const auto [human, technical] = SplitTechnical(d.error);
        ui::WrappedText("This certificate could not be read: " + human + ".", &ctx.palette.error);
        RecordLastItem("This certificate could not be read");
        // OpenSSL's own words help support, not the person reading: folded away by default.
        if (!technical.empty()) {
          ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.muted);
          const bool open = ImGui::TreeNode("Technical details (for support)");
          ImGui::PopStyleColor();
          RecordLastItem("Technical details (for support)");
          if (open) {
            ui::WrappedText(technical, &ctx.palette.muted);
            RecordLastItem(technical);
            ImGui::TreePop();
          }
        }
        ImGui::Spacing();
        ui::WrappedText("What the server listed for it:", &ctx.palette.muted);
        DrawListed(ctx, *row->cert);
        break;
      }
      case CertificateDetailsCache::State::Ready:
        DrawParsed(ctx, *d.info, *row, commands);
        break;
    }
  }
  ImGui::EndChild();
  ImGui::Separator();
  if (ui::Button("Copy PEM", pem.empty() ? "No PEM is available for this certificate." : "")) {
    commands.Push(CopyToClipboard{pem});
  }
  ImGui::SameLine();
  const float close_width = ImGui::CalcTextSize("Close").x + style.FramePadding.x * 2;
  ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - close_width);
  if (ui::Button("Close")) ImGui::CloseCurrentPopup();
  ui::EndModal();
}

}  // namespace trustdesk
