#include "tests/integration/support/tamper_proxy.h"

#include <doctest/doctest.h>
#include <openssl/pem.h>

#include <chrono>

namespace trustdesk::testing {
namespace {

std::filesystem::path FindFile(const std::filesystem::path& root, const std::string& name) {
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (e.path().filename() == name) return e.path();
  }
  return {};
}

std::string PemOf(X509* cert) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

ossl::X509Ptr MakeCert(X509_NAME* subject, EVP_PKEY* public_key, X509* issuer, EVP_PKEY* signer,
                       const std::string& serial_hex, bool ca) {
  ossl::X509Ptr cert(X509_new());
  REQUIRE(cert);
  X509_set_version(cert.get(), 2);
  BIGNUM* bn = nullptr;
  REQUIRE(BN_hex2bn(&bn, serial_hex.c_str()) > 0);
  ossl::BignumPtr owned(bn);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
  X509_set_subject_name(cert.get(), subject);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : subject);
  X509_set_pubkey(cert.get(), public_key);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
  ossl::X509ExtensionPtr bc(X509V3_EXT_conf_nid(nullptr, &ctx, NID_basic_constraints,
                                                ca ? "critical,CA:TRUE" : "CA:FALSE"));
  X509_add_ext(cert.get(), bc.get(), -1);
  REQUIRE(X509_sign(cert.get(), signer, EVP_sha256()) > 0);
  return cert;
}

}  // namespace

TamperProxy::TamperProxy(TestServer& server) : server_(server) {
  const auto chain = FindFile(server.data_dir(), "tls-chain.pem");
  const auto key = FindFile(server.data_dir(), "tls.key");
  REQUIRE_MESSAGE(!chain.empty(), "the reference server's TLS certificate was not found");
  http_ = std::make_unique<httplib::SSLServer>(chain.c_str(), key.c_str());
  REQUIRE(http_->is_valid());
  auto forward = [this](const httplib::Request& req, httplib::Response& res) { Forward(req, res); };
  http_->Get(".*", forward);
  http_->Post(".*", forward);
  http_->Put(".*", forward);
  http_->Patch(".*", forward);
  http_->Delete(".*", forward);
  port_ = http_->bind_to_any_port("127.0.0.1");
  REQUIRE(port_ > 0);
  thread_ = std::thread([this] { http_->listen_after_bind(); });
  for (int i = 0; i < 500 && !http_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(http_->is_running());
}

TamperProxy::~TamperProxy() {
  http_->stop();
  if (thread_.joinable()) thread_.join();
}

void TamperProxy::SetEnrollRewriter(EnrollRewriter rewriter) {
  std::lock_guard lock(mutex_);
  rewriter_ = std::move(rewriter);
}

void TamperProxy::Forward(const httplib::Request& req, httplib::Response& res) {
  auto client = server_.Client();
  httplib::Headers headers;
  for (const char* name : {"Authorization", "If-None-Match"}) {
    if (req.has_header(name)) headers.emplace(name, req.get_header_value(name));
  }
  const std::string type =
      req.has_header("Content-Type") ? req.get_header_value("Content-Type") : "application/json";
  httplib::Result r =
      req.method == "GET"     ? client->Get(req.target.c_str(), headers)
      : req.method == "POST"  ? client->Post(req.target.c_str(), headers, req.body, type.c_str())
      : req.method == "PUT"   ? client->Put(req.target.c_str(), headers, req.body, type.c_str())
      : req.method == "PATCH" ? client->Patch(req.target.c_str(), headers, req.body, type.c_str())
                              : client->Delete(req.target.c_str(), headers, req.body, type.c_str());
  if (!r) {
    res.status = 502;
    return;
  }
  res.status = r->status;
  for (const char* name : {"ETag", "Retry-After"}) {
    if (r->has_header(name)) res.set_header(name, r->get_header_value(name));
  }
  std::string body = r->body;
  const std::string content_type = r->get_header_value("Content-Type");
  const bool enroll = req.method == "POST" && req.path.find("/enroll") != std::string::npos;
  EnrollRewriter rewriter;
  {
    std::lock_guard lock(mutex_);
    rewriter = rewriter_;
  }
  if (enroll && rewriter && r->status == 201) {
    nlohmann::json response = nlohmann::json::parse(body);
    rewriter(nlohmann::json::parse(req.body), response);
    body = response.dump();
  }
  res.set_content(body, content_type.c_str());
}

RogueCa::RogueCa() {
  key_.reset(EVP_EC_gen("P-256"));
  REQUIRE(key_);
  ossl::X509NamePtr name(X509_NAME_new());
  X509_NAME_add_entry_by_txt(name.get(), "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("TrustDesk Reference Server"),
                             -1, -1, 0);
  X509_NAME_add_entry_by_txt(name.get(), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("TrustDesk Root CA"), -1, -1,
                             0);
  // Same name as the real root: only the key tells them apart.
  root_ = MakeCert(name.get(), key_.get(), nullptr, key_.get(), "1001", true);
  root_pem_ = PemOf(root_.get());
}

std::string RogueCa::Sign(const std::string& csr_pem,
                          const std::vector<std::pair<std::string, std::string>>& subject,
                          const std::string& serial_hex) const {
  ossl::BioPtr bio(BIO_new_mem_buf(csr_pem.data(), static_cast<int>(csr_pem.size())));
  ossl::X509ReqPtr req(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  REQUIRE(req);
  ossl::X509NamePtr name(X509_NAME_new());
  for (const auto& [field, value] : subject) {
    X509_NAME_add_entry_by_txt(name.get(), field.c_str(), MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  }
  ossl::X509Ptr cert = MakeCert(name.get(), X509_REQ_get0_pubkey(req.get()), root_.get(),
                                key_.get(), serial_hex, false);
  return PemOf(cert.get());
}

}  // namespace trustdesk::testing
