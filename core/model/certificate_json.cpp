// IssuedCertificate <-> JSON (certificate list, enroll and revoke responses).
#include <algorithm>
#include <limits>

#include "core/model/field_rules.h"
#include "core/model/json_mapping.h"
#include "core/model/json_reader.h"

namespace trustdesk {
namespace {

using nlohmann::json;

constexpr std::string_view kReasonNames =
    "unspecified, key_compromise, affiliation_changed, superseded, cessation_of_operation";
constexpr std::size_t kMaxDnChars = 1024;

void CheckSan(JsonReader& r, std::size_t index, const std::string& entry) {
  const std::size_t colon = entry.find(':');
  const std::string_view prefix = std::string_view(entry).substr(0, colon);
  if (colon == std::string::npos || colon + 1 == entry.size() ||
      std::find(kSanPrefixes.begin(), kSanPrefixes.end(), prefix) == kSanPrefixes.end()) {
    r.FailAt("san", index,
             "must be TYPE:value with TYPE one of DNS, email, URI, IP, UPN (got " +
                 QuoteForMessage(entry) + ")");
  }
}

}  // namespace

Result<IssuedCertificate> IssuedCertificateFromJson(const json& j, const std::string& path) {
  ValidationErrors errors;
  JsonReader r(j, path, errors);
  IssuedCertificate c;
  c.serial = r.String("serial", Presence::Required);
  if (!c.serial.empty() && !IsLowerHexSerial(c.serial)) {
    r.Fail("serial",
           "must be 1 to 40 lower-case hex digits (got " + QuoteForMessage(c.serial) + ")");
  }
  c.profile_id = r.String("profile_id", Presence::Required);
  if (!c.profile_id.empty() && !IsValidId(c.profile_id)) {
    r.Fail("profile_id",
           "must match [A-Za-z0-9._-]{1,64} (got " + QuoteForMessage(c.profile_id) + ")");
  }
  c.profile_revision =
      r.Integer("profile_revision", Presence::Required, 1, std::numeric_limits<int64_t>::max(), 1);
  c.common_name = r.String("common_name", Presence::Optional);
  c.subject = r.String("subject", Presence::Required);
  c.issuer = r.String("issuer", Presence::Required);
  for (const char* key : {"common_name", "subject", "issuer"}) {
    const std::string& text = key[0] == 'c' ? c.common_name : key[0] == 's' ? c.subject : c.issuer;
    if (CodePointCount(text) > kMaxDnChars) {
      r.Fail(key, "must be at most " + std::to_string(kMaxDnChars) + " characters");
    }
  }
  c.san = r.Strings("san", Presence::Optional, false);
  for (std::size_t i = 0; i < c.san.size(); ++i) CheckSan(r, i, c.san[i]);
  c.not_before = r.Time("not_before");
  c.not_after = r.Time("not_after");
  if (!r.failed() && c.not_after <= c.not_before) {
    r.Fail("not_after", "must be later than not_before");
  }
  c.revoked = r.Bool("revoked", false);
  c.revocation_reason =
      r.OptionalEnum("revocation_reason", &RevocationReasonFromString, kReasonNames);
  c.revoked_at = r.OptionalTime("revoked_at");
  if (!c.revoked && c.revocation_reason) {
    r.Fail("revocation_reason", "is only allowed when revoked is true");
  }
  if (!c.revoked && c.revoked_at) r.Fail("revoked_at", "is only allowed when revoked is true");
  if (c.revoked && !c.revoked_at) r.Fail("revoked_at", "is required when revoked is true");
  c.key_escrowed = r.Bool("key_escrowed", false);
  c.certificate_pem = r.String("certificate_pem", Presence::Required);
  if (!c.certificate_pem.empty() &&
      (c.certificate_pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos ||
       c.certificate_pem.find("-----END CERTIFICATE-----") == std::string::npos)) {
    r.Fail("certificate_pem", "must be a PEM certificate (BEGIN/END CERTIFICATE)");
  }
  if (errors.failed()) return errors.error();
  return c;
}

json ToJson(const IssuedCertificate& c) {
  json j = {{"serial", c.serial},
            {"profile_id", c.profile_id},
            {"profile_revision", c.profile_revision},
            {"common_name", c.common_name},
            {"subject", c.subject},
            {"issuer", c.issuer},
            {"san", c.san},
            {"not_before", FormatRfc3339(c.not_before)},
            {"not_after", FormatRfc3339(c.not_after)},
            {"revoked", c.revoked},
            {"key_escrowed", c.key_escrowed},
            {"certificate_pem", c.certificate_pem}};
  if (c.revocation_reason) j["revocation_reason"] = ToString(*c.revocation_reason);
  if (c.revoked_at) j["revoked_at"] = FormatRfc3339(*c.revoked_at);
  return j;
}

}  // namespace trustdesk
