// HTTPS to one TrustDesk server: certificate and host-name verification always on, an optional
// per-server CA bundle, connect/read timeouts, HTTPS_PROXY, a response size limit enforced while
// receiving, and every exchange recorded (redacted) in the request log. Failures come back as
// values that tell unreachable, timeout, dropped connection and TLS failure (with the reason)
// apart. Thread-safe: concurrent requests each use their own pooled connection.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/api/request_log.h"
#include "core/util/clock.h"
#include "core/util/result.h"

namespace httplib {
class SSLClient;
}

namespace trustdesk {

struct HttpOptions {
  std::string server_url;  // "https://host[:port]"; a trailing path is not allowed
  std::string ca_file;     // PEM bundle trusted instead of the system store; empty = system store
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds read_timeout{30'000};
  std::size_t max_response_bytes = 64u * 1024 * 1024;
  // Proxy URL "http://[user:pass@]host:port". Unset: taken from HTTPS_PROXY / https_proxy, with
  // NO_PROXY honoured. Loopback hosts never go through a proxy.
  std::optional<std::string> proxy;
};

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PUT, DELETE
  std::string path;            // absolute path with query, e.g. "/api/v1/profiles"
  std::string body;
  std::string content_type = "application/json";
  std::string bearer_token;  // sent as "Authorization: Bearer ..."; never logged
  std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpResponse {
  int status = 0;
  std::string body;
  std::string content_type;
  std::string etag;
  std::optional<std::chrono::seconds> retry_after;
  std::chrono::milliseconds duration{0};
};

// Parses the delta-seconds or HTTP-date form of Retry-After relative to `now`.
std::optional<std::chrono::seconds> ParseRetryAfter(const std::string& value, Timestamp now);

class HttpTransport {
 public:
  // Validates the URL, CA bundle and proxy; the first connection is made by the first Send().
  static Result<std::unique_ptr<HttpTransport>> Create(
      HttpOptions options, const Clock& clock = SystemClock::Instance());
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Sends one request. Any HTTP status is a response; an Error means no complete response:
  // Network (unreachable, timeout, dropped), Tls (with the verification failure), TooLarge.
  Result<HttpResponse> Send(const HttpRequest& request);

  const HttpOptions& options() const { return options_; }
  const std::string& host() const { return host_; }
  int port() const { return port_; }
  // "host:port" of the HTTP proxy requests go through; empty when they go direct.
  std::string proxy() const {
    return proxy_host_.empty() ? std::string() : proxy_host_ + ":" + std::to_string(proxy_port_);
  }
  RequestLog& log() { return log_; }
  static std::string UserAgent();

 private:
  HttpTransport(HttpOptions options, const Clock& clock);
  // A pooled connection the server has not closed (`*reused` = true), or a new one.
  std::unique_ptr<httplib::SSLClient> Acquire(bool* reused);
  std::unique_ptr<httplib::SSLClient> Connect() const;
  void Release(std::unique_ptr<httplib::SSLClient> client);

  HttpOptions options_;
  const Clock& clock_;
  std::string host_;
  int port_ = 443;
  std::string proxy_host_;
  int proxy_port_ = 0;
  std::string proxy_user_;
  std::string proxy_password_;
  RequestLog log_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<httplib::SSLClient>> idle_;
};

// Splits "https://host[:port]" (IPv6 as "[::1]") into host and port.
Result<std::pair<std::string, int>> ParseServerUrl(const std::string& url);

}  // namespace trustdesk
