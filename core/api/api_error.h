// Turns a non-2xx response into a typed Error carrying the server's own message. Every server
// error body is {"error":{"code","message"}} (docs/api/README.md); anything else is still
// reported with its status so the user sees what happened.
#pragma once

#include <string>

#include "core/api/http_transport.h"
#include "core/util/result.h"

namespace trustdesk {

struct ServerError {
  int http_status = 0;
  std::string code;      // the server's snake_case code; empty if the body was not an error JSON
  std::string message;   // the server's message, or a description of the status
};

// Reads the error body of `response` (bounded; never throws).
ServerError ParseServerError(const HttpResponse& response);

// The ErrorCode for an HTTP status: 400/422 InvalidInput, 401 Auth, 403 Forbidden, 404 NotFound,
// 409 Conflict, 413 TooLarge, 429 and 5xx Server, anything else Server.
ErrorCode ErrorCodeForStatus(int status);

// "<target>: <server message> (HTTP 401 invalid_credentials)".
Error ErrorFromResponse(const HttpResponse& response, const std::string& target);

}  // namespace trustdesk
