// Account <-> JSON (the sign-in response's "account" and GET /me).
#include "core/model/field_rules.h"
#include "core/model/json_mapping.h"
#include "core/model/json_reader.h"

namespace trustdesk {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxNameChars = 200;

void CheckId(JsonReader& r, std::string_view key, const std::string& id) {
  if (!id.empty() && !IsValidId(id)) {
    r.Fail(key, "must match [A-Za-z0-9._-]{1,64} (got " + QuoteForMessage(id) + ")");
  }
}

void CheckLength(JsonReader& r, std::string_view key, const std::string& text) {
  if (CodePointCount(text) > kMaxNameChars) {
    r.Fail(key, "must be at most " + std::to_string(kMaxNameChars) + " characters");
  }
}

User ReadUser(JsonReader r) {
  User u;
  u.id = r.String("id", Presence::Required);
  CheckId(r, "id", u.id);
  u.username = r.String("username", Presence::Required);
  CheckLength(r, "username", u.username);
  u.display_name = r.String("display_name", Presence::Optional);
  CheckLength(r, "display_name", u.display_name);
  u.email = r.String("email", Presence::Optional);
  CheckLength(r, "email", u.email);
  u.attributes = r.StringMap("attributes", Presence::Optional);
  return u;
}

}  // namespace

Result<Account> AccountFromJson(const json& j, const std::string& path) {
  ValidationErrors errors;
  JsonReader r(j, path, errors);
  Account a;
  a.id = r.String("id", Presence::Required);
  CheckId(r, "id", a.id);
  a.name = r.String("name", Presence::Required);
  CheckLength(r, "name", a.name);
  a.business_unit = r.String("business_unit", Presence::Optional);
  CheckLength(r, "business_unit", a.business_unit);
  a.division = r.String("division", Presence::Optional);
  CheckLength(r, "division", a.division);
  a.user = ReadUser(r.Object("user", Presence::Required));
  if (errors.failed()) return errors.error();
  return a;
}

json ToJson(const Account& a) {
  json user = {{"id", a.user.id}, {"username", a.user.username}};
  if (!a.user.display_name.empty()) user["display_name"] = a.user.display_name;
  if (!a.user.email.empty()) user["email"] = a.user.email;
  user["attributes"] = a.user.attributes;
  json j = {{"id", a.id}, {"name", a.name}, {"user", user}};
  if (!a.business_unit.empty()) j["business_unit"] = a.business_unit;
  if (!a.division.empty()) j["division"] = a.division;
  return j;
}

}  // namespace trustdesk
