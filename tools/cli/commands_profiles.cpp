// profiles · profile ID · certs
#include <ostream>

#include "core/inventory/renew_status.h"
#include "core/model/json_mapping.h"
#include "tools/cli/cli_output.h"
#include "tools/cli/cli_rows.h"
#include "tools/cli/commands.h"

namespace trustdesk::cli {
namespace {

const char* YesNo(bool b) { return b ? "yes" : "no"; }

std::string DateOf(Timestamp t) { return FormatRfc3339(t).substr(0, 10); }

std::string WindowText(const RenewalWindow& w) {
  if (w.days_before_expiry) return std::to_string(*w.days_before_expiry) + " days before expiry";
  if (w.percent_of_lifetime) return std::to_string(*w.percent_of_lifetime) + "% of lifetime left";
  return "none";
}

// "required (Acme Security Office); recovery: owner, agents alice, bob".
std::string EscrowSummary(const KeyEscrow& escrow) {
  if (!escrow.required) return "not required";
  std::string text = "required (" + escrow.agent + "); recovery: ";
  std::string who = escrow.owner_can_recover ? "owner" : "";
  if (!escrow.recovery_agents.empty()) {
    who += who.empty() ? "agents " : ", agents ";
    for (std::size_t i = 0; i < escrow.recovery_agents.size(); ++i) {
      who += (i ? ", " : "") + escrow.recovery_agents[i];
    }
  }
  return text + (who.empty() ? "nobody" : who);
}

void PrintProfileText(std::ostream& out, const ProfileEntry& e, const ProfileRow& row,
                      const Snapshot& s) {
  const Profile& p = e.profile;
  out << p.name << "\n\nGeneral information\n";
  PrintFields(out,
              {{"Description", p.description},
               {"Profile version", p.profile_version},
               {"Compatibility", row.compatible ? "Compatible"
                                                : "Incompatible: requires TrustDesk " +
                                                      p.profile_version + " or newer"},
               {"Renew status", std::string(row.can_renew ? "Can renew" : "No action") + " (" +
                                    row.renew_reason + ")"},
               {"Issued certificates", std::to_string(row.issued_count)}},
              "  ");
  out << "\nAccount\n";
  if (s.account) {
    PrintFields(out,
                {{"Account", s.account->name + " (" + s.account->id + ")"},
                 {"Business unit", s.account->business_unit},
                 {"Division", s.account->division},
                 {"User", s.account->user.username},
                 {"Issuing CA", p.issuing_ca}},
                "  ");
  }
  const Policy& pol = p.policy;
  out << "\nPolicy\n";
  std::string dup = pol.duplicates.allowed
                        ? "allowed, up to " + std::to_string(pol.duplicates.max_active) + " active"
                        : "not allowed";
  if (pol.duplicates.revoke_previous_on_renew) dup += "; the older one is revoked on renewal";
  PrintFields(out,
              {{"Allowed key stores", KeyStoresText(pol.allowed_key_stores)},
               {"Auto-enroll", YesNo(pol.auto_enroll)},
               {"Auto-renew", YesNo(pol.auto_renew)},
               {"Renewal window", WindowText(pol.renewal_window)},
               {"Duplicates", dup},
               {"Key escrow", EscrowSummary(pol.key_escrow)},
               {"Exportable key", YesNo(pol.exportable_private_key)},
               {"Scripts", std::to_string(pol.scripts.size())}},
              "  ");
  for (const Script& sc : pol.scripts) {
    std::string cmd = sc.command;
    for (const auto& a : sc.arguments) cmd += " '" + a + "'";
    out << "    - " << sc.name << " [" << ToString(sc.platform) << ", " << sc.timeout_seconds
        << " s]: " << cmd << "\n";
  }
  const CertificateFormat& f = p.certificate_format;
  out << "\nCertificate format\n";
  for (const SubjectAttribute& a : f.subject) {
    out << "  Subject " << a.attribute << ": " << ToString(a.source)
        << (a.value.empty() ? "" : " " + a.value) << (a.label.empty() ? "" : " (" + a.label + ")")
        << (a.required ? "" : ", optional") << "\n";
  }
  for (const SanRule& r : f.san) {
    out << "  SAN " << ToString(r.type) << ": " << ToString(r.source)
        << (r.value.empty() ? "" : " " + r.value) << (r.label.empty() ? "" : " (" + r.label + ")")
        << ", up to " << r.max_count << "\n";
  }
  std::string keys;
  for (const KeyAlgorithmRule& k : f.key_algorithms) {
    if (k.algorithm == KeyAlgorithm::Ed25519)
      keys += (keys.empty() ? "" : ", ") + std::string("Ed25519");
    for (int b : k.rsa_bits)
      keys += (keys.empty() ? "" : ", ") + std::string("RSA ") + std::to_string(b);
    for (const auto& c : k.ec_curves) keys += (keys.empty() ? "" : ", ") + std::string("EC ") + c;
  }
  std::string ku, eku;
  for (const auto& k : f.key_usage) ku += (ku.empty() ? "" : ", ") + k;
  for (const auto& k : f.extended_key_usage) eku += (eku.empty() ? "" : ", ") + k;
  PrintFields(out,
              {{"Key algorithms", keys},
               {"Signature hash", f.signature_hash},
               {"Validity", std::to_string(f.validity_days) + " days"},
               {"Key usage", ku},
               {"Extended key usage", eku}},
              "  ");
  out << "\nAdvanced\n";
  std::string chain;
  for (const auto& dn : p.issuing_ca_chain) chain += (chain.empty() ? "" : " <- ") + dn;
  PrintFields(
      out,
      {{"Profile ID", p.id},
       {"Revision", std::to_string(p.revision)},
       {"Created", FormatRfc3339(p.created_at)},
       {"Updated", FormatRfc3339(p.updated_at)},
       {"Enrollment", p.enrollment.url + " (" + p.enrollment.protocol + ")"},
       {"CA chain", chain},
       {"Changes since previous sync", e.is_new ? "new" : std::to_string(e.changes.size())}},
      "  ");
  for (const FieldChange& c : e.changes) {
    out << "    " << c.path << ": " << (c.before.empty() ? "(added)" : c.before) << " -> "
        << (c.after.empty() ? "(removed)" : c.after) << "\n";
  }
}

}  // namespace

int RunProfiles(CliContext& ctx) {
  if (int code = ctx.PrepareData(true); code >= 0) return code;
  const auto snap = ctx.ws->Current();
  const auto rows = BuildProfileRows(*snap, ctx.ws->clock().Now());
  if (ctx.inv.global.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : rows) {
      const Profile& p = r.entry->profile;
      list.push_back({{"id", p.id},
                      {"name", p.name},
                      {"version", p.profile_version},
                      {"compatible", r.compatible},
                      {"renew_status", r.can_renew ? "can_renew" : "no_action"},
                      {"renew_reason", r.renew_reason},
                      {"issued_count", r.issued_count},
                      {"auto_enroll", p.policy.auto_enroll},
                      {"auto_renew", p.policy.auto_renew},
                      {"key_stores",
                       [&] {
                         nlohmann::json a = nlohmann::json::array();
                         for (KeyStoreKind k : p.policy.allowed_key_stores)
                           a.push_back(ToString(k));
                         return a;
                       }()},
                      {"revision", p.revision}});
    }
    PrintJson(ctx.out, {{"profiles", std::move(list)},
                        {"revision", snap->profiles_revision},
                        {"last_synced", OptionalTimeJson(snap->sync.last_synced)}});
    return kExitDone;
  }
  Table table({"ID", "NAME", "VERSION", "RENEW STATUS", "ISSUED", "AUTO", "KEY STORES"});
  for (const auto& r : rows) {
    const Profile& p = r.entry->profile;
    std::string version = p.profile_version + (r.compatible ? "" : " (incompatible)");
    std::string autoconf = p.policy.auto_enroll  ? "enroll+renew"
                           : p.policy.auto_renew ? "renew"
                                                 : "no";
    if (p.policy.auto_enroll && !p.policy.auto_renew) autoconf = "enroll";
    table.AddRow({p.id, p.name, version, r.can_renew ? "Can renew" : "No action",
                  std::to_string(r.issued_count), autoconf,
                  KeyStoresText(p.policy.allowed_key_stores)});
  }
  if (table.empty()) {
    ctx.out << "No profiles are assigned to you.\n";
  } else {
    table.Print(ctx.out);
  }
  return kExitDone;
}

