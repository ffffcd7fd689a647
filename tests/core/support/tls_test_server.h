// Test-only HTTPS on 127.0.0.1: a PKI generated at test time (a CA and leaf certificates for
// 127.0.0.1 with chosen validity and names) and an httplib::SSLServer running in a thread that
// stops in the destructor. TempDir comes from crypto_test_support.h.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/crypto/openssl_ptr.h"
#include "core/support/crypto_test_support.h"

namespace trustdesk::testing {

struct LeafOptions {
  std::vector<std::string> san = {"IP:127.0.0.1", "DNS:localhost"};  // empty = no SAN extension
  std::string common_name = "TrustDesk test server";
  long not_before_offset_s = -3600;   // relative to now
  long not_after_offset_s = 86400;
};

class TestPki {
 public:
  // A fresh EC P-256 CA.
  explicit TestPki(const std::string& ca_name = "TrustDesk Test CA");
  const std::string& ca_pem() const { return ca_pem_; }
  // Writes the CA certificate as PEM and returns the path.
  std::string WriteCaFile(const std::filesystem::path& dir) const;

  struct Leaf {
    ossl::PkeyPtr key;
    ossl::X509Ptr cert;
  };
  // A server certificate issued by this CA (or self-signed when `self_signed`).
  Leaf IssueLeaf(const LeafOptions& options = {}, bool self_signed = false) const;

 private:
  ossl::PkeyPtr ca_key_;
  ossl::X509Ptr ca_cert_;
  std::string ca_pem_;
};

class TlsTestServer {
 public:
  // Serves with `leaf`'s certificate and key (copied into the server's TLS context).
  explicit TlsTestServer(const TestPki::Leaf& leaf);
  ~TlsTestServer();

  // Register handlers before Start().
  httplib::SSLServer& http() { return *server_; }
  // Binds 127.0.0.1 on `port` (0 = ephemeral) and serves in a thread; returns when listening.
  void Start(int port = 0);
  void Stop();
  int port() const { return port_; }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }

 private:
  std::unique_ptr<httplib::SSLServer> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace trustdesk::testing
