// The TrustDesk backend API v1 (docs/api/README.md) as typed calls: health, sign-in/out, the
// user's identity, profiles (conditional on the ETag) and issued certificates. Every response is
// validated completely (JSON limits, strict model mapping) before anything is returned; errors
// name the route and the field. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/api/http_transport.h"
#include "core/model/account.h"
#include "core/model/issued_certificate.h"
#include "core/model/json_mapping.h"
#include "core/util/result.h"

namespace trustdesk {

// What happened on the wire during one call, for the sync timeline and back-off.
struct CallInfo {
  int http_status = 0;                          // 0 when no response arrived
  uint64_t bytes = 0;                           // response body bytes
  std::optional<std::chrono::seconds> retry_after;
  std::string server_error_code;                // e.g. "token_expired", "account_disabled"
};

struct ServerHealth {
  std::string status;
  std::string version;
  int api_version = 0;
};

struct SignInResult {
  std::string token;
  std::optional<Timestamp> expires_at;
  Account account;
};

struct ProfilesFetch {
  bool not_modified = false;   // 304: `list` is empty and nothing was parsed
  std::string etag;
  ProfileList list;
};

// The API version this client speaks and the oldest server release it accepts.
inline constexpr int kApiVersion = 1;
inline constexpr int kMinServerMajor = 2;
inline constexpr int kMinServerMinor = 0;

class ApiClient {
 public:
  static Result<std::unique_ptr<ApiClient>> Create(HttpOptions options,
                                                   const Clock& clock = SystemClock::Instance());

  // GET /health. Fails with Unsupported when the server is too old or speaks another API version.
  Result<ServerHealth> Health(CallInfo* info = nullptr);
  // POST /auth/signin. 401 → Auth (wrong credentials), 403 → Forbidden (account disabled).
  Result<SignInResult> SignIn(const std::string& account_id, const std::string& username,
                              const std::string& password, CallInfo* info = nullptr);
  Status SignOut(const std::string& token, CallInfo* info = nullptr);
  // GET /me: the user's identity and attributes ("Sync user").
  Result<Account> Me(const std::string& token, CallInfo* info = nullptr);
  // GET /profiles with If-None-Match when `etag` is set; 304 returns not_modified unparsed.
  Result<ProfilesFetch> GetProfiles(const std::string& token, const std::string& etag,
                                    CallInfo* info = nullptr);
  // GET /certificates: the caller's issued certificates.
  Result<std::vector<IssuedCertificate>> GetCertificates(const std::string& token,
                                                         CallInfo* info = nullptr);

  const std::string& server_url() const { return transport_->options().server_url; }
  HttpTransport& transport() { return *transport_; }
  RequestLog& request_log() { return transport_->log(); }

 private:
  explicit ApiClient(std::unique_ptr<HttpTransport> transport)
      : transport_(std::move(transport)) {}
  // Sends, fills `info`, and turns a non-2xx status (other than those in `pass`) into an Error.
  Result<HttpResponse> Call(const HttpRequest& request, CallInfo* info, int pass_status = 0);
  Result<nlohmann::json> ParseBody(const HttpResponse& response, const std::string& target);

  std::unique_ptr<HttpTransport> transport_;
};

}  // namespace trustdesk
