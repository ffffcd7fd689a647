// The TrustDesk backend API v1 (docs/api/README.md) as typed calls: health, sign-in/out, the
// user's identity, profiles (conditional on the ETag), issued certificates, enrollment, revocation,
// key escrow and recovery, and the CA chain. Every response is validated completely (JSON limits,
// strict model mapping, PEM contents parsed) before anything is returned; errors name the route
// and the field. Thread-safe.
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

// POST /profiles/{id}/enroll: the issued certificate and the CA chain (issuing CA first).
struct EnrollResult {
  IssuedCertificate certificate;
  std::string chain_pem;
};

// POST /certificates/{serial}/recover: the escrowed key, encrypted under the caller's passphrase.
struct RecoveredKey {
  std::string serial;
  std::string encrypted_private_key_pem;  // "-----BEGIN ENCRYPTED PRIVATE KEY-----"
  std::string certificate_pem;
  std::string chain_pem;
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

  // GET /certificates?profile_id=ID: the caller's certificates issued from one profile.
  Result<std::vector<IssuedCertificate>> GetCertificatesForProfile(const std::string& token,
                                                                   const std::string& profile_id,
                                                                   CallInfo* info = nullptr);
  // GET /certificates/{serial}: one of the caller's certificates (404 → NotFound).
  Result<IssuedCertificate> GetCertificate(const std::string& token, const std::string& serial,
                                           CallInfo* info = nullptr);
  // POST /profiles/{id}/enroll with a PKCS#10 CSR; `renews_serial` marks a renewal. A refused
  // request keeps the server's message: 422 policy_violation → InvalidInput, 409
  // duplicate_not_allowed / renewal_not_possible → Conflict.
  Result<EnrollResult> Enroll(const std::string& token, const std::string& profile_id,
                              const std::string& csr_pem,
                              const std::optional<std::string>& renews_serial = std::nullopt,
                              CallInfo* info = nullptr);
  // POST /certificates/{serial}/revoke; returns the certificate as now revoked.
  Result<IssuedCertificate> Revoke(const std::string& token, const std::string& serial,
                                   RevocationReason reason, CallInfo* info = nullptr);
  // GET /escrow/certificate: the key escrow recipient certificate (PEM).
  Result<std::string> EscrowCertificate(const std::string& token, CallInfo* info = nullptr);
  // POST /certificates/{serial}/escrow with the CMS EnvelopedData (PEM) of the PKCS#8 key.
  Status Escrow(const std::string& token, const std::string& serial, const std::string& cms_pem,
                CallInfo* info = nullptr);
  // POST /certificates/{serial}/recover. `passphrase` (at least 8 characters) encrypts the key in
  // transit; `password` is the user's own sign-in password, which the server asks for again
  // before it releases a key (403 reauthentication_failed → Auth; 403 recovery_not_allowed →
  // Forbidden; 429 when throttled).
  // Neither ever appears in an error message.
  Result<RecoveredKey> Recover(const std::string& token, const std::string& serial,
                               const std::string& passphrase, const std::string& password,
                               CallInfo* info = nullptr);
  // GET /ca/chain: the issuing CA and root as a PEM bundle, every block checked to parse.
  Result<std::string> CaChain(const std::string& token, CallInfo* info = nullptr);

  const std::string& server_url() const { return transport_->options().server_url; }
  HttpTransport& transport() { return *transport_; }
  RequestLog& request_log() { return transport_->log(); }

 private:
  explicit ApiClient(std::unique_ptr<HttpTransport> transport)
      : transport_(std::move(transport)) {}
  // Sends, fills `info`, and turns a non-2xx status (other than those in `pass`) into an Error.
  Result<HttpResponse> Call(const HttpRequest& request, CallInfo* info, int pass_status = 0);
  // Call() for a GET, sent once more on a fresh connection when a pooled keep-alive connection
  // turned out to be closed by the server (no response at all): safe because GET changes nothing.
  Result<HttpResponse> CallIdempotent(const HttpRequest& request, CallInfo* info);
  Result<nlohmann::json> ParseBody(const HttpResponse& response, const std::string& target);

  std::unique_ptr<HttpTransport> transport_;
};

// A signed-in session as the job worker uses it: the client and its bearer token (memory only).
struct ApiSession {
  std::shared_ptr<ApiClient> api;
  std::string token;
};

}  // namespace trustdesk
