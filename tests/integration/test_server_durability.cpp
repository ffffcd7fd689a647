// Durability: the trustdesk-server process is killed with SIGKILL in the middle of a burst of
// enrollments; after a restart every certificate a client received is in the database and the
// CA still signs with the same chain.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "tests/integration/support/api.h"
#include "tests/integration/support/csr_factory.h"
#include "tests/integration/support/test_server.h"

extern char** environ;

using namespace trustdesk::testing;

namespace {

// trustdesk-server as a child process; its first stdout line gives the URL and CA file.
struct ServerProcess {
  pid_t pid = -1;
  int port = 0;
  std::string ca_file;

  ServerProcess(const std::filesystem::path& data, const std::filesystem::path& out) {
    std::string exe = std::string(TRUSTDESK_BIN_DIR) + "/trustdesk-server";
    std::vector<std::string> args = {exe, "--data", data.string(), "--demo",
                                     "--password-iterations", "1000"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    REQUIRE(posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    for (int i = 0; i < 1000 && port == 0; ++i) {
      std::ifstream in(out);
      std::string line;
      if (std::getline(in, line) && !line.empty() && line.back() == '}') {
        auto doc = nlohmann::json::parse(line);
        std::string url = doc["url"];
        port = std::stoi(url.substr(url.rfind(':') + 1));
        ca_file = doc["ca_file"];
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    REQUIRE(port > 0);
  }
  ~ServerProcess() { Kill(SIGTERM); }

  void Kill(int sig) {
    if (pid <= 0) return;
    kill(pid, sig);
    int status = 0;
    waitpid(pid, &status, 0);
    pid = -1;
  }

  std::unique_ptr<httplib::SSLClient> Client() const {
    auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
    c->set_ca_cert_path(ca_file.c_str());
    c->enable_server_certificate_verification(true);
    c->set_read_timeout(10);
    return c;
  }

  std::string SignIn() const {
    auto res = Call(*Client(), "POST", "/api/v1/auth/signin", "",
                    {{"account_id", "northwind"}, {"username", "demo"}, {"password", "demo"}});
    REQUIRE(res.status == 200);
    return res.json["token"];
  }
};

std::string EnrollBody(int n) {
  std::string host = "svc" + std::to_string(n) + ".northwind.example";
  return MakeCsr({"EC:P-256", {{"CN", host}}, {"DNS:" + host}}).csr_pem;
}

}  // namespace

TEST_CASE("server durability: SIGKILL during a burst of enrollments loses nothing acknowledged") {
  // Writes to a socket whose server was just killed must fail with EPIPE, not kill the test.
  signal(SIGPIPE, SIG_IGN);
  TempDir dir;
  auto data = dir.path() / "data";
  std::vector<std::string> received;
  std::string chain_before;
  {
    ServerProcess server(data, dir.path() / "out1");
    std::string admin = [&] {
      std::ifstream in(data / "admin-token");
      std::string t;
      in >> t;
      return t;
    }();
    // Room for many active certificates on one profile.
    REQUIRE(Call(*server.Client(), "PATCH", "/api/v1/admin/profiles/nw-web-server", admin,
                 {{"policy", {{"duplicates", {{"allowed", true}, {"max_active", 1000}}}}}})
                .status == 200);
    std::string token = server.SignIn();
    chain_before = Call(*server.Client(), "GET", "/api/v1/ca/chain", "").body;
    // CSRs are prepared up front so the burst is only requests.
    std::vector<std::string> csrs;
    for (int i = 0; i < 200; ++i) csrs.push_back(EnrollBody(i));

    std::mutex mu;
    std::atomic<int> next{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> workers;
    for (int w = 0; w < 4; ++w) {
      workers.emplace_back([&] {
        auto client = server.Client();
        while (!stop) {
          int i = next++;
          if (i >= static_cast<int>(csrs.size())) break;
          auto res = Call(*client, "POST", "/api/v1/profiles/nw-web-server/enroll", token,
                          {{"csr_pem", csrs[static_cast<size_t>(i)]}});
          if (res.status == 201) {
            std::lock_guard lock(mu);
            received.push_back(res.json["certificate"]["serial"]);
          } else if (res.status == 0) {
            break;  // the server is gone
          }
        }
      });
    }
    for (int i = 0; i < 2000; ++i) {
      {
        std::lock_guard lock(mu);
        if (received.size() >= 20) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    server.Kill(SIGKILL);  // mid-burst: requests are in flight
    stop = true;
    for (auto& t : workers) t.join();
  }
  REQUIRE(received.size() >= 20);
  MESSAGE("certificates acknowledged before SIGKILL: " << received.size());

  ServerProcess restarted(data, dir.path() / "out2");
  std::string token = restarted.SignIn();
  auto list = Call(*restarted.Client(), "GET", "/api/v1/certificates?profile_id=nw-web-server", token);
  REQUIRE(list.status == 200);
  MESSAGE("certificates stored after restart: " << list.json["certificates"].size());
  std::set<std::string> stored;
  for (const auto& c : list.json["certificates"]) stored.insert(c["serial"].get<std::string>());
  for (const auto& serial : received) CHECK_MESSAGE(stored.count(serial) == 1, "lost " << serial);
  CHECK(Call(*restarted.Client(), "GET", "/api/v1/ca/chain", "").body == chain_before);
  auto after = Call(*restarted.Client(), "POST", "/api/v1/profiles/nw-web-server/enroll", token,
                    {{"csr_pem", EnrollBody(999)}});
  CHECK(after.status == 201);
}
