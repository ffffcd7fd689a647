// A certificate issued to the user, as the backend lists it (SPEC §6).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model/timestamp.h"

namespace trustdesk {

enum class RevocationReason {
  Unspecified, KeyCompromise, AffiliationChanged, Superseded, CessationOfOperation,
};

struct IssuedCertificate {
  std::string serial;                  // lower-case hex, no separators
  std::string profile_id;
  int64_t profile_revision = 0;        // revision of the profile it was issued under
  std::string common_name;
  std::string subject;                 // RFC 4514 string
  std::string issuer;
  std::vector<std::string> san;        // "DNS:host", "email:a@b" ...
  Timestamp not_before;
  Timestamp not_after;
  bool revoked = false;
  std::optional<RevocationReason> revocation_reason;
  std::optional<Timestamp> revoked_at;
  bool key_escrowed = false;
  std::string certificate_pem;

  bool operator==(const IssuedCertificate&) const = default;
};

const char* ToString(RevocationReason reason);  // "unspecified", "key_compromise", ...

}  // namespace trustdesk
