#include "tools/server/server.h"

#include <openssl/rand.h>

#include <cstdlib>
#include <exception>

#include "core/util/json_document.h"
#include "tools/server/demo_loader.h"
#include "tools/server/escrow_setup.h"
#include "tools/server/file_util.h"
#include "tools/server/http_util.h"
#include "tools/server/routes.h"
#include "tools/server/server_state.h"
#include "tools/server/tls_policy.h"

namespace trustdesk::server {
namespace {

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes));
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

// The admin credential: created once (0600) and reused on every start.
Result<std::string> LoadOrCreateAdminToken(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    auto text = ReadFileLimited(file, 4096);
    if (!text) return text.error();
    std::string token = *text;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    if (token.size() < 32) return Error(ErrorCode::InvalidInput, file.string() + " is too short");
    return token;
  }
  std::string token = RandomHex(32);
  if (Status st = WriteFileAtomic(file, token + "\n", 0600); !st) return st.error();
  return token;
}

void InstallErrorHandling(httplib::Server& http) {
  http.set_payload_max_length(kMaxRequestBodyBytes);
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
        FillDefaultErrorBody(res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  http.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unexpected exception";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        SendInternalError(res, "internal_error",
                          req.method + " " + req.path + ": unexpected exception: " + what);
      });
}

}  // namespace

std::filesystem::path AssetsDir() {
  if (const char* env = std::getenv("TRUSTDESK_ASSETS_DIR"); env && *env) return env;
  return std::filesystem::path(TRUSTDESK_SOURCE_DIR) / "assets";
}

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  if (options.data_dir.empty()) return Error(ErrorCode::InvalidInput, "data_dir is required");
  auto state = std::make_unique<ServerState>();
  state->options = options;
  state->base_clock = options.clock ? options.clock : &SystemClock::Instance();
  state->clock = std::make_unique<OffsetClock>(*state->base_clock);
  if (Status st = EnsurePrivateDirectory(options.data_dir); !st) return st.error();

  auto store = Store::Open(options.data_dir / "trustdesk-server.db");
  if (!store) return store.error();
  state->store = std::move(*store);
  state->auth = std::make_unique<AuthService>(*state->store, *state->base_clock,
                                              options.password_hash_iterations);

  // CA certificates are dated by the real clock (not a scenario offset).
  auto ca = ca::CertificateAuthority::LoadOrCreate(options.data_dir / "ca", SystemClock::Instance().Now());
  if (!ca) return ca.error();
  state->ca = std::move(*ca);
  if (Status st = StartKeyEscrow(*state); !st) return st.error();

  auto admin = LoadOrCreateAdminToken(options.data_dir / "admin-token");
  if (!admin) return admin.error();
  state->admin_token = std::move(*admin);

  std::string cert_file = options.tls_cert_file ? options.tls_cert_file->string()
                                                : state->ca->tls_chain_file().string();
  std::string key_file = options.tls_key_file ? options.tls_key_file->string()
                                              : state->ca->tls_key_file().string();
  state->http = std::make_unique<httplib::SSLServer>(cert_file.c_str(), key_file.c_str());
  if (!state->http->is_valid()) {
    return Error(ErrorCode::Tls, "TLS setup failed with certificate " + cert_file + " and key " +
                                     key_file);
  }
  if (Status st = ApplyTlsPolicy(state->http->ssl_context()); !st) return st.error();
  httplib::Server& http = *state->http;
  int threads = options.threads > 0 ? options.threads : 8;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  // Responses go out as separate TLS records (headers, body): without TCP_NODELAY, Nagle and the
  // peer's delayed ACK add ~40 ms to many requests.
  http.set_tcp_nodelay(true);
  // An idle keep-alive connection holds its worker until this timeout, and Stop() waits for
  // every worker: 1 s keeps shutdown (e.g. closing the GUI's demo workspace) short, while a
  // syncing client still reuses its connection within a burst of requests.
  http.set_keep_alive_timeout(1);
  http.set_read_timeout(10);
  http.set_write_timeout(10);
  InstallErrorHandling(http);
  Router router(http, ApplyScenarioBodyFault);
  RegisterHealthRoutes(router, *state);
  RegisterAuthRoutes(router, *state);
  RegisterProfileRoutes(router, *state);
  RegisterCertificateRoutes(router, *state);
  RegisterEscrowRoutes(router, *state);
  RegisterAdminRoutes(router, *state);
  state->routes = router.routes();
  InstallScenarioHooks(http, *state);

  int port = options.port == 0 ? http.bind_to_any_port("127.0.0.1")
                               : (http.bind_to_port("127.0.0.1", options.port) ? options.port : -1);
  if (port <= 0) {
    return Error(ErrorCode::Network,
                 "cannot listen on 127.0.0.1:" + std::to_string(options.port));
  }
  state->port = static_cast<uint16_t>(port);
  state->url = "https://127.0.0.1:" + std::to_string(port);

  // Demo data and the start-up scenario need the URL (CRL location) and the CA, so they load
  // after binding and before the first request is accepted.
  if (options.demo) {
    if (Status st = LoadDemoData(*state, AssetsDir() / "demo"); !st) return st.error();
  }
  if (options.scenario_file) {
    auto text = ReadFileLimited(*options.scenario_file, 1024 * 1024);
    if (!text) return text.error();
    auto doc = ParseJsonDocument(*text, options.scenario_file->string());
    if (!doc) return doc.error();
    if (Status st = ActivateScenario(*state, *doc); !st) {
      return Error(st.error().code, options.scenario_file->string() + ": " + st.error().message);
    }
  }
  state->listener = std::thread([srv = state->http.get()] { srv->listen_after_bind(); });
  // The socket is already bound and listening; wait until the accept loop runs so that Stop()
  // right after Start() cannot race with it.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!http.is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      http.stop();
      state->listener.join();
      return Error(ErrorCode::Network, "the HTTPS listener did not start within 10 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return std::unique_ptr<Server>(new Server(std::move(state)));
}

Server::Server(std::unique_ptr<ServerState> state) : state_(std::move(state)) {}

Server::~Server() { Stop(); }

std::string Server::url() const { return state_->url; }
uint16_t Server::port() const { return state_->port; }
std::filesystem::path Server::ca_file() const { return state_->ca->trust_bundle_file(); }
std::filesystem::path Server::issuance_root_file() const {
  return state_->ca->issuance_root_file();
}
std::string Server::admin_token() const { return state_->admin_token; }
std::vector<std::string> Server::routes() const { return state_->routes; }
std::vector<std::string> Server::notices() const { return state_->notices; }

void Server::Stop() {
  std::lock_guard lock(state_->stop_mu);
  if (state_->stopped.exchange(true)) return;
  state_->http->stop();
  if (state_->listener.joinable()) state_->listener.join();
}

}  // namespace trustdesk::server
