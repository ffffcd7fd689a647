// Sections: URL and proxy parsing · Retry-After · pool · Send (limits, error classification).
#include "core/api/http_transport.h"

#ifndef _WIN32
#include <poll.h>
#endif

#include <httplib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/crypto/openssl_ptr.h"

namespace trustdesk {
namespace {

constexpr std::size_t kMaxIdleConnections = 4;

bool ParsePort(std::string_view text, int& port) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 1 || value > 65535) {
    return false;
  }
  port = value;
  return true;
}

// "host[:port]" or "[v6]:port" → host, port.
bool SplitHostPort(std::string_view authority, int default_port, std::string& host, int& port) {
  port = default_port;
  if (authority.empty()) return false;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return false;
    host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (rest.empty()) return !host.empty();
    return rest.front() == ':' && ParsePort(rest.substr(1), port) && !host.empty();
  }
  const auto colon = authority.rfind(':');
  if (colon == std::string_view::npos) {
    host = std::string(authority);
    return true;
  }
  host = std::string(authority.substr(0, colon));
  return !host.empty() && ParsePort(authority.substr(colon + 1), port);
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool IsLoopbackHost(const std::string& host) {
  const std::string h = Lower(host);
  return h == "localhost" || h == "::1" || h.rfind("127.", 0) == 0;
}

std::string GetEnv(const char* upper, const char* lower) {
  if (const char* v = std::getenv(upper); v && *v) return v;
  if (const char* v = std::getenv(lower); v && *v) return v;
  return {};
}

