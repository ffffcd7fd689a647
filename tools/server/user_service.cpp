#include "tools/server/user_service.h"

#include <openssl/rand.h>

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

// "u-" and 96 random bits: unguessable, meaningless, and never derived from a name that a later
// user could have again.
Result<std::string> NewUserId() {
  unsigned char raw[12];
  if (RAND_bytes(raw, sizeof raw) != 1) {
    return Error(ErrorCode::Crypto, "random user id generation failed");
  }
  static const char* kHex = "0123456789abcdef";
  std::string id = "u-";
  for (unsigned char c : raw) {
    id += kHex[c >> 4];
    id += kHex[c & 15];
  }
  return id;
}

Result<UserRow> InsertNewUser(ServerState& state, UserRow u,
                              const std::optional<std::string>& explicit_id) {
  // A generated id that collides (never seen in practice) is simply drawn again.
  for (int attempt = 0; attempt < 4; ++attempt) {
    if (explicit_id) {
      u.id = *explicit_id;
    } else {
      auto id = NewUserId();
      if (!id) return id.error();
      u.id = *id;
    }
    auto conflict = state.store->InsertUser(u);
    if (!conflict) return conflict.error();
    switch (*conflict) {
      case Store::UserConflict::None:
        return u;
      case Store::UserConflict::Username:
        return Error(ErrorCode::Conflict, "$.username: user '" + u.username +
                                              "' already exists in account '" + u.account_id + "'");
      case Store::UserConflict::Id:
        if (explicit_id) {
          return Error(ErrorCode::Conflict, "$.id: '" + u.id +
                                                "' belongs or belonged to another user; ids are "
                                                "never reused");
        }
        break;
    }
  }
  return Error(ErrorCode::Internal, "no free user id after 4 attempts");
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
  std::optional<std::string> explicit_id;
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
    explicit_id = *id;
    if (!body.contains("password")) return Error(ErrorCode::InvalidInput, "$.password is required");
  } else {
    // Changing them would hand the user's certificates to another identity; the unchanged
    // values (a GET document sent back) are fine.
    for (auto [field, current] : {std::pair{"id", &u.id}, std::pair{"username", &u.username},
                                  std::pair{"account_id", &u.account_id}}) {
      auto it = body.find(field);
      if (it != body.end() && !(it->is_string() && it->get_ref<const std::string&>() == *current)) {
        return Error(ErrorCode::Conflict, std::string("$.") + field + " of a user cannot change");
      }
    }
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
  if (existing) {
    if (Status st = state.store->UpdateUser(u); !st) return st.error();
    return u;
  }
  return InsertNewUser(state, std::move(u), explicit_id);
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
