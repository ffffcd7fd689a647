// A raw TLS client for tests that need what httplib's client cannot do: choose the source address
// (any 127.0.0.x; Linux routes all of 127/8 to the loopback interface, so each is a distinct
// client address to the server), restrict the offered protocol versions and cipher suites, and
// hold a connection open half-way through a request.
//
//   TlsProbe probe(server.port(), "127.0.0.2");
//   REQUIRE(probe.Handshake(server.ca_file(), {}));
//   auto res = probe.Exchange(HttpRequest("POST", "/api/v1/auth/signin", body));
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "core/crypto/openssl_ptr.h"

namespace trustdesk::testing {

struct TlsOffer {
  int min_version = 0;        // e.g. TLS1_2_VERSION; 0 = OpenSSL's default
  int max_version = 0;        // e.g. TLS1_2_VERSION to keep TLS 1.3 out
  std::string tls12_ciphers;  // SSL_CTX_set_cipher_list; empty = OpenSSL's default
};

struct HttpReply {
  int status = 0;  // 0: no complete response (connection closed or timed out)
  std::string body;
};

class TlsProbe {
 public:
  // Connects (TCP) from `source_ip` to 127.0.0.1:port; connected() says whether it worked.
  TlsProbe(int port, const std::string& source_ip = "127.0.0.1");
  ~TlsProbe();
  TlsProbe(const TlsProbe&) = delete;
  TlsProbe& operator=(const TlsProbe&) = delete;

  bool connected() const { return fd_ >= 0; }
  // TLS handshake with certificate verification against `ca_file`; false when it fails.
  bool Handshake(const std::filesystem::path& ca_file, const TlsOffer& offer);
  std::string cipher() const;   // negotiated suite after a successful handshake
  std::string version() const;  // "TLSv1.2", "TLSv1.3"

  // Sends raw bytes over TLS; false when the connection is gone.
  bool Send(const std::string& bytes);
  // Sends `request` and reads one HTTP/1.1 response (Content-Length bodies) within `timeout`.
  HttpReply Exchange(const std::string& request,
                     std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Waits until the server closes the connection (EOF or reset); false if still open after
  // `timeout`.
  bool WaitClosed(std::chrono::milliseconds timeout);

 private:
  bool WaitReadable(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::unique_ptr<SSL_CTX, ossl::Deleter<SSL_CTX_free>> ctx_;
  std::unique_ptr<SSL, ossl::Deleter<SSL_free>> ssl_;
};

// "METHOD path HTTP/1.1" with Host, Content-Type and Content-Length for `body`.
std::string HttpRequest(const std::string& method, const std::string& path,
                        const std::string& body = "", const std::string& token = "");

}  // namespace trustdesk::testing
