// Everything one running server owns, shared by the route handlers. Route files receive a
// ServerState& and never reach for globals.
#pragma once

#include <httplib.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/util/clock.h"
#include "tools/server/ca/certificate_authority.h"
#include "tools/server/server.h"
#include "tools/server/store.h"

namespace trustdesk::server {

struct ServerState {
  ServerOptions options;
  // The server's clock: the injected (or system) clock plus a scenario-controlled offset.
  std::unique_ptr<OffsetClock> clock;
  std::unique_ptr<Store> store;
  std::unique_ptr<ca::CertificateAuthority> ca;
  std::string admin_token;
  std::string url;
  uint16_t port = 0;

  std::unique_ptr<httplib::SSLServer> http;
  std::thread listener;
  std::atomic<bool> stopped{false};
  std::mutex stop_mu;

  int64_t Now() const { return clock->Now().unix_seconds; }
};

// Route registration, one function per area (routes_*.cpp).
void RegisterHealthRoutes(httplib::Server& http, ServerState& state);

}  // namespace trustdesk::server
