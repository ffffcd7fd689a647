// A scriptable TrustDesk API on 127.0.0.1 for sync tests that need exact bytes on the wire:
// real TLS (test PKI), profile list with ETag/If-None-Match, certificates, sign-in and /me, and
// a queue of one-shot faults (status, body, content type, Retry-After, dropped connection).
#pragma once

#include <atomic>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/support/tls_test_server.h"

namespace trustdesk::testing {

struct Fault {
  Fault(int status_ = 200, std::string body_ = "", std::string content_type_ = "application/json",
        std::optional<int> retry_after_ = std::nullopt, bool drop_ = false)
      : status(status_), body(std::move(body_)), content_type(std::move(content_type_)),
        retry_after(retry_after_), drop(drop_) {}
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::optional<int> retry_after;
  bool drop = false;          // declare a long body, send a little, close the connection
};

class FakeBackend {
 public:
  explicit FakeBackend(int port = 0);
  ~FakeBackend();

  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  const std::string& ca_file() const { return ca_file_; }
  // Stops listening (the port refuses connections) / listens again on the same port.
  void GoDown();
  void ComeBack();

  // A valid profile (from tests/data/profile_valid.json) with this id, name and revision.
  static nlohmann::json MakeProfile(const std::string& id, int64_t revision,
                                    const std::string& name);
  static nlohmann::json MakeAccount();
  // n profiles "p-0000" ... ; revision 1 each.
  void SetProfiles(std::vector<nlohmann::json> profiles);
  void EditProfile(std::size_t index, const std::string& json_pointer, nlohmann::json value);
  void RemoveProfile(std::size_t index);
  void SetCertificates(nlohmann::json list);
  // The next request to `route` ("/api/v1/profiles", "/api/v1/certificates", ...) gets `fault`.
  void Inject(const std::string& route, Fault fault);

  int Requests(const std::string& route) const;
  std::string etag() const;
  const std::string token = "tok-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
  const std::string password = "correct horse battery staple";

 private:
  void Install(httplib::SSLServer& http);
  bool TakeFault(const std::string& route, Fault& out);

  TempDir dir_;
  TestPki pki_;
  TestPki::Leaf leaf_;
  std::string ca_file_;
  std::unique_ptr<TlsTestServer> server_;
  int port_ = 0;

  mutable std::mutex mutex_;
  std::vector<nlohmann::json> profiles_;
  int64_t revision_ = 1;
  nlohmann::json certificates_ = nlohmann::json::array();
  std::map<std::string, std::deque<Fault>> faults_;
  std::map<std::string, int> requests_;
};

}  // namespace trustdesk::testing
