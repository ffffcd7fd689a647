// Profile <-> JSON. Sections, in wire order: general information, policy (key stores, renewal
// window, duplicates, escrow, scripts), certificate format (subject, SAN rules, key algorithms).
// Every rule here is listed in docs/api/profile-format.md; keep the two in step.
#include <algorithm>
#include <limits>
#include <mutex>
#include <regex>
#include <string>
#include <unordered_map>

#include "core/model/field_rules.h"
#include "core/model/json_mapping.h"
#include "core/model/json_reader.h"
#include "core/model/version.h"

namespace trustdesk {
namespace {

using nlohmann::json;

constexpr std::string_view kKeyStoreNames = "pem, pkcs12, software, os, pkcs11";
constexpr std::string_view kPlatformNames = "any, linux, macos, windows";
constexpr std::string_view kSourceNames = "fixed, user_attribute, user_input";
constexpr std::string_view kSanTypeNames = "email, dns, uri, ip, upn";
constexpr std::string_view kAlgorithmNames = "RSA, EC, Ed25519";
constexpr std::size_t kMaxNameChars = 200;
constexpr std::size_t kMaxTextChars = 10000;
constexpr std::size_t kMaxPatternBytes = 500;  // std::regex compiles recursively: keep it short
// A script comes from the server and is shown to the user in full before it may run: bounded so
// that "in full" fits a dialog and a terminal, and far above what a real post-install step needs.
constexpr std::size_t kMaxScripts = 16;
constexpr std::size_t kMaxScriptArguments = 64;
constexpr std::size_t kMaxCommandChars = 1024;
constexpr std::size_t kMaxArgumentChars = 4096;
constexpr std::size_t kMaxRecoveryAgents = 100;

// A user name as the server accepts it: [A-Za-z0-9._-], 1 to 64 characters.
bool IsUserName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

// A free-text field: `max_chars` code points at most.
void CheckLength(JsonReader& r, std::string_view key, const std::string& text,
                 std::size_t max_chars) {
  if (CodePointCount(text) > max_chars) {
    r.Fail(key, "must be at most " + std::to_string(max_chars) + " characters");
  }
}

// ---- Policy ------------------------------------------------------------------------------------

RenewalWindow ReadRenewalWindow(JsonReader r) {
  RenewalWindow w;
  if (auto days = r.OptionalInteger("days_before_expiry", 1, 3650)) {
    w.days_before_expiry = static_cast<int>(*days);
  }
  if (auto percent = r.OptionalInteger("percent_of_lifetime", 1, 99)) {
    w.percent_of_lifetime = static_cast<int>(*percent);
  }
  if (w.days_before_expiry.has_value() == w.percent_of_lifetime.has_value()) {
    r.FailHere("exactly one of days_before_expiry or percent_of_lifetime is required");
  }
  return w;
}

DuplicatePolicy ReadDuplicates(JsonReader r) {
  DuplicatePolicy d;
  d.allowed = r.Bool("allowed", false);
  d.max_active = static_cast<int>(r.Integer("max_active", Presence::Optional, 1, 1000, 1));
  d.revoke_previous_on_renew = r.Bool("revoke_previous_on_renew", true);
  if (!d.allowed && d.max_active != 1) r.Fail("max_active", "must be 1 when allowed is false");
  return d;
}

KeyEscrow ReadKeyEscrow(JsonReader r) {
  KeyEscrow e;
  e.required = r.Bool("required", false);
  e.agent = r.String("agent", Presence::Optional);
  CheckLength(r, "agent", e.agent, kMaxNameChars);
  if (e.required && e.agent.empty()) r.Fail("agent", "is required when key escrow is required");
  e.recovery_agents = r.Strings("recovery_agents", Presence::Optional, false);
  if (e.recovery_agents.size() > kMaxRecoveryAgents) {
    r.Fail("recovery_agents", "must list at most " + std::to_string(kMaxRecoveryAgents) + " users");
  }
  for (std::size_t i = 0; i < e.recovery_agents.size(); ++i) {
    if (!IsUserName(e.recovery_agents[i])) {
      r.FailAt("recovery_agents", i, "must be a user name ([A-Za-z0-9._-], 1 to 64 characters)");
    } else if (std::find(e.recovery_agents.begin(), e.recovery_agents.begin() + i,
                         e.recovery_agents[i]) != e.recovery_agents.begin() + i) {
      r.FailAt("recovery_agents", i, "duplicate user " + QuoteForMessage(e.recovery_agents[i]));
    }
  }
  e.owner_can_recover = r.Bool("owner_can_recover", false);
  return e;
}

Script ReadScript(JsonReader& r) {
  Script s;
  s.name = r.String("name", Presence::Required);
  CheckLength(r, "name", s.name, kMaxNameChars);
  s.platform = r.Enum("platform", Presence::Optional, ScriptPlatform::Any,
                      &ScriptPlatformFromString, kPlatformNames);
  s.command = r.String("command", Presence::Required);
  CheckLength(r, "command", s.command, kMaxCommandChars);
  if (!s.command.empty() && !IsAbsoluteCommandPath(s.command, s.platform)) {
    r.Fail("command", "must be an absolute path for platform " + std::string(ToString(s.platform)) +
                          " (got " + QuoteForMessage(s.command) + ")");
  }
  s.arguments = r.Strings("arguments", Presence::Optional, false);
  if (s.arguments.size() > kMaxScriptArguments) {
    r.Fail("arguments", "must hold at most " + std::to_string(kMaxScriptArguments) + " arguments");
  }
  for (std::size_t i = 0; i < s.arguments.size(); ++i) {
    // argv entries are C strings: an embedded NUL would silently cut the argument.
    if (s.arguments[i].find('\0') != std::string::npos) {
      r.FailAt("arguments", i, "must not contain a NUL character");
    }
    if (CodePointCount(s.arguments[i]) > kMaxArgumentChars) {
      r.FailAt("arguments", i,
               "must be at most " + std::to_string(kMaxArgumentChars) + " characters");
    }
  }
  s.timeout_seconds =
      static_cast<int>(r.Integer("timeout_seconds", Presence::Optional, 1, 3600, 30));
  return s;
}

Policy ReadPolicy(JsonReader r) {
  Policy p;
  p.allowed_key_stores = r.Enums("allowed_key_stores", Presence::Required, true,
                                 &KeyStoreKindFromString, kKeyStoreNames);
  p.auto_enroll = r.Bool("auto_enroll", false);
  p.auto_renew = r.Bool("auto_renew", false);
  p.renewal_window = ReadRenewalWindow(r.Object("renewal_window", Presence::Required));
  p.duplicates = ReadDuplicates(r.Object("duplicates", Presence::Optional));
  p.key_escrow = ReadKeyEscrow(r.Object("key_escrow", Presence::Optional));
  p.exportable_private_key = r.Bool("exportable_private_key", false);
  r.Objects("scripts", Presence::Optional, false,
            [&](JsonReader& s, std::size_t) { p.scripts.push_back(ReadScript(s)); });
  if (p.scripts.size() > kMaxScripts) {
    r.Fail("scripts", "must hold at most " + std::to_string(kMaxScripts) + " scripts");
  }
  return p;
}

// ---- Certificate format ------------------------------------------------------------------------

// Why `pattern` does not compile as an ECMAScript regex, or "" when it does. Compiling a
// std::regex costs about a millisecond, and a large account repeats the same few patterns in
// thousands of profiles (10,000 profiles took seconds to parse), so verdicts are remembered:
// process-wide, bounded, one lock (profiles are parsed on the sync and workspace threads).
std::string PatternProblem(const std::string& pattern) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::string> verdicts;
  constexpr std::size_t kMaxRemembered = 4096;
  {
    std::lock_guard lock(mutex);
    if (auto it = verdicts.find(pattern); it != verdicts.end()) return it->second;
  }
  std::string problem;
  try {
    std::regex compiled(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    problem = e.what();
    if (problem.empty()) problem = "cannot be compiled";
  }
  std::lock_guard lock(mutex);
  if (verdicts.size() >= kMaxRemembered) verdicts.clear();
  verdicts.emplace(pattern, problem);
  return problem;
}

ValueConstraint ReadConstraint(JsonReader r) {
  ValueConstraint c;
  c.pattern = r.OptionalString("pattern");
  if (c.pattern && !r.failed()) {
    if (c.pattern->empty()) {
      r.Fail("pattern", "must not be empty (omit it to allow any value)");
    } else if (c.pattern->size() > kMaxPatternBytes) {
      r.Fail("pattern", "must be at most " + std::to_string(kMaxPatternBytes) + " bytes");
    } else {
      if (std::string why = PatternProblem(*c.pattern); !why.empty()) {
        r.Fail("pattern", "is not a valid ECMAScript regular expression " +
                              QuoteForMessage(*c.pattern) + ": " + why);
      }
    }
  }
  if (auto max = r.OptionalInteger("max_length", 1, 10000)) c.max_length = static_cast<int>(*max);
  c.allowed_values = r.Strings("allowed_values", Presence::Optional, false);
  return c;
}

// value/label rules shared by subject attributes and SAN rules.
void CheckSourceFields(JsonReader& r, ValueSource source, const std::string& value,
                       const std::string& label) {
  if (source != ValueSource::UserInput && value.empty()) {
    r.Fail("value", "is required when source is " + std::string(ToString(source)));
  }
  if (source == ValueSource::UserInput && label.empty()) {
    r.Fail("label", "is required when source is user_input");
  }
  CheckLength(r, "label", label, kMaxNameChars);
}

SubjectAttribute ReadSubjectAttribute(JsonReader& r) {
  SubjectAttribute a;
  a.attribute = r.String("attribute", Presence::Required);
  if (!a.attribute.empty() && !IsAttributeName(a.attribute)) {
    r.Fail("attribute", "must be a short attribute name such as CN or serialNumber (got " +
                            QuoteForMessage(a.attribute) + ")");
  }
  a.oid = r.String("oid", Presence::Required);
  if (!a.oid.empty() && !IsDottedOid(a.oid)) {
    r.Fail("oid", "must be a dotted OID such as 2.5.4.3 (got " + QuoteForMessage(a.oid) + ")");
  }
  a.source = r.Enum("source", Presence::Required, ValueSource::Fixed, &ValueSourceFromString,
                    kSourceNames);
  a.value = r.String("value", Presence::Optional);
  a.label = r.String("label", Presence::Optional);
  CheckSourceFields(r, a.source, a.value, a.label);
  a.required = r.Bool("required", true);
  a.constraint = ReadConstraint(r.Object("constraint", Presence::Optional));
  return a;
}

SanRule ReadSanRule(JsonReader& r) {
  SanRule s;
  s.type = r.Enum("type", Presence::Required, SanType::Dns, &SanTypeFromString, kSanTypeNames);
  s.source = r.Enum("source", Presence::Optional, ValueSource::UserInput, &ValueSourceFromString,
                    kSourceNames);
  s.value = r.String("value", Presence::Optional);
  s.label = r.String("label", Presence::Optional);
  CheckSourceFields(r, s.source, s.value, s.label);
  s.required = r.Bool("required", false);
  s.max_count = static_cast<int>(r.Integer("max_count", Presence::Optional, 1, 100, 1));
  s.constraint = ReadConstraint(r.Object("constraint", Presence::Optional));
  return s;
}

KeyAlgorithmRule ReadKeyAlgorithm(JsonReader& r) {
  KeyAlgorithmRule k;
  k.algorithm = r.Enum("algorithm", Presence::Required, KeyAlgorithm::Ec, &KeyAlgorithmFromString,
                       kAlgorithmNames);
  const auto bits = r.Integers("rsa_bits", Presence::Optional, false, 1, 1 << 20);
  k.ec_curves = r.Strings("ec_curves", Presence::Optional, false);
  if (r.failed()) return k;
  for (std::size_t i = 0; i < bits.size(); ++i) {
    const int b = static_cast<int>(bits[i]);
    if (std::find(kAllowedRsaBits.begin(), kAllowedRsaBits.end(), b) == kAllowedRsaBits.end()) {
      r.FailAt("rsa_bits", i,
               "unsupported RSA key size " + std::to_string(b) + " (expected 2048, 3072, 4096)");
    } else if (std::find(k.rsa_bits.begin(), k.rsa_bits.end(), b) != k.rsa_bits.end()) {
      r.FailAt("rsa_bits", i, "duplicate value " + std::to_string(b));
    }
    k.rsa_bits.push_back(b);
  }
  for (std::size_t i = 0; i < k.ec_curves.size(); ++i) {
    const std::string& curve = k.ec_curves[i];
    if (std::find(kAllowedEcCurves.begin(), kAllowedEcCurves.end(), curve) ==
        kAllowedEcCurves.end()) {
      r.FailAt("ec_curves", i,
               "unknown value " + QuoteForMessage(curve) + " (expected P-256, P-384)");
    } else if (std::count(k.ec_curves.begin(), k.ec_curves.begin() + i, curve) > 0) {
      r.FailAt("ec_curves", i, "duplicate value " + QuoteForMessage(curve));
    }
  }
  const bool rsa = k.algorithm == KeyAlgorithm::Rsa;
  const bool ec = k.algorithm == KeyAlgorithm::Ec;
  if (rsa && k.rsa_bits.empty()) r.Fail("rsa_bits", "must list at least one size for RSA");
  if (!rsa && !k.rsa_bits.empty()) r.Fail("rsa_bits", "is only allowed for RSA");
  if (ec && k.ec_curves.empty()) r.Fail("ec_curves", "must list at least one curve for EC");
  if (!ec && !k.ec_curves.empty()) r.Fail("ec_curves", "is only allowed for EC");
  return k;
}

// Names from a fixed vocabulary, each at most once.
void CheckNames(JsonReader& r, std::string_view key, const std::vector<std::string>& names,
                bool (*known)(std::string_view), std::string_view expected) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!known(names[i])) {
      r.FailAt(key, i,
               "unknown value " + QuoteForMessage(names[i]) + " (expected " +
                   std::string(expected) + ")");
    } else if (std::count(names.begin(), names.begin() + i, names[i]) > 0) {
      r.FailAt(key, i, "duplicate value " + QuoteForMessage(names[i]));
    }
  }
}

