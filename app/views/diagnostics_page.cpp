// Diagnostics (Advanced mode, SPEC §9). Sections: background actions and the next sync · the
// diagnostics bundle · the request log · the sync timeline.
#include "app/views/diagnostics_page.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/ui/cli_command.h"
#include "app/ui/dialog_widgets.h"
#include "app/ui/form_widgets.h"
#include "app/ui/input_checks.h"
#include "app/ui/item_log.h"
#include "app/ui/time_text.h"
#include "app/ui/widgets.h"
#include "app/views/page_header.h"

namespace trustdesk {
namespace {

std::string Bytes(uint64_t n) {
  char buf[32];
  if (n < 1000) {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(n));
  } else if (n < 1000 * 1000) {
    std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(n) / 1000.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(n) / 1e6);
  }
  return buf;
}

std::string Millis(int64_t ms) {
  if (ms < 1000) return std::to_string(ms) + " ms";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000.0);
  return buf;
}

const char* TriggerText(SyncTrigger trigger) {
  switch (trigger) {
    case SyncTrigger::SignIn: return "Sign-in";
    case SyncTrigger::Scheduled: return "Scheduled";
    case SyncTrigger::Manual: return "Manual";
    case SyncTrigger::Retry: return "Retry";
    case SyncTrigger::NetworkRestored: return "Network back";
  }
  return "";
}

struct ResultText {
  std::string text;
  Tone tone = Tone::Neutral;
};

ResultText AttemptResult(const SyncAttempt& a) {
  switch (a.result) {
    case SyncState::UpToDate: return {"Up to date", Tone::Ok};
    case SyncState::Updated:
      return {"Updated \u2014 " + std::to_string(a.changed_profiles) +
                  (a.changed_profiles == 1 ? " profile changed" : " profiles changed"),
              Tone::Ok};
    case SyncState::Failed: return {"Failed", Tone::Error};
    case SyncState::Offline: return {"Offline", Tone::Warning};
    case SyncState::SignedOut: return {"Signed out", Tone::Muted};
    case SyncState::TokenExpired: return {"Token expired", Tone::Warning};
    case SyncState::Syncing: return {"Syncing", Tone::Muted};
    case SyncState::NeverSynced: return {"Not synced", Tone::Muted};
  }
  return {"", Tone::Neutral};
}

Tone StatusTone(int status) {
  if (status == 0 || status >= 400) return Tone::Error;
  if (status == 304) return Tone::Muted;
  return Tone::Ok;
}

bool ContainsNoCase(const std::string& text, const std::string& needle) {
  if (needle.empty()) return true;
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

// "trustdesk-diagnostics-20260101-140200.json" in the suggested folder.
std::string SuggestedPath(const std::string& dir, Timestamp now) {
  std::string stamp = FormatRfc3339(now);  // 2026-01-01T14:02:00Z
  stamp.erase(std::remove_if(stamp.begin(), stamp.end(),
                             [](char c) { return c == '-' || c == ':' || c == 'Z'; }),
              stamp.end());
  std::replace(stamp.begin(), stamp.end(), 'T', '-');
  const char sep = dir.find('\\') != std::string::npos && dir.find('/') == std::string::npos
                       ? '\\'
                       : '/';
  std::string path = dir;
  if (!path.empty() && path.back() != sep) path += sep;
  return path + "trustdesk-diagnostics-" + stamp + ".json";
}

// --- Background actions and the next sync ------------------------------------------------------

void DrawBackground(const ViewContext& ctx, DiagnosticsPageState& state, Commands& commands) {
  ui::SectionHeading("BACKGROUND ACTIONS", ctx.palette.muted);
  const OperationStatus& op = ctx.snapshot.background_op;
  const char* reason = !ctx.snapshot.account ? "Sign in first."
                       : op.busy             ? "A pass is running."
                                             : "";
  if (ui::Button("Run background actions now", reason)) {
    commands.Push(RunBackgroundActionsCommand{});
    state.background_sent = true;
  }
  ImGui::SameLine();
  // An Advanced page: always in Advanced mode, so the CLI line is always offered.
  const std::string cli_line = CliCommand(RunBackgroundActionsCommand{});
  if (ui::CopyAsCliButton(cli_line)) commands.Push(CopyToClipboard{cli_line});
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  // The workspace reports the pass in background_op; each job and the summary go to Activity.
  std::string line;
  const ImVec4* colour = &ctx.palette.muted;
  if (op.busy) {
    line = op.message;
  } else if (!op.error.empty()) {
    line = op.error;
    colour = &ctx.palette.warning;
  } else if (!op.message.empty()) {
    line = op.message;
  } else {
    line = state.background_sent ? "Started \u2014 the outcome appears in Activity."
                                 : "Auto-enroll and auto-renew now, as the daily run does. A "
                                   "manual run is never held back by back-off.";
  }
  ui::ColoredText(*colour, line);
  RecordLastItem(line);
  std::string next = "Next sync: ";
  if (ctx.snapshot.next_sync_at) {
    next += RelativeTime(*ctx.snapshot.next_sync_at, ctx.now) + " (" +
            LocalTime(*ctx.snapshot.next_sync_at, ctx.now) + ")";
  } else {
    next += ctx.snapshot.account ? "not scheduled" : "after signing in";
  }
  ui::FieldMessage(ctx.palette.text, next);
}

// --- The diagnostics bundle --------------------------------------------------------------------

void DrawBundle(const ViewContext& ctx, DiagnosticsPageState& state, Commands& commands) {
  ui::SectionHeading("DIAGNOSTICS BUNDLE", ctx.palette.muted);
  if (state.export_path.empty() && !state.default_export_dir.empty()) {
    state.export_path = SuggestedPath(state.default_export_dir, ctx.now);
  }
  const OperationStatus& op = ctx.snapshot.diagnostics_op;
  std::string reason;
  if (op.busy) {
    reason = "A bundle is being written.";
  } else if (state.export_path.empty()) {
    reason = "Enter the file to write.";
  } else if (!IsAbsolutePathText(state.export_path)) {
    reason = "The file must be a full path, e.g. /home/you/trustdesk-diagnostics.json";
  }
  const char* label = "Export bundle";
  const float button_w =
      ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 12.0f,
                                   ImGui::GetContentRegionAvail().x - button_w));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
  ui::InputTextWithHint("##Bundle file", "/home/you/trustdesk-diagnostics.json",
                        &state.export_path);
  ImGui::PopStyleVar();
  ImGui::SameLine();
  if (ui::Button(label, reason)) {
    commands.Push(ExportDiagnosticsCommand{state.export_path});
    state.export_sent = true;
  }
  if (op.busy) {
    ui::FieldMessage(ctx.palette.muted,
                     op.message.empty() ? std::string("Writing the bundle\u2026") : op.message);
  } else if (!op.error.empty()) {
    ui::FieldMessage(ctx.palette.error, "The bundle could not be written: " + op.error);
  } else if (!op.message.empty()) {
    ui::FieldMessage(ctx.palette.ok, "\u2713 " + op.message);
  } else if (!reason.empty() && !state.export_path.empty()) {
    ui::FieldMessage(ctx.palette.error, reason);
  }
  ui::FieldMessage(ctx.palette.muted,
                   "One JSON file with the version, settings, sync state and timeline, the "
                   "request log, Activity, the local inventory and jobs. Tokens, passwords, PINs "
                   "and passphrases are removed before it is written.");
}

