// A minimal HTTP CONNECT proxy on 127.0.0.1 for proxy tests: it records each CONNECT target and
// Proxy-Authorization header and tunnels every target to 127.0.0.1 on the requested port, so a
// client can reach a test server under a name that does not resolve.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace trustdesk::testing {

class ConnectProxy {
 public:
  ConnectProxy();
  ~ConnectProxy();
  int port() const { return port_; }
  std::vector<std::string> targets() const;        // "host:port" of each CONNECT
  std::vector<std::string> authorizations() const; // Proxy-Authorization values

 private:
  void Serve();
  void Tunnel(int client);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<std::string> targets_;
  std::vector<std::string> authorizations_;
};

}  // namespace trustdesk::testing
