#include "core/crypto/chain_verifier.h"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <cctype>

namespace trustdesk {
namespace {

Error Fail(ErrorCode code, const std::string& message) {
  ERR_clear_error();
  return Error{code, "verify: " + message};
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string SubjectText(const std::vector<NameAttribute>& attrs) {
  std::string out;
  for (auto it = attrs.rbegin(); it != attrs.rend(); ++it) {
    out += (out.empty() ? "" : ",") + it->short_name + "=" + it->value;
  }
  return out.empty() ? "<empty>" : out;
}

std::string SanText(const std::vector<SanEntry>& sans) {
  std::string out;
  for (const auto& s : sans) out += (out.empty() ? "" : ", ") + s.Display();
  return out.empty() ? "<none>" : out;
}

// Order-insensitive multiset comparison: a CA may reorder but not add, drop or change.
template <class T, class Key>
bool SameMultiset(const std::vector<T>& a, const std::vector<T>& b, Key key) {
  if (a.size() != b.size()) return false;
  std::vector<std::string> ka, kb;
  for (const auto& x : a) ka.push_back(key(x));
  for (const auto& x : b) kb.push_back(key(x));
  std::sort(ka.begin(), ka.end());
  std::sort(kb.begin(), kb.end());
  return ka == kb;
}

std::string SanKey(const SanEntry& s) {
  // DNS names and e-mail domains compare case-insensitively; the rest byte for byte.
  if (s.kind == "DNS") return s.kind + ":" + Lower(s.value);
  if (s.kind == "email" || s.kind == "UPN") {
    auto at = s.value.rfind('@');
    std::string v = at == std::string::npos ? s.value
                                            : s.value.substr(0, at) + Lower(s.value.substr(at));
    return s.kind + ":" + v;
  }
  return s.kind + ":" + s.value;
}

}  // namespace

Result<VerifiedCertificate> VerifyIssuedCertificate(const IssuedCertificateCheck& check,
                                                    const Clock& clock) {
  if (check.key == nullptr || check.requested == nullptr) {
    return Error{ErrorCode::Internal, "verify: key and requested names are required"};
  }
  auto cert = Certificate::FromPem(check.certificate_pem);
  if (!cert.ok()) return Fail(ErrorCode::Parse, "certificate is malformed: " + cert.error().message);
  std::vector<Certificate> intermediates;
  if (check.chain_pem.find("-----BEGIN") != std::string_view::npos) {
    auto chain = LoadPemChain(check.chain_pem);
    if (!chain.ok()) return Fail(ErrorCode::Parse, "chain is malformed: " + chain.error().message);
    intermediates = std::move(chain).value();
  }
  auto anchors = LoadPemChain(check.trust_anchors_pem);
  if (!anchors.ok()) {
    return Fail(ErrorCode::Parse, "trust anchors are malformed: " + anchors.error().message);
  }

  ossl::X509StorePtr store(X509_STORE_new());
  ossl::X509StackPtr untrusted(sk_X509_new_null());
  ossl::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!store || !untrusted || !ctx) return Fail(ErrorCode::Crypto, "allocate verification context");
  for (const auto& a : *anchors) {
    if (X509_STORE_add_cert(store.get(), a.get()) != 1) {
      return Fail(ErrorCode::Crypto, ossl::LastError("add trust anchor"));
    }
  }
  for (const auto& c : intermediates) {
    ossl::X509Ptr ref = c.Share();
    if (sk_X509_push(untrusted.get(), ref.get()) <= 0) return Fail(ErrorCode::Crypto, "add chain");
    ref.release();
  }
  if (X509_STORE_CTX_init(ctx.get(), store.get(), cert->get(), untrusted.get()) != 1) {
    return Fail(ErrorCode::Crypto, ossl::LastError("initialise verification"));
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(clock.Now().unix_seconds));

  if (X509_verify_cert(ctx.get()) != 1) {
    int err = X509_STORE_CTX_get_error(ctx.get());
    X509* at = X509_STORE_CTX_get_current_cert(ctx.get());
    std::string who = at != nullptr ? DescribeName(X509_get_subject_name(at)).rfc4514 : "?";
    std::string what = at == cert->get() ? "certificate" : "CA certificate " + who;
    if (err == X509_V_ERR_CERT_HAS_EXPIRED && at != nullptr) {
      auto t = ToTimestamp(X509_get0_notAfter(at));
      return Fail(ErrorCode::Tls, what + " has expired: not valid after " +
                                      (t.ok() ? FormatRfc3339(*t) : std::string("?")));
    }
    if (err == X509_V_ERR_CERT_NOT_YET_VALID && at != nullptr) {
      auto t = ToTimestamp(X509_get0_notBefore(at));
      return Fail(ErrorCode::Tls, what + " is not yet valid: not valid before " +
                                      (t.ok() ? FormatRfc3339(*t) : std::string("?")));
    }
    return Fail(ErrorCode::Tls, "certificate does not chain to a trusted CA: " +
                                    std::string(X509_verify_cert_error_string(err)) + " (at " +
                                    who + ")");
  }
  VerifiedCertificate out{std::move(cert).value(), {}, {}};
  STACK_OF(X509)* path = X509_STORE_CTX_get0_chain(ctx.get());
  for (int i = 1; i < sk_X509_num(path); ++i) {
    X509* c = sk_X509_value(path, i);
    X509_up_ref(c);
    out.path.push_back(Certificate::Adopt(ossl::X509Ptr(c)));
  }

  if (!check.key->SamePublicKey(X509_get0_pubkey(out.certificate.get()))) {
    return Fail(ErrorCode::Crypto,
                "certificate's public key does not match the key generated for it");
  }
  out.info = out.certificate.Info();
  const auto& asked = *check.requested;
  auto name_key = [](const NameAttribute& a) { return a.oid + "=" + a.value; };
  if (!SameMultiset(asked.subject, out.info.subject.attributes, name_key)) {
    return Fail(ErrorCode::InvalidInput, "subject mismatch: asked for " +
                                             SubjectText(asked.subject) + ", got " +
                                             SubjectText(out.info.subject.attributes));
  }
  if (!SameMultiset(asked.san, out.info.san, SanKey)) {
    return Fail(ErrorCode::InvalidInput, "subjectAltName mismatch: asked for " +
                                             SanText(asked.san) + ", got " + SanText(out.info.san));
  }
  return out;
}

}  // namespace trustdesk
