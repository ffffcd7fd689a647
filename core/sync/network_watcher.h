// Tells the sync engine when the network comes back (SPEC §4: "syncs ... when the network
// returns"). On Linux it listens on a NETLINK_ROUTE socket for links going up and addresses or
// default routes being added — the kernel's own notification, no polling. Other platforms have no
// watcher in this build: Start() says so and the engine's retry schedule covers the gap.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>

#include "core/util/result.h"

namespace trustdesk {

class NetworkWatcher {
 public:
  using Callback = std::function<void()>;

  NetworkWatcher() = default;
  ~NetworkWatcher();
  NetworkWatcher(const NetworkWatcher&) = delete;
  NetworkWatcher& operator=(const NetworkWatcher&) = delete;

  // Starts the watcher thread; `on_change` runs on it for every change that can bring
  // connectivity back (keep it short: e.g. SyncEngine::NetworkAvailable, which only queues).
  Status Start(Callback on_change);
  void Stop();
  bool running() const { return thread_.joinable(); }

  // True when a raw netlink datagram announces something that can restore connectivity: a link
  // that is up and running, a new address, or a new default route. Exposed for tests.
  static bool AnnouncesConnectivity(const void* datagram, std::size_t size);

 private:
  void Run(Callback on_change);

  int socket_ = -1;
  int stop_pipe_[2] = {-1, -1};
  std::thread thread_;
};

}  // namespace trustdesk
