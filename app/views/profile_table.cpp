#include "app/views/profile_table.h"

#include <algorithm>
#include <string>

#include <imgui.h>
#include <imgui_internal.h>  // FindRenderedTextEnd

#include "app/ui/cert_text.h"
#include "app/ui/dialog_widgets.h"
#include "app/ui/item_log.h"
#include "app/ui/profile_actions.h"
#include "app/ui/profile_text.h"
#include "app/ui/widgets.h"
#include "app/views/details_modal.h"
#include "app/views/quick_actions_popup.h"

namespace trustdesk {
namespace {

struct ColumnSpec {
  ProfileColumn id;
  const char* label;
  ImGuiTableColumnFlags flags;
  float stretch_weight;  // > 0: a stretch column; else fixed, as wide as `widest`
  const char* widest;    // the widest text the fixed column shows (besides its header)
};

constexpr ImGuiTableColumnFlags kFixed =
    ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoResize;

// Display order; the ⋮ column is first and cannot be sorted or hidden.
constexpr ColumnSpec kColumns[kProfileColumnCount] = {
    {ProfileColumn::Actions, "##Quick actions",
     kFixed | ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_NoHide, 0, ""},
    {ProfileColumn::Name, "Profile",
     ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_DefaultSort, 3.2f, ""},
    {ProfileColumn::Version, "Version", kFixed, 0, "10.10.10 \u26a0"},
    {ProfileColumn::RenewStatus, "Renew status", kFixed, 0, "Can renew"},
    {ProfileColumn::Issued, "# of Issued certificates", kFixed, 0, "0"},
    {ProfileColumn::AutoConfigured, "Auto-configured", kFixed, 0, "Enrollment only"},
    {ProfileColumn::KeyStores, "Allowed key stores", ImGuiTableColumnFlags_WidthStretch, 1.8f,
     ""},
    {ProfileColumn::ProfileId, "Profile ID", ImGuiTableColumnFlags_WidthStretch, 1.3f, ""},
    {ProfileColumn::Revision, "Revision", kFixed, 0, "00000"},
};

bool IsAdvancedColumn(ProfileColumn column) {
  return column == ProfileColumn::ProfileId || column == ProfileColumn::Revision;
}

void SetupColumns(const ViewContext& ctx) {
  const ImGuiStyle& style = ImGui::GetStyle();
  // Room for the sort arrow ImGui draws next to the label of the sorted column.
  const float arrow = ImGui::GetFontSize() * 0.65f + style.FramePadding.x;
  for (const ColumnSpec& c : kColumns) {
    ImGuiTableColumnFlags flags = c.flags;
    if (IsAdvancedColumn(c.id) && !ctx.settings.advanced_mode) {
      flags |= ImGuiTableColumnFlags_Disabled;
    }
    float width = c.stretch_weight;
    if (c.id == ProfileColumn::Actions) {
      width = ImGui::GetFrameHeight();
    } else if (width <= 0) {
      const char* header_end = ImGui::FindRenderedTextEnd(c.label);
      width = std::max(ImGui::CalcTextSize(c.label, header_end).x + arrow,
                       ImGui::CalcTextSize(c.widest).x);
    }
    ImGui::TableSetupColumn(c.label, flags, width, static_cast<ImGuiID>(c.id));
  }
  ImGui::TableSetupScrollFreeze(0, 1);
}

void ApplySortSpecs(ProfileRowCache& rows) {
  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  if (specs == nullptr || !specs->SpecsDirty) return;
  std::vector<ProfileSortKey> keys;
  for (int i = 0; i < specs->SpecsCount; ++i) {
    const ImGuiTableColumnSortSpecs& s = specs->Specs[i];
    keys.push_back({static_cast<ProfileColumn>(s.ColumnUserID),
                    s.SortDirection != ImGuiSortDirection_Descending});
  }
  rows.SetSort(std::move(keys));
  specs->SpecsDirty = false;
}

std::string IssuedTooltip(const ProfileRow& row) {
  std::string text = "Show the " + std::to_string(row.issued) +
                     (row.issued == 1 ? " certificate" : " certificates") +
                     " issued from this profile";
  text += "\n" + std::to_string(row.active) + " active, " + std::to_string(row.installed) +
          " on this machine";
  return text;
}

std::string AutoConfigTooltip(const Policy& policy) {
  return std::string("Auto-enroll: ") + (policy.auto_enroll ? "on" : "off") +
         "\nAuto-renew: " + AutoRenewText(policy);
}

void DrawRow(const ViewContext& ctx, ProfilesPageState& state, const ProfileRow& row,
             Commands& commands) {
  const Profile& p = row.profile();
  const Palette& pal = ctx.palette;
  ImGui::PushID(p.id.c_str());

  if (ImGui::TableSetColumnIndex(0)) {
    const float size = ImGui::GetFrameHeight();
    if (ImGui::Button("\u22ee", ImVec2(size, size))) {
      const ImVec2 max = ImGui::GetItemRectMax();
      RequestQuickActions(state, p.id, ImGui::GetItemRectMin().x, max.y);
    }
    RecordLastItem("Quick actions: " + p.id);
    ui::TooltipForLastItem("Quick actions");
  }
  if (ImGui::TableSetColumnIndex(1)) {
    ImGui::AlignTextToFramePadding();
    if (row.entry->is_new || !row.entry->changes.empty()) {
      ui::ColoredText(pal.link, "\u25cf",
                      row.entry->is_new ? "New since the previous sync"
                                        : "Changed in the last sync (" +
                                              std::to_string(row.entry->changes.size()) +
                                              " fields)");
      ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    }
    ui::FittedText(p.name, pal.text, 0, p.description);
    RecordLastItem(p.name);
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
      RequestDetails(state, p.id);
    }
  }
  if (ImGui::TableSetColumnIndex(2)) {
    ImGui::AlignTextToFramePadding();
    if (row.compatible) {
      ImGui::TextUnformatted(p.profile_version.c_str());
      RecordLastItem(p.profile_version);
    } else {
      const std::string text = p.profile_version + " \u26a0";
      ui::ColoredText(pal.error, text);
      RecordLastItem(text);
      ui::TooltipForLastItem(IncompatibilityText(p, state.rows.app_version()) +
                             ". Enrollment and renewal are disabled.");
    }
  }
  if (ImGui::TableSetColumnIndex(3)) {
    ImGui::AlignTextToFramePadding();
    const bool can = row.renew == RenewState::CanRenew;
    ui::ColoredText(can ? pal.warning : pal.muted, can ? "Can renew" : "No action");
    RecordLastItem(can ? "Can renew" : "No action");
    // The reason is worded on hover only: one row, not 10,000 per frame.
    if (ImGui::IsItemHovered()) ui::TooltipForLastItem(state.rows.RenewReason(row, ctx.now));
  }
  if (ImGui::TableSetColumnIndex(4)) {
    ImGui::AlignTextToFramePadding();
    const std::string count = std::to_string(row.issued);
    if (row.issued > 0) {
      if (ui::Link(count.c_str(), pal.link)) commands.Push(NavigateTo{Page::Issued, p.id});
      RecordLastItem("Issued count: " + p.id);
      ui::TooltipForLastItem(IssuedTooltip(row));
    } else {
      ui::ColoredText(pal.muted, count);
      RecordLastItem("Issued count: " + p.id, false);
      ui::TooltipForLastItem(ViewIssuedDisabledReason(row));
    }
  }
  if (ImGui::TableSetColumnIndex(5)) {
    ImGui::AlignTextToFramePadding();
    ui::ColoredText(row.auto_config == AutoConfig::None ? pal.muted : pal.text,
                    AutoConfigLabel(row.auto_config));
    RecordLastItem(AutoConfigLabel(row.auto_config));
    ui::TooltipForLastItem(AutoConfigTooltip(p.policy));
  }
  if (ImGui::TableSetColumnIndex(6)) {
    ImGui::AlignTextToFramePadding();
    ui::FittedText(row.key_stores, pal.text, 0,
                     "Allowed: " + KeyStoresLongText(p.policy.allowed_key_stores));
  }
  if (ImGui::TableSetColumnIndex(7)) {
    ImGui::AlignTextToFramePadding();
    ui::FittedText(p.id, pal.muted);
    RecordLastItem("Profile ID: " + p.id);
  }
  if (ImGui::TableSetColumnIndex(8)) {
    ImGui::AlignTextToFramePadding();
    const std::string revision = std::to_string(p.revision);
    ui::ColoredText(pal.muted, revision);
    RecordLastItem(revision);
  }
  ImGui::PopID();
}

}  // namespace

