#include "tools/server/http_util.h"

#include <cstdio>

#include "core/util/json_document.h"

namespace trustdesk::server {
namespace {

struct ErrorMapping {
  int status;
  const char* code;
};

ErrorMapping MapError(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidInput: return {400, "invalid_input"};
    case ErrorCode::Parse: return {400, "malformed_input"};
    case ErrorCode::TooLarge: return {413, "too_large"};
    case ErrorCode::Auth: return {401, "unauthorized"};
    case ErrorCode::Forbidden: return {403, "forbidden"};
    case ErrorCode::NotFound: return {404, "not_found"};
    case ErrorCode::Conflict: return {409, "conflict"};
    case ErrorCode::Unsupported: return {422, "unsupported"};
    case ErrorCode::Crypto: return {500, "crypto_error"};
    case ErrorCode::Io: return {500, "storage_error"};
    default: return {500, "internal_error"};
  }
}

}  // namespace

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  // Invalid UTF-8 from stored data is replaced rather than thrown on.
  SendJsonText(res, status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void SendJsonText(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), "application/json");
}

void SendError(httplib::Response& res, int status, std::string_view code,
               std::string_view message) {
  nlohmann::json body = {{"error", {{"code", code}, {"message", message}}}};
  SendJson(res, status, body);
}

void SendError(httplib::Response& res, const Error& error) {
  ErrorMapping m = MapError(error.code);
  if (m.status >= 500) return SendInternalError(res, m.code, error.message);
  SendError(res, m.status, m.code, error.message);
}

void SendInternalError(httplib::Response& res, std::string_view code, std::string_view detail) {
  // Paths, SQL and OpenSSL messages help the operator and an attacker alike: the detail goes
  // to the server's log only.
  std::fprintf(stderr, "trustdesk-server: %.*s: %.*s\n", static_cast<int>(code.size()), code.data(),
               static_cast<int>(detail.size()), detail.data());
  SendError(res, 500, code, "internal server error; the server's log has the details");
}

Result<nlohmann::json> ParseJsonObjectBody(const httplib::Request& req) {
  if (req.body.empty()) return Error(ErrorCode::InvalidInput, "request body: a JSON object is required");
  // Size, depth and UTF-8 are checked before or while parsing; errors name the byte offset and,
  // for numbers out of range, the field ("$.account_id").
  auto doc = ParseJsonDocument(req.body, "request body", {kMaxRequestBodyBytes, kMaxJsonDepth});
  if (!doc) return doc.error();
  if (!doc->is_object()) return Error(ErrorCode::InvalidInput, "request body: $ must be an object");
  return std::move(*doc);
}

Result<std::string> RequiredString(const nlohmann::json& body, const std::string& field,
                                   std::size_t max_length) {
  auto it = body.find(field);
  if (it == body.end()) return Error(ErrorCode::InvalidInput, "$." + field + " is required");
  if (!it->is_string()) return Error(ErrorCode::InvalidInput, "$." + field + " must be a string");
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max_length) {
    return Error(ErrorCode::InvalidInput,
                 "$." + field + " is longer than " + std::to_string(max_length) + " bytes");
  }
  return s;
}

Result<std::optional<std::string>> OptionalString(const nlohmann::json& body,
                                                  const std::string& field,
                                                  std::size_t max_length) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  auto s = RequiredString(body, field, max_length);
  if (!s) return s.error();
  return std::optional<std::string>(std::move(*s));
}

std::string BearerToken(const httplib::Request& req) {
  std::string value = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (value.size() <= kPrefix.size() || value.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  return value.substr(kPrefix.size());
}

void FillDefaultErrorBody(httplib::Response& res) {
  if (!res.body.empty()) return;
  switch (res.status) {
    case 404: SendError(res, 404, "not_found", "no such route"); break;
    case 405: SendError(res, 405, "method_not_allowed", "method not allowed on this route"); break;
    case 413: SendError(res, 413, "too_large", "request body is larger than 1 MiB"); break;
    case 400: SendError(res, 400, "bad_request", "the request could not be parsed"); break;
    default:
      if (res.status >= 500) SendError(res, res.status, "internal_error", "internal server error");
      else SendError(res, res.status, "error", "request failed");
  }
}

}  // namespace trustdesk::server
