// trustdesk-server as a library: the reference backend and QA simulator, started in-process by
// the GUI (demo workspace), the integration tests and the `trustdesk-server` executable.
//
//   auto server = trustdesk::server::Server::Start({.data_dir = dir, .demo = true});
//   // server.value()->url() == "https://127.0.0.1:PORT", trust server.value()->ca_file()
//
// Start() returns once the HTTPS listener accepts connections; Stop() (or the destructor) stops
// it and joins every thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/util/clock.h"
#include "core/util/result.h"

namespace trustdesk::server {

struct ServerOptions {
  std::filesystem::path data_dir;        // created if missing; SQLite db, CA, admin-token live here
  uint16_t port = 0;                     // 0 = ephemeral
  bool demo = false;                     // load assets/demo on first start
  std::optional<std::filesystem::path> scenario_file;
  const Clock* clock = nullptr;          // core/util/clock.h; null = system clock

  // PBKDF2-HMAC-SHA256 iterations for new password hashes. Production keeps the default; tests
  // lower it to stay fast (existing hashes keep the cost they were made with).
  int password_hash_iterations = 600000;
  std::chrono::seconds token_lifetime = std::chrono::hours(8);
  // Worker threads: each keep-alive connection holds one while it is open.
  int threads = 64;
  // Optional TLS certificate chain and key instead of the server's own (PEM files). Clients then
  // trust whatever issued that certificate; ca_file() stays the root of the issuing CA.
  std::optional<std::filesystem::path> tls_cert_file;
  std::optional<std::filesystem::path> tls_key_file;
  // The passphrase that encrypts the key escrow private key (tools/server/ca/escrow_vault.h).
  // Without one key escrow is off, except with `demo`, which keeps a random passphrase beside the
  // data directory (escrow_setup.h).
  std::optional<std::string> escrow_passphrase;
  // PBKDF2-HMAC-SHA256 iterations when the escrow key is encrypted; tests lower it.
  int escrow_key_iterations = 600000;
};

struct ServerState;

class Server {
 public:
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options);  // returns once listening
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::string url() const;               // "https://127.0.0.1:PORT"
  uint16_t port() const;
  std::filesystem::path ca_file() const; // PEM bundle clients trust for the API's TLS
  // The root of the CA that issues user certificates (never trusted for the API's TLS).
  std::filesystem::path issuance_root_file() const;
  std::string admin_token() const;
  void Stop();                           // idempotent; also in the destructor
  // Every route as "METHOD /api/v1/path/{param}" (compared with docs/api/openapi.yaml in tests).
  std::vector<std::string> routes() const;
  // What the operator should know from start-up (key escrow off and why, the demo passphrase).
  std::vector<std::string> notices() const;

 private:
  explicit Server(std::unique_ptr<ServerState> state);
  std::unique_ptr<ServerState> state_;
};

// Where bundled assets live: $TRUSTDESK_ASSETS_DIR, else the source tree's assets/ folder.
std::filesystem::path AssetsDir();

}  // namespace trustdesk::server
