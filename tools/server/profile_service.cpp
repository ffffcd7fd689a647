#include "tools/server/profile_service.h"

#include "core/model/json_mapping.h"

namespace trustdesk::server {
namespace {

// The fields the server owns, whatever the admin sent.
void CompleteServerFields(const ServerState& state, nlohmann::json& body, const ProfileRow& row) {
  body["revision"] = row.revision;
  body["issuing_ca"] = "TrustDesk Issuing CA 1";
  body["issuing_ca_chain"] = {state.ca->issuing_subject(), state.ca->root_subject()};
  body["enrollment"] = {{"url", "/api/v1/profiles/" + row.id + "/enroll"},
                        {"protocol", "trustdesk-rest-v1"}};
  body["created_at"] = FormatRfc3339(Timestamp{row.created_at});
  body["updated_at"] = FormatRfc3339(Timestamp{row.updated_at});
}

}  // namespace

Result<ProfileRow> SaveProfile(ServerState& state, const std::string& account_id,
                               nlohmann::json body, const std::optional<std::string>& id) {
  if (!body.is_object()) return Error(ErrorCode::InvalidInput, "$ must be an object");
  if (id) body["id"] = *id;
  if (!body.contains("id") || !body["id"].is_string()) {
    return Error(ErrorCode::InvalidInput, "$.id is required");
  }
  std::string profile_id = body["id"].get<std::string>();
  // Read-modify-write of the revision: one profile writer at a time.
  std::lock_guard lock(state.profile_write_mu);
  auto existing = state.store->GetProfile(profile_id);
  if (!existing) return existing.error();
  if (*existing && (*existing)->account_id != account_id) {
    return Error(ErrorCode::Conflict,
                 "profile id '" + profile_id + "' is already used by another account");
  }
  int64_t now = state.Now();
  ProfileRow row;
  row.id = profile_id;
  row.account_id = account_id;
  row.revision = *existing ? (*existing)->revision + 1 : 1;
  row.created_at = *existing ? (*existing)->created_at : now;
  row.updated_at = now;
  CompleteServerFields(state, body, row);
  auto profile = ProfileFromJson(body);
  if (!profile) return profile.error();
  row.json = ToJson(*profile).dump();
  if (Status st = state.store->PutProfile(row); !st) return st.error();
  return row;
}

Result<ProfileRow> PrepareNewProfile(ServerState& state, const std::string& account_id,
                                     nlohmann::json body) {
  if (!body.is_object() || !body.contains("id") || !body["id"].is_string()) {
    return Error(ErrorCode::InvalidInput, "$.id is required");
  }
  ProfileRow row;
  row.id = body["id"].get<std::string>();
  row.account_id = account_id;
  row.revision = 1;
  row.created_at = row.updated_at = state.Now();
  CompleteServerFields(state, body, row);
  auto profile = ProfileFromJson(body);
  if (!profile) return profile.error();
  row.json = ToJson(*profile).dump();
  return row;
}

Result<ProfileRow> PatchProfile(ServerState& state, const std::string& profile_id,
                                const nlohmann::json& patch) {
  auto existing = state.store->GetProfile(profile_id);
  if (!existing) return existing.error();
  if (!*existing) return Error(ErrorCode::NotFound, "profile '" + profile_id + "' not found");
  nlohmann::json doc = nlohmann::json::parse((*existing)->json, nullptr, false);
  if (doc.is_discarded()) return Error(ErrorCode::Internal, "stored profile is not JSON");
  doc.merge_patch(patch);
  return SaveProfile(state, (*existing)->account_id, std::move(doc), profile_id);
}

Result<Profile> LoadProfileModel(const ProfileRow& row) {
  nlohmann::json doc = nlohmann::json::parse(row.json, nullptr, false);
  if (doc.is_discarded()) return Error(ErrorCode::Internal, "stored profile " + row.id + " is not JSON");
  return ProfileFromJson(doc);
}

}  // namespace trustdesk::server
