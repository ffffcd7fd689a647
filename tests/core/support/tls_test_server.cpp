#include "core/support/tls_test_server.h"

#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <chrono>
#include <fstream>
#include <stdexcept>

namespace trustdesk::testing {
namespace {

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(ossl::LastError(what));
}

ossl::PkeyPtr NewKey() {
  ossl::PkeyPtr key(EVP_EC_gen("P-256"));
  Check(key != nullptr, "EVP_EC_gen");
  return key;
}

void AddExt(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ossl::X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  Check(ext != nullptr, "X509V3_EXT_conf_nid");
  Check(X509_add_ext(cert, ext.get(), -1) == 1, "X509_add_ext");
}

ossl::X509Ptr MakeCert(EVP_PKEY* subject_key, const std::string& cn, X509* issuer, long nb,
                       long na) {
  ossl::X509Ptr cert(X509_new());
  Check(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  ossl::BignumPtr bn(BN_bin2bn(serial, sizeof serial, nullptr));
  BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get()));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), nb);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), na);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  Check(X509_set_pubkey(cert.get(), subject_key) == 1, "X509_set_pubkey");
  return cert;
}

}  // namespace

TestPki::TestPki(const std::string& ca_name) : ca_key_(NewKey()) {
  ca_cert_ = MakeCert(ca_key_.get(), ca_name, nullptr, -3600, 86400 * 30);
  AddExt(ca_cert_.get(), ca_cert_.get(), NID_basic_constraints, "critical,CA:TRUE");
  AddExt(ca_cert_.get(), ca_cert_.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  AddExt(ca_cert_.get(), ca_cert_.get(), NID_subject_key_identifier, "hash");
  Check(X509_sign(ca_cert_.get(), ca_key_.get(), EVP_sha256()) > 0, "X509_sign CA");
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), ca_cert_.get());
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  ca_pem_.assign(data, static_cast<size_t>(n));
}

std::string TestPki::WriteCaFile(const std::filesystem::path& dir) const {
  const auto path = dir / "test-ca.pem";
  std::ofstream(path, std::ios::binary) << ca_pem_;
  return path.string();
}

TestPki::Leaf TestPki::IssueLeaf(const LeafOptions& options, bool self_signed) const {
  Leaf leaf;
  leaf.key = NewKey();
  X509* issuer = self_signed ? nullptr : ca_cert_.get();
  leaf.cert = MakeCert(leaf.key.get(), options.common_name, issuer,
                       options.not_before_offset_s, options.not_after_offset_s);
  X509* ext_issuer = self_signed ? leaf.cert.get() : ca_cert_.get();
  AddExt(leaf.cert.get(), ext_issuer, NID_basic_constraints, "critical,CA:FALSE");
  AddExt(leaf.cert.get(), ext_issuer, NID_ext_key_usage, "serverAuth");
  std::string san;
  for (const auto& s : options.san) san += (san.empty() ? "" : ",") + s;
  if (!san.empty()) AddExt(leaf.cert.get(), ext_issuer, NID_subject_alt_name, san);
  EVP_PKEY* signer = self_signed ? leaf.key.get() : ca_key_.get();
  Check(X509_sign(leaf.cert.get(), signer, EVP_sha256()) > 0, "X509_sign leaf");
  return leaf;
}

TlsTestServer::TlsTestServer(const TestPki::Leaf& leaf)
    : server_(std::make_unique<httplib::SSLServer>(leaf.cert.get(), leaf.key.get())) {
  if (!server_->is_valid()) throw std::runtime_error("SSLServer: invalid certificate or key");
}

TlsTestServer::~TlsTestServer() { Stop(); }

void TlsTestServer::Start(int port) {
  if (port == 0) {
    port_ = server_->bind_to_any_port("127.0.0.1");
  } else {
    port_ = server_->bind_to_port("127.0.0.1", port) ? port : -1;
  }
  if (port_ <= 0) throw std::runtime_error("cannot bind 127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib 0.11.4 has no wait_until_ready(); is_running() flips once the accept loop starts.
  while (!server_->is_running()) std::this_thread::yield();
}

void TlsTestServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace trustdesk::testing
