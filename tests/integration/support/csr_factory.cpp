#include "tests/integration/support/csr_factory.h"

#include <doctest/doctest.h>
#include <openssl/pem.h>

namespace trustdesk::testing {
namespace {

ossl::PkeyPtr GenerateKey(const std::string& spec) {
  if (spec.rfind("EC:", 0) == 0) return ossl::PkeyPtr(EVP_EC_gen(spec.substr(3).c_str()));
  if (spec.rfind("RSA:", 0) == 0) {
    return ossl::PkeyPtr(EVP_RSA_gen(static_cast<unsigned>(std::stoi(spec.substr(4)))));
  }
  if (spec == "Ed25519") return ossl::PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  FAIL("unknown key spec " << spec);
  return nullptr;
}

std::string Pem(BIO* bio) {
  char* p = nullptr;
  long n = BIO_get_mem_data(bio, &p);
  return std::string(p, static_cast<size_t>(n));
}

}  // namespace

TestCsr MakeCsr(const CsrSpec& spec) {
  TestCsr out;
  out.key = GenerateKey(spec.key);
  REQUIRE(out.key);
  ossl::X509ReqPtr req(X509_REQ_new());
  REQUIRE(X509_REQ_set_version(req.get(), 0) == 1);
  X509_NAME* name = X509_REQ_get_subject_name(req.get());
  for (const auto& [field, value] : spec.subject) {
    REQUIRE(X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(value.c_str()), -1,
                                       -1, 0) == 1);
  }
  REQUIRE(X509_REQ_set_pubkey(req.get(), out.key.get()) == 1);
  if (!spec.san.empty()) {
    std::string joined;
    for (const auto& s : spec.san) joined += (joined.empty() ? "" : ",") + s;
    STACK_OF(X509_EXTENSION)* exts = sk_X509_EXTENSION_new_null();
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, joined.c_str());
    REQUIRE(ext);
    sk_X509_EXTENSION_push(exts, ext);
    REQUIRE(X509_REQ_add_extensions(req.get(), exts) == 1);
    sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
  }
  const EVP_MD* md = spec.key == "Ed25519" ? nullptr : EVP_sha256();
  REQUIRE(X509_REQ_sign(req.get(), out.key.get(), md) > 0);
  int len = i2d_X509_REQ(req.get(), nullptr);
  REQUIRE(len > 0);
  std::string der(static_cast<size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_X509_REQ(req.get(), &p);
  // The signature is the last field of the DER: flipping its final byte keeps the structure
  // parseable while the signature no longer verifies.
  if (spec.corrupt_signature) der.back() = static_cast<char>(der.back() ^ 0x01);
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio(bio.get(), "CERTIFICATE REQUEST", "",
                        reinterpret_cast<const unsigned char*>(der.data()), len) > 0);
  out.csr_pem = Pem(bio.get());
  ossl::BioPtr kbio(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_PrivateKey(kbio.get(), out.key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
  out.key_pem = Pem(kbio.get());
  return out;
}

std::string EnvelopeKey(EVP_PKEY* key, const std::string& recipient_pem) {
  ossl::BioPtr cbio(BIO_new_mem_buf(recipient_pem.data(), static_cast<int>(recipient_pem.size())));
  ossl::X509Ptr recipient(PEM_read_bio_X509(cbio.get(), nullptr, nullptr, nullptr));
  REQUIRE(recipient);
  ossl::BioPtr pkcs8(BIO_new(BIO_s_mem()));
  REQUIRE(i2d_PKCS8PrivateKey_bio(pkcs8.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1);
  ossl::X509StackPtr recipients(sk_X509_new_null());
  X509_up_ref(recipient.get());
  sk_X509_push(recipients.get(), recipient.get());
  ossl::CmsPtr cms(CMS_encrypt(recipients.get(), pkcs8.get(), EVP_aes_256_cbc(), CMS_BINARY));
  REQUIRE(cms);
  int len = i2d_CMS_ContentInfo(cms.get(), nullptr);
  REQUIRE(len > 0);
  std::string der(static_cast<size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_CMS_ContentInfo(cms.get(), &p);
  ossl::BioPtr out(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio(out.get(), "CMS", "", reinterpret_cast<const unsigned char*>(der.data()),
                        len) > 0);
  return Pem(out.get());
}

}  // namespace trustdesk::testing
