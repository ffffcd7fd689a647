// trustdesk-server: the reference backend and QA simulator.
//   trustdesk-server --data DIR [--port N] [--demo] [--scenario FILE]
//                    [--tls-cert FILE --tls-key FILE] [--escrow-passphrase-file FILE]
// The key escrow passphrase comes from that file or TRUSTDESK_ESCROW_PASSPHRASE, never argv;
// without one key escrow is off (except --demo, which makes its own). Start-up notes go to stderr.
// The first line on stdout is JSON: {"url": "https://127.0.0.1:PORT", "ca_file": "..."}.
// SIGINT / SIGTERM stop it cleanly.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "tools/server/escrow_setup.h"
#include "tools/server/server.h"

namespace {

int Usage(const char* message) {
  std::fprintf(stderr,
               "trustdesk-server: %s\n"
               "usage: trustdesk-server --data DIR [--port N] [--demo] [--scenario FILE]\n"
               "                        [--tls-cert FILE --tls-key FILE] [--password-iterations N]\n"
               "                        [--escrow-passphrase-file FILE]\n"
               "The key escrow passphrase (12+ characters) comes from that file or from\n"
               "TRUSTDESK_ESCROW_PASSPHRASE; without one key escrow is off.\n",
               message);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  trustdesk::server::ServerOptions options;
  const char* escrow_passphrase_file = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "--data") {
      const char* v = next();
      if (!v) return Usage("--data needs a directory");
      options.data_dir = v;
    } else if (arg == "--port") {
      const char* v = next();
      char* end = nullptr;
      long port = v ? std::strtol(v, &end, 10) : -1;
      if (!v || *end != '\0' || port < 0 || port > 65535) return Usage("--port needs 0..65535");
      options.port = static_cast<uint16_t>(port);
    } else if (arg == "--demo") {
      options.demo = true;
    } else if (arg == "--scenario") {
      const char* v = next();
      if (!v) return Usage("--scenario needs a file");
      options.scenario_file = v;
    } else if (arg == "--tls-cert") {
      const char* v = next();
      if (!v) return Usage("--tls-cert needs a file");
      options.tls_cert_file = v;
    } else if (arg == "--tls-key") {
      const char* v = next();
      if (!v) return Usage("--tls-key needs a file");
      options.tls_key_file = v;
    } else if (arg == "--escrow-passphrase-file") {
      const char* v = next();
      if (!v) return Usage("--escrow-passphrase-file needs a file");
      escrow_passphrase_file = v;
    } else if (arg == "--password-iterations") {
      // PBKDF2 cost for hashes created from now on (demo users, admin-created users). For
      // development and test data directories; the default is the production cost.
      const char* v = next();
      char* end = nullptr;
      long n = v ? std::strtol(v, &end, 10) : 0;
      if (!v || *end != '\0' || n < 1 || n > 10000000) return Usage("--password-iterations needs 1..10000000");
      options.password_hash_iterations = static_cast<int>(n);
    } else if (arg == "--help" || arg == "-h") {
      Usage("help");
      return 0;
    } else {
      return Usage(("unknown argument " + arg).c_str());
    }
  }
  if (options.data_dir.empty()) return Usage("--data is required");
  if (options.tls_cert_file.has_value() != options.tls_key_file.has_value()) {
    return Usage("--tls-cert and --tls-key go together");
  }
  const char* escrow_env = std::getenv(trustdesk::server::kEscrowPassphraseVariable);
  if (escrow_passphrase_file && escrow_env && *escrow_env) {
    return Usage("give the escrow passphrase either by --escrow-passphrase-file or by "
                 "TRUSTDESK_ESCROW_PASSPHRASE, not both");
  }
  if (escrow_passphrase_file || (escrow_env && *escrow_env)) {
    auto passphrase =
        escrow_passphrase_file
            ? trustdesk::server::ReadEscrowPassphraseFile(escrow_passphrase_file)
            : trustdesk::server::CheckEscrowPassphrase(escrow_env,
                                                       trustdesk::server::kEscrowPassphraseVariable);
    if (!passphrase) return Usage(passphrase.error().message.c_str());
    options.escrow_passphrase = std::move(passphrase.value());
  }
  // Not inherited by anything the server may start.
  unsetenv(trustdesk::server::kEscrowPassphraseVariable);

  // Block the stop signals before any thread starts (threads inherit the mask), then wait for
  // them here: no async-signal-safety concerns, and the stop runs on the main thread.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto server = trustdesk::server::Server::Start(options);
  if (!server) {
    nlohmann::json err = {{"error", {{"code", trustdesk::ToString(server.error().code)},
                                     {"message", server.error().message}}}};
    std::cout << err.dump() << std::endl;
    std::fprintf(stderr, "trustdesk-server: %s\n", server.error().message.c_str());
    return 1;
  }
  nlohmann::json ready = {{"url", server.value()->url()},
                          {"ca_file", server.value()->ca_file().string()}};
  std::cout << ready.dump() << std::endl;
  for (const auto& note : server.value()->notices()) {
    std::fprintf(stderr, "trustdesk-server: %s\n", note.c_str());
  }

  int received = 0;
  sigwait(&stop_signals, &received);
  std::fprintf(stderr, "trustdesk-server: %s received, stopping\n", strsignal(received));
  server.value()->Stop();
  return 0;
}