int RunProfile(CliContext& ctx) {
  if (int code = ctx.PrepareData(true); code >= 0) return code;
  const std::string& id = ctx.inv.positional.at(0);
  const auto snap = ctx.ws->Current();
  const auto rows = BuildProfileRows(*snap, ctx.ws->clock().Now());
  const ProfileRow* row = nullptr;
  for (const auto& r : rows) {
    if (r.entry->profile.id == id) row = &r;
  }
  if (!row) return ctx.Fail(kExitFailure, "profile " + id + ": not assigned to you");
  const ProfileEntry& e = *row->entry;
  if (ctx.inv.global.json) {
    nlohmann::json changes = nlohmann::json::array();
    for (const FieldChange& c : e.changes) {
      changes.push_back({{"path", c.path}, {"before", c.before}, {"after", c.after}});
    }
    PrintJson(ctx.out,
              {{"profile", ToJson(e.profile)},
               {"compatible", row->compatible},
               {"renew_status", row->can_renew ? "can_renew" : "no_action"},
               {"renew_reason", row->renew_reason},
               {"issued_count", row->issued_count},
               {"account", snap->account ? AccountJson(*snap->account) : nlohmann::json(nullptr)},
               {"is_new", e.is_new},
               {"changes", std::move(changes)},
               {"raw", nlohmann::json::parse(e.raw_json, nullptr, false)}});
    return kExitDone;
  }
  PrintProfileText(ctx.out, e, *row, *snap);
  return kExitDone;
}

