// How connections are followed: OpenSSL calls the info callback when a handshake starts (before
// the first byte is read), with the socket already attached; the guard registers the connection
// there and hangs a ticket on the SSL object. OpenSSL frees the ticket with the SSL object, which
// httplib does before it closes the socket, so the watchdog never shuts down a descriptor that
// was closed and reused: removing the ticket and shutting down both hold the guard's lock.
// Sections: connection records (Core) · OpenSSL glue · ConnectionGuard.
#include "tools/server/connection_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace trustdesk::server {
namespace {

using SteadyClock = std::chrono::steady_clock;

enum class Phase { Reading, Handling, Writing };

struct Connection {
  int fd = -1;
  std::string address;
  Phase phase = Phase::Reading;
  SteadyClock::time_point since;  // when the current phase started
  bool closing = false;           // shut down, waiting for httplib to let go of it
};

}  // namespace

struct ConnectionGuard::Core : std::enable_shared_from_this<ConnectionGuard::Core> {
  Core(SSL_CTX* c, Limits l) : ctx(c), limits(l) {}

  // Registers a new connection; 0 when its address is at the limit and nothing can make room.
  uint64_t Admit(int fd, const std::string& address) {
    const auto now = SteadyClock::now();
    std::lock_guard lock(mu);
    auto count = per_address.find(address);
    if (count != per_address.end() && count->second >= limits.max_per_address &&
        !EvictLongestWaiting(address, now)) {
      return 0;
    }
    ++per_address[address];
    const uint64_t id = next_id++;
    connections[id] = Connection{fd, address, Phase::Reading, now, false};
    return id;
  }

  void Remove(uint64_t id) {
    std::lock_guard lock(mu);
    auto it = connections.find(id);
    if (it == connections.end()) return;
    if (!it->second.closing) Release(it->second.address);
    connections.erase(it);
  }

  void Enter(uint64_t id, Phase phase) {
    std::lock_guard lock(mu);
    auto it = connections.find(id);
    if (it == connections.end()) return;
    it->second.phase = phase;
    it->second.since = SteadyClock::now();
  }

  void CloseNow(uint64_t id) {
    std::lock_guard lock(mu);
    auto it = connections.find(id);
    if (it != connections.end() && !it->second.closing) Close(it->second);
  }

  void Watch() {
    std::unique_lock lock(mu);
    while (!stop) {
      cv.wait_for(lock, std::chrono::milliseconds(100));
      const auto now = SteadyClock::now();
      for (auto& [id, c] : connections) {
        if (c.closing || c.phase == Phase::Handling) continue;
        const auto budget = c.phase == Phase::Reading ? limits.read_timeout : limits.write_timeout;
        if (now - c.since >= budget) Close(c);
      }
    }
  }

  void StopWatching() {
    {
      std::lock_guard lock(mu);
      stop = true;
    }
    cv.notify_all();
    if (watchdog.joinable()) watchdog.join();
  }

  SSL_CTX* const ctx;
  const Limits limits;
  std::thread watchdog;

 private:
  // Closes the address's connection that has waited longest for its request, if it has waited
  // at least evict_after. Caller holds `mu`.
  bool EvictLongestWaiting(const std::string& address, SteadyClock::time_point now) {
    Connection* longest = nullptr;
    for (auto& [id, c] : connections) {
      if (c.closing || c.address != address || c.phase != Phase::Reading) continue;
      if (now - c.since < limits.evict_after) continue;
      if (!longest || c.since < longest->since) longest = &c;
    }
    if (!longest) return false;
    Close(*longest);
    return true;
  }

  // Wakes the worker blocked on this socket: its read or write fails, and httplib closes it.
  // The descriptor is still open: the ticket's removal (before httplib's close) takes `mu` too.
  // Caller holds `mu`.
  void Close(Connection& c) {
    ::shutdown(c.fd, SHUT_RDWR);
    c.closing = true;
    Release(c.address);
  }

  void Release(const std::string& address) {
    auto it = per_address.find(address);
    if (it != per_address.end() && --it->second <= 0) per_address.erase(it);
  }

  std::mutex mu;  // everything below
  std::condition_variable cv;
  bool stop = false;
  uint64_t next_id = 1;
  std::map<uint64_t, Connection> connections;
  std::map<std::string, int> per_address;  // connections not closing, by client address
};

