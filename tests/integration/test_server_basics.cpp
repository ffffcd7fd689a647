// The server skeleton: real HTTPS with certificate + host verification, JSON errors everywhere,
// the stdout contract of the executable, persistent CA and admin credential.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/integration/support/test_server.h"

using trustdesk::testing::TestServer;
using trustdesk::testing::TestServerOptions;

namespace {

nlohmann::json Json(const httplib::Result& res) { return nlohmann::json::parse(res->body); }

TestServerOptions NoDemo() {
  TestServerOptions o;
  o.demo = false;
  return o;
}

unsigned Mode(const std::filesystem::path& p) {
  struct stat st {};
  stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("server: health over verified HTTPS on 127.0.0.1") {
  TestServer server(NoDemo());
  CHECK(server.url() == "https://127.0.0.1:" + std::to_string(server.port()));
  auto res = server.Client()->Get("/api/v1/health");
  REQUIRE(res);
  CHECK(res->status == 200);
  auto body = Json(res);
  CHECK(body["status"] == "ok");
  CHECK(body["version"] == TRUSTDESK_VERSION);
  CHECK(body["api_version"] == 1);
}

TEST_CASE("server: a client that does not trust the CA fails verification") {
  TestServer server(NoDemo());
  TestServer other(NoDemo());  // its own, unrelated CA
  httplib::SSLClient client("127.0.0.1", server.port());
  client.set_ca_cert_path(other.ca_file().string().c_str());
  client.enable_server_certificate_verification(true);
  auto res = client.Get("/api/v1/health");
  CHECK_FALSE(res);
  CHECK(res.error() == httplib::Error::SSLServerVerification);
}

TEST_CASE("server: unknown routes and oversized bodies get JSON errors") {
  TestServer server(NoDemo());
  auto client = server.Client();
  auto res = client->Get("/api/v1/no-such-route");
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK(Json(res)["error"]["code"] == "not_found");

  std::string huge(2 * 1024 * 1024, 'x');
  res = client->Post("/api/v1/auth/signin", huge, "application/json");
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(Json(res)["error"]["code"] == "too_large");
}

TEST_CASE("server: CA, keys and admin token persist with private modes") {
  TestServer server(NoDemo());
  auto data = server.data_dir() / "data";
  CHECK(Mode(data / "admin-token") == 0600);
  CHECK(Mode(data / "ca" / "root.key") == 0600);
  CHECK(Mode(data / "ca" / "issuing.key") == 0600);
  // No escrow passphrase here, so no escrow key at all (test_server_escrow_vault.cpp).
  CHECK_FALSE(std::filesystem::exists(data / "ca" / "escrow.key"));
  CHECK(Mode(data / "ca" / "tls.key") == 0600);
  CHECK(Mode(data / "ca" / "tls-root.key") == 0600);
  CHECK(Mode(data / "trustdesk-server.db") == 0600);  // password hashes, escrowed keys
  std::string token = server.admin_token();
  std::ifstream in(server.ca_file());
  std::string bundle((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(token.size() == 64);
  server.Restart();
  CHECK(server.admin_token() == token);
  std::ifstream in2(server.ca_file());
  std::string bundle2((std::istreambuf_iterator<char>(in2)), std::istreambuf_iterator<char>());
  CHECK(bundle == bundle2);
  auto res = server.Client()->Get("/api/v1/health");
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("server: the executable prints its URL and CA as the first stdout line and stops on SIGTERM") {
  trustdesk::testing::TempDir dir;
  std::string out = (dir.path() / "stdout").string();
  std::string cmd = std::string(TRUSTDESK_BIN_DIR) + "/trustdesk-server --data '" +
                    (dir.path() / "data").string() + "' > '" + out + "' 2>/dev/null & echo $!";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  int pid = 0;
  REQUIRE(fscanf(p, "%d", &pid) == 1);
  pclose(p);
  nlohmann::json first;
  for (int i = 0; i < 500 && first.is_null(); ++i) {
    std::ifstream in(out);
    std::string line;
    if (std::getline(in, line) && !line.empty()) first = nlohmann::json::parse(line);
    else std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(first.is_object());
  std::string url = first["url"];
  CHECK(url.rfind("https://127.0.0.1:", 0) == 0);
  int port = std::stoi(url.substr(url.rfind(':') + 1));
  httplib::SSLClient client("127.0.0.1", port);
  client.set_ca_cert_path(first["ca_file"].get<std::string>().c_str());
  client.enable_server_certificate_verification(true);
  auto res = client.Get("/api/v1/health");
  REQUIRE(res);
  CHECK(res->status == 200);
  REQUIRE(kill(pid, SIGTERM) == 0);
  int status = -1;
  for (int i = 0; i < 500; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    // Not our child (started through the shell): poll for its exit instead.
    if (kill(pid, 0) != 0) {
      status = 0;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(kill(pid, 0) != 0);
}

TEST_CASE("server: --tls-cert/--tls-key replace the server's own TLS certificate") {
  trustdesk::testing::TempDir dir;
  auto cert = dir.path() / "tls.pem";
  auto key = dir.path() / "tls.key";
  std::string cmd = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
                    "-subj /CN=operator-cert -addext subjectAltName=IP:127.0.0.1 -keyout '" +
                    key.string() + "' -out '" + cert.string() + "' 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  trustdesk::server::ServerOptions o;
  o.data_dir = dir.path() / "data";
  o.password_hash_iterations = 1000;
  o.tls_cert_file = cert;
  o.tls_key_file = key;
  auto server = trustdesk::server::Server::Start(o);
  REQUIRE(server.ok());
  {
    httplib::SSLClient client("127.0.0.1", server.value()->port());
    client.set_ca_cert_path(cert.string().c_str());  // the operator's certificate, not our CA
    client.enable_server_certificate_verification(true);
    auto res = client.Get("/api/v1/health");
    REQUIRE(res);
    CHECK(res->status == 200);
  }
  server.value()->Stop();
  o.tls_key_file = dir.path() / "missing.key";
  auto bad = trustdesk::server::Server::Start(o);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("missing.key") != std::string::npos);
}
