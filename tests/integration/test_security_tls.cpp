// The API's TLS: TLS 1.2 or 1.3 only, and in TLS 1.2 only forward-secret AEAD suites (ECDHE with
// AES-GCM or ChaCha20-Poly1305), as Mozilla's "intermediate" profile. Checked with a real OpenSSL
// client that offers one suite at a time.
#include <doctest/doctest.h>

#include <string>

#include "tests/integration/support/test_server.h"
#include "tests/integration/support/tls_probe.h"

using namespace trustdesk::testing;

namespace {

bool HandshakeTls12(const TestServer& server, const std::string& suite, std::string* chosen) {
  TlsProbe probe(server.port());
  REQUIRE(probe.connected());
  bool ok = probe.Handshake(server.ca_file(), {TLS1_2_VERSION, TLS1_2_VERSION, suite});
  if (ok && chosen) *chosen = probe.cipher();
  return ok;
}

}  // namespace

TEST_CASE("security: the server refuses TLS 1.2 CBC suites and accepts AEAD ones") {
  TestServer server(TestServerOptions{false, std::nullopt, nullptr});
  for (std::string cbc : {"ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA",
                          "ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA384"}) {
    CAPTURE(cbc);
    CHECK_FALSE(HandshakeTls12(server, cbc, nullptr));
  }
  for (std::string aead : {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
                           "ECDHE-ECDSA-CHACHA20-POLY1305"}) {
    CAPTURE(aead);
    std::string chosen;
    CHECK(HandshakeTls12(server, aead, &chosen));
    CHECK(chosen == aead);
  }
}

TEST_CASE("security: the server speaks TLS 1.3 and nothing older than TLS 1.2") {
  TestServer server(TestServerOptions{false, std::nullopt, nullptr});
  TlsProbe modern(server.port());
  REQUIRE(modern.Handshake(server.ca_file(), {}));
  CHECK(modern.version() == "TLSv1.3");
  TlsProbe old(server.port());
  CHECK_FALSE(old.Handshake(server.ca_file(), {TLS1_VERSION, TLS1_1_VERSION, ""}));
}
