// Test helpers for the crypto, key store and inventory tests: a self-deleting temp directory,
// external tools (openssl, keytool) run without a shell, and a small test PKI built with
// TrustDesk's own functions at test time (no private key is ever committed).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto/key_pair.h"
#include "core/crypto/openssl_ptr.h"
#include "core/model/timestamp.h"

namespace trustdesk::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Absolute path of `name` on PATH (or in JAVA_HOME/bin for keytool), if present.
std::optional<std::filesystem::path> FindTool(const std::string& name);

struct ToolResult {
  int exit_code = -1;
  std::string output;  // stdout + stderr
};
// Runs an external tool directly (no shell). `env` is added to a minimal environment.
ToolResult RunTool(const std::filesystem::path& tool, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env = {});

std::string ReadText(const std::filesystem::path& path);
void WriteText(const std::filesystem::path& path, const std::string& text);

// A certificate authority for tests: a key and a self-signed or subordinate certificate.
struct TestCa {
  KeyPair key;
  ossl::X509Ptr cert;
  std::string cert_pem;
};

struct CertOptions {
  std::string subject_cn = "leaf";
  std::vector<std::pair<std::string, std::string>> subject;  // extra (short name, value)
  std::vector<std::string> san;  // "DNS:host", "email:a@b", "IP:127.0.0.1", "URI:..."
  Timestamp not_before{0};
  Timestamp not_after{0};
  bool ca = false;
  std::string serial_hex = "01";
};

TestCa MakeRootCa(const std::string& cn, Timestamp now);
TestCa MakeSubCa(const TestCa& parent, const std::string& cn, Timestamp now);
// Issues a certificate for `public_key` signed by `issuer` with SHA-256 (none for Ed25519).
ossl::X509Ptr IssueCert(const TestCa& issuer, EVP_PKEY* public_key, const CertOptions& options);
std::string ToPem(const X509* cert);

Timestamp NowForTests();

// A key and a certificate for it issued by `ca` (CN = `cn`, serial = `serial_hex`).
struct IssuedPair {
  KeyPair key;
  std::string cert_pem;
};
IssuedPair MakeIssuedPair(const TestCa& ca, const std::string& cn, const std::string& serial_hex,
                          KeySpec spec = KeySpec::Ec("P-256"));

// Permission bits of a file (stat).
unsigned FileModeBits(const std::filesystem::path& path);  // a fixed, deterministic "now"

}  // namespace trustdesk::testing
