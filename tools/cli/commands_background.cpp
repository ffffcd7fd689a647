// background-actions: one auto-enroll / auto-renew pass now (SPEC §7), the same pass the window
// runs daily and after sign-in; a manual pass ignores the back-off after failures.
#include <ostream>

#include "core/workspace/background_actions.h"
#include "tools/cli/cli_jobs.h"
#include "tools/cli/cli_output.h"
#include "tools/cli/cli_script_notes.h"
#include "tools/cli/commands.h"

namespace trustdesk::cli {
namespace {

const char* KindName(PlannedKind kind) {
  switch (kind) {
    case PlannedKind::Enroll:
      return "enroll";
    case PlannedKind::Renew:
      return "renew";
    case PlannedKind::Skip:
      return "skip";
  }
  return "skip";
}

const char* OutcomeName(BackgroundItem::Outcome outcome) {
  switch (outcome) {
    case BackgroundItem::Outcome::Done:
      return "done";
    case BackgroundItem::Outcome::Failed:
      return "failed";
    case BackgroundItem::Outcome::Skipped:
      return "skipped";
  }
  return "skipped";
}

const char* OutcomeLabel(BackgroundItem::Outcome outcome) {
  switch (outcome) {
    case BackgroundItem::Outcome::Done:
      return "Done";
    case BackgroundItem::Outcome::Failed:
      return "Failed";
    case BackgroundItem::Outcome::Skipped:
      return "Needs you";
  }
  return "";
}

nlohmann::json TextOrNull(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

nlohmann::json ReportJson(const BackgroundReport& r) {
  nlohmann::json items = nlohmann::json::array();
  for (const BackgroundItem& item : r.items) {
    const PlannedAction& a = item.action;
    items.push_back(
        {{"action", KindName(a.kind)},
         {"profile_id", a.profile_id},
         {"profile_name", a.profile_name},
         {"serial", TextOrNull(a.serial)},
         {"reason", a.reason},
         {"outcome", OutcomeName(item.outcome)},
         {"message", item.message},
         {"job_id", item.job_id == 0 ? nlohmann::json(nullptr) : nlohmann::json(item.job_id)},
         {"new_serial", TextOrNull(item.new_serial)},
         {"scripts_note", TextOrNull(item.scripts_note)}});
  }
  return {{"ran", r.ran},
          {"trigger", ToString(r.trigger)},
          {"started_at", FormatRfc3339(r.started_at)},
          {"not_run_reason", r.ran ? nlohmann::json(nullptr) : nlohmann::json(r.not_run_reason)},
          {"done", r.done},
          {"failed", r.failed},
          {"skipped", r.skipped},
          {"items", std::move(items)},
          {"summary", r.Summary()}};
}

void PrintReport(std::ostream& out, const BackgroundReport& r) {
  out << "Background actions: " << r.Summary() << "\n";
  if (r.items.empty()) return;
  Table table({"ACTION", "PROFILE", "OUTCOME", "DETAIL"});
  for (const BackgroundItem& item : r.items) {
    const PlannedAction& a = item.action;
    // A skipped renewal names its certificate; a skipped enrolment has none.
    std::string action = a.kind == PlannedKind::Enroll ? "enroll"
                         : a.serial.empty()            ? "—"
                                                       : "renew " + a.serial;
    std::string detail = item.message;
    if (item.outcome == BackgroundItem::Outcome::Done && !item.new_serial.empty()) {
      detail =
          "serial " + item.new_serial + (item.scripts_note.empty() ? "" : "; " + item.scripts_note);
    }
    table.AddRow({action, a.profile_id, OutcomeLabel(item.outcome), detail});
  }
  out << "\n";
  table.Print(out);
}

}  // namespace

int RunBackgroundActions(CliContext& ctx) {
  if (int code = ctx.PrepareData(false); code >= 0) return code;
  std::optional<JobProgress> progress;
  if (!ctx.inv.global.json) progress.emplace(*ctx.ws, ctx.err);
  const BackgroundReport report = ctx.ws->RunBackgroundActions(BackgroundTrigger::Manual);
  if (progress) progress->Stop();

  if (ctx.inv.global.json) {
    PrintJson(ctx.out, ReportJson(report));
  } else if (report.ran) {
    PrintReport(ctx.out, report);
  }
  if (!report.ran) {
    return ctx.Fail(ctx.ws->Current()->account ? kExitFailure : kExitAuth,
                    "background actions did not run: " + report.not_run_reason);
  }
  for (const BackgroundItem& item : report.items) {
    if (item.outcome == BackgroundItem::Outcome::Failed) {
      ctx.err << "trustdesk-cli: " << item.action.profile_name << ": " << item.message << "\n";
    } else {
      NoteScriptsNotRun(ctx, item.action.profile_name, item.action.profile_id, item.scripts_note);
    }
  }
  if (report.failed > 0) return kExitFailure;
  return report.done > 0 ? kExitDone : kExitNothingToDo;
}

}  // namespace trustdesk::cli