int RunCerts(CliContext& ctx) {
  // Issued certificates are fetched with the profile list only when it changed: ask for all.
  if (int code = ctx.PrepareData(false); code >= 0) return code;
  const auto snap = ctx.ws->Current();
  if (ctx.inv.profile) {
    bool known = false;
    for (const auto& p : snap->profiles) known = known || p.profile.id == *ctx.inv.profile;
    if (!known)
      return ctx.Fail(kExitFailure, "profile " + *ctx.inv.profile + ": not assigned to you");
  }
  const auto rows = BuildCertRows(*snap, ctx.ws->clock().Now(), ctx.inv.profile);
  if (ctx.inv.global.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : rows) {
      nlohmann::json here = nullptr;
      if (r.installed) {
        here = {{"store", ToString(r.installed->store)},
                {"location", r.installed->location},
                {"missing", r.installed->missing},
                {"installed_at", FormatRfc3339(r.installed->installed_at)}};
      }
      list.push_back({{"serial", r.serial},
                      {"common_name", r.common_name},
                      {"profile_id", r.profile_id},
                      {"issued", r.issued ? nlohmann::json(FormatRfc3339(*r.issued)) : nullptr},
                      {"expires", FormatRfc3339(r.expires)},
                      {"status", r.status},
                      {"listed_by_server", r.cert != nullptr},
                      {"on_this_machine", std::move(here)},
                      {"renew_status", r.can_renew ? "can_renew" : "no_action"},
                      {"renew_reason", r.renew_reason}});
    }
    PrintJson(ctx.out, {{"certificates", std::move(list)}});
    return kExitDone;
  }
  Table table({"COMMON NAME", "PROFILE", "SERIAL", "ISSUED", "EXPIRES", "STATUS", "ON THIS MACHINE",
               "RENEW STATUS"});
  for (const auto& r : rows) {
    std::string here = "—";
    if (r.installed) {
      here = std::string(ToString(r.installed->store)) +
             (r.installed->location.empty() ? "" : " " + r.installed->location) +
             (r.installed->missing ? " (missing)" : "");
    }
    table.AddRow({r.common_name, r.profile_id, r.serial, r.issued ? DateOf(*r.issued) : "—",
                  DateOf(r.expires), StatusLabel(r.status), here,
                  r.can_renew ? "Can renew" : "No action"});
  }
  if (table.empty()) {
    ctx.out << (ctx.inv.profile ? "No certificates issued from " + *ctx.inv.profile + ".\n"
                                : std::string("No certificates issued to you.\n"));
  } else {
    table.Print(ctx.out);
  }
  return kExitDone;
}

}  // namespace trustdesk::cli
