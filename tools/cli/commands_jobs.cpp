// enroll · renew · revoke · export · recover: each runs one job on the workspace's job worker,
// exactly as the window's commands do, and prints its outcome (docs/cli.md).
#include <filesystem>
#include <ostream>

#include "core/inventory/renew_status.h"
#include "core/jobs/job_policy.h"
#include "tools/cli/cli_jobs.h"
#include "tools/cli/cli_output.h"
#include "tools/cli/cli_script_notes.h"
#include "tools/cli/commands.h"

namespace trustdesk::cli {
namespace {

namespace fs = std::filesystem;

// Key stores take absolute locations; the command line is relative to the working directory.
std::string AbsolutePath(const std::string& path) {
  if (path.empty()) return path;
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  return ec ? path : absolute.lexically_normal().string();
}

KeyStoreLocation LocationOf(const StoreSpec& spec) {
  KeyStoreLocation where;
  where.kind = spec.kind;
  where.location = spec.kind == KeyStoreKind::Software ? "" : AbsolutePath(spec.location);
  return where;
}

std::string DateOf(Timestamp t) { return FormatRfc3339(t).substr(0, 10); }

std::string InstalledText(const InventoryEntry& e) {
  return std::string(DisplayName(e.store)) + (e.location.empty() ? "" : " at " + e.location);
}

// The command line never asks: only the scripts the user allowed before (scripts allow) run.
ScriptPermission ScriptsOf(const CliContext& ctx) {
  return ScriptPermission{ctx.ws->settings().scripts_enabled, {}};
}

// "Corporate VPN (IKEv2) (nw-vpn)", or the ID alone for a profile no longer assigned.
std::string ProfileLabel(const Snapshot& snap, const std::string& profile_id) {
  const ProfileEntry* p = FindProfileEntry(snap, profile_id);
  return p ? p->profile.name + " (" + profile_id + ")" : profile_id;
}

// The headline ("Enrolled VPN (nw-vpn)") and where the new certificate went, aligned.
void PrintInstalled(CliContext& ctx, const std::string& headline, const JobStatus& job,
                    const std::string& replaces) {
  const auto snap = ctx.ws->Current();
  ctx.out << headline << "\n";
  const std::string serial = job.result_serial.empty() ? job.serial : job.result_serial;
  std::vector<std::pair<std::string, std::string>> rows = {{"Serial", serial}};
  if (!replaces.empty()) rows.emplace_back("Replaces", replaces);
  if (const InventoryEntry* e = FindInstalled(*snap, serial)) {
    rows.emplace_back("Installed in", InstalledText(*e));
    rows.emplace_back("Expires", DateOf(e->not_after));
  }
  if (!job.scripts_note.empty()) rows.emplace_back("Scripts", job.scripts_note);
  PrintFields(ctx.out, rows, "  ");
}

// A script that was not run is worth a line on stderr too, with what to do about it.
void NoteScriptsNotRun(const CliContext& ctx, const JobStatus& job) {
  if (job.state != JobState::Succeeded) return;
  cli::NoteScriptsNotRun(ctx, "", job.profile_id, job.scripts_note);
}

// The JSON of a job command that installs a certificate (enroll, renew, recover).
nlohmann::json InstalledDocument(CliContext& ctx, const JobStatus& job) {
  const auto snap = ctx.ws->Current();
  const std::string serial = job.result_serial.empty() ? job.serial : job.result_serial;
  return {{"job", JobJson(job)},
          {"installed", job.state == JobState::Succeeded ? InstalledJson(*snap, serial)
                                                         : nlohmann::json(nullptr)}};
}

// Why a renewal has nothing to do yet, or nullopt when it should be attempted (the job itself
// reports every other reason it cannot renew — not installed, revoked, expired — as the GUI does).
std::optional<RenewStatus> NotYetRenewable(const Snapshot& snap, const std::string& serial,
                                           Timestamp now) {
  const InventoryEntry* installed = FindInstalled(snap, serial);
  if (installed == nullptr || installed->missing) return std::nullopt;
  for (const IssuedCertificate& c : snap.issued) {
    if (c.serial != serial) continue;
    const ProfileEntry* p = FindProfileEntry(snap, c.profile_id);
    if (p == nullptr || c.revoked || c.not_after <= now ||
        !IsProfileCompatible(p->profile.profile_version, TRUSTDESK_VERSION)) {
      return std::nullopt;
    }
    RenewStatus status = ComputeRenewStatus(p->profile, c, installed, now);
    if (status.state == RenewState::CanRenew) return std::nullopt;
    return status;
  }
  return std::nullopt;
}

}  // namespace

int RunEnroll(CliContext& ctx) {
  if (int code = ctx.PrepareData(false); code >= 0) return code;
  const std::string& profile_id = ctx.inv.positional.at(0);
  EnrollRequest request;
  request.profile_id = profile_id;
  request.store = LocationOf(*ctx.inv.store);
  request.scripts = ScriptsOf(ctx);
  for (const auto& [name, value] : ctx.inv.fields) request.fields[name] = value;
  if (ctx.inv.key_type) {
    request.key_algorithm = ctx.inv.key_type->algorithm;
    request.key_size = ctx.inv.key_type->size;
  } else {
    // The profile's first allowed key (size 0: its first size or curve), as the window offers.
    const auto snap = ctx.ws->Current();
    const ProfileEntry* p = FindProfileEntry(*snap, profile_id);
    if (p != nullptr && !p->profile.certificate_format.key_algorithms.empty()) {
      request.key_algorithm = p->profile.certificate_format.key_algorithms.front().algorithm;
    }
    request.key_size = 0;
  }
  auto secret = ReadStoreSecret(ctx, request.store.kind, "enroll");
  if (!secret) return ctx.Fail(kExitUsage, secret.error().message);
  request.store.secret = std::move(secret.value());

  const JobStatus job = RunJob(ctx, std::move(request));
  if (ctx.inv.global.json) PrintJson(ctx.out, InstalledDocument(ctx, job));
  if (job.state != JobState::Succeeded) return ReportJobFailure(ctx, job);
  if (!ctx.inv.global.json)
    PrintInstalled(ctx, "Enrolled " + ProfileLabel(*ctx.ws->Current(), job.profile_id), job, "");
  NoteScriptsNotRun(ctx, job);
  return kExitDone;
}

int RunRenew(CliContext& ctx) {
  if (int code = ctx.PrepareData(false); code >= 0) return code;
  const std::string& serial = ctx.inv.positional.at(0);
  const auto snap = ctx.ws->Current();
  if (auto status = NotYetRenewable(*snap, serial, ctx.ws->clock().Now())) {
    if (ctx.inv.global.json) {
      PrintJson(ctx.out,
                {{"job", nullptr},
                 {"installed", InstalledJson(*snap, serial)},
                 {"renew_status", "no_action"},
                 {"renew_reason", status->reason},
                 {"window_opens", status->window_opens
                                      ? nlohmann::json(FormatRfc3339(*status->window_opens))
                                      : nlohmann::json(nullptr)}});
    } else {
      ctx.out << "Nothing to do: " << serial << " " << status->reason << "\n";
    }
    return kExitNothingToDo;
  }
  RenewRequest request;
  request.serial = serial;
  request.scripts = ScriptsOf(ctx);
  if (const InventoryEntry* e = FindInstalled(*snap, serial)) {
    auto secret = ReadStoreSecret(ctx, e->store, "renew");
    if (!secret) return ctx.Fail(kExitUsage, secret.error().message);
    request.secret = std::move(secret.value());
  }

  const JobStatus job = RunJob(ctx, std::move(request));
  if (ctx.inv.global.json) {
    nlohmann::json doc = InstalledDocument(ctx, job);
    doc["renew_status"] = "can_renew";
    doc["renew_reason"] = nullptr;
    doc["window_opens"] = nullptr;
    PrintJson(ctx.out, doc);
  }
  if (job.state != JobState::Succeeded) return ReportJobFailure(ctx, job);
  if (!ctx.inv.global.json)
    PrintInstalled(ctx, "Renewed " + ProfileLabel(*ctx.ws->Current(), job.profile_id), job, serial);
  NoteScriptsNotRun(ctx, job);
  return kExitDone;
}

int RunRevoke(CliContext& ctx) {
  if (int code = ctx.PrepareData(false); code >= 0) return code;
  RevokeRequest request;
  request.serial = ctx.inv.positional.at(0);
  request.reason = *ParseRevocationReason(*ctx.inv.reason);  // validated by the parser
  const JobStatus job = RunJob(ctx, std::move(request));
  if (ctx.inv.global.json) PrintJson(ctx.out, {{"job", JobJson(job)}});
  if (job.state != JobState::Succeeded) return ReportJobFailure(ctx, job);
  if (!ctx.inv.global.json) ctx.out << job.result << "\n";
  return kExitDone;
}

int RunExport(CliContext& ctx) {
  if (int code = ctx.PrepareData(false); code >= 0) return code;
  ExportRequest request;
  request.serial = ctx.inv.positional.at(0);
  request.format = *ctx.inv.format == "pkcs12" ? ExportFormat::Pkcs12 : ExportFormat::Pem;
  request.path = AbsolutePath(*ctx.inv.out);
  const auto snap = ctx.ws->Current();
  if (const InventoryEntry* e = FindInstalled(*snap, request.serial)) {
    auto secret = ReadStoreSecret(ctx, e->store, "export");
    if (!secret) return ctx.Fail(kExitUsage, secret.error().message);
    request.secret = std::move(secret.value());
  }
  auto passphrase =
      ReadPassphrase(ctx, "TRUSTDESK_EXPORT_PASSPHRASE", "the exported key", "export");
  if (!passphrase) return ctx.Fail(kExitUsage, passphrase.error().message);
  request.passphrase = std::move(passphrase.value());

  const JobStatus job = RunJob(ctx, std::move(request));
  if (ctx.inv.global.json) PrintJson(ctx.out, {{"job", JobJson(job)}});
  if (job.state != JobState::Succeeded) return ReportJobFailure(ctx, job);
  if (!ctx.inv.global.json) ctx.out << job.result << "\n";
  return kExitDone;
}

int RunRecover(CliContext& ctx) {
  if (int code = ctx.PrepareData(false); code >= 0) return code;
  RecoverKeyRequest request;
  request.serial = ctx.inv.positional.at(0);
  request.store = LocationOf(ctx.inv.store.value_or(StoreSpec{KeyStoreKind::Software, ""}));
  request.scripts = ScriptsOf(ctx);
  auto secret = ReadStoreSecret(ctx, request.store.kind, "recover");
  if (!secret) return ctx.Fail(kExitUsage, secret.error().message);
  request.store.secret = std::move(secret.value());
  auto passphrase = ReadPassphrase(ctx, "TRUSTDESK_RECOVERY_PASSPHRASE",
                                   "the recovered key in transit", "recover");
  if (!passphrase) return ctx.Fail(kExitUsage, passphrase.error().message);
  request.passphrase = std::move(passphrase.value());
  // The server releases a key only after the password again (the session alone is not enough).
  const std::string user = ctx.Identity().username;
  auto password = ctx.secrets.Read("TRUSTDESK_PASSWORD",
                                   "Password for " + user + " (asked again to recover a key): ");
  if (!password || password->empty()) {
    return ctx.Fail(kExitUsage,
                    "recover: your password is needed again: set TRUSTDESK_PASSWORD or give it on "
                    "standard input");
  }
  request.password = std::move(*password);

  const JobStatus job = RunJob(ctx, std::move(request));
  if (ctx.inv.global.json) PrintJson(ctx.out, InstalledDocument(ctx, job));
  if (job.state != JobState::Succeeded) return ReportJobFailure(ctx, job);
  if (!ctx.inv.global.json) PrintInstalled(ctx, "Recovered the key of " + job.serial, job, "");
  NoteScriptsNotRun(ctx, job);
  return kExitDone;
}

}  // namespace trustdesk::cli
