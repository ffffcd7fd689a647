#include "core/jobs/key_escrow.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

namespace trustdesk {
namespace {

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

}  // namespace

Status VerifyChainTo(const Certificate& certificate, std::string_view intermediates_pem,
                     std::string_view anchors_pem, const Clock& clock, bool check_time,
                     const std::string& what) {
  auto anchors = LoadPemChain(anchors_pem);
  if (!anchors.ok()) {
    return Error{ErrorCode::Parse,
                 what + ": trust anchors are malformed: " + anchors.error().message};
  }
  std::vector<Certificate> intermediates;
  if (intermediates_pem.find("-----BEGIN") != std::string_view::npos) {
    auto chain = LoadPemChain(intermediates_pem);
    if (!chain.ok())
      return Error{ErrorCode::Parse, what + ": chain is malformed: " + chain.error().message};
    intermediates = std::move(chain).value();
  }
  ossl::X509StorePtr store(X509_STORE_new());
  ossl::X509StackPtr untrusted(sk_X509_new_null());
  ossl::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!store || !untrusted || !ctx) return Error{ErrorCode::Crypto, ossl::LastError(what)};
  for (const auto& a : *anchors) X509_STORE_add_cert(store.get(), a.get());
  for (const auto& c : intermediates) {
    // The stack does not own its entries; `intermediates` outlives the verification.
    sk_X509_push(untrusted.get(), c.get());
  }
  if (X509_STORE_CTX_init(ctx.get(), store.get(), certificate.get(), untrusted.get()) != 1) {
    return Error{ErrorCode::Crypto, ossl::LastError(what)};
  }
  if (check_time) {
    X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(clock.Now().unix_seconds));
  } else {
    X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_NO_CHECK_TIME);
  }
  const int ok = X509_verify_cert(ctx.get());
  const int err = X509_STORE_CTX_get_error(ctx.get());
  ERR_clear_error();
  if (ok == 1) return Status::Ok();
  return Error{ErrorCode::Tls,
               what + " does not chain to a trusted CA: " + X509_verify_cert_error_string(err)};
}

Result<std::string> SelfSignedRoots(std::string_view chain_pem) {
  auto chain = LoadPemChain(chain_pem);
  if (!chain.ok()) return chain.error();
  std::string out;
  for (const auto& c : *chain) {
    if (X509_check_issued(c.get(), c.get()) != X509_V_OK) continue;
    auto pem = c.ToPem();
    if (!pem.ok()) return pem.error();
    out += *pem;
  }
  if (out.empty()) return Error{ErrorCode::Parse, "the CA chain holds no self-signed root"};
  return out;
}

Result<std::string> EnvelopeKeyForEscrow(const KeyPair& key, const Certificate& recipient) {
  const uint32_t usage = X509_get_key_usage(recipient.get());
  if (usage != UINT32_MAX && (usage & (KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT)) == 0) {
    return Error{ErrorCode::InvalidInput,
                 "escrow: the escrow certificate's key usage allows neither key encipherment "
                 "nor key agreement"};
  }
  if (X509_check_ca(recipient.get()) != 0) {
    return Error{ErrorCode::InvalidInput, "escrow: the escrow certificate is a CA certificate"};
  }
  auto der = key.ToPkcs8Der();
  if (!der.ok()) return der.error();
  ossl::BioPtr in(BIO_new_mem_buf(der->data(), static_cast<int>(der->size())));
  ossl::X509StackPtr recipients(sk_X509_new_null());
  if (!in || !recipients) return Error{ErrorCode::Crypto, ossl::LastError("escrow")};
  ossl::X509Ptr recipient_ref = recipient.Share();
  if (sk_X509_push(recipients.get(), recipient_ref.get()) <= 0) {
    return Error{ErrorCode::Crypto, ossl::LastError("escrow")};
  }
  (void)recipient_ref.release();  // now owned by the stack
  ossl::CmsPtr cms(CMS_encrypt(recipients.get(), in.get(), EVP_aes_256_cbc(), CMS_BINARY));
  // The DER key is no longer needed; wipe the copy before anything else can fail.
  OPENSSL_cleanse(der->data(), der->size());
  if (!cms) return Error{ErrorCode::Crypto, ossl::LastError("escrow: CMS encryption")};
  ossl::BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_CMS_stream(out.get(), cms.get(), nullptr, 0) != 1) {
    return Error{ErrorCode::Crypto, ossl::LastError("escrow: CMS encoding")};
  }
  return BioText(out.get());
}

}  // namespace trustdesk
