#include "tools/server/user_service.h"

#include <regex>

#include "tools/server/http_util.h"
#include "tools/server/password_hash.h"

namespace trustdesk::server {
namespace {

bool ValidId(const std::string& id) {
  static const std::regex kId("[A-Za-z0-9._-]{1,64}");
  return std::regex_match(id, kId);
}

Result<bool> OptionalBool(const nlohmann::json& body, const std::string& field, bool fallback) {
  auto it = body.find(field);
  if (it == body.end()) return fallback;
  if (!it->is_boolean()) return Error(ErrorCode::InvalidInput, "$." + field + " must be a boolean");
  return it->get<bool>();
}

}  // namespace

Result<AccountRow> SaveAccount(ServerState& state, const nlohmann::json& body) {
  AccountRow a;
  auto id = RequiredString(body, "id", 64);
  if (!id) return id.error();
  if (!ValidId(*id)) return Error(ErrorCode::InvalidInput, "$.id must match [A-Za-z0-9._-]{1,64}");
  auto name = RequiredString(body, "name", 200);
  if (!name) return name.error();
  auto bu = OptionalString(body, "business_unit", 200);
  if (!bu) return bu.error();
  auto division = OptionalString(body, "division", 200);
  if (!division) return division.error();
  auto disabled = OptionalBool(body, "disabled", false);
  if (!disabled) return disabled.error();
  a.id = *id;
  a.name = *name;
  a.business_unit = bu->value_or("");
  a.division = division->value_or("");
  a.disabled = *disabled;
  if (Status st = state.store->PutAccount(a); !st) return st.error();
  return a;
}

Result<UserRow> SaveUser(ServerState& state, const std::string& account_id,
                         const nlohmann::json& body, const std::optional<UserRow>& existing) {
  if (!body.is_object()) return Error(ErrorCode::InvalidInput, "$ must be an object");
  UserRow u = existing.value_or(UserRow{});
  if (!existing) {
    auto account = state.store->FindAccount(account_id);
    if (!account) return account.error();
    if (!*account) return Error(ErrorCode::NotFound, "account '" + account_id + "' not found");
    u.account_id = account_id;
    auto username = RequiredString(body, "username", 128);
    if (!username) return username.error();
    if (!ValidId(*username)) {
      return Error(ErrorCode::InvalidInput, "$.username must match [A-Za-z0-9._-]{1,64}");
    }
    u.username = *username;
    auto id = OptionalString(body, "id", 64);
    if (!id) return id.error();
    if (*id && !ValidId(**id)) {
      return Error(ErrorCode::InvalidInput, "$.id must match [A-Za-z0-9._-]{1,64}");
    }
    u.id = id->value_or(account_id + "." + u.username);
    auto taken = state.store->FindUser(account_id, u.username);
    if (!taken) return taken.error();
    if (*taken) {
      return Error(ErrorCode::Conflict, "user '" + u.username + "' already exists in account '" +
                                            account_id + "'");
    }
    if (!body.contains("password")) return Error(ErrorCode::InvalidInput, "$.password is required");
  }
  auto password = OptionalString(body, "password", 1024);
  if (!password) return password.error();
  if (*password) {
    if ((*password)->empty()) return Error(ErrorCode::InvalidInput, "$.password must not be empty");
    auto hash = HashPassword(**password, state.options.password_hash_iterations);
    if (!hash) return hash.error();
    u.password_hash = *hash;
  }
  for (auto [field, target] : {std::pair{"display_name", &u.display_name},
                               std::pair{"email", &u.email}}) {
    auto v = OptionalString(body, field, 256);
    if (!v) return v.error();
    if (*v) *target = **v;
  }
  if (auto it = body.find("attributes"); it != body.end()) {
    if (!it->is_object()) return Error(ErrorCode::InvalidInput, "$.attributes must be an object");
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string()) {
        return Error(ErrorCode::InvalidInput, "$.attributes." + k + " must be a string");
      }
    }
    u.attributes_json = it->dump();
  }
  auto disabled = OptionalBool(body, "disabled", u.disabled);
  if (!disabled) return disabled.error();
  u.disabled = *disabled;
  if (Status st = state.store->PutUser(u); !st) return st.error();
  return u;
}

nlohmann::json UserToAdminJson(const UserRow& u) {
  nlohmann::json attrs = nlohmann::json::parse(u.attributes_json, nullptr, false);
  return {{"id", u.id},
          {"account_id", u.account_id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"email", u.email},
          {"attributes", attrs.is_object() ? attrs : nlohmann::json::object()},
          {"disabled", u.disabled}};
}

}  // namespace trustdesk::server
