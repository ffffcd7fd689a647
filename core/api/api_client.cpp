#include "core/api/api_client.h"

#include <charconv>

#include "core/api/api_error.h"
#include "core/util/json_document.h"

namespace trustdesk {
namespace {

constexpr const char* kPrefix = "/api/v1";
constexpr std::size_t kMaxTokenLength = 4096;

std::string Target(const HttpRequest& r) { return r.method + " " + r.path; }

// "2.1.0" → (2, 1); nullopt unless it starts with MAJOR.MINOR digits.
std::optional<std::pair<int, int>> MajorMinor(const std::string& version) {
  int major = 0, minor = 0;
  const char* p = version.data();
  const char* end = p + version.size();
  auto r1 = std::from_chars(p, end, major);
  if (r1.ec != std::errc() || r1.ptr == end || *r1.ptr != '.') return std::nullopt;
  auto r2 = std::from_chars(r1.ptr + 1, end, minor);
  if (r2.ec != std::errc()) return std::nullopt;
  return std::make_pair(major, minor);
}

Result<std::string> RequiredString(const nlohmann::json& j, const char* key,
                                   const std::string& where) {
  const auto it = j.find(key);
  if (it == j.end()) return Error{ErrorCode::Parse, where + ".$." + key + ": missing"};
  if (!it->is_string()) return Error{ErrorCode::Parse, where + ".$." + key + ": must be a string"};
  return it->get<std::string>();
}

}  // namespace

Result<std::unique_ptr<ApiClient>> ApiClient::Create(HttpOptions options, const Clock& clock) {
  auto transport = HttpTransport::Create(std::move(options), clock);
  if (!transport) return transport.error();
  return std::unique_ptr<ApiClient>(new ApiClient(std::move(transport.value())));
}

Result<HttpResponse> ApiClient::Call(const HttpRequest& request, CallInfo* info, int pass_status) {
  auto res = transport_->Send(request);
  if (info) *info = CallInfo{};
  if (!res) return res.error();
  if (info) {
    info->http_status = res->status;
    info->bytes = res->body.size();
    info->retry_after = res->retry_after;
  }
  if ((res->status >= 200 && res->status < 300) || res->status == pass_status) return res;
  if (info) info->server_error_code = ParseServerError(*res).code;
  return ErrorFromResponse(*res, Target(request));
}

Result<nlohmann::json> ApiClient::ParseBody(const HttpResponse& response,
                                            const std::string& target) {
  // A proxy or captive portal answering with HTML is named as such instead of a JSON parse error.
  if (!response.content_type.empty() &&
      response.content_type.find("json") == std::string::npos) {
    return Error{ErrorCode::Parse, target + ": expected a JSON response but got Content-Type " +
                                       response.content_type};
  }
  JsonLimits limits;
  limits.max_bytes = transport_->options().max_response_bytes;
  auto doc = ParseJsonDocument(response.body, target + " response", limits);
  if (!doc) return doc.error();
  if (!doc->is_object()) {
    return Error{ErrorCode::Parse, target + " response: $: must be a JSON object"};
  }
  return doc;
}

Result<ServerHealth> ApiClient::Health(CallInfo* info) {
  HttpRequest req;
  req.path = std::string(kPrefix) + "/health";
  auto res = Call(req, info);
  if (!res) return res.error();
  auto doc = ParseBody(*res, Target(req));
  if (!doc) return doc.error();
  const std::string where = Target(req) + " response";
  ServerHealth h;
  auto status = RequiredString(*doc, "status", where);
  if (!status) return status.error();
  auto version = RequiredString(*doc, "version", where);
  if (!version) return version.error();
  h.status = *status;
  h.version = *version;
  const auto api = doc->find("api_version");
  if (api == doc->end() || !api->is_number_integer()) {
    return Error{ErrorCode::Unsupported,
                 "server " + h.version + " does not report an API version; TrustDesk " +
                     TRUSTDESK_VERSION + " needs API v" + std::to_string(kApiVersion)};
  }
  h.api_version = api->get<int>();
  if (h.api_version != kApiVersion) {
    return Error{ErrorCode::Unsupported, "server speaks API v" + std::to_string(h.api_version) +
                                             "; TrustDesk " + TRUSTDESK_VERSION + " needs API v" +
                                             std::to_string(kApiVersion)};
  }
  const auto mm = MajorMinor(h.version);
  if (!mm || *mm < std::make_pair(kMinServerMajor, kMinServerMinor)) {
    return Error{ErrorCode::Unsupported,
                 "server version " + h.version + " is too old; TrustDesk " + TRUSTDESK_VERSION +
                     " needs " + std::to_string(kMinServerMajor) + "." +
                     std::to_string(kMinServerMinor) + " or newer"};
  }
  if (h.status != "ok") {
    return Error{ErrorCode::Server, "server reports status \"" + h.status + "\""};
  }
  return h;
}

Result<SignInResult> ApiClient::SignIn(const std::string& account_id, const std::string& username,
                                       const std::string& password, CallInfo* info) {
  HttpRequest req;
  req.method = "POST";
  req.path = std::string(kPrefix) + "/auth/signin";
  req.body = nlohmann::json{{"account_id", account_id}, {"username", username},
                            {"password", password}}
                 .dump();
  auto res = Call(req, info);
  if (!res) {
    Error e = res.error();
    e.message = RedactValue(e.message, password);
    return e;
  }
  auto doc = ParseBody(*res, Target(req));
  if (!doc) return doc.error();
  const std::string where = Target(req) + " response";
  SignInResult out;
  auto token = RequiredString(*doc, "token", where);
  if (!token) return token.error();
  if (token->empty() || token->size() > kMaxTokenLength ||
      token->find_first_of(" \r\n\t") != std::string::npos) {
    return Error{ErrorCode::Parse, where + ".$.token: must be 1-4096 characters without spaces"};
  }
  out.token = *token;
  if (const auto exp = doc->find("expires_at"); exp != doc->end() && !exp->is_null()) {
    if (!exp->is_string()) return Error{ErrorCode::Parse, where + ".$.expires_at: must be a string"};
    out.expires_at = ParseRfc3339(exp->get<std::string>());
    if (!out.expires_at) {
      return Error{ErrorCode::Parse, where + ".$.expires_at: not an RFC 3339 timestamp"};
    }
  }
  const auto acc = doc->find("account");
  if (acc == doc->end()) return Error{ErrorCode::Parse, where + ".$.account: missing"};
  auto account = AccountFromJson(*acc, "$.account");
  if (!account) return Error{account.error().code, where + ": " + account.error().message};
  out.account = std::move(account.value());
  return out;
}

Status ApiClient::SignOut(const std::string& token, CallInfo* info) {
  HttpRequest req;
  req.method = "POST";
  req.path = std::string(kPrefix) + "/auth/signout";
  req.bearer_token = token;
  auto res = Call(req, info);
  if (!res) return res.error();
  return Status::Ok();
}

Result<Account> ApiClient::Me(const std::string& token, CallInfo* info) {
  HttpRequest req;
  req.path = std::string(kPrefix) + "/me";
  req.bearer_token = token;
  auto res = Call(req, info);
  if (!res) return res.error();
  auto doc = ParseBody(*res, Target(req));
  if (!doc) return doc.error();
  auto account = AccountFromJson(*doc);
  if (!account) return Error{account.error().code, Target(req) + " response: " + account.error().message};
  return account;
}

Result<ProfilesFetch> ApiClient::GetProfiles(const std::string& token, const std::string& etag,
                                             CallInfo* info) {
  HttpRequest req;
  req.path = std::string(kPrefix) + "/profiles";
  req.bearer_token = token;
  if (!etag.empty()) req.headers.emplace_back("If-None-Match", etag);
  auto res = Call(req, info, /*pass_status=*/304);
  if (!res) return res.error();
  ProfilesFetch out;
  out.etag = res->etag;
  if (res->status == 304) {
    out.not_modified = true;
    if (out.etag.empty()) out.etag = etag;
    return out;
  }
  auto doc = ParseBody(*res, Target(req));
  if (!doc) return doc.error();
  auto list = ProfileListFromJson(*doc);
  if (!list) return Error{list.error().code, Target(req) + " response: " + list.error().message};
  out.list = std::move(list.value());
  return out;
}

Result<std::vector<IssuedCertificate>> ApiClient::GetCertificates(const std::string& token,
                                                                  CallInfo* info) {
  HttpRequest req;
  req.path = std::string(kPrefix) + "/certificates";
  req.bearer_token = token;
  auto res = Call(req, info);
  if (!res) return res.error();
  auto doc = ParseBody(*res, Target(req));
  if (!doc) return doc.error();
  auto certs = IssuedCertificateListFromJson(*doc);
  if (!certs) return Error{certs.error().code, Target(req) + " response: " + certs.error().message};
  return certs;
}

}  // namespace trustdesk