CertificateFormat ReadCertificateFormat(JsonReader r) {
  CertificateFormat f;
  r.Objects("subject", Presence::Required, true,
            [&](JsonReader& a, std::size_t) { f.subject.push_back(ReadSubjectAttribute(a)); });
  r.Objects("san", Presence::Optional, false,
            [&](JsonReader& s, std::size_t) { f.san.push_back(ReadSanRule(s)); });
  r.Objects("key_algorithms", Presence::Required, true, [&](JsonReader& k, std::size_t i) {
    f.key_algorithms.push_back(ReadKeyAlgorithm(k));
    for (std::size_t j = 0; j < i; ++j) {
      if (f.key_algorithms[j].algorithm == f.key_algorithms[i].algorithm) {
        k.Fail("algorithm",
               "duplicate algorithm " + QuoteForMessage(ToString(f.key_algorithms[i].algorithm)));
      }
    }
  });
  if (r.Has("signature_hash")) {
    f.signature_hash = r.String("signature_hash", Presence::Required);
    if (!r.failed() && std::find(kSignatureHashes.begin(), kSignatureHashes.end(),
                                 f.signature_hash) == kSignatureHashes.end()) {
      r.Fail("signature_hash", "unknown value " + QuoteForMessage(f.signature_hash) +
                                   " (expected SHA-256, SHA-384, SHA-512)");
    }
  }
  f.validity_days = static_cast<int>(r.Integer("validity_days", Presence::Optional, 1, 3650, 365));
  f.key_usage = r.Strings("key_usage", Presence::Optional, false);
  CheckNames(r, "key_usage", f.key_usage, &IsKnownKeyUsage,
             "digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, "
             "keyCertSign, cRLSign, encipherOnly, decipherOnly");
  f.extended_key_usage = r.Strings("extended_key_usage", Presence::Optional, false);
  CheckNames(r, "extended_key_usage", f.extended_key_usage, &IsKnownExtendedKeyUsage,
             "serverAuth, clientAuth, codeSigning, emailProtection, timeStamping, OCSPSigning, "
             "msSmartcardLogin or a dotted OID");
  return f;
}

