#include "core/sync/network_watcher.h"

#ifdef __linux__
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#endif

namespace trustdesk {

NetworkWatcher::~NetworkWatcher() { Stop(); }

#ifdef __linux__

bool NetworkWatcher::AnnouncesConnectivity(const void* datagram, std::size_t size) {
  // Walk every message of the datagram with the kernel's own alignment rules; a malformed length
  // ends the walk (NLMSG_OK checks it against what is left).
  auto* header = static_cast<const nlmsghdr*>(datagram);
  int left = static_cast<int>(size);
  for (; NLMSG_OK(header, left); header = NLMSG_NEXT(header, left)) {
    switch (header->nlmsg_type) {
      case RTM_NEWLINK: {
        if (header->nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg))) break;
        const auto* info = static_cast<const ifinfomsg*>(NLMSG_DATA(header));
        const unsigned up = IFF_UP | IFF_RUNNING;
        if ((info->ifi_flags & up) == up && !(info->ifi_flags & IFF_LOOPBACK)) return true;
        break;
      }
      case RTM_NEWADDR:
        if (header->nlmsg_len >= NLMSG_LENGTH(sizeof(ifaddrmsg))) return true;
        break;
      case RTM_NEWROUTE: {
        if (header->nlmsg_len < NLMSG_LENGTH(sizeof(rtmsg))) break;
        const auto* route = static_cast<const rtmsg*>(NLMSG_DATA(header));
        if (route->rtm_dst_len == 0 && route->rtm_table == RT_TABLE_MAIN) return true;
        break;
      }
      default:
        break;
    }
  }
  return false;
}

Status NetworkWatcher::Start(Callback on_change) {
  if (running()) return Status::Ok();
  const int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) {
    return Error{ErrorCode::Io,
                 std::string("network watcher: netlink socket: ") + std::strerror(errno)};
  }
  sockaddr_nl address{};
  address.nl_family = AF_NETLINK;
  address.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE |
                      RTMGRP_IPV6_ROUTE;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    const std::string reason = std::strerror(errno);
    close(fd);
    return Error{ErrorCode::Io, "network watcher: netlink bind: " + reason};
  }
  if (pipe2(stop_pipe_, O_CLOEXEC) != 0) {
    const std::string reason = std::strerror(errno);
    close(fd);
    return Error{ErrorCode::Io, "network watcher: pipe: " + reason};
  }
  socket_ = fd;
  thread_ = std::thread([this, cb = std::move(on_change)] { Run(cb); });
  return Status::Ok();
}

void NetworkWatcher::Run(Callback on_change) {
  alignas(nlmsghdr) char buffer[16384];
  for (;;) {
    pollfd fds[2] = {{socket_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    const ssize_t n = recv(socket_, buffer, sizeof(buffer), MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == ENOBUFS) continue;  // ENOBUFS: overrun
      return;
    }
    if (AnnouncesConnectivity(buffer, static_cast<std::size_t>(n)) && on_change) on_change();
  }
}

void NetworkWatcher::Stop() {
  if (!running()) return;
  const char byte = 0;
  (void)!write(stop_pipe_[1], &byte, 1);
  thread_.join();
  close(socket_);
  close(stop_pipe_[0]);
  close(stop_pipe_[1]);
  socket_ = stop_pipe_[0] = stop_pipe_[1] = -1;
}

#else  // not Linux

bool NetworkWatcher::AnnouncesConnectivity(const void*, std::size_t) { return false; }

Status NetworkWatcher::Start(Callback) {
  return Error{ErrorCode::Unsupported,
               "network watcher: not available on this platform; syncs follow the retry schedule"};
}

void NetworkWatcher::Run(Callback) {}
void NetworkWatcher::Stop() {}

#endif

}  // namespace trustdesk
