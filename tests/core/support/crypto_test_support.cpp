#include "core/support/crypto_test_support.h"

#include <doctest/doctest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include "core/scripts/script_runner.h"
#include "core/util/clock.h"

namespace trustdesk::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = fs::temp_directory_path() /
                         ("trustdesk-test-" + std::to_string(rd()) + std::to_string(attempt));
    std::error_code ec;
    if (fs::create_directory(candidate, ec)) {
      fs::permissions(candidate, fs::perms::owner_all, ec);
      path_ = candidate;
      return;
    }
  }
  FAIL("could not create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::optional<fs::path> FindTool(const std::string& name) {
  std::vector<fs::path> dirs;
  if (const char* java_home = std::getenv("JAVA_HOME")) dirs.emplace_back(fs::path(java_home) / "bin");
  if (const char* path = std::getenv("PATH")) {
    std::stringstream ss(path);
    std::string dir;
    while (std::getline(ss, dir, ':')) {
      if (!dir.empty()) dirs.emplace_back(dir);
    }
  }
  for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin"}) dirs.emplace_back(dir);
  for (const auto& dir : dirs) {
    fs::path candidate = dir / name;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) && access(candidate.c_str(), X_OK) == 0) {
      return fs::canonical(candidate, ec);
    }
  }
  return std::nullopt;
}

ToolResult RunTool(const fs::path& tool, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env) {
  ScriptInvocation inv;
  inv.command = tool;
  inv.arguments = args;
  inv.environment = {{"PATH", "/usr/bin:/bin"}, {"LANG", "C"}};
  if (const char* home = std::getenv("HOME")) inv.environment["HOME"] = home;
  if (const char* java_home = std::getenv("JAVA_HOME")) inv.environment["JAVA_HOME"] = java_home;
  for (const auto& [k, v] : env) inv.environment[k] = v;
  inv.timeout = std::chrono::milliseconds(120'000);
  inv.max_output_bytes = 256 * 1024;
  auto outcome = RunScript(inv);
  REQUIRE_MESSAGE(outcome.ok(), (outcome.ok() ? "" : outcome.error().message));
  return ToolResult{outcome->succeeded() ? 0 : (outcome->exit_code != 0 ? outcome->exit_code : -1),
                    outcome->stdout_text + outcome->stderr_text};
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  REQUIRE_MESSAGE(out.good(), "cannot write " << path);
  out << text;
}

namespace {

void AddExt(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ossl::X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  REQUIRE_MESSAGE(ext != nullptr, ossl::LastError("test extension " + value));
  REQUIRE(X509_add_ext(cert, ext.get(), -1) == 1);
}

ossl::X509Ptr Build(X509* issuer_cert, EVP_PKEY* issuer_key, EVP_PKEY* subject_key,
                    const CertOptions& o) {
  ossl::X509Ptr cert(X509_new());
  REQUIRE(cert);
  REQUIRE(X509_set_version(cert.get(), 2) == 1);
  BIGNUM* bn = nullptr;
  REQUIRE(BN_hex2bn(&bn, o.serial_hex.c_str()) > 0);
  ossl::BignumPtr serial(bn);
  REQUIRE(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr);
  X509_NAME* name = X509_get_subject_name(cert.get());
  for (const auto& [k, v] : o.subject) {
    REQUIRE(X509_NAME_add_entry_by_txt(name, k.c_str(), MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(v.c_str()), -1, -1,
                                       0) == 1);
  }
  if (!o.subject_cn.empty()) {
    REQUIRE(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(o.subject_cn.c_str()),
                                       -1, -1, 0) == 1);
  }
  X509* issuer = issuer_cert != nullptr ? issuer_cert : cert.get();
  REQUIRE(X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer)) == 1);
  REQUIRE(ASN1_TIME_set(X509_getm_notBefore(cert.get()), o.not_before.unix_seconds) != nullptr);
  REQUIRE(ASN1_TIME_set(X509_getm_notAfter(cert.get()), o.not_after.unix_seconds) != nullptr);
  REQUIRE(X509_set_pubkey(cert.get(), subject_key) == 1);
  if (o.ca) {
    AddExt(cert.get(), issuer, NID_basic_constraints, "critical,CA:TRUE");
    AddExt(cert.get(), issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExt(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE");
    AddExt(cert.get(), issuer, NID_key_usage, "critical,digitalSignature");
    AddExt(cert.get(), issuer, NID_ext_key_usage, "clientAuth");
  }
  AddExt(cert.get(), issuer, NID_subject_key_identifier, "hash");
  if (issuer_cert != nullptr) AddExt(cert.get(), issuer, NID_authority_key_identifier, "keyid");
  if (!o.san.empty()) {
    std::string joined;
    for (const auto& s : o.san) joined += (joined.empty() ? "" : ",") + s;
    AddExt(cert.get(), issuer, NID_subject_alt_name, joined);
  }
  const EVP_MD* md = EVP_PKEY_get_base_id(issuer_key) == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
  REQUIRE_MESSAGE(X509_sign(cert.get(), issuer_key, md) > 0, ossl::LastError("sign test cert"));
  return cert;
}

}  // namespace

