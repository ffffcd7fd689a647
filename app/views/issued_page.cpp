// Issued certificates page. Sections: filter bar, the table (clipped, so 200,000 rows cost the
// same per frame as 20), the row actions popup, and the dialogs it opens (each in its own file).
#include "app/views/issued_page.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

#include "app/ui/cert_text.h"
#include "app/ui/dialog_widgets.h"
#include "app/ui/issued_actions.h"
#include "app/ui/item_log.h"
#include "app/ui/time_text.h"
#include "app/ui/widgets.h"
#include "app/views/certificate_viewer.h"
#include "app/views/export_dialog.h"
#include "app/views/page_header.h"
#include "app/views/recover_key_dialog.h"
#include "app/views/renew_dialog.h"
#include "app/views/revoke_dialog.h"

namespace trustdesk {
namespace {

constexpr const char* kActionsPopup = "##issued-actions";
constexpr CertStatus kStatuses[] = {CertStatus::Valid, CertStatus::ExpiringSoon,
                                    CertStatus::Expired, CertStatus::Revoked};

const ProfileEntry* FindProfile(const Snapshot& snap, const std::string& id) {
  for (const auto& entry : snap.profiles) {
    if (entry.profile.id == id) return &entry;
  }
  return nullptr;
}

Tone StatusTone(CertStatus status) {
  switch (status) {
    case CertStatus::Valid:
      return Tone::Ok;
    case CertStatus::ExpiringSoon:
      return Tone::Warning;
    case CertStatus::Expired:
    case CertStatus::Revoked:
      return Tone::Error;
  }
  return Tone::Neutral;
}

std::string WithCount(const char* label, std::size_t n) {
  return std::string(label) + " (" + std::to_string(n) + ")";
}

void DrawProfileCombo(const ViewContext& ctx, IssuedPageState& state, float width) {
  const ProfileEntry* selected = FindProfile(ctx.snapshot, state.profile_filter);
  const std::string preview = state.profile_filter.empty() ? "All profiles"
                              : selected != nullptr        ? selected->profile.name
                                                           : state.profile_filter;
  if (!ui::BeginCombo("##Profile filter", preview.c_str(), width)) return;
  if (ui::ComboItem("All profiles", state.profile_filter.empty())) state.profile_filter.clear();
  // 10,000 profiles: only the visible part of the list is submitted.
  const auto& profiles = ctx.snapshot.profiles.get();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(profiles.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const Profile& p = profiles[static_cast<std::size_t>(i)].profile;
      ImGui::PushID(i);
      if (ui::ComboItem(p.name.c_str(), p.id == state.profile_filter)) state.profile_filter = p.id;
      ImGui::PopID();
    }
  }
  ImGui::EndCombo();
}

void DrawStatusCombo(IssuedPageState& state, float width) {
  const std::string preview =
      state.status_filter ? CertStatusLabel(*state.status_filter) : "All statuses";
  if (!ui::BeginCombo("##Status filter", preview.c_str(), width)) return;
  if (ui::ComboItem("All statuses", !state.status_filter)) state.status_filter.reset();
  for (CertStatus status : kStatuses) {
    const std::string label = WithCount(CertStatusLabel(status), state.rows.CountByStatus(status));
    if (ui::ComboItem(label.c_str(), state.status_filter == status)) state.status_filter = status;
  }
  ImGui::EndCombo();
}

bool AnyFilter(const IssuedPageState& state) {
  return !state.profile_filter.empty() || state.status_filter || state.installed_only ||
         !state.text_filter.empty();
}

void ClearFilters(IssuedPageState& state) {
  state.profile_filter.clear();
  state.status_filter.reset();
  state.installed_only = false;
  state.text_filter.clear();
}

void DrawFilterBar(const ViewContext& ctx, IssuedPageState& state) {
  const float em = ImGui::GetFontSize();
  DrawProfileCombo(ctx, state, em * 14.0f);
  ImGui::SameLine();
  DrawStatusCombo(state, em * 10.0f);
  ImGui::SameLine();
  ui::Checkbox("On this machine", &state.installed_only);
  ImGui::SameLine();
  const float filter_width =
      std::max(em * 10.0f, std::min(em * 18.0f, ImGui::GetContentRegionAvail().x));
  ImGui::SetCursorPosX(
      std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - filter_width));
  ImGui::SetNextItemWidth(filter_width);
  if (state.focus_filter) {
    ImGui::SetKeyboardFocusHere();
    state.focus_filter = false;
  }
  ImGui::InputTextWithHint("##Filter certificates", "Filter certificates (Ctrl+F)",
                           &state.text_filter);
  RecordLastItem("##Filter certificates");