void DrawProfileTable(const ViewContext& ctx, ProfilesPageState& state, Commands& commands) {
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable | ImGuiTableFlags_RowBg |
      ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
      ImGuiTableFlags_SizingFixedFit;
  // Leave a line under the table for the row count.
  const float footer = ImGui::GetTextLineHeightWithSpacing();
  const ImVec2 size(0, std::max(ImGui::GetContentRegionAvail().y - footer, footer * 4));
  if (ImGui::BeginTable("##profiles", kProfileColumnCount, kFlags, size)) {
    SetupColumns(ctx);
    ApplySortSpecs(state.rows);
    ui::HeadersRow();  // each header logged: tests click them to sort

    const std::vector<uint32_t>& visible = state.rows.visible();
    const std::vector<ProfileRow>& rows = state.rows.rows();
    const float row_height = ImGui::GetFrameHeight();
    // Only the rows on screen are drawn, so 10,000 profiles cost what 30 do.
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(visible.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        ImGui::TableNextRow(ImGuiTableRowFlags_None, row_height);
        DrawRow(ctx, state, rows[visible[static_cast<std::size_t>(i)]], commands);
      }
    }
    ImGui::EndTable();
  }
  const std::size_t total = state.rows.rows().size();
  const std::size_t shown = state.rows.visible().size();
  const std::string count =
      shown == total ? CountText(total) + (total == 1 ? " profile" : " profiles")
                     : CountText(shown) + " of " + CountText(total) + " profiles";
  ui::ColoredText(ctx.palette.muted, count);
}

}  // namespace trustdesk
