// scripts list | allow DIGEST | revoke DIGEST: the command line's way to review each
// post-processing script in full and allow exactly that script (core/scripts/script_consent.h).
// The CLI never asks while a job runs: a script nobody allowed is skipped and named instead.
#include <algorithm>
#include <cctype>
#include <ostream>

#include "core/scripts/script_display.h"
#include "tools/cli/cli_output.h"
#include "tools/cli/commands.h"

namespace trustdesk::cli {
namespace {

using nlohmann::json;

constexpr std::size_t kMinDigestPrefix = 12;

std::vector<ProfileScript> CurrentScripts(const Snapshot& snap) {
  std::vector<ProfileScript> out;
  for (const ProfileEntry& p : snap.profiles) {
    for (ProfileScript& ps : ProfileScriptsHere(p.profile)) out.push_back(std::move(ps));
  }
  return out;
}

json TimeOrNull(const ScriptConsent* consent) {
  return consent ? json(FormatRfc3339(consent->allowed_at)) : json(nullptr);
}

json ScriptJson(const ProfileScript& ps, const std::vector<ScriptConsent>& consents) {
  return {{"digest", ps.digest},
          {"profile_id", ps.profile_id},
          {"profile_name", ps.profile_name},
          {"slot", ps.slot},
          {"name", ps.script.name},
          {"platform", ToString(ps.script.platform)},
          {"command", ps.script.command},
          {"arguments", ps.script.arguments},
          {"timeout_seconds", ps.script.timeout_seconds},
          {"consent", ToString(ConsentStateOf(consents, ps))},
          {"allowed_at", TimeOrNull(FindConsent(consents, ps.digest))}};
}

json ConsentJson(const ScriptConsent& c) {
  return {{"digest", c.digest},
          {"profile_id", c.profile_id},
          {"slot", c.slot},
          {"name", c.name},
          {"command", c.command},
          {"arguments", c.arguments},
          {"allowed_at", FormatRfc3339(c.allowed_at)}};
}

// The command and each argument on its own line, quoted and with hidden characters escaped, so
// that what is read is exactly what would run.
void PrintCommand(std::ostream& out, const std::string& command,
                  const std::vector<std::string>& arguments,
                  std::vector<std::pair<std::string, std::string>> rows) {
  rows.emplace_back("Command", QuotedArgument(command));
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    rows.emplace_back("Argument " + std::to_string(i + 1), QuotedArgument(arguments[i]));
  }
  PrintFields(out, rows, "  ");
}

std::string ConsentText(const std::vector<ScriptConsent>& consents, const ProfileScript& ps) {
  switch (ConsentStateOf(consents, ps)) {
    case ScriptConsentState::Allowed:
      return "allowed on " + FormatRfc3339(FindConsent(consents, ps.digest)->allowed_at);
    case ScriptConsentState::Changed:
      return "CHANGED since you allowed it: not run until you allow it again";
    case ScriptConsentState::NotAllowed:
      break;
  }
  return "not allowed: not run";
}

void PrintList(CliContext& ctx, const std::vector<ProfileScript>& scripts,
               const std::vector<ScriptConsent>& consents) {
  if (!ctx.ws->settings().scripts_enabled) {
    ctx.out << "Scripts are turned off in Settings: none runs, allowed or not.\n\n";
  }
  if (scripts.empty()) ctx.out << "None of your profiles runs a script on this machine.\n";
  for (const ProfileScript& ps : scripts) {
    ctx.out << VisibleText(ps.profile_name) << " (" << VisibleText(ps.profile_id) << "), script "
            << ps.slot + 1 << " \"" << VisibleText(ps.script.name) << "\"\n";
    PrintCommand(ctx.out, ps.script.command, ps.script.arguments,
                 {{"Consent", ConsentText(consents, ps)},
                  {"Digest", ps.digest},
                  {"Runs", "after enrollment, renewal and key recovery; stopped after " +
                               std::to_string(ps.script.timeout_seconds) + " s"}});
    ctx.out << "\n";
  }
  std::vector<const ScriptConsent*> others;
  for (const ScriptConsent& c : consents) {
    const bool current = std::any_of(scripts.begin(), scripts.end(), [&](const ProfileScript& ps) {
      return ps.digest == c.digest;
    });
    if (!current) others.push_back(&c);
  }
  if (!others.empty()) ctx.out << "Allowed before, no longer in your profiles:\n";
  for (const ScriptConsent* c : others) {
    ctx.out << VisibleText(c->profile_id) << ", script " << c->slot + 1 << " \""
            << VisibleText(c->name) << "\"\n";
    PrintCommand(ctx.out, c->command, c->arguments,
                 {{"Allowed on", FormatRfc3339(c->allowed_at)}, {"Digest", c->digest}});
    ctx.out << "\n";
  }
  ctx.out << "Allow a script with: trustdesk-cli scripts allow DIGEST\n";
}

// The one digest among `digests` that `typed` names: all 64 digits, or 12 or more leading ones
// that match exactly one. Empty when none or several match.
std::string Resolve(std::string typed, const std::vector<std::string>& digests) {
  std::transform(typed.begin(), typed.end(), typed.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (typed.size() < kMinDigestPrefix) return {};
  std::string found;
  for (const std::string& d : digests) {
    if (d.compare(0, typed.size(), typed) != 0) continue;
    if (!found.empty() && found != d) return {};
    found = d;
  }
  return found;
}

int List(CliContext& ctx) {
  const auto snap = ctx.ws->Current();
  const std::vector<ProfileScript> scripts = CurrentScripts(*snap);
  auto loaded = ctx.ws->ScriptConsents();
  if (!loaded) {
    ctx.err << "trustdesk-cli: " << loaded.error().message
            << "; no script runs until it is fixed or removed\n";
  }
  const std::vector<ScriptConsent> consents = loaded ? *loaded : std::vector<ScriptConsent>{};
  if (!ctx.inv.global.json) {
    PrintList(ctx, scripts, consents);
    return kExitDone;
  }
  json listed = json::array();
  for (const ProfileScript& ps : scripts) listed.push_back(ScriptJson(ps, consents));
  json others = json::array();
  for (const ScriptConsent& c : consents) {
    if (std::none_of(scripts.begin(), scripts.end(),
                     [&](const ProfileScript& ps) { return ps.digest == c.digest; })) {
      others.push_back(ConsentJson(c));
    }
  }
  PrintJson(ctx.out, {{"enabled", ctx.ws->settings().scripts_enabled},
                      {"consent_file", ctx.ws->paths().script_consent_file.string()},
                      {"consent_error", loaded ? json(nullptr) : json(loaded.error().message)},
                      {"scripts", std::move(listed)},
                      {"other_consents", std::move(others)}});
  return kExitDone;
}

int Allow(CliContext& ctx, const std::string& typed) {
  const auto snap = ctx.ws->Current();
  const std::vector<ProfileScript> scripts = CurrentScripts(*snap);
  std::vector<std::string> digests;
  for (const ProfileScript& ps : scripts) digests.push_back(ps.digest);
  const std::string digest = Resolve(typed, digests);
  const auto it = std::find_if(scripts.begin(), scripts.end(),
                               [&](const ProfileScript& ps) { return ps.digest == digest; });
  if (typed.size() < kMinDigestPrefix) {
    return ctx.Fail(kExitUsage, "scripts allow: give the digest's first " +
                                    std::to_string(kMinDigestPrefix) + " digits or more");
  }
  if (digest.empty() || it == scripts.end()) {
    return ctx.Fail(kExitFailure, "no script of your profiles has the digest " + typed +
                                      " (it may have changed since you looked: run "
                                      "'trustdesk-cli scripts list')");
  }
  if (auto consents = ctx.ws->ScriptConsents(); consents && FindConsent(*consents, digest)) {
    if (ctx.inv.global.json) PrintJson(ctx.out, {{"allowed", ScriptJson(*it, *consents)}});
    if (!ctx.inv.global.json)
      ctx.out << "Already allowed: \"" << VisibleText(it->script.name) << "\"\n";
    return kExitNothingToDo;
  }
  auto allowed = ctx.ws->AllowScript(*it);
  if (!allowed) return ctx.Fail(allowed.error());
  if (ctx.inv.global.json) {
    PrintJson(ctx.out, {{"allowed", ScriptJson(*it, {*allowed})}});
  } else {
    ctx.out << "Allowed " << VisibleText(it->profile_name) << " (" << VisibleText(it->profile_id)
            << "), script " << it->slot + 1 << " \"" << VisibleText(it->script.name) << "\"\n";
    PrintCommand(ctx.out, it->script.command, it->script.arguments, {{"Digest", digest}});
  }
  if (!ctx.ws->settings().scripts_enabled) {
    ctx.err << "trustdesk-cli: scripts are turned off in Settings; this one runs once they are "
               "turned on\n";
  }
  return kExitDone;
}

int Revoke(CliContext& ctx, const std::string& typed) {
  if (Status s = ctx.OpenWorkspace(false); !s) return ctx.Fail(s.error());
  auto consents = ctx.ws->ScriptConsents();
  if (!consents) return ctx.Fail(consents.error());
  std::vector<std::string> digests;
  for (const ScriptConsent& c : *consents) digests.push_back(c.digest);
  const std::string digest = Resolve(typed, digests);
  if (digest.empty()) {
    if (ctx.inv.global.json) PrintJson(ctx.out, {{"revoked", nullptr}});
    ctx.err << "trustdesk-cli: no allowed script has the digest " << typed << "\n";
    return kExitNothingToDo;
  }
  auto revoked = ctx.ws->RevokeScriptConsent(digest);
  if (!revoked) return ctx.Fail(revoked.error());
  if (ctx.inv.global.json) {
    PrintJson(ctx.out, {{"revoked", ConsentJson(*revoked)}});
  } else {
    ctx.out << "Withdrew consent for \"" << VisibleText(revoked->name) << "\" ("
            << VisibleText(revoked->profile_id) << "); it no longer runs\n";
  }
  return kExitDone;
}

}  // namespace

int RunScripts(CliContext& ctx) {
  const std::string& action = ctx.inv.positional.at(0);  // validated by the parser
  if (action == "revoke") return Revoke(ctx, ctx.inv.positional.at(1));
  if (int code = ctx.PrepareData(false); code >= 0) return code;
  if (action == "allow") return Allow(ctx, ctx.inv.positional.at(1));
  return List(ctx);
}

}  // namespace trustdesk::cli