// ---- General information -----------------------------------------------------------------------

EnrollmentEndpoint ReadEnrollment(JsonReader r) {
  EnrollmentEndpoint e;
  e.url = r.String("url", Presence::Required);
  if (!e.url.empty() && !IsServerRelativePath(e.url)) {
    r.Fail("url", "must be a path on the server starting with one '/' (got " +
                      QuoteForMessage(e.url) + ")");
  }
  if (r.Has("protocol")) e.protocol = r.String("protocol", Presence::Required);
  CheckLength(r, "protocol", e.protocol, 64);
  return e;
}

}  // namespace

Result<Profile> ProfileFromJson(const json& j, const std::string& path) {
  ValidationErrors errors;
  JsonReader r(j, path, errors);
  Profile p;
  p.id = r.String("id", Presence::Required);
  if (!p.id.empty() && !IsValidId(p.id)) {
    r.Fail("id", "must match [A-Za-z0-9._-]{1,64} (got " + QuoteForMessage(p.id) + ")");
  }
  p.revision = r.Integer("revision", Presence::Required, 1, std::numeric_limits<int64_t>::max(), 1);
  p.name = r.String("name", Presence::Required);
  CheckLength(r, "name", p.name, kMaxNameChars);
  p.description = r.String("description", Presence::Optional);
  CheckLength(r, "description", p.description, kMaxTextChars);
  p.profile_version = r.String("profile_version", Presence::Required);
  if (!p.profile_version.empty() && !ParseVersion(p.profile_version)) {
    r.Fail("profile_version", "must be MAJOR.MINOR or MAJOR.MINOR.PATCH (got " +
                                  QuoteForMessage(p.profile_version) + ")");
  }
  p.issuing_ca = r.String("issuing_ca", Presence::Required);
  CheckLength(r, "issuing_ca", p.issuing_ca, kMaxNameChars);
  p.issuing_ca_chain = r.Strings("issuing_ca_chain", Presence::Optional, false);
  for (std::size_t i = 0; i < p.issuing_ca_chain.size(); ++i) {
    if (p.issuing_ca_chain[i].empty()) r.FailAt("issuing_ca_chain", i, "must not be empty");
  }
  p.enrollment = ReadEnrollment(r.Object("enrollment", Presence::Required));
  p.created_at = r.Time("created_at");
  p.updated_at = r.Time("updated_at");
  if (!r.failed() && p.updated_at < p.created_at) {
    r.Fail("updated_at", "must not be earlier than created_at");
  }
  p.policy = ReadPolicy(r.Object("policy", Presence::Required));
  p.certificate_format = ReadCertificateFormat(r.Object("certificate_format", Presence::Required));
  if (errors.failed()) return errors.error();
  return p;
}