  const std::size_t shown = state.rows.visible().size();
  const std::size_t total = state.rows.rows().size();
  ImGui::AlignTextToFramePadding();
  std::string count =
      shown == total
          ? CountText(total) + (total == 1 ? " certificate" : " certificates")
          : CountText(shown) + " of " + CountText(total) + " certificates match the filters";
  ui::ColoredText(ctx.palette.muted, count);
  RecordLastItem(count);
  if (AnyFilter(state)) {
    ImGui::SameLine();
    if (ui::Button("Clear filters")) ClearFilters(state);
  }
}

// The table's columns; the enum value is the column's user id (sort specs report it).
constexpr IssuedColumn kColumns[] = {IssuedColumn::CommonName,    IssuedColumn::Profile,
                                     IssuedColumn::Serial,        IssuedColumn::Issued,
                                     IssuedColumn::Expires,       IssuedColumn::Status,
                                     IssuedColumn::OnThisMachine, IssuedColumn::Renew};

void SetupColumns(float em) {
  ImGui::TableSetupColumn("##actions",
                          ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_WidthFixed |
                              ImGuiTableColumnFlags_NoResize | ImGuiTableColumnFlags_NoHide,
                          ImGui::GetFrameHeight(), 100);
  ImGui::TableSetupColumn("Common name",
                          ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoHide, 2.2f,
                          static_cast<ImGuiID>(IssuedColumn::CommonName));
  ImGui::TableSetupColumn("Profile", ImGuiTableColumnFlags_WidthStretch, 1.6f,
                          static_cast<ImGuiID>(IssuedColumn::Profile));
  ImGui::TableSetupColumn("Serial", ImGuiTableColumnFlags_WidthFixed, em * 6.6f,
                          static_cast<ImGuiID>(IssuedColumn::Serial));
  ImGui::TableSetupColumn("Issued", ImGuiTableColumnFlags_WidthFixed, em * 5.8f,
                          static_cast<ImGuiID>(IssuedColumn::Issued));
  ImGui::TableSetupColumn("Expires",
                          ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort,
                          em * 5.8f, static_cast<ImGuiID>(IssuedColumn::Expires));
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, em * 6.4f,
                          static_cast<ImGuiID>(IssuedColumn::Status));
  ImGui::TableSetupColumn("On this machine", ImGuiTableColumnFlags_WidthStretch, 1.6f,
                          static_cast<ImGuiID>(IssuedColumn::OnThisMachine));
  ImGui::TableSetupColumn("Renew status", ImGuiTableColumnFlags_WidthFixed, em * 6.0f,
                          static_cast<ImGuiID>(IssuedColumn::Renew));
}

void ReadSortSpecs(IssuedPageState& state) {
  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  if (specs == nullptr || !specs->SpecsDirty) return;
  if (specs->SpecsCount > 0) {
    const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
    for (IssuedColumn column : kColumns) {
      if (spec.ColumnUserID == static_cast<ImGuiID>(column)) state.sort = column;
    }
    state.sort_descending = spec.SortDirection == ImGuiSortDirection_Descending;
  }
  specs->SpecsDirty = false;
}

std::string StatusTooltip(const IssuedRow& row, Timestamp now) {
  const int64_t left = row.not_after.unix_seconds - now.unix_seconds;
  switch (row.status) {
    case CertStatus::Revoked: {
      std::string text = "Revoked";
      if (row.cert->revoked_at) text += " on " + FormatUtc(*row.cert->revoked_at);
      if (row.cert->revocation_reason) {
        text += std::string(" (") + ToString(*row.cert->revocation_reason) + ")";
      }
      return text;
    }
    case CertStatus::Expired:
      return "Expired " + SpanText(left) + " ago";
    case CertStatus::ExpiringSoon:
      return "Expires in " + SpanText(left) + "; inside the renewal window";
    case CertStatus::Valid:
      return "Expires in " + SpanText(left);
  }
  return {};
}

std::string RenewTooltip(const IssuedRow& row, Timestamp now) {
  if (row.cert == nullptr) return "Not listed by the server";
  if (row.profile == nullptr) return "Its profile is no longer assigned to you";
  return ComputeRenewStatus(row.profile->profile, *row.cert, row.installed, now).reason;
}

