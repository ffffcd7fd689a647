// Route registration, one function per area, and helpers shared between route files.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/server/auth.h"
#include "tools/server/router.h"
#include "tools/server/server_state.h"

namespace trustdesk::server {

void RegisterHealthRoutes(Router& router, ServerState& state);
void RegisterProfileRoutes(Router& router, ServerState& state);
void RegisterCertificateRoutes(Router& router, ServerState& state);
void RegisterEscrowRoutes(Router& router, ServerState& state);
void RegisterAdminRoutes(Router& router, ServerState& state);

// Pre- and post-routing hooks that carry out the active scenario's plan for each request.
void InstallScenarioHooks(httplib::Server& http, ServerState& state);
// Damages the response body when the request's scenario plan says so (runs after each handler).
void ApplyScenarioBodyFault(const httplib::Request& req, httplib::Response& res);
// Parses and activates a scenario document: clock offset, on-load edits, rules.
Status ActivateScenario(ServerState& state, const nlohmann::json& doc);
void DeactivateScenario(ServerState& state);

// The profile if the caller may see it (assigned, same account); otherwise writes 404.
std::optional<ProfileRow> VisibleProfile(ServerState& state, const Caller& caller,
                                         const std::string& profile_id, httplib::Response& res);

// The caller's certificate, or writes 404 (also for another user's serial: no existence leak).
std::optional<CertificateRow> OwnCertificate(ServerState& state, const Caller& caller,
                                             const std::string& serial, httplib::Response& res);

// The list ETag: a hash of the account, the user and each assigned profile's (id, revision).
std::string ProfileListEtag(const UserRow& user,
                            const std::vector<std::pair<std::string, int64_t>>& revisions);

}  // namespace trustdesk::server
