// Bearer-token authentication for user routes and the admin credential for /admin routes.
// On failure the helpers write the JSON error into the response and return nothing, so a
// handler reads:  auto caller = Authenticate(state, req, res); if (!caller) return;
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "core/model/account.h"
#include "tools/server/router.h"
#include "tools/server/server_state.h"
#include "tools/server/store.h"

namespace trustdesk::server {

struct Caller {
  UserRow user;
  AccountRow account;
  std::string token_hash;
  Account model;  // the user and account as the API reports them
};

// 401 unauthorized (no / unknown token), 401 token_expired, 403 account_disabled.
std::optional<Caller> Authenticate(ServerState& state, const httplib::Request& req,
                                   httplib::Response& res);
// 401 unless "Authorization: Bearer <admin token>" (constant-time comparison).
bool AuthenticateAdmin(ServerState& state, const httplib::Request& req, httplib::Response& res);

Account ToAccountModel(const AccountRow& account, const UserRow& user);

// The answer to a password check that was not Accepted (AuthService): 429 rate_limited with
// Retry-After, or 401 invalid_credentials (the same body for every reason of refusal).
void SendPasswordRefusal(const AuthService::Verdict& verdict, httplib::Response& res);

// POST /auth/signin, POST /auth/signout, GET /me.
void RegisterAuthRoutes(Router& router, ServerState& state);

}  // namespace trustdesk::server