// --- Request log -------------------------------------------------------------------------------

constexpr ImGuiTableFlags kTableFlags =
    ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
    ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;

void HeadersTooltip(const RequestLogEntry& r) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::Text("%s %s", r.method.c_str(), r.path.c_str());
  ImGui::Text("Sent %s, received %s", Bytes(r.bytes_sent).c_str(),
              Bytes(r.bytes_received).c_str());
  for (const auto& [name, value] : r.request_headers) {
    ImGui::Text("%s: %s", name.c_str(), value.c_str());
  }
  ImGui::EndTooltip();
}

void DrawRequests(const ViewContext& ctx, DiagnosticsPageState& state) {
  const std::vector<RequestLogEntry>& all = ctx.snapshot.requests;
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 22.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
  ui::InputTextWithHint("##Filter requests", "Filter by method, path, status or error",
                        &state.request_filter);
  ImGui::PopStyleVar();
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ui::ColoredText(ctx.palette.muted, "Newest first \u00b7 secrets are redacted before they are "
                                     "recorded \u00b7 hover a row for its headers");
  if (all.empty()) {
    ui::EmptyState(ctx.fonts.heading, "No requests yet",
                   "Every request TrustDesk sends to the server is listed here, with its status "
                   "and timing.",
                   ctx.palette.muted);
    return;
  }
  // The log is bounded (a few hundred entries), so filtering each frame stays cheap.
  std::vector<const RequestLogEntry*> rows;
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    const RequestLogEntry& r = *it;
    const std::string haystack =
        r.method + " " + r.path + " " + std::to_string(r.status) + " " + r.error;
    if (ContainsNoCase(haystack, state.request_filter)) rows.push_back(&r);
  }
  if (rows.empty()) {
    ui::FieldMessage(ctx.palette.muted, "No request matches \u201c" + state.request_filter + "\u201d.");
    return;
  }
  if (!ImGui::BeginTable("##requests", 7, kTableFlags, ImVec2(0, 0))) return;
  const float font = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, font * 8.5f);
  ImGui::TableSetupColumn("Method", ImGuiTableColumnFlags_WidthFixed, font * 4.0f);
  // Paths are short ("/api/v1/profiles"); the error is the sentence that needs the room.
  ImGui::TableSetupColumn("Path", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, font * 3.5f);
  ImGui::TableSetupColumn("Duration", ImGuiTableColumnFlags_WidthFixed, font * 4.5f);
  ImGui::TableSetupColumn("Received", ImGuiTableColumnFlags_WidthFixed, font * 5.0f);
  ImGui::TableSetupColumn("Error", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const RequestLogEntry& r = *rows[static_cast<std::size_t>(i)];
      ImGui::PushID(static_cast<int>(r.id));
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::Selectable(LocalTime(r.started_at, ctx.now).c_str(), false,
                        ImGuiSelectableFlags_SpanAllColumns);
      HeadersTooltip(r);
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(r.method.c_str());
      ImGui::TableSetColumnIndex(2);
      ui::TextEllipsis(ctx.palette.text, r.path, ImGui::GetContentRegionAvail().x);
      ImGui::TableSetColumnIndex(3);
      ui::ColoredText(ToneColor(ctx.palette, StatusTone(r.status)),
                      r.status == 0 ? std::string("\u2014") : std::to_string(r.status));
      ImGui::TableSetColumnIndex(4);
      ImGui::TextUnformatted(Millis(r.duration_ms).c_str());
      ImGui::TableSetColumnIndex(5);
      ImGui::TextUnformatted(Bytes(r.bytes_received).c_str());
      ImGui::TableSetColumnIndex(6);
      if (!r.error.empty()) {
        ui::TextEllipsis(ctx.palette.error, r.error, ImGui::GetContentRegionAvail().x);
      }
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

// --- Sync timeline -----------------------------------------------------------------------------

void DrawTimeline(const ViewContext& ctx) {
  const std::vector<SyncAttempt>& all = ctx.snapshot.sync_attempts;
  ui::ColoredText(ctx.palette.muted, "Every sync attempt, newest first: what started it, how long "
                                     "it took and what it found.");
  if (all.empty()) {
    ui::EmptyState(ctx.fonts.heading, "No syncs yet",
                   "Each sync is listed here once TrustDesk is signed in.", ctx.palette.muted);
    return;
  }
  if (!ImGui::BeginTable("##timeline", 8, kTableFlags, ImVec2(0, 0))) return;
  const float font = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Started", ImGuiTableColumnFlags_WidthFixed, font * 8.5f);
  ImGui::TableSetupColumn("Trigger", ImGuiTableColumnFlags_WidthFixed, font * 6.0f);
  ImGui::TableSetupColumn("Result", ImGuiTableColumnFlags_WidthFixed, font * 13.0f);
  ImGui::TableSetupColumn("Duration", ImGuiTableColumnFlags_WidthFixed, font * 4.5f);
  ImGui::TableSetupColumn("HTTP", ImGuiTableColumnFlags_WidthFixed, font * 3.0f);
  ImGui::TableSetupColumn("Revision", ImGuiTableColumnFlags_WidthFixed, font * 4.5f);
  ImGui::TableSetupColumn("Received", ImGuiTableColumnFlags_WidthFixed, font * 5.0f);
  ImGui::TableSetupColumn("Message", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(all.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const SyncAttempt& a = all[all.size() - 1 - static_cast<std::size_t>(i)];
      ImGui::PushID(static_cast<int>(a.id));
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(LocalTime(a.started_at, ctx.now).c_str());
      ui::TooltipForLastItem(FormatUtc(a.started_at));
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(TriggerText(a.trigger));
      ImGui::TableSetColumnIndex(2);
      const ResultText result = AttemptResult(a);
      ui::ColoredText(ToneColor(ctx.palette, result.tone), result.text);
      RecordLastItem(result.text);
      ImGui::TableSetColumnIndex(3);
      ImGui::TextUnformatted(Millis(a.duration_ms).c_str());
      ImGui::TableSetColumnIndex(4);
      ImGui::TextUnformatted(a.http_status == 0 ? "\u2014" : std::to_string(a.http_status).c_str());
      ImGui::TableSetColumnIndex(5);
      ImGui::TextUnformatted(std::to_string(a.revision).c_str());
      ImGui::TableSetColumnIndex(6);
      ImGui::TextUnformatted(Bytes(a.bytes).c_str());
      ImGui::TableSetColumnIndex(7);
      if (!a.message.empty()) {
        ui::TextEllipsis(ctx.palette.muted, a.message, ImGui::GetContentRegionAvail().x);
      }
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

}  // namespace

void DrawDiagnosticsPage(const ViewContext& ctx, DiagnosticsPageState& state, Commands& commands) {
  DrawPageHeader(ctx, "Diagnostics",
                 "What TrustDesk sent to the server and when it synced, for support and for "
                 "seeing what happens behind each screen.");
  DrawBackground(ctx, state, commands);
  DrawBundle(ctx, state, commands);
  ImGui::Spacing();
  // Two views of the same history, switched like tabs.
  const std::string requests =
      "Requests (" + std::to_string(ctx.snapshot.requests.size()) + ")##requests";
  const std::string timeline =
      "Sync timeline (" + std::to_string(ctx.snapshot.sync_attempts.size()) + ")##timeline";
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(2.0f, ImGui::GetStyle().ItemSpacing.y));
  if (ui::SegmentButton(requests.c_str(), !state.show_timeline, ctx.palette.accent)) {
    state.show_timeline = false;
  }
  ImGui::SameLine();
  if (ui::SegmentButton(timeline.c_str(), state.show_timeline, ctx.palette.accent)) {
    state.show_timeline = true;
  }
  ImGui::PopStyleVar();
  if (state.show_timeline) {
    DrawTimeline(ctx);
  } else {
    DrawRequests(ctx, state);
  }
}

}  // namespace trustdesk
