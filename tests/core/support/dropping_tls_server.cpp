#include "core/support/dropping_tls_server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "core/support/loopback_listener.h"

namespace trustdesk::testing {
namespace {

// Reads one HTTP request (headers, then a Content-Length body). False when the peer closed.
bool ReadRequest(SSL* ssl) {
  std::string data;
  char buf[4096];
  std::size_t header_end = std::string::npos;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    const int n = SSL_read(ssl, buf, sizeof buf);
    if (n <= 0) return false;
    data.append(buf, static_cast<std::size_t>(n));
  }
  std::string headers = data.substr(0, header_end);
  std::transform(headers.begin(), headers.end(), headers.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::size_t body = 0;
  if (const auto at = headers.find("content-length:"); at != std::string::npos) {
    body = std::strtoul(headers.c_str() + at + 15, nullptr, 10);
  }
  while (data.size() < header_end + 4 + body) {
    const int n = SSL_read(ssl, buf, sizeof buf);
    if (n <= 0) return false;
    data.append(buf, static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

DroppingTlsServer::DroppingTlsServer(const TestPki::Leaf& leaf) {
  ctx_ = SSL_CTX_new(TLS_server_method());
  if (ctx_ == nullptr || SSL_CTX_use_certificate(ctx_, leaf.cert.get()) != 1 ||
      SSL_CTX_use_PrivateKey(ctx_, leaf.key.get()) != 1) {
    throw std::runtime_error("DroppingTlsServer: cannot set up TLS");
  }
  listen_fd_ = ListenOnLoopback(&port_, "DroppingTlsServer");
  thread_ = std::thread([this] { Serve(); });
}

DroppingTlsServer::~DroppingTlsServer() {
  stop_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  thread_.join();
  ::close(listen_fd_);
  SSL_CTX_free(ctx_);
}

void DroppingTlsServer::Serve() {
  static const std::string kAnswer =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
      "Connection: keep-alive\r\n\r\n{}";
  while (!stop_) {
    const int fd = AcceptWithin(listen_fd_, 100);
    if (fd < 0) continue;
    const int connection = ++connections_;
    SSL* ssl = SSL_new(ctx_);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) == 1) {
      for (int served = 0; ReadRequest(ssl); ++served) {
        ++requests_;
        if (connection == 1 && served == 1) break;  // dropped: closed with no answer
        SSL_write(ssl, kAnswer.data(), static_cast<int>(kAnswer.size()));
      }
    }
    SSL_free(ssl);
    ::close(fd);
  }
}

}  // namespace trustdesk::testing
