// The demo workspace's backend: the reference server (tools/server) started in-process on
// 127.0.0.1 with the Northwind demo data (assets/demo), so the first run of TrustDesk needs no
// setup and no network. Its data directory persists under the user data directory, so enrolled
// certificates survive a restart. Start() blocks (CA creation, password hashing): call it off the
// UI thread.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/util/clock.h"
#include "core/util/result.h"

namespace trustdesk {

// The demo account's public credentials (assets/demo/README.md).
struct DemoCredentials {
  std::string account_id = "northwind";
  std::string username = "demo";
  std::string password = "demo";
};

class DemoServer {
 public:
  // True when this build contains the reference server (it always does on desktop builds made
  // from this repository; a packaging without tools/server leaves the demo out).
  static bool Available();

  static Result<std::unique_ptr<DemoServer>> Start(const std::filesystem::path& data_dir,
                                                   const Clock& clock);
  virtual ~DemoServer() = default;

  virtual std::string url() const = 0;
  virtual std::filesystem::path ca_file() const = 0;
  DemoCredentials credentials() const { return {}; }
};

}  // namespace trustdesk
