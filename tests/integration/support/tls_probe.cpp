#include "tests/integration/support/tls_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

namespace trustdesk::testing {

TlsProbe::TlsProbe(int port, const std::string& source_ip) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, source_ip.c_str(), &local.sin_addr);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  // A blocking socket whose reads give up after 20 s: a broken server fails the test, not hangs it.
  timeval tv{20, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
    ::close(fd);
    return;
  }
  fd_ = fd;
}

TlsProbe::~TlsProbe() {
  ssl_.reset();
  if (fd_ >= 0) ::close(fd_);
}

bool TlsProbe::Handshake(const std::filesystem::path& ca_file, const TlsOffer& offer) {
  if (fd_ < 0) return false;
  ctx_.reset(SSL_CTX_new(TLS_client_method()));
  if (!ctx_) return false;
  if (offer.min_version) SSL_CTX_set_min_proto_version(ctx_.get(), offer.min_version);
  if (offer.max_version) SSL_CTX_set_max_proto_version(ctx_.get(), offer.max_version);
  // Old protocol versions need OpenSSL's security level 0 to be offered at all.
  if (offer.min_version && offer.min_version < TLS1_2_VERSION) {
    SSL_CTX_set_security_level(ctx_.get(), 0);
  }
  if (!offer.tls12_ciphers.empty() &&
      SSL_CTX_set_cipher_list(ctx_.get(), offer.tls12_ciphers.c_str()) != 1) {
    return false;
  }
  if (SSL_CTX_load_verify_locations(ctx_.get(), ca_file.c_str(), nullptr) != 1) return false;
  SSL_CTX_set_verify(ctx_.get(), SSL_VERIFY_PEER, nullptr);
  ssl_.reset(SSL_new(ctx_.get()));
  if (!ssl_) return false;
  SSL_set_fd(ssl_.get(), fd_);
  // The server's name is its address.
  X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_.get()), "127.0.0.1");
  bool ok = SSL_connect(ssl_.get()) == 1;
  ERR_clear_error();
  return ok;
}

std::string TlsProbe::cipher() const { return ssl_ ? SSL_get_cipher_name(ssl_.get()) : ""; }

std::string TlsProbe::version() const { return ssl_ ? SSL_get_version(ssl_.get()) : ""; }

bool TlsProbe::Send(const std::string& bytes) {
  if (!ssl_ || bytes.empty()) return ssl_ != nullptr;
  return SSL_write(ssl_.get(), bytes.data(), static_cast<int>(bytes.size())) ==
         static_cast<int>(bytes.size());
}

bool TlsProbe::WaitReadable(std::chrono::steady_clock::time_point deadline) {
  if (SSL_pending(ssl_.get()) > 0) return true;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(left.count())) > 0;
}

HttpReply TlsProbe::Exchange(const std::string& request, std::chrono::milliseconds timeout) {
  HttpReply reply;
  if (!Send(request)) return reply;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string data;
  char buf[4096];
  for (;;) {
    auto head_end = data.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::string head = data.substr(0, head_end);
      size_t length = 0;
      // Header names are case-insensitive; httplib writes "Content-Length".
      if (auto at = head.find("Content-Length: "); at != std::string::npos) {
        length = std::strtoul(head.c_str() + at + 16, nullptr, 10);
      }
      if (data.size() >= head_end + 4 + length) {
        reply.status = std::atoi(data.c_str() + 9);  // "HTTP/1.1 200 ..."
        reply.body = data.substr(head_end + 4, length);
        return reply;
      }
    }
    if (!WaitReadable(deadline)) return reply;
    int n = SSL_read(ssl_.get(), buf, sizeof buf);
    if (n <= 0) {
      ERR_clear_error();
      return reply;
    }
    data.append(buf, static_cast<size_t>(n));
  }
}

bool TlsProbe::WaitClosed(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return true;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[4096];
  for (;;) {
    if (!ssl_) {
      // No TLS session: watch the socket itself.
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      if (::recv(fd_, buf, sizeof buf, 0) <= 0) return true;
      continue;
    }
    if (!WaitReadable(deadline)) return false;
    int n = SSL_read(ssl_.get(), buf, sizeof buf);
    if (n <= 0) {
      ERR_clear_error();
      return true;
    }
  }
}

std::string HttpRequest(const std::string& method, const std::string& path, const std::string& body,
                        const std::string& token) {
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return request + "\r\n" + body;
}

}  // namespace trustdesk::testing
