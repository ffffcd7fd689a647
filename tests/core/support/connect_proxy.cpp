#include "core/support/connect_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "core/support/loopback_listener.h"

namespace trustdesk::testing {
namespace {

bool SendAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    const ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
    if (w <= 0) return false;
    data += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

std::string HeaderValue(const std::string& head, const std::string& name) {
  const std::string key = "\r\n" + name + ": ";
  const auto at = head.find(key);
  if (at == std::string::npos) return {};
  const auto start = at + key.size();
  return head.substr(start, head.find("\r\n", start) - start);
}

}  // namespace

ConnectProxy::ConnectProxy() {
  listen_fd_ = ListenOnLoopback(&port_, "ConnectProxy");
  thread_ = std::thread([this] { Serve(); });
}

ConnectProxy::~ConnectProxy() {
  stop_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  thread_.join();
  ::close(listen_fd_);
}

std::vector<std::string> ConnectProxy::targets() const {
  std::lock_guard lock(mutex_);
  return targets_;
}

std::vector<std::string> ConnectProxy::authorizations() const {
  std::lock_guard lock(mutex_);
  return authorizations_;
}

void ConnectProxy::Serve() {
  while (!stop_) {
    const int client = AcceptWithin(listen_fd_, 100);
    if (client < 0) continue;
    Tunnel(client);  // one tunnel at a time is all the tests need
    ::close(client);
  }
}

void ConnectProxy::Tunnel(int client) {
  std::string head;
  char buf[16384];
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < 8192) {
    const ssize_t n = ::recv(client, buf, sizeof buf, 0);
    if (n <= 0) return;
    head.append(buf, static_cast<size_t>(n));
  }
  if (head.rfind("CONNECT ", 0) != 0) return;
  const std::string target = head.substr(8, head.find(' ', 8) - 8);
  {
    std::lock_guard lock(mutex_);
    targets_.push_back(target);
    authorizations_.push_back(HeaderValue(head, "Proxy-Authorization"));
  }
  const int port = std::stoi(target.substr(target.rfind(':') + 1));
  const int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(upstream, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    SendAll(client, "HTTP/1.1 502 Bad Gateway\r\n\r\n", 28);
    ::close(upstream);
    return;
  }
  const char ok[] = "HTTP/1.1 200 Connection established\r\n\r\n";
  SendAll(client, ok, sizeof ok - 1);
  pollfd fds[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
  while (!stop_) {
    if (::poll(fds, 2, 100) < 0) break;
    bool closed = false;
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::recv(fds[i].fd, buf, sizeof buf, 0);
      if (n <= 0 || !SendAll(fds[1 - i].fd, buf, static_cast<size_t>(n))) closed = true;
    }
    if (closed) break;
  }
  ::close(upstream);
}

}  // namespace trustdesk::testing