void DrawRow(const ViewContext& ctx, IssuedPageState& state, const IssuedRow& row) {
  const Palette& pal = ctx.palette;
  ImGui::TableNextRow();
  ImGui::PushID(row.serial.data(), row.serial.data() + row.serial.size());

  ImGui::TableNextColumn();
  if (ImGui::Button("\u22ee", ImVec2(ImGui::GetFrameHeight(), 0))) {
    state.actions_serial = std::string(row.serial);
    state.actions_open_request = true;
  }
  RecordLastItem("Actions " + std::string(row.serial));
  ui::TooltipForLastItem("Details, Renew, Export, Revoke, Recover key");

  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  const std::string_view name =
      row.common_name.empty() ? std::string_view("(no common name)") : row.common_name;
  if (ui::EllipsisLink(name, pal.link)) {
    state.dialogs.viewer = CertificateViewerState{true, std::string(row.serial)};
  }

  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  if (row.profile != nullptr) {
    ui::EllipsisText(row.profile->profile.name, pal.text);
  } else {
    const std::string& id = row.cert != nullptr ? row.cert->profile_id : row.installed->profile_id;
    ui::EllipsisText(id, pal.muted, "Profile " + id + " is no longer assigned to you");
  }

  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ui::ColoredText(pal.muted, ShortSerial(row.serial));
  if (ImGui::IsItemHovered()) ui::TooltipForLastItem(GroupedHex(row.serial));

  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  if (row.cert != nullptr) {
    ImGui::TextUnformatted(ShortDate(row.not_before).c_str());
    if (ImGui::IsItemHovered()) ui::TooltipForLastItem(FormatUtc(row.not_before));
  } else {
    ui::ColoredText(pal.muted, "\u2014");
  }

  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(ShortDate(row.not_after).c_str());
  if (ImGui::IsItemHovered()) {
    ui::TooltipForLastItem(FormatUtc(row.not_after) + " (" + RelativeTime(row.not_after, ctx.now) +
                           ")");
  }

  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ui::ColoredText(ToneColor(pal, StatusTone(row.status)), CertStatusLabel(row.status));
  if (ImGui::IsItemHovered()) ui::TooltipForLastItem(StatusTooltip(row, ctx.now));

  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  if (row.installed == nullptr) {
    ui::ColoredText(pal.muted, "\u2014", "Not installed on this machine");
  } else if (row.installed->missing) {
    ui::EllipsisText(std::string(DisplayName(row.installed->store)) + " \u00b7 missing",
                     pal.warning, "Its files are missing from " + row.installed->location);
  } else {
    std::string where = StoreText(*row.installed);
    if (row.cert == nullptr) where += "\nNot listed by the server";
    ui::EllipsisText(StoreShortText(*row.installed), pal.text, where);
  }

  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  const char* renew = row.renew == RenewState::CanRenew ? "Can renew" : "No action";
  ui::ColoredText(row.renew == RenewState::CanRenew ? pal.warning : pal.muted, renew);
  RecordLastItem(renew);
  if (ImGui::IsItemHovered()) ui::TooltipForLastItem(RenewTooltip(row, ctx.now));

  ImGui::PopID();
}

void DrawTable(const ViewContext& ctx, IssuedPageState& state) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                     ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_Resizable | ImGuiTableFlags_Hideable |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  const ImVec2 fp = ImGui::GetStyle().FramePadding;
  // Compact rows: the ⋮ button sets the row height.
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(fp.x * 0.6f, fp.y * 0.4f));
  if (ImGui::BeginTable("##issued", 9, kFlags, ImVec2(0, 0))) {
    SetupColumns(ImGui::GetFontSize());
    ImGui::TableSetupScrollFreeze(0, 1);
    ui::HeadersRow();
    ReadSortSpecs(state);
    const auto& rows = state.rows.rows();
    const auto& visible = state.rows.visible();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(visible.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        DrawRow(ctx, state, rows[visible[static_cast<std::size_t>(i)]]);
      }
    }
    ImGui::EndTable();
  }
  ImGui::PopStyleVar();
}

