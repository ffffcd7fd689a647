#include "app/services/demo_server.h"

#ifdef TRUSTDESK_HAS_DEMO_SERVER
#include "tools/server/server.h"
#endif

namespace trustdesk {

#ifdef TRUSTDESK_HAS_DEMO_SERVER
namespace {

// The demo passwords are public, so the demo server hashes them with fewer PBKDF2 iterations
// than production (a first start in well under a second) and serves one window with few threads.
constexpr int kDemoPasswordIterations = 20000;
constexpr int kDemoThreads = 4;

class InProcessDemoServer final : public DemoServer {
 public:
  explicit InProcessDemoServer(std::unique_ptr<server::Server> server)
      : server_(std::move(server)) {}
  std::string url() const override { return server_->url(); }
  std::filesystem::path ca_file() const override { return server_->ca_file(); }

 private:
  std::unique_ptr<server::Server> server_;
};

}  // namespace

bool DemoServer::Available() { return true; }

Result<std::unique_ptr<DemoServer>> DemoServer::Start(const std::filesystem::path& data_dir,
                                                      const Clock& clock) {
  server::ServerOptions options;
  options.data_dir = data_dir;
  options.demo = true;
  options.clock = &clock;
  options.password_hash_iterations = kDemoPasswordIterations;
  options.threads = kDemoThreads;
  auto started = server::Server::Start(options);
  if (!started) {
    return Error{started.error().code,
                 "Starting the demo workspace's server: " + started.error().message};
  }
  return std::unique_ptr<DemoServer>(new InProcessDemoServer(std::move(started.value())));
}

#else

bool DemoServer::Available() { return false; }

Result<std::unique_ptr<DemoServer>> DemoServer::Start(const std::filesystem::path&, const Clock&) {
  return Error{ErrorCode::Unsupported,
               "This build of TrustDesk has no demo workspace (built without tools/server)"};
}

#endif

}  // namespace trustdesk