TestCa MakeRootCa(const std::string& cn, Timestamp now) {
  auto key = KeyPair::Generate(KeySpec::Ec("P-256"));
  REQUIRE(key.ok());
  CertOptions o;
  o.subject_cn = cn;
  o.subject = {{"O", "TrustDesk Test"}};
  o.ca = true;
  o.not_before = Timestamp{now.unix_seconds - 86400 * 10};
  o.not_after = Timestamp{now.unix_seconds + 86400 * 3650};
  auto cert = Build(nullptr, key->get(), key->get(), o);
  std::string pem = ToPem(cert.get());
  return TestCa{std::move(key).value(), std::move(cert), pem};
}

TestCa MakeSubCa(const TestCa& parent, const std::string& cn, Timestamp now) {
  auto key = KeyPair::Generate(KeySpec::Ec("P-256"));
  REQUIRE(key.ok());
  CertOptions o;
  o.subject_cn = cn;
  o.subject = {{"O", "TrustDesk Test"}};
  o.ca = true;
  o.serial_hex = "1000";
  o.not_before = Timestamp{now.unix_seconds - 86400 * 5};
  o.not_after = Timestamp{now.unix_seconds + 86400 * 1825};
  auto cert = Build(parent.cert.get(), parent.key.get(), key->get(), o);
  std::string pem = ToPem(cert.get());
  return TestCa{std::move(key).value(), std::move(cert), pem};
}

ossl::X509Ptr IssueCert(const TestCa& issuer, EVP_PKEY* public_key, const CertOptions& options) {
  return Build(issuer.cert.get(), issuer.key.get(), public_key, options);
}

std::string ToPem(const X509* cert) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_X509(bio.get(), const_cast<X509*>(cert)) == 1);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

Timestamp NowForTests() { return SystemClock::Instance().Now(); }

IssuedPair MakeIssuedPair(const TestCa& ca, const std::string& cn, const std::string& serial_hex,
                          KeySpec spec) {
  auto key = KeyPair::Generate(spec);
  REQUIRE(key.ok());
  Timestamp now = NowForTests();
  CertOptions o;
  o.subject_cn = cn;
  o.serial_hex = serial_hex;
  o.not_before = Timestamp{now.unix_seconds - 3600};
  o.not_after = Timestamp{now.unix_seconds + 86400 * 365};
  std::string pem = ToPem(IssueCert(ca, key->get(), o).get());
  return IssuedPair{std::move(key).value(), pem};
}

unsigned FileModeBits(const fs::path& path) {
  struct stat st {};
  REQUIRE_MESSAGE(::stat(path.c_str(), &st) == 0, "stat " << path);
  return st.st_mode & 07777;
}

}  // namespace trustdesk::testing
