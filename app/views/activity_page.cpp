// Sections: labels and filtering, the filter bar, the table (clipped between expanded entries, so
// a full 2,000-entry timeline costs the same per frame as a short one), and an entry's detail.
#include "app/views/activity_page.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

#include "app/ui/cert_text.h"
#include "app/ui/dialog_widgets.h"
#include "app/ui/item_log.h"
#include "app/ui/time_text.h"
#include "app/ui/widgets.h"
#include "app/views/page_header.h"
#include "core/activity/activity_log.h"

namespace trustdesk {
namespace {

constexpr ActivityKind kKinds[] = {ActivityKind::Sync, ActivityKind::Job,
                                   ActivityKind::BackgroundAction, ActivityKind::Script,
                                   ActivityKind::Account};
constexpr ActivityOutcome kOutcomes[] = {ActivityOutcome::Succeeded, ActivityOutcome::Failed,
                                         ActivityOutcome::Cancelled, ActivityOutcome::NothingToDo,
                                         ActivityOutcome::Info};

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool ContainsNoCase(std::string_view haystack, std::string_view lowered_needle) {
  if (lowered_needle.empty()) return true;
  auto it = std::search(haystack.begin(), haystack.end(), lowered_needle.begin(),
                        lowered_needle.end(), [](char a, char b) { return Lower(a) == b; });
  return it != haystack.end();
}

std::string EntriesJson(const std::vector<ActivityEntry>& entries,
                        const std::vector<uint32_t>& rows) {
  nlohmann::json array = nlohmann::json::array();
  for (uint32_t index : rows) array.push_back(ToJson(entries[index]));
  return array.dump(2);
}

void RefreshRows(const Snapshot& snap, ActivityPageState& state) {
  if (state.have_rows && state.source.SameAs(snap.activity) && state.applied == state.filter) {
    return;
  }
  state.source = snap.activity;
  state.applied = state.filter;
  state.rows = FilterActivity(state.source.get(), state.filter);
  state.have_rows = true;
}

void DrawFilterBar(const ViewContext& ctx, ActivityPageState& state, Commands& commands) {
  const float em = ImGui::GetFontSize();
  ActivityFilter& f = state.filter;
  if (ui::BeginCombo("##Kind filter", f.kind ? ActivityKindLabel(*f.kind) : "All kinds",
                     em * 10.0f)) {
    if (ui::ComboItem("All kinds", !f.kind)) f.kind.reset();
    for (ActivityKind kind : kKinds) {
      if (ui::ComboItem(ActivityKindLabel(kind), f.kind == kind)) f.kind = kind;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ui::BeginCombo("##Outcome filter",
                     f.outcome ? ActivityOutcomeLabel(*f.outcome) : "All outcomes", em * 10.0f)) {
    if (ui::ComboItem("All outcomes", !f.outcome)) f.outcome.reset();
    for (ActivityOutcome outcome : kOutcomes) {
      if (ui::ComboItem(ActivityOutcomeLabel(outcome), f.outcome == outcome)) f.outcome = outcome;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float copy_width = ImGui::CalcTextSize("Copy as JSON").x + style.FramePadding.x * 2;
  const float filter_width = std::clamp(
      ImGui::GetContentRegionAvail().x - copy_width - style.ItemSpacing.x, em * 8.0f, em * 16.0f);
  ImGui::SetCursorPosX(std::max(
      ImGui::GetCursorPosX(),
      ImGui::GetWindowContentRegionMax().x - filter_width - copy_width - style.ItemSpacing.x));
  ui::TextInput("##Filter activity", "Filter activity", &f.text, filter_width);
  ImGui::SameLine();
  const bool none = state.rows.empty();
  if (ui::Button("Copy as JSON", none ? "Nothing to copy: no entry is shown." : "")) {
    commands.Push(CopyToClipboard{EntriesJson(state.source.get(), state.rows)});
  }
  if (!none) ui::TooltipForLastItem("Copies the entries shown, newest first, as a JSON array.");

  const std::size_t total = state.source.size();
  ImGui::AlignTextToFramePadding();
  const std::string count =
      state.rows.size() == total
          ? CountText(total) + (total == 1 ? " entry" : " entries")
          : CountText(state.rows.size()) + " of " + CountText(total) + " entries match the filters";
  ui::ColoredText(ctx.palette.muted, count);
  RecordLastItem(count);
  if (f.kind || f.outcome || !f.text.empty()) {
    ImGui::SameLine();
    if (ui::Button("Clear filters")) f = ActivityFilter{};
  }
}

void DrawDetail(const ViewContext& ctx, const ActivityEntry& e, Commands& commands) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TableNextColumn();
  ImGui::TableNextColumn();
  ImGui::PushID("detail");
  if (!e.detail.empty()) {
    const ImVec4* color = e.outcome == ActivityOutcome::Failed ? &ctx.palette.error : nullptr;
    ui::WrappedPathText(e.detail, color);  // results name paths; script output too
    RecordLastItem(e.detail);
  } else {
    ui::ColoredText(ctx.palette.muted, "No further detail was recorded.");
    RecordLastItem("No further detail was recorded.");
  }
  std::string facts = FormatUtc(e.at) + " \u00b7 took " + DurationText(e.duration_ms);
  if (!e.profile_id.empty()) facts += " \u00b7 profile " + e.profile_id;
  if (!e.serial.empty()) facts += " \u00b7 serial " + GroupedHex(e.serial);
  ui::WrappedText(facts, &ctx.palette.muted);
  if (ImGui::SmallButton("Copy as JSON")) {
    commands.Push(CopyToClipboard{ToJson(e).dump(2)});
  }
  RecordLastItem("Copy entry as JSON");
  ImGui::PopID();
  ImGui::Spacing();
  ImGui::TableNextColumn();
  ImGui::TableNextColumn();
}

void DrawEntry(const ViewContext& ctx, ActivityPageState& state, const ActivityEntry& e) {
  const Palette& pal = ctx.palette;
  const bool expanded = state.expanded.count(e.id) != 0;
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  const std::string when = std::string(expanded ? "\u25bc " : "\u25b6 ") + LocalTime(e.at, ctx.now);
  if (ImGui::Selectable(when.c_str(), expanded, ImGuiSelectableFlags_SpanAllColumns)) {
    if (expanded) {
      state.expanded.erase(e.id);
    } else {
      state.expanded.insert(e.id);
    }
  }
  RecordLastItem(e.title);  // tests open an entry by its title
  if (ImGui::IsItemHovered()) ui::TooltipForLastItem(FormatUtc(e.at));
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(ActivityKindLabel(e.kind));
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(e.title.c_str());
  ImGui::TableNextColumn();
  ui::ColoredText(ToneColor(pal, ActivityOutcomeTone(e.outcome)), ActivityOutcomeLabel(e.outcome));
  ImGui::TableNextColumn();
  ui::ColoredText(pal.muted, e.duration_ms > 0 ? DurationText(e.duration_ms) : "\u2014");
}

void DrawTable(const ViewContext& ctx, ActivityPageState& state, Commands& commands) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                     ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                     ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("##activity", 5, kFlags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_WidthFixed, em * 9.5f);
  ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed, em * 8.5f);
  ImGui::TableSetupColumn("Activity", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Outcome", ImGuiTableColumnFlags_WidthFixed, em * 6.5f);
  ImGui::TableSetupColumn("Duration", ImGuiTableColumnFlags_WidthFixed, em * 5.5f);
  ImGui::TableSetupScrollFreeze(0, 1);
  ui::HeadersRow();

  const auto& entries = state.source.get();
  const auto& rows = state.rows;
  // Uniform rows run through a clipper; an expanded entry's detail (any height) is drawn in full
  // between two clipped runs.
  std::size_t start = 0;
  while (start < rows.size()) {
    std::size_t end = start;
    while (end < rows.size() && state.expanded.count(entries[rows[end]].id) == 0) ++end;
    if (end > start) {
      ImGuiListClipper clipper;
      clipper.Begin(static_cast<int>(end - start));
      while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
          const ActivityEntry& e = entries[rows[start + static_cast<std::size_t>(i)]];
          ImGui::PushID(static_cast<int>(e.id));
          DrawEntry(ctx, state, e);
          ImGui::PopID();
        }
      }
    }
    if (end < rows.size()) {
      const ActivityEntry& e = entries[rows[end]];
      ImGui::PushID(static_cast<int>(e.id));
      DrawEntry(ctx, state, e);
      if (state.expanded.count(e.id) != 0) DrawDetail(ctx, e, commands);
      ImGui::PopID();
      ++end;
    }
    start = end;
  }
  ImGui::EndTable();
}

}  // namespace

