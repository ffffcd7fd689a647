// A reference server for integration tests: starts trustdesk-server in-process on 127.0.0.1
// (ephemeral port) with its data in a fresh temporary directory, and stops it and removes the
// directory when the fixture goes out of scope.
//
//   trustdesk::testing::TestServer server;              // demo data loaded
//   auto client = server.Client();                      // real HTTPS, verification on
//   auto res = client->Get("/api/v1/health");
//   std::string token = server.SignIn("demo", "demo");  // demo account "northwind"
//
// Password hashing uses a low PBKDF2 cost so sign-ins are fast; everything else is production.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/util/clock.h"
#include "tools/server/server.h"

namespace trustdesk::testing {

// A fresh, empty temporary directory removed (recursively) in the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct TestServerOptions {
  bool demo = true;                                    // load assets/demo
  std::optional<std::filesystem::path> scenario_file;  // e.g. ScenarioPath("slow")
  const Clock* clock = nullptr;                        // null = system clock
  int password_hash_iterations = 1000;                 // PBKDF2 cost; production is 600,000
};

// Key escrow at rest (tools/server/escrow_setup.h), for the tests that look at it.
struct TestEscrowOptions {
  // The operator's escrow passphrase; without it the demo makes its own and a non-demo server
  // runs with key escrow off.
  std::optional<std::string> passphrase;
  // PBKDF2 cost of the escrow key; kept low unless a test checks the production cost.
  int key_iterations = 1000;
};

class TestServer {
 public:
  explicit TestServer(TestServerOptions options = {}, TestEscrowOptions escrow = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::string url() const { return server_->url(); }
  int port() const { return server_->port(); }
  std::filesystem::path ca_file() const { return server_->ca_file(); }  // the API's TLS anchor
  // The root user certificates chain to (never the API's TLS anchor).
  std::filesystem::path issuance_root_file() const { return server_->issuance_root_file(); }
  std::string admin_token() const { return server_->admin_token(); }
  const std::filesystem::path& data_dir() const { return dir_; }
  server::Server& server() { return *server_; }

  // An HTTPS client for this server: CA = ca_file(), certificate + host verification on.
  std::unique_ptr<httplib::SSLClient> Client() const;
  // Signs in (POST /api/v1/auth/signin) and returns the bearer token; fails the test otherwise.
  std::string SignIn(const std::string& username, const std::string& password,
                     const std::string& account_id = "northwind") const;

  // Stops the server and starts it again on the same data directory (a new port).
  void Restart();
  void Stop() { server_->Stop(); }

 private:
  server::ServerOptions MakeOptions() const;

  TestServerOptions options_;
  TestEscrowOptions escrow_;
  TempDir temp_;  // declared before server_: removed only after the server stopped
  std::filesystem::path dir_;
  std::unique_ptr<server::Server> server_;
};

// assets/scenarios/NAME.json.
std::filesystem::path ScenarioPath(const std::string& name);

}  // namespace trustdesk::testing
