// A man in the middle for the bad-certificate tests: an HTTPS server on 127.0.0.1 that presents
// the reference server's own TLS certificate (so clients trust it) and forwards every request to
// the real server, letting a test rewrite the enrollment response before the client sees it.
// Also a rogue CA that signs a CSR's key under a name of the test's choosing.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "core/crypto/openssl_ptr.h"
#include "tests/integration/support/test_server.h"

namespace trustdesk::testing {

class TamperProxy {
 public:
  // Rewrites the JSON body of a successful POST /api/v1/profiles/{id}/enroll response; gets the
  // request body (with the CSR) too.
  using EnrollRewriter =
      std::function<void(const nlohmann::json& request, nlohmann::json& response)>;

  explicit TamperProxy(TestServer& server);
  ~TamperProxy();
  TamperProxy(const TamperProxy&) = delete;
  TamperProxy& operator=(const TamperProxy&) = delete;

  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  void SetEnrollRewriter(EnrollRewriter rewriter);

 private:
  void Forward(const httplib::Request& req, httplib::Response& res);

  TestServer& server_;
  std::unique_ptr<httplib::SSLServer> http_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  EnrollRewriter rewriter_;
};

// A self-signed CA nobody trusts, issuing certificates for the public key of a CSR.
class RogueCa {
 public:
  RogueCa();
  const std::string& root_pem() const { return root_pem_; }
  // A certificate for the CSR's public key with `subject` ({"CN","demo"} ... in order), valid
  // for a day, serial `serial_hex`. Returns the PEM.
  std::string Sign(const std::string& csr_pem,
                   const std::vector<std::pair<std::string, std::string>>& subject,
                   const std::string& serial_hex) const;

 private:
  ossl::PkeyPtr key_;
  ossl::X509Ptr root_;
  std::string root_pem_;
};

}  // namespace trustdesk::testing
