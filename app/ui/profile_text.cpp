#include "app/ui/profile_text.h"

#include <array>
#include <utility>

namespace trustdesk {
namespace {

std::string Days(int n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }

// RFC 5280 / Microsoft OIDs of the extended key usages profiles name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kEkuOids{{
    {"serverAuth", "1.3.6.1.5.5.7.3.1"},
    {"clientAuth", "1.3.6.1.5.5.7.3.2"},
    {"codeSigning", "1.3.6.1.5.5.7.3.3"},
    {"emailProtection", "1.3.6.1.5.5.7.3.4"},
    {"timeStamping", "1.3.6.1.5.5.7.3.8"},
    {"OCSPSigning", "1.3.6.1.5.5.7.3.9"},
    {"msSmartcardLogin", "1.3.6.1.4.1.311.20.2.2"},
    {"anyExtendedKeyUsage", "2.5.29.37.0"},
}};

}  // namespace

std::string JoinText(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::string KeyStoresLongText(const std::vector<KeyStoreKind>& stores) {
  std::vector<std::string> names;
  for (KeyStoreKind kind : stores) names.emplace_back(DisplayName(kind));
  return JoinText(names);
}

std::string RenewalWindowText(const RenewalWindow& window) {
  if (window.days_before_expiry) return Days(*window.days_before_expiry) + " before expiry";
  if (window.percent_of_lifetime) {
    return "when " + std::to_string(*window.percent_of_lifetime) + "% of its lifetime is left";
  }
  return "none";
}

std::string AutoRenewText(const Policy& policy) {
  if (!policy.auto_renew) return "Off";
  return "On, " + RenewalWindowText(policy.renewal_window);
}

std::string DuplicatesText(const DuplicatePolicy& d) {
  std::string text;
  if (!d.allowed || d.max_active <= 1) {
    text = d.allowed ? "Allowed, but only one active certificate"
                     : "Not allowed: one active certificate at a time";
  } else {
    text = "Allowed: up to " + std::to_string(d.max_active) + " active certificates";
  }
  text += d.revoke_previous_on_renew ? "; the previous one is revoked on renewal"
                                     : "; the previous one stays valid on renewal";
  return text;
}

std::string EscrowText(const KeyEscrow& escrow) {
  if (!escrow.required) return "Not required";
  std::string text = escrow.agent.empty() ? "Required" : "Required; held by " + escrow.agent;
  std::string who = escrow.owner_can_recover ? "you" : "";
  if (!escrow.recovery_agents.empty()) {
    std::string agents;
    for (const auto& a : escrow.recovery_agents) agents += (agents.empty() ? "" : ", ") + a;
    who += (who.empty() ? "" : " and ") + std::string("recovery agents ") + agents;
  }
  return text + (who.empty() ? "; nobody may recover a key"
                             : "; recoverable by " + who + " (password asked again)");
}

std::string KeyAlgorithmsText(const std::vector<KeyAlgorithmRule>& rules) {
  std::vector<std::string> parts;
  for (const KeyAlgorithmRule& rule : rules) {
    std::string part = ToString(rule.algorithm);
    std::string sizes;
    if (rule.algorithm == KeyAlgorithm::Rsa) {
      for (int bits : rule.rsa_bits) sizes += (sizes.empty() ? "" : "/") + std::to_string(bits);
    } else if (rule.algorithm == KeyAlgorithm::Ec) {
      for (const std::string& curve : rule.ec_curves) sizes += (sizes.empty() ? "" : "/") + curve;
    }
    if (!sizes.empty()) part += " " + sizes;
    parts.push_back(std::move(part));
  }
  return JoinText(parts);
}

std::string SubjectSummary(const std::vector<SubjectAttribute>& subject) {
  std::vector<std::string> names;
  for (const SubjectAttribute& a : subject) names.push_back(a.attribute);
  return JoinText(names);
}

std::string ValueSourceText(ValueSource source, const std::string& value) {
  switch (source) {
    case ValueSource::Fixed: return "Fixed: " + value;
    case ValueSource::UserAttribute: return "From your account: " + value;
    case ValueSource::UserInput: return "Entered by you";
  }
  return value;
}

std::string ConstraintText(const ValueConstraint& c) {
  std::vector<std::string> parts;
  if (c.pattern) parts.push_back("must match " + *c.pattern);
  if (c.max_length) parts.push_back("at most " + std::to_string(*c.max_length) + " characters");
  if (!c.allowed_values.empty()) parts.push_back("one of: " + JoinText(c.allowed_values));
  return JoinText(parts, "; ");
}

const char* SanTypeName(SanType type) {
  switch (type) {
    case SanType::Email: return "Email address";
    case SanType::Dns: return "DNS name";
    case SanType::Uri: return "URI";
    case SanType::Ip: return "IP address";
    case SanType::Upn: return "User principal name";
  }
  return "?";
}

std::string ValidityText(int days) {
  std::string text = Days(days);
  if (days >= 360) {
    const int years = (days + 182) / 365;
    text += " (about " + std::to_string(years) + (years == 1 ? " year)" : " years)");
  } else if (days >= 60) {
    text += " (about " + std::to_string((days + 15) / 30) + " months)";
  }
  return text;
}

std::string_view ExtendedKeyUsageOid(std::string_view name) {
  for (const auto& [known, oid] : kEkuOids) {
    if (known == name) return oid;
  }
  return {};
}

std::string_view KeyAlgorithmOid(KeyAlgorithm algorithm) {
  switch (algorithm) {
    case KeyAlgorithm::Rsa: return "1.2.840.113549.1.1.1";
    case KeyAlgorithm::Ec: return "1.2.840.10045.2.1";
    case KeyAlgorithm::Ed25519: return "1.3.101.112";
  }
  return {};
}

std::string_view CurveOid(std::string_view curve) {
  if (curve == "P-256") return "1.2.840.10045.3.1.7";
  if (curve == "P-384") return "1.3.132.0.34";
  if (curve == "P-521") return "1.3.132.0.35";
  return {};
}

}  // namespace trustdesk