namespace {

json ToJson(const ValueConstraint& c) {
  json j = json::object();
  if (c.pattern) j["pattern"] = *c.pattern;
  if (c.max_length) j["max_length"] = *c.max_length;
  if (!c.allowed_values.empty()) j["allowed_values"] = c.allowed_values;
  return j;
}

// Fields shared by subject attributes and SAN rules; empty optional ones are left out.
void PutSourceFields(json& j, ValueSource source, const std::string& value,
                     const std::string& label, const ValueConstraint& constraint) {
  j["source"] = ToString(source);
  if (!value.empty()) j["value"] = value;
  if (!label.empty()) j["label"] = label;
  if (constraint != ValueConstraint{}) j["constraint"] = ToJson(constraint);
}

json ToJson(const Policy& p) {
  json stores = json::array();
  for (KeyStoreKind k : p.allowed_key_stores) stores.push_back(ToString(k));
  json window = json::object();
  if (p.renewal_window.days_before_expiry) {
    window["days_before_expiry"] = *p.renewal_window.days_before_expiry;
  }
  if (p.renewal_window.percent_of_lifetime) {
    window["percent_of_lifetime"] = *p.renewal_window.percent_of_lifetime;
  }
  json scripts = json::array();
  for (const Script& s : p.scripts) {
    scripts.push_back({{"name", s.name},
                       {"platform", ToString(s.platform)},
                       {"command", s.command},
                       {"arguments", s.arguments},
                       {"timeout_seconds", s.timeout_seconds}});
  }
  json escrow = {{"required", p.key_escrow.required}};
  if (!p.key_escrow.agent.empty()) escrow["agent"] = p.key_escrow.agent;
  if (!p.key_escrow.recovery_agents.empty()) {
    escrow["recovery_agents"] = p.key_escrow.recovery_agents;
  }
  if (p.key_escrow.owner_can_recover) escrow["owner_can_recover"] = true;
  return {{"allowed_key_stores", stores},
          {"auto_enroll", p.auto_enroll},
          {"auto_renew", p.auto_renew},
          {"renewal_window", window},
          {"duplicates",
           {{"allowed", p.duplicates.allowed},
            {"max_active", p.duplicates.max_active},
            {"revoke_previous_on_renew", p.duplicates.revoke_previous_on_renew}}},
          {"key_escrow", escrow},
          {"exportable_private_key", p.exportable_private_key},
          {"scripts", scripts}};
}

json ToJson(const CertificateFormat& f) {
  json subject = json::array();
  for (const SubjectAttribute& a : f.subject) {
    json j = {{"attribute", a.attribute}, {"oid", a.oid}, {"required", a.required}};
    PutSourceFields(j, a.source, a.value, a.label, a.constraint);
    subject.push_back(std::move(j));
  }
  json san = json::array();
  for (const SanRule& s : f.san) {
    json j = {{"type", ToString(s.type)}, {"required", s.required}, {"max_count", s.max_count}};
    PutSourceFields(j, s.source, s.value, s.label, s.constraint);
    san.push_back(std::move(j));
  }
  json algorithms = json::array();
  for (const KeyAlgorithmRule& k : f.key_algorithms) {
    json j = {{"algorithm", ToString(k.algorithm)}};
    if (!k.rsa_bits.empty()) j["rsa_bits"] = k.rsa_bits;
    if (!k.ec_curves.empty()) j["ec_curves"] = k.ec_curves;
    algorithms.push_back(std::move(j));
  }
  return {{"subject", subject},
          {"san", san},
          {"key_algorithms", algorithms},
          {"signature_hash", f.signature_hash},
          {"validity_days", f.validity_days},
          {"key_usage", f.key_usage},
          {"extended_key_usage", f.extended_key_usage}};
}

}  // namespace

json ToJson(const Profile& p) {
  return {{"id", p.id},
          {"revision", p.revision},
          {"name", p.name},
          {"description", p.description},
          {"profile_version", p.profile_version},
          {"issuing_ca", p.issuing_ca},
          {"issuing_ca_chain", p.issuing_ca_chain},
          {"enrollment", {{"url", p.enrollment.url}, {"protocol", p.enrollment.protocol}}},
          {"created_at", FormatRfc3339(p.created_at)},
          {"updated_at", FormatRfc3339(p.updated_at)},
          {"policy", ToJson(p.policy)},
          {"certificate_format", ToJson(p.certificate_format)}};
}

}  // namespace trustdesk
