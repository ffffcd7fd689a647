// GET /profiles (with ETag / If-None-Match) and GET /profiles/{id}: only the caller's assigned
// profiles of the caller's account; anything else is 404, so other accounts' ids do not leak.
#include "tools/server/auth.h"
#include "tools/server/http_util.h"
#include "tools/server/password_hash.h"
#include "tools/server/routes.h"

namespace trustdesk::server {
namespace {

bool EtagMatches(const std::string& header, const std::string& etag) {
  if (header.empty()) return false;
  if (header == "*") return true;
  // A comma-separated list; weak validators compare equal to strong ones for GET.
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t end = header.find(',', pos);
    if (end == std::string::npos) end = header.size();
    std::string item = header.substr(pos, end - pos);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (item.rfind("W/", 0) == 0) item = item.substr(2);
    if (item == etag) return true;
    pos = end + 1;
  }
  return false;
}

}  // namespace

std::string ProfileListEtag(const UserRow& user,
                            const std::vector<std::pair<std::string, int64_t>>& revisions) {
  std::string input = user.account_id + "\n" + user.id + "\n";
  for (const auto& [id, rev] : revisions) input += id + ":" + std::to_string(rev) + "\n";
  return "\"" + Sha256Hex(input).substr(0, 32) + "\"";
}

void RegisterProfileRoutes(Router& router, ServerState& state) {
  router.Add("GET", "/api/v1/profiles", [&state](const httplib::Request& req, httplib::Response& res) {
    auto caller = Authenticate(state, req, res);
    if (!caller) return;
    std::string etag;
    {
      std::lock_guard lock(state.etag_mu);
      auto it = state.etag_cache.find(caller->user.id);
      if (it != state.etag_cache.end() && it->second.first == caller->user.profiles_revision) {
        etag = it->second.second;
      }
    }
    if (etag.empty()) {
      auto revisions = state.store->ProfileRevisionsForUser(caller->user.id);
      if (!revisions) return SendError(res, revisions.error());
      etag = ProfileListEtag(caller->user, *revisions);
      std::lock_guard lock(state.etag_mu);
      state.etag_cache[caller->user.id] = {caller->user.profiles_revision, etag};
    }
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", "private, no-cache");
    if (EtagMatches(req.get_header_value("If-None-Match"), etag)) {
      res.status = 304;
      return;
    }
    auto rows = state.store->ListProfilesForUser(caller->user.id);
    if (!rows) return SendError(res, rows.error());
    // Stored profiles are canonical JSON already: concatenate instead of re-serialising.
    std::string body = "{\"revision\":" + std::to_string(caller->user.profiles_revision) +
                       ",\"profiles\":[";
    for (size_t i = 0; i < rows->size(); ++i) {
      if (i) body += ',';
      body += (*rows)[i].json;
    }
    body += "]}";
    SendJsonText(res, 200, std::move(body));
  });

  router.Add("GET", "/api/v1/profiles/{id}",
           [&state](const httplib::Request& req, httplib::Response& res) {
             auto caller = Authenticate(state, req, res);
             if (!caller) return;
             auto row = VisibleProfile(state, *caller, req.matches[1], res);
             if (!row) return;
             res.set_header("ETag", "\"r" + std::to_string(row->revision) + "\"");
             SendJsonText(res, 200, row->json);
           });
}

std::optional<ProfileRow> VisibleProfile(ServerState& state, const Caller& caller,
                                         const std::string& profile_id, httplib::Response& res) {
  auto row = state.store->GetProfile(profile_id);
  if (!row) {
    SendError(res, row.error());
    return std::nullopt;
  }
  auto assigned = state.store->IsAssigned(caller.user.id, profile_id);
  if (!assigned) {
    SendError(res, assigned.error());
    return std::nullopt;
  }
  if (!*row || (*row)->account_id != caller.account.id || !*assigned) {
    SendError(res, 404, "profile_not_found",
              "profile '" + profile_id + "' does not exist or is not assigned to you");
    return std::nullopt;
  }
  return **row;
}

}  // namespace trustdesk::server
