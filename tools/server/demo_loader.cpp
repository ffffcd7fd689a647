#include "tools/server/demo_loader.h"

#include <algorithm>

#include "core/util/json_document.h"
#include "tools/server/file_util.h"
#include "tools/server/profile_service.h"
#include "tools/server/user_service.h"

namespace trustdesk::server {
namespace {

Result<nlohmann::json> ReadJsonFile(const std::filesystem::path& file) {
  auto text = ReadFileLimited(file, 4 * 1024 * 1024);
  if (!text) return text.error();
  return ParseJsonDocument(*text, file.string());
}

Status Fail(const std::filesystem::path& file, const Error& e) {
  return Error(e.code, file.string() + ": " + e.message);
}

}  // namespace

Status LoadDemoData(ServerState& state, const std::filesystem::path& demo_dir) {
  auto loaded = state.store->GetMeta("demo_loaded");
  if (!loaded) return loaded.error();
  if (*loaded) return Status::Ok();

  auto account_file = demo_dir / "account.json";
  auto doc = ReadJsonFile(account_file);
  if (!doc) return doc.error();
  if (!doc->is_object() || !doc->contains("account")) {
    return Error(ErrorCode::InvalidInput, account_file.string() + ": $.account is required");
  }
  auto account = SaveAccount(state, (*doc)["account"]);
  if (!account) return Fail(account_file, account.error());

  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(demo_dir / "profiles", ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) return Error(ErrorCode::Io, "reading " + (demo_dir / "profiles").string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<std::string> profile_ids;
  for (const auto& file : files) {
    auto profile = ReadJsonFile(file);
    if (!profile) return profile.error();
    auto row = SaveProfile(state, account->id, std::move(*profile), std::nullopt);
    if (!row) return Fail(file, row.error());
    profile_ids.push_back(row->id);
  }

  const auto users = doc->value("users", nlohmann::json::array());
  if (!users.is_array()) return Error(ErrorCode::InvalidInput, account_file.string() + ": $.users must be an array");
  for (size_t i = 0; i < users.size(); ++i) {
    nlohmann::json user_doc = users[i];
    nlohmann::json assigned = user_doc.value("profiles", nlohmann::json::array());
    user_doc.erase("profiles");
    auto user = SaveUser(state, account->id, user_doc, std::nullopt);
    if (!user) {
      return Fail(account_file, Error(user.error().code, "$.users[" + std::to_string(i) + "]: " +
                                                             user.error().message));
    }
    std::vector<std::string> ids;
    for (const auto& a : assigned) {
      if (a == "*") ids = profile_ids;
      else if (a.is_string()) ids.push_back(a.get<std::string>());
    }
    for (const auto& id : ids) {
      if (std::find(profile_ids.begin(), profile_ids.end(), id) == profile_ids.end()) {
        return Error(ErrorCode::InvalidInput, account_file.string() + ": $.users[" +
                                                  std::to_string(i) + "].profiles: unknown profile '" +
                                                  id + "'");
      }
      if (Status st = state.store->Assign(user->id, id); !st) return st;
    }
  }
  return state.store->SetMeta("demo_loaded", "1");
}

}  // namespace trustdesk::server
