// A listening TCP socket on 127.0.0.1 with an ephemeral port, for the hand-written test servers
// (the CONNECT proxy, the TLS server that drops a request).
#pragma once

namespace trustdesk::testing {

// Returns the socket and sets `*port`; throws std::runtime_error naming `who` when it cannot.
int ListenOnLoopback(int* port, const char* who);

// The next connection on `listen_fd`, or -1 when none arrives within `timeout_ms` (so a serving
// loop can check whether it should stop).
int AcceptWithin(int listen_fd, int timeout_ms);

}  // namespace trustdesk::testing
