#include "core/api/api_error.h"

#include "core/util/json_document.h"

namespace trustdesk {

ServerError ParseServerError(const HttpResponse& response) {
  ServerError out;
  out.http_status = response.status;
  JsonLimits limits;
  limits.max_bytes = 64 * 1024;  // an error body is small; a huge one is not worth reading
  limits.max_depth = 8;
  auto doc = ParseJsonDocument(response.body, "error response", limits);
  if (doc.ok() && doc->is_object()) {
    const auto it = doc->find("error");
    if (it != doc->end() && it->is_object()) {
      const auto code = it->find("code");
      const auto message = it->find("message");
      if (code != it->end() && code->is_string()) out.code = code->get<std::string>();
      if (message != it->end() && message->is_string()) {
        out.message = message->get<std::string>();
      }
    }
  }
  if (out.message.empty()) {
    out.message = response.body.empty() ? "no error details in the response"
                                         : "the error body is not TrustDesk error JSON";
  }
  // A server message is shown to the user; keep it to one readable line.
  if (out.message.size() > 500) out.message = out.message.substr(0, 500) + "...";
  for (char& c : out.message) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return out;
}

ErrorCode ErrorCodeForStatus(int status) {
  switch (status) {
    case 400:
    case 422: return ErrorCode::InvalidInput;
    case 401: return ErrorCode::Auth;
    case 403: return ErrorCode::Forbidden;
    case 404: return ErrorCode::NotFound;
    case 409: return ErrorCode::Conflict;
    case 413: return ErrorCode::TooLarge;
    default: return ErrorCode::Server;
  }
}

Error ErrorFromResponse(const HttpResponse& response, const std::string& target) {
  const ServerError se = ParseServerError(response);
  std::string detail = "HTTP " + std::to_string(response.status);
  if (!se.code.empty()) detail += " " + se.code;
  return Error{ErrorCodeForStatus(response.status),
               target + ": " + se.message + " (" + detail + ")"};
}

}  // namespace trustdesk
