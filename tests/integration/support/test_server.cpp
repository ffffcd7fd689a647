#include "tests/integration/support/test_server.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace trustdesk::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "trustdesk-it-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

TestServer::TestServer(TestServerOptions options, TestEscrowOptions escrow)
    : options_(std::move(options)), escrow_(std::move(escrow)), dir_(temp_.path()) {
  auto started = server::Server::Start(MakeOptions());
  REQUIRE_MESSAGE(started, "server did not start: " << started.error().message);
  server_ = std::move(started.value());
}

TestServer::~TestServer() {
  if (server_) server_->Stop();
  server_.reset();  // before temp_ removes the data directory
}

server::ServerOptions TestServer::MakeOptions() const {
  server::ServerOptions o;
  o.data_dir = dir_ / "data";
  o.demo = options_.demo;
  o.scenario_file = options_.scenario_file;
  o.clock = options_.clock;
  o.password_hash_iterations = options_.password_hash_iterations;
  o.escrow_passphrase = escrow_.passphrase;
  o.escrow_key_iterations = escrow_.key_iterations;
  o.threads = 16;
  return o;
}

std::unique_ptr<httplib::SSLClient> TestServer::Client() const {
  auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", port());
  client->set_ca_cert_path(ca_file().string().c_str());
  client->enable_server_certificate_verification(true);
  client->set_tcp_nodelay(true);  // no Nagle / delayed-ACK stalls between headers and body
  client->set_connection_timeout(5);
  client->set_read_timeout(10);
  return client;
}

std::string TestServer::SignIn(const std::string& username, const std::string& password,
                               const std::string& account_id) const {
  nlohmann::json body = {{"account_id", account_id}, {"username", username}, {"password", password}};
  auto res = Client()->Post("/api/v1/auth/signin", body.dump(), "application/json");
  REQUIRE_MESSAGE(res, "sign-in request failed: " << httplib::to_string(res.error()));
  REQUIRE_MESSAGE(res->status == 200, "sign-in: " << res->status << " " << res->body);
  return nlohmann::json::parse(res->body).at("token").get<std::string>();
}

void TestServer::Restart() {
  server_->Stop();
  server_.reset();
  auto started = server::Server::Start(MakeOptions());
  REQUIRE_MESSAGE(started, "server did not restart: " << started.error().message);
  server_ = std::move(started.value());
}

std::filesystem::path ScenarioPath(const std::string& name) {
  return server::AssetsDir() / "scenarios" / (name + ".json");
}

}  // namespace trustdesk::testing