namespace {

struct Ticket {
  std::shared_ptr<ConnectionGuard::Core> core;
  uint64_t id;
};

void FreeTicket(void*, void* ptr, CRYPTO_EX_DATA*, int, long, void*) {
  auto* ticket = static_cast<Ticket*>(ptr);
  if (!ticket) return;  // an SSL object the guard did not follow (refused, or a client's)
  ticket->core->Remove(ticket->id);
  delete ticket;
}

// Process-wide ex_data slots: the ticket on each SSL, the guard's core on its SSL_CTX.
int TicketIndex() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, FreeTicket);
  return index;
}

int CoreIndex() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

std::string PeerAddress(int fd) {
  sockaddr_storage peer{};
  socklen_t length = sizeof peer;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) return "?";
  char text[INET6_ADDRSTRLEN] = "?";
  if (peer.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&peer)->sin_addr, text, sizeof text);
  } else if (peer.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&peer)->sin6_addr, text, sizeof text);
  }
  return text;
}

// Runs on the worker thread inside SSL_accept.
void OnHandshakeEvent(const SSL* ssl, int where, int) {
  if (!(where & SSL_CB_HANDSHAKE_START)) return;
  if (SSL_get_ex_data(ssl, TicketIndex())) return;  // already followed
  auto* core =
      static_cast<ConnectionGuard::Core*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), CoreIndex()));
  const int fd = SSL_get_fd(ssl);
  if (!core || fd < 0) return;
  const uint64_t id = core->Admit(fd, PeerAddress(fd));
  if (id == 0) {
    ::shutdown(fd, SHUT_RDWR);  // over the address's limit: the handshake fails at once
    return;
  }
  // The SSL object is httplib's and not const; OpenSSL only hands the callback a const pointer.
  SSL_set_ex_data(const_cast<SSL*>(ssl), TicketIndex(), new Ticket{core->shared_from_this(), id});
}

// The connection a request came on, or null when it is not followed.
const Ticket* TicketOf(const httplib::Request& req) {
  return req.ssl ? static_cast<const Ticket*>(SSL_get_ex_data(req.ssl, TicketIndex())) : nullptr;
}

}  // namespace

Result<std::unique_ptr<ConnectionGuard>> ConnectionGuard::Attach(SSL_CTX* ctx, Limits limits) {
  if (!ctx) return Error(ErrorCode::Internal, "connection guard: no SSL context");
  if (TicketIndex() < 0 || CoreIndex() < 0) {
    return Error(ErrorCode::Internal, "connection guard: no OpenSSL ex_data slot");
  }
  auto core = std::make_shared<Core>(ctx, limits);
  if (SSL_CTX_set_ex_data(ctx, CoreIndex(), core.get()) != 1) {
    return Error(ErrorCode::Internal, "connection guard: cannot attach to the SSL context");
  }
  SSL_CTX_set_info_callback(ctx, OnHandshakeEvent);
  core->watchdog = std::thread([c = core.get()] { c->Watch(); });
  return std::unique_ptr<ConnectionGuard>(new ConnectionGuard(std::move(core)));
}

ConnectionGuard::~ConnectionGuard() {
  // The server has stopped (no worker runs the callback any more); a context reused after this
  // is simply not followed.
  SSL_CTX_set_info_callback(core_->ctx, nullptr);
  SSL_CTX_set_ex_data(core_->ctx, CoreIndex(), nullptr);
  core_->StopWatching();
}

void ConnectionGuard::HandlerStarted(const httplib::Request& req) {
  if (const Ticket* t = TicketOf(req)) t->core->Enter(t->id, Phase::Handling);
}

void ConnectionGuard::BodyExpected(const httplib::Request& req) {
  if (const Ticket* t = TicketOf(req)) t->core->Enter(t->id, Phase::Reading);
}

void ConnectionGuard::WritingResponse(const httplib::Request& req) {
  if (const Ticket* t = TicketOf(req)) t->core->Enter(t->id, Phase::Writing);
}

void ConnectionGuard::ResponseSent(const httplib::Request& req, const httplib::Response& res) {
  const Ticket* t = TicketOf(req);
  if (!t) return;
  if (res.get_header_value("Connection") == "close") return t->core->CloseNow(t->id);
  t->core->Enter(t->id, Phase::Reading);
}

}  // namespace trustdesk::server
