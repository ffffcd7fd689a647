#include "tools/server/auth.h"

#include <openssl/crypto.h>

#include "core/model/json_mapping.h"
#include "tools/server/http_util.h"
#include "tools/server/password_hash.h"

namespace trustdesk::server {
namespace {

constexpr std::size_t kTokenBytes = 32;  // 256-bit bearer tokens

void SignIn(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return SendError(res, body.error());
  auto account_id = RequiredString(*body, "account_id", 128);
  auto username = RequiredString(*body, "username", 256);
  auto password = RequiredString(*body, "password", 1024);
  for (const auto* r : {&account_id, &username, &password}) {
    if (!*r) return SendError(res, r->error());
  }
  auto verdict = state.auth->SignIn(*account_id, *username, *password, req.remote_addr);
  if (!verdict) return SendError(res, verdict.error());
  if (verdict->outcome != AuthService::Outcome::Accepted) {
    return SendPasswordRefusal(*verdict, res);
  }
  const UserRow& user = *verdict->user;
  const AccountRow& account = *verdict->account;
  auto token = RandomToken(kTokenBytes);
  if (!token) return SendError(res, token.error());
  int64_t now_s = state.Now();
  int64_t expires = now_s + state.options.token_lifetime.count();
  if (Status st = state.store->InsertToken(Sha256Hex(*token), user.id, expires, now_s); !st) {
    return SendError(res, st.error());
  }
  SendJson(res, 200,
           {{"token", *token},
            {"expires_at", FormatRfc3339(Timestamp{expires})},
            {"account", ToJson(ToAccountModel(account, user))}});
}

}  // namespace

void SendPasswordRefusal(const AuthService::Verdict& verdict, httplib::Response& res) {
  if (verdict.outcome == AuthService::Outcome::Throttled) {
    res.set_header("Retry-After", std::to_string(verdict.retry_after_seconds));
    return SendError(res, 429, "rate_limited",
                     "too many failed sign-in attempts; try again in " +
                         std::to_string(verdict.retry_after_seconds) + " s");
  }
  SendError(res, 401, "invalid_credentials", "wrong account ID, user name or password");
}

Account ToAccountModel(const AccountRow& account, const UserRow& user) {
  Account a;
  a.id = account.id;
  a.name = account.name;
  a.business_unit = account.business_unit;
  a.division = account.division;
  a.user.id = user.id;
  a.user.username = user.username;
  a.user.display_name = user.display_name;
  a.user.email = user.email;
  nlohmann::json attrs = nlohmann::json::parse(user.attributes_json, nullptr, false);
  if (attrs.is_object()) {
    for (const auto& [k, v] : attrs.items()) {
      if (v.is_string()) a.user.attributes[k] = v.get<std::string>();
    }
  }
  return a;
}

std::optional<Caller> Authenticate(ServerState& state, const httplib::Request& req,
                                   httplib::Response& res) {
  std::string token = BearerToken(req);
  if (token.empty()) {
    SendError(res, 401, "unauthorized", "missing 'Authorization: Bearer <token>' header");
    return std::nullopt;
  }
  std::string hash = Sha256Hex(token);
  auto row = state.store->FindToken(hash);
  if (!row) {
    SendError(res, row.error());
    return std::nullopt;
  }
  if (!*row) {
    SendError(res, 401, "unauthorized", "unknown or signed-out token; sign in again");
    return std::nullopt;
  }
  if ((*row)->expires_at <= state.Now()) {
    SendError(res, 401, "token_expired", "the session token has expired; sign in again");
    return std::nullopt;
  }
  auto user = state.store->FindUserById((*row)->user_id);
  if (!user || !*user) {
    SendError(res, 401, "unauthorized", "the token's user no longer exists");
    return std::nullopt;
  }
  auto account = state.store->FindAccount((*user)->account_id);
  if (!account || !*account) {
    SendError(res, 401, "unauthorized", "the token's account no longer exists");
    return std::nullopt;
  }
  if ((*account)->disabled || (*user)->disabled) {
    SendError(res, 403, "account_disabled", "the account or user is disabled");
    return std::nullopt;
  }
  Caller c{**user, **account, hash, ToAccountModel(**account, **user)};
  return c;
}

bool AuthenticateAdmin(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  std::string token = BearerToken(req);
  const std::string& expected = state.admin_token;
  if (token.size() != expected.size() ||
      CRYPTO_memcmp(token.data(), expected.data(), expected.size()) != 0) {
    SendError(res, 401, "unauthorized",
              "admin routes need 'Authorization: Bearer <admin token>' (DATA/admin-token)");
    return false;
  }
  return true;
}

void RegisterAuthRoutes(Router& router, ServerState& state) {
  router.Add("POST", "/api/v1/auth/signin", [&state](const httplib::Request& req, httplib::Response& res) {
    SignIn(state, req, res);
  });
  router.Add("POST", "/api/v1/auth/signout", [&state](const httplib::Request& req, httplib::Response& res) {
    auto caller = Authenticate(state, req, res);
    if (!caller) return;
    if (Status st = state.store->DeleteToken(caller->token_hash); !st) {
      return SendError(res, st.error());
    }
    res.status = 204;
  });
  router.Add("GET", "/api/v1/me", [&state](const httplib::Request& req, httplib::Response& res) {
    auto caller = Authenticate(state, req, res);
    if (!caller) return;
    SendJson(res, 200, ToJson(caller->model));
  });
}

}  // namespace trustdesk::server
