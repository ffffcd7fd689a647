// Keeps slow and stalled clients from starving the server's worker threads. cpp-httplib 0.11.4
// gives each connection a worker for as long as it is open and only bounds each single read (10 s),
// so a client that sends nothing, or a byte every few seconds, holds a worker as long as it likes.
// httplib has no per-connection hook before that worker starts reading, but OpenSSL has: the
// guard follows every TLS connection from the start of its handshake (SSL_CTX info callback) and
// closes (shutdown(2)) one that breaks a rule; the worker then sees end-of-stream and moves on.
//   - A request (TLS handshake, request line and headers) must arrive within `read_timeout`,
//     counted from the connection or the previous response; then its body within `read_timeout`.
//   - A response must be written within `write_timeout`.
//   - One client address holds at most `max_per_address` connections. A new one beyond that
//     replaces the address's connection that has waited longest for its request, if that one has
//     waited at least `evict_after`; otherwise the new one is closed at once.
// Handlers themselves run without a deadline (slow password hashes, scenario sleeps).
// Thread-safe: one lock guards every connection record.
#pragma once

#include <httplib.h>
#include <openssl/ssl.h>

#include <chrono>
#include <memory>

#include "core/util/result.h"

namespace trustdesk::server {

class ConnectionGuard {
 public:
  struct Limits {
    int max_per_address = 16;
    std::chrono::milliseconds read_timeout{5000};
    std::chrono::milliseconds write_timeout{10000};
    // A connection idle this long is either a keep-alive one httplib is about to close (its
    // keep-alive wait is 1 s) or a stalled client, so a newcomer may take its place.
    std::chrono::milliseconds evict_after{1000};
  };

  // Installs the callback on `ctx` (which must outlive the guard) and starts the watchdog.
  static Result<std::unique_ptr<ConnectionGuard>> Attach(SSL_CTX* ctx, Limits limits);
  ~ConnectionGuard();  // stops the watchdog; connections still open are left to httplib
  ConnectionGuard(const ConnectionGuard&) = delete;
  ConnectionGuard& operator=(const ConnectionGuard&) = delete;

  // The request pipeline reports where each connection is (Request::ssl names it):
  void HandlerStarted(const httplib::Request& req);   // no deadline while a handler runs
  void BodyExpected(const httplib::Request& req);     // the body within read_timeout
  void WritingResponse(const httplib::Request& req);  // the response within write_timeout
  // After the response: the next request within read_timeout; a response that said
  // "Connection: close" closes the connection now (httplib itself only honours the request's).
  void ResponseSent(const httplib::Request& req, const httplib::Response& res);

  struct Core;  // shared with the per-connection tickets, which may outlive the guard

 private:
  explicit ConnectionGuard(std::shared_ptr<Core> core) : core_(std::move(core)) {}
  std::shared_ptr<Core> core_;
};

}  // namespace trustdesk::server
