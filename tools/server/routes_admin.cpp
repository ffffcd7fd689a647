// The admin API (Authorization: Bearer <DATA/admin-token>): accounts, users, profiles,
// assignments and scenarios. This is how QA makes "the admin changed a profile".
#include "tools/server/http_util.h"
#include "tools/server/profile_service.h"
#include "tools/server/recovery_agents.h"
#include "tools/server/routes.h"
#include "tools/server/user_service.h"

namespace trustdesk::server {
namespace {

using Handler = std::function<void(ServerState&, const httplib::Request&, httplib::Response&)>;

// Wraps a handler with the admin credential check.
httplib::Server::Handler Admin(ServerState& state, Handler handler) {
  return [&state, handler](const httplib::Request& req, httplib::Response& res) {
    if (AuthenticateAdmin(state, req, res)) handler(state, req, res);
  };
}

std::optional<UserRow> RequireUser(ServerState& state, const std::string& id,
                                   httplib::Response& res) {
  auto user = state.store->FindUserById(id);
  if (!user) {
    SendError(res, user.error());
    return std::nullopt;
  }
  if (!*user) {
    SendError(res, 404, "user_not_found", "user '" + id + "' not found");
    return std::nullopt;
  }
  return **user;
}

void PutAccount(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return SendError(res, body.error());
  (*body)["id"] = req.matches[1];
  auto account = SaveAccount(state, *body);
  if (!account) return SendError(res, account.error());
  SendJson(res, 200, {{"id", account->id}, {"name", account->name},
                      {"business_unit", account->business_unit}, {"division", account->division},
                      {"disabled", account->disabled}});
}

void CreateProfile(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto account = state.store->FindAccount(req.matches[1]);
  if (!account) return SendError(res, account.error());
  if (!*account) return SendError(res, 404, "account_not_found", "account not found");
  auto body = ParseJsonObjectBody(req);
  if (!body) return SendError(res, body.error());
  if (!body->contains("id") || !(*body)["id"].is_string()) {
    return SendError(res, 400, "invalid_input", "$.id is required");
  }
  auto existing = state.store->GetProfile((*body)["id"].get<std::string>());
  if (!existing) return SendError(res, existing.error());
  if (*existing) return SendError(res, 409, "conflict", "a profile with this id already exists");
  auto row = SaveProfile(state, (*account)->id, std::move(*body), std::nullopt);
  if (!row) return SendError(res, row.error());
  SendJsonText(res, 201, row->json);
}

void ListProfiles(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto rows = state.store->ListProfilesOfAccount(req.matches[1]);
  if (!rows) return SendError(res, rows.error());
  std::string body = "{\"profiles\":[";
  for (size_t i = 0; i < rows->size(); ++i) body += (i ? "," : "") + (*rows)[i].json;
  SendJsonText(res, 200, body + "]}");
}

void GetProfile(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto row = state.store->GetProfile(req.matches[1]);
  if (!row) return SendError(res, row.error());
  if (!*row) return SendError(res, 404, "profile_not_found", "profile not found");
  SendJsonText(res, 200, (*row)->json);
}

void ReplaceProfile(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto existing = state.store->GetProfile(req.matches[1]);
  if (!existing) return SendError(res, existing.error());
  if (!*existing) return SendError(res, 404, "profile_not_found", "profile not found");
  auto body = ParseJsonObjectBody(req);
  if (!body) return SendError(res, body.error());
  auto row = SaveProfile(state, (*existing)->account_id, std::move(*body), (*existing)->id);
  if (!row) return SendError(res, row.error());
  SendJsonText(res, 200, row->json);
}

void EditProfile(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return SendError(res, body.error());
  auto row = PatchProfile(state, req.matches[1], *body);
  if (!row) return SendError(res, row.error());
  SendJsonText(res, 200, row->json);
}

void DeleteProfile(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  Status st = state.store->DeleteProfile(req.matches[1]);
  if (!st) return SendError(res, st.error());
  res.status = 204;
}

void CreateUser(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return SendError(res, body.error());
  auto user = SaveUser(state, req.matches[1], *body, std::nullopt);
  if (!user) return SendError(res, user.error());
  SendJson(res, 201, UserToAdminJson(*user));
}

void ListUsers(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto account = state.store->FindAccount(req.matches[1]);
  if (!account) return SendError(res, account.error());
  if (!*account) return SendError(res, 404, "account_not_found", "account not found");
  auto users = state.store->ListUsersOfAccount((*account)->id);
  if (!users) return SendError(res, users.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& u : *users) list.push_back(UserToAdminJson(u));
  SendJson(res, 200, {{"users", std::move(list)}});
}

void EditUser(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto existing = RequireUser(state, req.matches[1], res);
  if (!existing) return;
  auto body = ParseJsonObjectBody(req);
  if (!body) return SendError(res, body.error());
  auto user = SaveUser(state, existing->account_id, *body, existing);
  if (!user) return SendError(res, user.error());
  SendJson(res, 200, UserToAdminJson(*user));
}

void Assign(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto user = RequireUser(state, req.matches[1], res);
  if (!user) return;
  auto profile = state.store->GetProfile(req.matches[2]);
  if (!profile) return SendError(res, profile.error());
  if (!*profile || (*profile)->account_id != user->account_id) {
    return SendError(res, 404, "profile_not_found", "profile not found in the user's account");
  }
  if (Status st = state.store->Assign(user->id, (*profile)->id); !st) return SendError(res, st.error());
  res.status = 204;
}

void Unassign(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  if (Status st = state.store->Unassign(req.matches[1], req.matches[2]); !st) {
    return SendError(res, st.error());
  }
  res.status = 204;
}

void LoadScenario(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return SendError(res, body.error());
  if (Status st = ActivateScenario(state, *body); !st) return SendError(res, st.error());
  SendJson(res, 200, state.scenario.Describe());
}

}  // namespace

void RegisterAdminRoutes(Router& router, ServerState& state) {
  const std::string base = "/api/v1/admin";
  router.Add("PUT", base + "/accounts/{account_id}", Admin(state, PutAccount));
  router.Add("GET", base + "/accounts/{account_id}/profiles", Admin(state, ListProfiles));
  router.Add("POST", base + "/accounts/{account_id}/profiles", Admin(state, CreateProfile));
  router.Add("GET", base + "/accounts/{account_id}/users", Admin(state, ListUsers));
  router.Add("POST", base + "/accounts/{account_id}/users", Admin(state, CreateUser));
  router.Add("GET", base + "/profiles/{id}", Admin(state, GetProfile));
  router.Add("PUT", base + "/profiles/{id}", Admin(state, ReplaceProfile));
  router.Add("PATCH", base + "/profiles/{id}", Admin(state, EditProfile));
  router.Add("DELETE", base + "/profiles/{id}", Admin(state, DeleteProfile));
  router.Add("GET", base + "/users/{user_id}",
           Admin(state, [](ServerState& s, const httplib::Request& req, httplib::Response& res) {
             if (auto user = RequireUser(s, req.matches[1], res)) {
               SendJson(res, 200, UserToAdminJson(*user));
             }
           }));
  router.Add("PATCH", base + "/users/{user_id}", Admin(state, EditUser));
  router.Add("DELETE", base + "/users/{user_id}",
             Admin(state, [](ServerState& s, const httplib::Request& req, httplib::Response& res) {
               auto user = RequireUser(s, req.matches[1], res);
               if (!user) return;
               // Off the agent lists first: a failure here leaves the user in place.
               if (Status st = RemoveFromRecoveryAgents(s, *user); !st) {
                 return SendError(res, st.error());
               }
               if (Status st = s.store->DeleteUser(req.matches[1], s.Now()); !st) {
                 return SendError(res, st.error());
               }
               std::lock_guard lock(s.etag_mu);
               s.etag_cache.erase(req.matches[1]);
               res.status = 204;
             }));
  router.Add("PUT", base + "/users/{user_id}/profiles/{profile_id}", Admin(state, Assign));
  router.Add("DELETE", base + "/users/{user_id}/profiles/{profile_id}", Admin(state, Unassign));
  router.Add("GET", base + "/scenario",
           Admin(state, [](ServerState& s, const httplib::Request&, httplib::Response& res) {
             SendJson(res, 200, s.scenario.Describe());
           }));
  router.Add("PUT", base + "/scenario", Admin(state, LoadScenario));
  router.Add("DELETE", base + "/scenario",
              Admin(state, [](ServerState& s, const httplib::Request&, httplib::Response& res) {
                DeactivateScenario(s);
                res.status = 204;
              }));
}

}  // namespace trustdesk::server
