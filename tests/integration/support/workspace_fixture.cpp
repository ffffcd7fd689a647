#include "tests/integration/support/workspace_fixture.h"

#include <fstream>
#include <sstream>
#include <thread>

namespace trustdesk::testing {

WorkspaceOptions MakeWorkspaceOptions(const std::filesystem::path& dir,
                                      std::shared_ptr<SecretStore> secrets, const Clock* clock,
                                      bool monitor) {
  WorkspaceOptions o;
  o.data_dir = dir;
  o.clock = clock;
  o.secrets = std::move(secrets);
  o.flags.monitor = monitor;
  o.flags.seed = 7;
  o.http.connect_timeout = std::chrono::seconds(5);
  o.http.read_timeout = std::chrono::seconds(10);
  return o;
}

SignInRequest MakeSignIn(const TestServer& server, const std::string& user,
                         const std::string& password, bool remember) {
  SignInRequest r;
  r.server_url = server.url();
  r.ca_file = server.ca_file().string();
  r.account_id = "northwind";
  r.username = user;
  r.password = password;
  r.remember = remember;
  return r;
}

bool WaitForSnapshot(Workspace& ws, const std::function<bool(const Snapshot&)>& condition,
                     std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition(*ws.Current())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition(*ws.Current());
}

std::map<std::string, std::string> ReadAllFiles(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    out[entry.path().string()] = text.str();
  }
  return out;
}

}  // namespace trustdesk::testing