void DrawActionsPopup(const ViewContext& ctx, IssuedPageState& state) {
  if (state.actions_open_request) {
    ImGui::OpenPopup(kActionsPopup);
    state.actions_open_request = false;
  }
  if (!ImGui::BeginPopup(kActionsPopup)) return;
  ui::CloseModalOnEscape();
  const IssuedRow* row = state.rows.Find(state.actions_serial);
  if (row == nullptr) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  const auto& jobs = ctx.snapshot.jobs;
  const std::string serial(row->serial);
  ui::PopupTitle(row->common_name.empty() ? "Certificate " + ShortSerial(serial)
                                          : std::string(row->common_name),
                 ctx.palette.muted);
  IssuedDialogs& d = state.dialogs;
  if (ui::MenuAction("Details")) d.viewer = CertificateViewerState{true, serial};
  if (ui::MenuAction("Renew\u2026", RenewBlockedReason(*row, jobs, ctx.now))) {
    d.renew = RenewDialogState{true, serial, {}};
  }
  if (ui::MenuAction("Export\u2026", ExportBlockedReason(*row, jobs))) {
    d.export_key = ExportDialogState{};
    d.export_key.open_request = true;
    d.export_key.serial = serial;
  }
  if (ui::MenuAction("Revoke\u2026", RevokeBlockedReason(*row, jobs))) {
    d.revoke = RevokeDialogState{};
    d.revoke.open_request = true;
    d.revoke.serial = serial;
  }
  if (ui::MenuAction("Recover key\u2026", RecoverBlockedReason(*row, jobs))) {
    d.recover = RecoverKeyDialogState{};
    d.recover.open_request = true;
    d.recover.serial = serial;
    for (KeyStoreKind kind : RecoverStoreChoices(*row)) {
      if (CanRecoverInto(kind)) {
        d.recover.store = kind;
        break;
      }
    }
  }
  ImGui::EndPopup();
}

void DrawEmpty(const ViewContext& ctx, IssuedPageState& state) {
  if (state.rows.rows().empty()) {
    ui::EmptyState(ctx.fonts.heading, "No certificates issued yet",
                   "Certificates you enroll from a profile are listed here, together with where "
                   "they are installed on this machine.",
                   ctx.palette.muted);
    return;
  }
  if (!state.profile_filter.empty() && !state.status_filter && !state.installed_only &&
      state.text_filter.empty()) {
    const ProfileEntry* p = FindProfile(ctx.snapshot, state.profile_filter);
    const std::string title =
        "No certificates from " + (p != nullptr ? p->profile.name : state.profile_filter);
    ui::EmptyState(ctx.fonts.heading, title.c_str(),
                   "Enroll a certificate from this profile on the Certificate profiles page; it "
                   "will be listed here.",
                   ctx.palette.muted);
    return;
  }
  ui::EmptyState(ctx.fonts.heading, "No certificates match the filters",
                 "Change the profile, status or text filter above, or press Clear filters.",
                 ctx.palette.muted);
}

// The first rows of a big account are derived off the UI thread; until they arrive the page says
// so.
void DrawLoading(const ViewContext& ctx) {
  const std::size_t count = ctx.snapshot.issued.size();
  const std::string title =
      "Loading " + CountText(count) + (count == 1 ? " certificate\u2026" : " certificates\u2026");
  ui::EmptyState(ctx.fonts.heading, title.c_str(),
                 "TrustDesk is matching them with what is installed on this machine; the list "
                 "appears in a moment.",
                 ctx.palette.muted);
}

IssuedQuery QueryFor(const IssuedPageState& state) {
  IssuedQuery query;
  query.profile_id = state.profile_filter;
  query.status = state.status_filter;
  query.installed_only = state.installed_only;
  query.text = state.text_filter;
  query.sort = state.sort;
  query.descending = state.sort_descending;
  return query;
}

}  // namespace

void DrawIssuedPage(const ViewContext& ctx, IssuedPageState& state, Commands& commands) {
  DrawPageHeader(ctx, "Issued certificates");
  const Snapshot& snap = ctx.snapshot;
  if (!snap.account) {
    ui::EmptyState(ctx.fonts.heading, "Not signed in",
                   "Sign in on the Certificate profiles page to see the certificates issued to "
                   "you and the ones installed on this machine.",
                   ctx.palette.muted);
    return;
  }
  state.rows.Update(snap, ctx.now);
  state.rows.Apply(QueryFor(state));
  if (state.rows.loading()) {
    DrawLoading(ctx);
    return;
  }
  DrawFilterBar(ctx, state);
  if (state.rows.visible().empty()) {
    DrawEmpty(ctx, state);
  } else {
    DrawTable(ctx, state);
  }
  DrawActionsPopup(ctx, state);

  IssuedDialogs& d = state.dialogs;
  DrawCertificateViewer(ctx, d.viewer, state.rows, *state.details, commands);
  DrawRenewDialog(ctx, d.renew, state.rows, commands);
  DrawExportDialog(ctx, d.export_key, state.rows, commands);
  DrawRevokeDialog(ctx, d.revoke, state.rows, commands);
  DrawRecoverKeyDialog(ctx, d.recover, state.rows, commands);
}

}  // namespace trustdesk
