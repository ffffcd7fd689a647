// Everything one running server owns, shared by the route handlers. Route files receive a
// ServerState& and never reach for globals.
#pragma once

#include <httplib.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/util/clock.h"
#include "tools/server/auth_service.h"
#include "tools/server/ca/certificate_authority.h"
#include "tools/server/ca/escrow_vault.h"
#include "tools/server/scenario.h"
#include "tools/server/server.h"
#include "tools/server/store.h"

namespace trustdesk::server {

struct ServerState {
  ServerOptions options;
  // Sessions, tokens and admin timestamps follow `base_clock` (injected, or the system clock).
  // The CA (issuance, revocation, CRL) follows `clock`: the base clock plus a scenario offset.
  const Clock* base_clock = nullptr;
  std::unique_ptr<OffsetClock> clock;
  std::unique_ptr<Store> store;
  std::unique_ptr<ca::CertificateAuthority> ca;
  std::unique_ptr<ca::EscrowVault> escrow;  // null: key escrow is off (no escrow passphrase)
  std::vector<std::string> notices;         // start-up notes for the operator (Server::notices)
  std::string admin_token;
  std::string url;
  uint16_t port = 0;

  ScenarioEngine scenario;
  // Every password check (sign-in, re-authentication) and its throttle.
  std::unique_ptr<AuthService> auth;
  std::mutex enroll_mu;         // duplicate-policy check + insert
  std::mutex profile_write_mu;  // profile revision read-modify-write
  // List ETags by user id, valid while the user's profiles_revision is unchanged (every change
  // to the user's list bumps it), so a 304 does not re-read every assigned profile's revision.
  std::mutex etag_mu;
  std::map<std::string, std::pair<int64_t, std::string>> etag_cache;
  std::mutex crl_mu;            // the cached CRL below
  std::string crl_der;
  int64_t crl_number = -1;
  int64_t crl_made_at = 0;

  std::unique_ptr<httplib::SSLServer> http;
  std::vector<std::string> routes;  // "GET /api/v1/health", ... (Router::routes)
  std::thread listener;
  std::atomic<bool> stopped{false};
  std::mutex stop_mu;

  int64_t Now() const { return base_clock->Now().unix_seconds; }
  Timestamp CaNow() const { return clock->Now(); }
};


}  // namespace trustdesk::server