// NO_PROXY: comma-separated hosts or domain suffixes (".example.com" or "example.com"), or "*".
bool NoProxyMatches(const std::string& no_proxy, const std::string& host) {
  const std::string h = Lower(host);
  std::stringstream items(no_proxy);
  std::string item;
  while (std::getline(items, item, ',')) {
    item.erase(
        std::remove_if(item.begin(), item.end(), [](unsigned char c) { return std::isspace(c); }),
        item.end());
    item = Lower(item);
    if (item.empty()) continue;
    if (item == "*") return true;
    if (item.front() == '.') item.erase(0, 1);
    if (h == item) return true;
    if (h.size() > item.size() && h.compare(h.size() - item.size(), item.size(), item) == 0 &&
        h[h.size() - item.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

std::string VerifyFailureReason(long verify_result, const std::string& host) {
  if (verify_result != X509_V_OK && verify_result != X509_V_ERR_HOSTNAME_MISMATCH &&
      verify_result != X509_V_ERR_IP_ADDRESS_MISMATCH) {
    return std::string("certificate verification failed: ") +
           X509_verify_cert_error_string(verify_result);
  }
  return "host name verification failed: the server certificate is not valid for " + host;
}

// Makes OpenSSL's own verifier check the server's name during the handshake (RFC 6125, as curl
// does): an IP address only against IP subjectAltNames, a host name against DNS
// subjectAltNames, and the common name only when the certificate has none; no partial-label
// wildcards ("w*.example"). Every SSL object made from `ctx` inherits the check.
void RequireHostInCertificate(SSL_CTX* ctx, const std::string& host) {
  X509_VERIFY_PARAM* param = SSL_CTX_get0_param(ctx);
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1) return;
  ERR_clear_error();
  X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
}

// Checks that the CA bundle is a readable PEM file with at least one certificate.
Status CheckCaBundle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::Io, "CA bundle " + path + ": cannot be opened"};
  std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Error{ErrorCode::Crypto, ossl::LastError("CA bundle " + path)};
  ossl::X509Ptr first(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (!first) {
    return Error{ErrorCode::Parse, "CA bundle " + path + ": no PEM certificate found"};
  }
  return Status::Ok();
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

Result<std::pair<std::string, int>> ParseServerUrl(const std::string& url) {
  constexpr std::string_view kScheme = "https://";
  if (Lower(url.substr(0, kScheme.size())) != kScheme) {
    return Error{ErrorCode::InvalidInput,
                 "server URL \"" + url + "\": must start with https:// (TLS is required)"};
  }
  std::string_view rest = std::string_view(url).substr(kScheme.size());
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find_first_of("/?#@ ") != std::string_view::npos) {
    return Error{ErrorCode::InvalidInput,
                 "server URL \"" + url + "\": expected https://host[:port] with no path"};
  }
  std::string host;
  int port = 443;
  if (!SplitHostPort(rest, 443, host, port)) {
    return Error{ErrorCode::InvalidInput,
                 "server URL \"" + url + "\": host or port (1-65535) is invalid"};
  }
  return std::make_pair(host, port);
}

std::optional<std::chrono::seconds> ParseRetryAfter(const std::string& value, Timestamp now) {
  if (value.empty()) return std::nullopt;
  int64_t seconds = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && ptr == value.data() + value.size()) {
    if (seconds < 0) return std::nullopt;
    return std::chrono::seconds(seconds);
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  char weekday[4] = {}, month[4] = {}, zone[4] = {};
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  if (std::sscanf(value.c_str(), "%3s, %d %3s %d %d:%d:%d %3s", weekday, &day, month, &year, &hh,
                  &mm, &ss, zone) != 8 ||
      std::string_view(zone) != "GMT") {
    return std::nullopt;
  }
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto it = std::find(kMonths.begin(), kMonths.end(), std::string_view(month));
  if (it == kMonths.end() || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) {
    return std::nullopt;
  }
  const unsigned m = static_cast<unsigned>(it - kMonths.begin() + 1);
  const int64_t at =
      DaysFromCivil(year, m, static_cast<unsigned>(day)) * 86400 + hh * 3600 + mm * 60 + ss;
  return std::chrono::seconds(std::max<int64_t>(0, at - now.unix_seconds));
}

std::string HttpTransport::UserAgent() {
#if defined(_WIN32)
  constexpr const char* kOs = "Windows";
#elif defined(__APPLE__)
  constexpr const char* kOs = "macOS";
#elif defined(__linux__)
  constexpr const char* kOs = "Linux";
#else
  constexpr const char* kOs = "Unknown";
#endif
  return std::string("TrustDesk/") + TRUSTDESK_VERSION + " (" + kOs + ")";
}

HttpTransport::HttpTransport(HttpOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock) {}

HttpTransport::~HttpTransport() = default;

Result<std::unique_ptr<HttpTransport>> HttpTransport::Create(HttpOptions options,
                                                             const Clock& clock) {
  auto hp = ParseServerUrl(options.server_url);
  if (!hp) return hp.error();
  if (!options.ca_file.empty()) {
    if (Status s = CheckCaBundle(options.ca_file); !s) return s.error();
  }
  if (options.max_response_bytes == 0) {
    return Error{ErrorCode::InvalidInput, "max_response_bytes: must be greater than 0"};
  }
  std::unique_ptr<HttpTransport> t(new HttpTransport(std::move(options), clock));
  t->host_ = hp->first;
  t->port_ = hp->second;

  std::string proxy;
  if (t->options_.proxy) {
    proxy = *t->options_.proxy;
  } else if (!NoProxyMatches(GetEnv("NO_PROXY", "no_proxy"), t->host_)) {
    proxy = GetEnv("HTTPS_PROXY", "https_proxy");
  }
  if (!proxy.empty() && !IsLoopbackHost(t->host_)) {
    std::string_view rest = proxy;
    if (const auto scheme = rest.find("://"); scheme != std::string_view::npos) {
      const std::string s = Lower(std::string(rest.substr(0, scheme)));
      if (s != "http") {
        return Error{ErrorCode::InvalidInput,
                     "proxy: only http:// proxies are supported (got " + s + "://)"};
      }
      rest = rest.substr(scheme + 3);
    }
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
      std::string_view cred = rest.substr(0, at);
      const auto colon = cred.find(':');
      t->proxy_user_ = std::string(cred.substr(0, colon));
      if (colon != std::string_view::npos) t->proxy_password_ = std::string(cred.substr(colon + 1));
      rest = rest.substr(at + 1);
    }
    if (!SplitHostPort(rest, 8080, t->proxy_host_, t->proxy_port_)) {
      // The proxy URL may carry credentials; name only the part after them.
      return Error{ErrorCode::InvalidInput,
                   "proxy: host or port is invalid in \"" + std::string(rest) + "\""};
    }
  }
  return t;
}

// True when the server has closed a pooled keep-alive connection (its idle timeout): with no
// request outstanding, a readable socket can only mean EOF, close_notify or a reset. Reusing it
// would fail the next request — a POST half-sent on it has an unknown outcome.
static bool PeerClosedIdleConnection(const httplib::SSLClient& client) {
  if (!client.is_socket_open()) return false;
#ifdef _WIN32
  WSAPOLLFD p{};
  p.fd = client.socket();
  p.events = POLLRDNORM;
  return WSAPoll(&p, 1, 0) != 0;
#else
  pollfd p{};
  p.fd = client.socket();
  p.events = POLLIN;
  return ::poll(&p, 1, 0) != 0;
#endif
}

std::unique_ptr<httplib::SSLClient> HttpTransport::Acquire(bool* reused) {
  while (true) {
    std::unique_ptr<httplib::SSLClient> client;
    {
      std::lock_guard lock(pool_mutex_);
      if (idle_.empty()) break;
      client = std::move(idle_.back());
      idle_.pop_back();
    }
    if (!PeerClosedIdleConnection(*client)) {
      *reused = true;
      return client;
    }
  }
  *reused = false;
  return Connect();
}

std::unique_ptr<httplib::SSLClient> HttpTransport::Connect() const {
  auto client = std::make_unique<httplib::SSLClient>(host_, port_);
  client->enable_server_certificate_verification(true);
  if (!options_.ca_file.empty()) client->set_ca_cert_path(options_.ca_file);
  RequireHostInCertificate(client->ssl_context(), host_);
  using std::chrono::duration_cast;
  using std::chrono::microseconds;
  const auto ct = duration_cast<microseconds>(options_.connect_timeout).count();
  const auto rt = duration_cast<microseconds>(options_.read_timeout).count();
  client->set_connection_timeout(ct / 1'000'000, ct % 1'000'000);
  client->set_read_timeout(rt / 1'000'000, rt % 1'000'000);
  client->set_write_timeout(rt / 1'000'000, rt % 1'000'000);
  client->set_keep_alive(true);
  client->set_follow_location(false);  // a redirect is reported, never followed silently
  if (!proxy_host_.empty()) {
    client->set_proxy(proxy_host_, proxy_port_);
    if (!proxy_user_.empty()) client->set_proxy_basic_auth(proxy_user_, proxy_password_);
  }
  return client;
}

void HttpTransport::Release(std::unique_ptr<httplib::SSLClient> client) {
  std::lock_guard lock(pool_mutex_);
  if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(client));
}