const char* ActivityKindLabel(ActivityKind kind) {
  switch (kind) {
    case ActivityKind::Sync:
      return "Sync";
    case ActivityKind::Job:
      return "Job";
    case ActivityKind::BackgroundAction:
      return "Background action";
    case ActivityKind::Script:
      return "Script";
    case ActivityKind::Account:
      return "Account";
  }
  return "";
}

const char* ActivityOutcomeLabel(ActivityOutcome outcome) {
  switch (outcome) {
    case ActivityOutcome::Succeeded:
      return "Succeeded";
    case ActivityOutcome::Failed:
      return "Failed";
    case ActivityOutcome::Cancelled:
      return "Cancelled";
    case ActivityOutcome::NothingToDo:
      return "Nothing to do";
    case ActivityOutcome::Info:
      return "Info";
  }
  return "";
}

Tone ActivityOutcomeTone(ActivityOutcome outcome) {
  switch (outcome) {
    case ActivityOutcome::Succeeded:
      return Tone::Ok;
    case ActivityOutcome::Failed:
      return Tone::Error;
    case ActivityOutcome::Cancelled:
      return Tone::Warning;
    case ActivityOutcome::NothingToDo:
      return Tone::Muted;
    case ActivityOutcome::Info:
      return Tone::Neutral;
  }
  return Tone::Neutral;
}

