#include "tests/integration/support/api.h"

namespace trustdesk::testing {

std::string ApiResponse::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::string ApiResponse::ErrorCode() const {
  if (json.is_object() && json.contains("error") && json["error"].is_object()) {
    return json["error"].value("code", "");
  }
  return {};
}

ApiResponse Call(httplib::SSLClient& client, const std::string& method, const std::string& path,
                 const std::string& token, const nlohmann::json& body,
                 const httplib::Headers& extra) {
  httplib::Headers headers = extra;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  std::string text = body.is_null() ? std::string() : body.dump();
  auto send = [&]() -> httplib::Result {
    if (method == "POST") return client.Post(path, headers, text, "application/json");
    if (method == "PUT") return client.Put(path, headers, text, "application/json");
    if (method == "PATCH") return client.Patch(path, headers, text, "application/json");
    if (method == "DELETE") return client.Delete(path, headers, text, "application/json");
    return client.Get(path, headers);
  };
  httplib::Result res = send();
  ApiResponse out;
  if (!res) {
    out.error = res.error();
    return out;
  }
  out.status = res->status;
  out.headers = res->headers;
  out.body = res->body;
  out.json = nlohmann::json::parse(out.body, nullptr, false);
  if (out.json.is_discarded()) out.json = nullptr;
  return out;
}

}  // namespace trustdesk::testing
