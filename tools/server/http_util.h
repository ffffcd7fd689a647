// HTTP helpers shared by every route: JSON bodies in and out, the one error shape
// {"error":{"code","message"}}, and the mapping from core ErrorCode to HTTP status.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/util/result.h"

namespace trustdesk::server {

constexpr std::size_t kMaxRequestBodyBytes = 1024 * 1024;  // 1 MiB; larger bodies get 413
constexpr int kMaxJsonDepth = 32;

void SendJson(httplib::Response& res, int status, const nlohmann::json& body);
// Sends an already serialised JSON document.
void SendJsonText(httplib::Response& res, int status, std::string body);
void SendError(httplib::Response& res, int status, std::string_view code,
               std::string_view message);
// Maps an Error to its status and snake_case code (InvalidInput -> 400 invalid_input ...).
// A 5xx goes out through SendInternalError: the message stays in the log.
void SendError(httplib::Response& res, const Error& error);
// 500 `code` with a fixed message; `detail` (exception text, SQL, paths) goes to stderr only.
void SendInternalError(httplib::Response& res, std::string_view code, std::string_view detail);

// Parses the request body as one JSON object. Checks the size, nesting depth and type first,
// and names the problem (byte offset for syntax errors, the field's path for a number out of
// range) in the message.
Result<nlohmann::json> ParseJsonObjectBody(const httplib::Request& req);

// Typed field access for request bodies: a missing or mistyped field is an InvalidInput error
// naming "$.field".
Result<std::string> RequiredString(const nlohmann::json& body, const std::string& field,
                                   std::size_t max_length = 4096);
Result<std::optional<std::string>> OptionalString(const nlohmann::json& body,
                                                  const std::string& field,
                                                  std::size_t max_length = 4096);

// The bearer token from "Authorization: Bearer <token>", or empty.
std::string BearerToken(const httplib::Request& req);

// Fills an empty error body for statuses httplib produces itself (404 no route, 413, 400 ...).
void FillDefaultErrorBody(httplib::Response& res);

}  // namespace trustdesk::server
