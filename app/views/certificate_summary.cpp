#include "app/views/certificate_summary.h"

#include <imgui.h>

#include <string>

#include "app/ui/cert_text.h"
#include "app/ui/dialog_widgets.h"
#include "app/ui/widgets.h"

namespace trustdesk {

void DrawCertificateSummary(const ViewContext& ctx, const IssuedRow& row, float label_width_em) {
  if (!ui::BeginFields("##summary", label_width_em)) return;
  ui::FieldRow("Certificate", row.common_name.empty() ? std::string("(no common name)")
                                                      : std::string(row.common_name));
  if (row.profile != nullptr) ui::FieldRow("Profile", row.profile->profile.name);
  ui::FieldRow("Serial", GroupedHex(row.serial));
  const ImVec4* tone = row.status == CertStatus::Valid          ? nullptr
                       : row.status == CertStatus::ExpiringSoon ? &ctx.palette.warning
                                                                : &ctx.palette.error;
  ui::FieldRow("Status",
               std::string(CertStatusLabel(row.status)) + " \u00b7 " +
                   (row.status == CertStatus::Expired ? "expired " : "expires ") +
                   ShortDate(row.not_after),
               tone);
  if (row.installed != nullptr) {
    // The location on a line of its own: a long path wrapped after "store ·" broke at its dots.
    std::string where = DisplayName(row.installed->store);
    if (!row.installed->location.empty()) where += "\n" + row.installed->location;
    ui::FieldRow("Installed in", where);
  }
  ui::EndFields();
  ImGui::Spacing();
}

const IssuedRow* BeginCertificateDialog(const ViewContext& ctx, const char* title, const char* id,
                                        bool* open_request, float width_em,
                                        const IssuedRowCache& rows, const std::string& serial,
                                        float label_width_em) {
  if (!ui::BeginModal(title, id, open_request, width_em)) return nullptr;
  const IssuedRow* row = rows.Find(serial);
  if (row == nullptr) {
    DrawCertificateGone(ctx);
    ui::EndModal();
    return nullptr;
  }
  DrawCertificateSummary(ctx, *row, label_width_em);
  return row;
}

bool DialogButtons(const ViewContext& ctx, const char* action, const std::string& blocked,
                   bool danger, const std::string& cli_line, Commands* commands) {
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::Spacing();
  const bool pressed =
      ui::PrimaryButton(action, danger ? ctx.palette.error : ctx.palette.accent, blocked);
  ImGui::SameLine();
  if (ui::Button("Cancel")) ImGui::CloseCurrentPopup();
  if (commands != nullptr && !cli_line.empty() && ctx.settings.advanced_mode) {
    ImGui::SameLine();
    if (ui::CopyAsCliButton(cli_line)) commands->Push(CopyToClipboard{cli_line});
  }
  return pressed;
}

void DrawCertificateGone(const ViewContext& ctx) {
  ui::WrappedText("This certificate is no longer listed; the last sync may have removed it.",
                  &ctx.palette.warning);
  ImGui::Spacing();
  if (ui::Button("Close")) ImGui::CloseCurrentPopup();
}

}  // namespace trustdesk