Result<HttpResponse> HttpTransport::Send(const HttpRequest& request) {
  httplib::Request req;
  req.method = request.method;
  req.path = request.path;
  req.headers.emplace("User-Agent", UserAgent());
  req.headers.emplace("Accept", "application/json");
  for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
  if (!request.bearer_token.empty()) {
    req.headers.emplace("Authorization", "Bearer " + request.bearer_token);
  }
  if (request.method != "GET" && request.method != "HEAD") {
    req.body = request.body;
    req.headers.emplace("Content-Type", request.content_type);
  }

  // The limit is enforced while receiving: a declared length over it stops before the body, an
  // undeclared one stops at the first byte past it.
  std::string body;
  bool too_large = false;
  const std::size_t limit = options_.max_response_bytes;
  req.response_handler = [&](const httplib::Response& res) {
    const std::string length = res.get_header_value("Content-Length");
    uint64_t declared = 0;
    auto [p, ec] = std::from_chars(length.data(), length.data() + length.size(), declared);
    if (ec == std::errc() && declared > limit) {
      too_large = true;
      return false;
    }
    return true;
  };
  req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
    if (body.size() + n > limit) {
      too_large = true;
      return false;
    }
    body.append(data, n);
    return true;
  };

  RequestLogEntry entry;
  entry.started_at = clock_.Now();
  entry.method = request.method;
  entry.path = request.path;
  entry.bytes_sent = req.body.size();
  for (const auto& [name, value] : req.headers) entry.request_headers.emplace_back(name, value);

  const std::string target = request.method + " " + request.path;
  bool reused = false;
  auto client = Acquire(&reused);
  httplib::Response res;
  httplib::Error err = httplib::Error::Success;
  bool ok = false;
  std::chrono::milliseconds elapsed{0};
  for (int attempt = 1;; ++attempt) {
    body.clear();
    res = httplib::Response{};
    err = httplib::Error::Success;
    const auto start = clock_.Steady();
    ok = client->send(req, res, err);
    elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Steady() - start);
    // The server may close a pooled connection (its keep-alive timeout) just as it is reused,
    // after the idle check: nothing is answered. A GET or HEAD changes nothing on the server, so
    // it is sent once more on a new connection; any other request's outcome is unknown and is
    // reported as it is.
    const bool closed_under_us = err == httplib::Error::Write ||
                                 (err == httplib::Error::Read &&
                                  elapsed + std::chrono::milliseconds(50) < options_.read_timeout);
    const bool idempotent = request.method == "GET" || request.method == "HEAD";
    if (ok || !reused || attempt > 1 || !idempotent || !closed_under_us || !body.empty() ||
        too_large) {
      break;
    }
    RequestLogEntry dropped = entry;
    dropped.duration_ms = elapsed.count();
    dropped.error = target + ": the server closed the reused connection; sent again on a new one";
    log_.Add(std::move(dropped));
    client = Connect();
    reused = false;
  }
  entry.duration_ms = elapsed.count();
  entry.bytes_received = body.size();

  std::optional<Error> failure;
  if (too_large) {
    failure = Error{ErrorCode::TooLarge,
                    target + ": response exceeds the limit of " + std::to_string(limit) + " bytes"};
  } else if (!ok) {
    const std::string where = host_ + ":" + std::to_string(port_);
    switch (err) {
      case httplib::Error::Connection:
        failure = Error{ErrorCode::Network,
                        "cannot connect to " + where + ": host unreachable or connection refused"};
        break;
      case httplib::Error::ConnectionTimeout:
        failure =
            Error{ErrorCode::Network, "connecting to " + where + " timed out after " +
                                          std::to_string(options_.connect_timeout.count()) + " ms"};
        break;
      case httplib::Error::Read:
        // httplib reports a read timeout and a closed connection alike; the elapsed time tells.
        if (elapsed + std::chrono::milliseconds(50) >= options_.read_timeout) {
          failure = Error{ErrorCode::Network, target + ": timed out after " +
                                                  std::to_string(options_.read_timeout.count()) +
                                                  " ms waiting for the server's response"};
        } else {
          failure = Error{ErrorCode::Network,
                          target + ": the connection was closed before the response was complete"};
        }
        break;
      case httplib::Error::Write:
        failure = Error{ErrorCode::Network, target + ": the connection was closed while sending"};
        break;
      case httplib::Error::SSLServerVerification:
        failure = Error{ErrorCode::Tls,
                        "TLS with " + where + ": " +
                            VerifyFailureReason(client->get_openssl_verify_result(), host_)};
        break;
      case httplib::Error::SSLConnection:
        failure = Error{ErrorCode::Tls, ossl::LastError("TLS handshake with " + where + " failed")};
        break;
      case httplib::Error::SSLLoadingCerts:
        failure = Error{ErrorCode::Tls, "cannot load the CA bundle " + options_.ca_file};
        break;
      default:
        failure = Error{ErrorCode::Network, target + ": " + httplib::to_string(err)};
        break;
    }
  }
  entry.status = ok ? res.status : 0;
  if (failure) entry.error = failure->message;
  log_.Add(std::move(entry));

  if (failure) return *failure;  // the connection is dropped, not pooled
  Release(std::move(client));

  HttpResponse out;
  out.status = res.status;
  out.body = std::move(body);
  out.content_type = res.get_header_value("Content-Type");
  out.etag = res.get_header_value("ETag");
  out.retry_after = ParseRetryAfter(res.get_header_value("Retry-After"), clock_.Now());
  out.duration = elapsed;
  return out;
}

}  // namespace trustdesk
