#include "app/services/demo_server.h"

#ifdef TRUSTDESK_HAS_DEMO_SERVER
#include <charconv>
#include <string>

#include "core/util/atomic_file.h"
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

// The port of the last run, kept beside the server's data: the demo workspace's server URL (and
// with it the offline cache and the "changed since the last sync" marks) stays the same from one
// run to the next. 0 when there is none or the file is not a port number.
uint16_t RememberedPort(const std::filesystem::path& file) {
  auto text = ReadFileLimited(file, 16);
  if (!text) return 0;
  unsigned value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || value == 0 || value > 65535) return 0;
  return static_cast<uint16_t>(value);
}

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
  const std::filesystem::path port_file = data_dir / "port";
  options.port = RememberedPort(port_file);
  auto started = server::Server::Start(options);
  if (!started && options.port != 0) {
    options.port = 0;  // taken by something else since: any free port will do
    started = server::Server::Start(options);
  }
  if (started) {
    // Best effort: without the file the next run only picks another port.
    (void)WriteFileAtomic(port_file, std::to_string((*started)->port()) + "\n");
  }
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