std::vector<uint32_t> FilterActivity(const std::vector<ActivityEntry>& entries,
                                     const ActivityFilter& filter) {
  std::string needle;
  for (char c : filter.text) needle += Lower(c);
  while (!needle.empty() && needle.back() == ' ') needle.pop_back();
  while (!needle.empty() && needle.front() == ' ') needle.erase(needle.begin());
  std::vector<uint32_t> out;
  // The log keeps entries newest last; the page shows newest first.
  for (std::size_t i = entries.size(); i-- > 0;) {
    const ActivityEntry& e = entries[i];
    if (filter.kind && e.kind != *filter.kind) continue;
    if (filter.outcome && e.outcome != *filter.outcome) continue;
    if (!needle.empty() && !ContainsNoCase(e.title, needle) && !ContainsNoCase(e.detail, needle) &&
        !ContainsNoCase(e.profile_id, needle) && !ContainsNoCase(e.serial, needle)) {
      continue;
    }
    out.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

void DrawActivityPage(const ViewContext& ctx, ActivityPageState& state, Commands& commands) {
  DrawPageHeader(ctx, "Activity");
  if (ctx.snapshot.activity.empty()) {
    ui::EmptyState(ctx.fonts.heading, "No activity yet",
                   "Every sync, enrollment, renewal, background action and script run will be "
                   "listed here with its outcome and duration.",
                   ctx.palette.muted);
    return;
  }
  RefreshRows(ctx.snapshot, state);
  DrawFilterBar(ctx, state, commands);
  if (state.rows.empty()) {
    ui::EmptyState(ctx.fonts.heading, "No activity matches the filters",
                   "Change the kind, outcome or text filter above, or press Clear filters.",
                   ctx.palette.muted);
    return;
  }
  DrawTable(ctx, state, commands);
}

}  // namespace trustdesk
