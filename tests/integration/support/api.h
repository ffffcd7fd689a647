// Small helpers for calling the server's JSON API in tests.
#pragma once

#include <httplib.h>

#include <string>

#include <nlohmann/json.hpp>

namespace trustdesk::testing {

struct ApiResponse {
  int status = 0;           // 0 when the request failed at the transport level
  httplib::Error error = httplib::Error::Success;
  httplib::Headers headers;
  std::string body;
  nlohmann::json json;      // parsed body, or null when it is not JSON
  std::string Header(const std::string& name) const;
  std::string ErrorCode() const;  // json["error"]["code"] or ""
};

// method: GET POST PUT PATCH DELETE. `token` may be empty.
ApiResponse Call(httplib::SSLClient& client, const std::string& method, const std::string& path,
                 const std::string& token, const nlohmann::json& body = nullptr,
                 const httplib::Headers& extra = {});

}  // namespace trustdesk::testing
