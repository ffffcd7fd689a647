// A TLS server on 127.0.0.1 that answers the first request of its first connection, keeps that
// connection open, and closes it unanswered when the next request arrives on it — what a client
// meets when a server's keep-alive timeout fires just as a pooled connection is reused. Every
// later connection is answered ("200 {}"). One connection at a time, in its own thread.
#pragma once

#include <atomic>
#include <thread>

#include <openssl/ssl.h>

#include "core/support/tls_test_server.h"

namespace trustdesk::testing {

class DroppingTlsServer {
 public:
  explicit DroppingTlsServer(const TestPki::Leaf& leaf);
  ~DroppingTlsServer();
  DroppingTlsServer(const DroppingTlsServer&) = delete;
  DroppingTlsServer& operator=(const DroppingTlsServer&) = delete;

  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  int connections() const { return connections_.load(); }
  int requests() const { return requests_.load(); }

 private:
  void Serve();

  SSL_CTX* ctx_ = nullptr;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace trustdesk::testing
