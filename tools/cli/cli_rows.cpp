#include "tools/cli/cli_rows.h"

#include <unordered_map>

#include "core/inventory/renew_status.h"

namespace trustdesk::cli {
namespace {

constexpr int64_t kDefaultExpiringSeconds = 30 * 86400;

std::string StatusOf(bool revoked, Timestamp not_before, Timestamp not_after,
                     const Profile* profile, Timestamp now) {
  if (revoked) return "revoked";
  if (now >= not_after) return "expired";
  std::optional<Timestamp> from;
  if (profile) from = RenewalWindowStart(profile->policy.renewal_window, not_before, not_after);
  if (!from) from = Timestamp{not_after.unix_seconds - kDefaultExpiringSeconds};
  return now >= *from ? "expiring_soon" : "valid";
}

std::string CommonNameOf(const std::string& subject) {
  // RFC 4514: "CN=name,O=org"; escaped commas are rare enough here to keep this simple.
  const auto at = subject.find("CN=");
  if (at == std::string::npos) return subject;
  const auto end = subject.find(',', at);
  return subject.substr(at + 3, end == std::string::npos ? std::string::npos : end - at - 3);
}

}  // namespace

const char* StatusLabel(const std::string& status) {
  if (status == "valid") return "Valid";
  if (status == "expiring_soon") return "Expiring soon";
  if (status == "expired") return "Expired";
  if (status == "revoked") return "Revoked";
  return "?";
}

std::string KeyStoresText(const std::vector<KeyStoreKind>& stores) {
  std::string text;
  for (KeyStoreKind k : stores) text += (text.empty() ? "" : ", ") + std::string(ToString(k));
  return text;
}

std::vector<ProfileRow> BuildProfileRows(const Snapshot& s, Timestamp now) {
  std::unordered_map<std::string, const InventoryEntry*> installed;
  for (const auto& e : s.installed) installed.emplace(e.serial, &e);
  std::vector<ProfileRow> rows;
  rows.reserve(s.profiles.size());
  for (const ProfileEntry& entry : s.profiles) {
    ProfileRow row;
    row.entry = &entry;
    const Profile& p = entry.profile;
    row.compatible = IsProfileCompatible(p.profile_version, TRUSTDESK_VERSION);
    std::optional<RenewStatus> shown;
    for (const IssuedCertificate& c : s.issued) {
      if (c.profile_id != p.id) continue;
      ++row.issued_count;
      const auto it = installed.find(c.serial);
      const RenewStatus st =
          ComputeRenewStatus(p, c, it == installed.end() ? nullptr : it->second, now);
      // A certificate that can renew wins; otherwise prefer the reason of one installed here.
      if (!shown || st.state == RenewState::CanRenew ||
          (shown->state != RenewState::CanRenew && it != installed.end())) {
        shown = st;
      }
    }
    if (shown) {
      row.can_renew = shown->state == RenewState::CanRenew;
      row.renew_reason = shown->reason;
    } else {
      row.renew_reason =
          row.compatible ? "no certificate issued from this profile"
                         : "incompatible: requires TrustDesk " + p.profile_version + " or newer";
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<CertRow> BuildCertRows(const Snapshot& s, Timestamp now,
                                   const std::optional<std::string>& profile_id) {
  std::unordered_map<std::string, const ProfileEntry*> profiles;
  for (const auto& p : s.profiles) profiles.emplace(p.profile.id, &p);
  std::unordered_map<std::string, const InventoryEntry*> installed;
  for (const auto& e : s.installed) installed.emplace(e.serial, &e);
  auto profile_of = [&](const std::string& id) -> const ProfileEntry* {
    const auto it = profiles.find(id);
    return it == profiles.end() ? nullptr : it->second;
  };

  std::vector<CertRow> rows;
  std::unordered_map<std::string, bool> listed;
  for (const IssuedCertificate& c : s.issued) {
    listed[c.serial] = true;
    if (profile_id && c.profile_id != *profile_id) continue;
    CertRow row;
    row.cert = &c;
    row.serial = c.serial;
    row.common_name = c.common_name.empty() ? CommonNameOf(c.subject) : c.common_name;
    row.profile_id = c.profile_id;
    row.profile = profile_of(c.profile_id);
    row.issued = c.not_before;
    row.expires = c.not_after;
    const auto it = installed.find(c.serial);
    row.installed = it == installed.end() ? nullptr : it->second;
    const Profile* p = row.profile ? &row.profile->profile : nullptr;
    row.status = StatusOf(c.revoked, c.not_before, c.not_after, p, now);
    if (p) {
      const RenewStatus st = ComputeRenewStatus(*p, c, row.installed, now);
      row.can_renew = st.state == RenewState::CanRenew;
      row.renew_reason = st.reason;
    } else {
      row.renew_reason = "the profile is no longer assigned to you";
    }
    rows.push_back(std::move(row));
  }
  for (const InventoryEntry& e : s.installed) {
    if (listed.count(e.serial) || (profile_id && e.profile_id != *profile_id)) continue;
    CertRow row;
    row.installed = &e;
    row.serial = e.serial;
    row.common_name = CommonNameOf(e.subject);
    row.profile_id = e.profile_id;
    row.profile = profile_of(e.profile_id);
    row.expires = e.not_after;
    row.status = now >= e.not_after ? "expired" : "valid";
    row.renew_reason = "not listed by the server";
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace trustdesk::cli
