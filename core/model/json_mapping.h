// Strict JSON <-> model mapping. A document is validated completely before anything is returned:
// the first problem is reported with its JSON path ("$.profiles[3].policy.renewal_window: ...")
// and no partially-built object ever escapes. Unknown fields are ignored (forward compatibility);
// unknown enum values, wrong types and missing required fields are errors.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/account.h"
#include "core/model/issued_certificate.h"
#include "core/model/profile.h"
#include "core/util/result.h"

namespace trustdesk {

Result<Profile> ProfileFromJson(const nlohmann::json& j, const std::string& path = "$");
nlohmann::json ToJson(const Profile& profile);

Result<Account> AccountFromJson(const nlohmann::json& j, const std::string& path = "$");
nlohmann::json ToJson(const Account& account);

Result<IssuedCertificate> IssuedCertificateFromJson(const nlohmann::json& j,
                                                    const std::string& path = "$");
nlohmann::json ToJson(const IssuedCertificate& cert);

// GET /api/v1/profiles body: {"revision": N, "profiles": [ ... ]}.
struct ProfileList {
  int64_t revision = 0;
  std::vector<Profile> profiles;
  std::vector<nlohmann::json> raw;  // each profile's JSON as received, same order
};
Result<ProfileList> ProfileListFromJson(const nlohmann::json& j);

// GET /api/v1/certificates body: {"certificates": [ ... ]}.
Result<std::vector<IssuedCertificate>> IssuedCertificateListFromJson(const nlohmann::json& j);

// Enum <-> wire string; nullopt for an unknown string.
std::optional<KeyStoreKind> KeyStoreKindFromString(std::string_view s);
std::optional<ScriptPlatform> ScriptPlatformFromString(std::string_view s);
std::optional<ValueSource> ValueSourceFromString(std::string_view s);
std::optional<SanType> SanTypeFromString(std::string_view s);
std::optional<KeyAlgorithm> KeyAlgorithmFromString(std::string_view s);
std::optional<RevocationReason> RevocationReasonFromString(std::string_view s);

}  // namespace trustdesk
