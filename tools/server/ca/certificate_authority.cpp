#include "tools/server/ca/certificate_authority.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <utility>

#include "tools/server/ca/x509_util.h"
#include "tools/server/file_util.h"

namespace trustdesk::server::ca {
namespace {

constexpr int64_t kDay = 86400;
// CA certificates are backdated so QA clock offsets (scenarios move the server clock back by up
// to a year) still issue certificates that lie inside the issuer's validity.
constexpr int64_t kCaBackdate = 2 * 365 * kDay;

using Extensions = std::vector<std::pair<int, std::string>>;

Result<ossl::X509Ptr> BuildCertificate(X509_NAME* subject, EVP_PKEY* public_key, X509* issuer,
                                       EVP_PKEY* issuer_key, Timestamp not_before,
                                       Timestamp not_after, const Extensions& extensions,
                                       const EVP_MD* digest, GENERAL_NAMES* san = nullptr) {
  ossl::X509Ptr cert(X509_new());
  auto serial = RandomSerial();
  if (!serial) return serial.error();
  if (!cert || !X509_set_version(cert.get(), 2) ||
      !X509_set_serialNumber(cert.get(), serial->get()) ||
      !X509_set_subject_name(cert.get(), subject) ||
      !X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : subject) ||
      !X509_set_pubkey(cert.get(), public_key) ||
      !SetAsn1Time(X509_getm_notBefore(cert.get()), not_before) ||
      !SetAsn1Time(X509_getm_notAfter(cert.get()), not_after)) {
    return Error(ErrorCode::Crypto, ossl::LastError("building certificate fields"));
  }
  for (const auto& [nid, value] : extensions) {
    Status st = AddExtension(cert.get(), issuer ? issuer : cert.get(), nid, value);
    if (!st) return st.error();
  }
  // SANs come as a ready-made GENERAL_NAMES: values may contain commas, which the config syntax
  // above cannot express.
  if (san && sk_GENERAL_NAME_num(san) > 0 &&
      X509_add1_ext_i2d(cert.get(), NID_subject_alt_name, san, 0, X509V3_ADD_DEFAULT) != 1) {
    return Error(ErrorCode::Crypto, ossl::LastError("adding subjectAltName"));
  }
  if (X509_sign(cert.get(), issuer_key, digest) <= 0) {
    return Error(ErrorCode::Crypto, ossl::LastError("signing certificate"));
  }
  return cert;
}

// Loads key + certificate from `name`.key / `name`.pem, or creates them with `make`.
template <class MakeFn>
Status LoadOrMake(const std::filesystem::path& dir, const std::string& name, ossl::PkeyPtr& key,
                  ossl::X509Ptr& cert, std::string& cert_pem, MakeFn make) {
  auto key_file = dir / (name + ".key");
  auto cert_file = dir / (name + ".pem");
  std::error_code ec;
  if (std::filesystem::exists(key_file, ec) && std::filesystem::exists(cert_file, ec)) {
    auto key_pem = ReadFileLimited(key_file, 1 << 20);
    if (!key_pem) return key_pem.error();
    auto loaded_key = ParsePrivateKeyPem(*key_pem, key_file.string());
    if (!loaded_key) return loaded_key.error();
    auto pem = ReadFileLimited(cert_file, 1 << 20);
    if (!pem) return pem.error();
    auto loaded_cert = ParseCertificatePem(*pem, cert_file.string());
    if (!loaded_cert) return loaded_cert.error();
    if (X509_check_private_key(loaded_cert->get(), loaded_key->get()) != 1) {
      return Error(ErrorCode::Crypto, key_file.string() + " does not match " + cert_file.string());
    }
    key = std::move(*loaded_key);
    cert = std::move(*loaded_cert);
    cert_pem = std::move(*pem);
    return Status::Ok();
  }
  Status st = make();
  if (!st) return st;
  auto key_pem = PrivateKeyToPem(key.get());
  if (!key_pem) return key_pem.error();
  auto pem = CertificateToPem(cert.get());
  if (!pem) return pem.error();
  // The key is written first and 0600 from its first byte; the certificate last, so a crash in
  // between leaves no certificate without its key.
  if (Status w = WriteFileAtomic(key_file, *key_pem, 0600); !w) return w;
  if (Status w = WriteFileAtomic(cert_file, *pem, 0644); !w) return w;
  cert_pem = std::move(*pem);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<CertificateAuthority>> CertificateAuthority::LoadOrCreate(
    const std::filesystem::path& ca_dir, Timestamp now) {
  if (Status st = EnsurePrivateDirectory(ca_dir); !st) return st.error();
  std::unique_ptr<CertificateAuthority> ca(new CertificateAuthority());
  ca->dir_ = ca_dir;
  for (auto step : {&CertificateAuthority::LoadOrCreateRoot,
                    &CertificateAuthority::LoadOrCreateIssuing,
                    &CertificateAuthority::LoadOrCreateTlsRoot,
                    &CertificateAuthority::LoadOrCreateTls}) {
    Status st = (ca.get()->*step)(now);
    if (!st) return st.error();
  }
  if (Status st = WriteFileAtomic(ca->trust_bundle_file(), ca->tls_root_pem_, 0644); !st) {
    return st.error();
  }
  return ca;
}

Status CertificateAuthority::LoadOrCreateRoot(Timestamp now) {
  return LoadOrMake(dir_, "root", root_key_, root_cert_, root_pem_, [&]() -> Status {
    auto key = GenerateEcKey("P-384");
    if (!key) return key.error();
    auto name = MakeName({{"O", "TrustDesk Reference Server"}, {"CN", "TrustDesk Root CA"}});
    auto cert = BuildCertificate(name.get(), key->get(), nullptr, key->get(),
                                 Timestamp{now.unix_seconds - kCaBackdate},
                                 Timestamp{now.unix_seconds + 20 * 365 * kDay},
                                 {{NID_basic_constraints, "critical,CA:TRUE"},
                                  {NID_key_usage, "critical,keyCertSign,cRLSign"},
                                  {NID_subject_key_identifier, "hash"}},
                                 EVP_sha384());
    if (!cert) return cert.error();
    root_key_ = std::move(*key);
    root_cert_ = std::move(*cert);
    return Status::Ok();
  });
}

Status CertificateAuthority::LoadOrCreateIssuing(Timestamp now) {
  return LoadOrMake(dir_, "issuing", issuing_key_, issuing_cert_, issuing_pem_, [&]() -> Status {
    auto key = GenerateEcKey("P-256");
    if (!key) return key.error();
    auto name = MakeName({{"O", "TrustDesk Reference Server"}, {"CN", "TrustDesk Issuing CA 1"}});
    auto cert = BuildCertificate(name.get(), key->get(), root_cert_.get(), root_key_.get(),
                                 Timestamp{now.unix_seconds - kCaBackdate},
                                 Timestamp{now.unix_seconds + 15 * 365 * kDay},
                                 {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                                  {NID_key_usage, "critical,keyCertSign,cRLSign"},
                                  {NID_subject_key_identifier, "hash"},
                                  {NID_authority_key_identifier, "keyid:always"}},
                                 EVP_sha384());
    if (!cert) return cert.error();
    issuing_key_ = std::move(*key);
    issuing_cert_ = std::move(*cert);
    return Status::Ok();
  });
}

Status CertificateAuthority::LoadOrCreateTlsRoot(Timestamp now) {
  return LoadOrMake(dir_, "tls-root", tls_root_key_, tls_root_cert_, tls_root_pem_,
                    [&]() -> Status {
    auto key = GenerateEcKey("P-256");
    if (!key) return key.error();
    auto name = MakeName({{"O", "TrustDesk Reference Server"}, {"CN", "TrustDesk Server TLS Root"}});
    // pathlen:0 and a single purpose: it signs the server's TLS certificate and nothing else.
    auto cert = BuildCertificate(name.get(), key->get(), nullptr, key->get(),
                                 Timestamp{now.unix_seconds - kDay},
                                 Timestamp{now.unix_seconds + 20 * 365 * kDay},
                                 {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                                  {NID_key_usage, "critical,keyCertSign"},
                                  {NID_subject_key_identifier, "hash"}},
                                 EVP_sha256());
    if (!cert) return cert.error();
    tls_root_key_ = std::move(*key);
    tls_root_cert_ = std::move(*cert);
    return Status::Ok();
  });
}

Status CertificateAuthority::LoadOrCreateTls(Timestamp now) {
  // A data directory from before the TLS root existed holds a TLS certificate signed by the
  // issuing CA: it is replaced, so that the API anchor and user certificates never share a root.
  std::error_code ec;
  if (std::filesystem::exists(dir_ / "tls.pem", ec)) {
    auto pem = ReadFileLimited(dir_ / "tls.pem", 1 << 20);
    if (!pem) return pem.error();
    auto old = ParseCertificatePem(*pem, (dir_ / "tls.pem").string());
    if (!old || X509_verify(old->get(), X509_get0_pubkey(tls_root_cert_.get())) != 1) {
      ERR_clear_error();
      std::filesystem::remove(dir_ / "tls.pem", ec);
      if (ec) return Error(ErrorCode::Io, "cannot replace " + (dir_ / "tls.pem").string());
    }
  }
  ossl::PkeyPtr key;
  ossl::X509Ptr cert;
  std::string pem;
  Status st = LoadOrMake(dir_, "tls", key, cert, pem, [&]() -> Status {
    auto k = GenerateEcKey("P-256");
    if (!k) return k.error();
    auto name = MakeName({{"O", "TrustDesk Reference Server"}, {"CN", "localhost"}});
    // The IP SANs matter: clients connect to https://127.0.0.1:PORT and verify the host.
    auto c = BuildCertificate(name.get(), k->get(), tls_root_cert_.get(), tls_root_key_.get(),
                              Timestamp{now.unix_seconds - kDay},
                              Timestamp{now.unix_seconds + 390 * kDay},
                              {{NID_basic_constraints, "critical,CA:FALSE"},
                               {NID_key_usage, "critical,digitalSignature"},
                               {NID_ext_key_usage, "serverAuth"},
                               {NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"},
                               {NID_subject_key_identifier, "hash"},
                               {NID_authority_key_identifier, "keyid:always"}},
                              EVP_sha256());
    if (!c) return c.error();
    key = std::move(*k);
    cert = std::move(*c);
    return Status::Ok();
  });
  if (!st) return st;
  ossl::GeneralNamesPtr sans(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr)));
  reserved_names_ = ReservedNames(DescribeGeneralNames(sans.get()));
  return WriteFileAtomic(tls_chain_file(), pem + tls_root_pem_, 0644);
}

std::string CertificateAuthority::issuing_subject() const {
  return NameToString(X509_get_subject_name(issuing_cert_.get()));
}

std::string CertificateAuthority::root_subject() const {
  return NameToString(X509_get_subject_name(root_cert_.get()));
}

Result<ossl::X509Ptr> CertificateAuthority::Issue(const CertificateSpec& spec) const {
  if (!spec.subject || !spec.public_key || !spec.digest) {
    return Error(ErrorCode::Internal, "certificate spec is incomplete");
  }
  Extensions ext = {{NID_basic_constraints, "critical,CA:FALSE"},
                    {NID_subject_key_identifier, "hash"},
                    {NID_authority_key_identifier, "keyid:always"}};
  auto join = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
    return out;
  };
  if (!spec.key_usage.empty()) ext.push_back({NID_key_usage, "critical," + join(spec.key_usage)});
  if (!spec.extended_key_usage.empty()) {
    ext.push_back({NID_ext_key_usage, join(spec.extended_key_usage)});
  }
  if (!spec.crl_url.empty()) ext.push_back({NID_crl_distribution_points, "URI:" + spec.crl_url});
  auto cert = BuildCertificate(spec.subject.get(), spec.public_key.get(), issuing_cert_.get(),
                               issuing_key_.get(), spec.not_before, spec.not_after, ext,
                               spec.digest, spec.subject_alt_names.get());
  return cert;
}

Result<std::string> CertificateAuthority::MakeCrlDer(const std::vector<RevokedEntry>& revoked,
                                                    int64_t crl_number, Timestamp now) const {
  ossl::X509CrlPtr crl(X509_CRL_new());
  ossl::Asn1TimePtr last(ASN1_TIME_new()), next(ASN1_TIME_new());
  if (!crl || !last || !next || !X509_CRL_set_version(crl.get(), 1) ||
      !X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuing_cert_.get())) ||
      !SetAsn1Time(last.get(), now) || !SetAsn1Time(next.get(), Timestamp{now.unix_seconds + kDay}) ||
      !X509_CRL_set1_lastUpdate(crl.get(), last.get()) ||
      !X509_CRL_set1_nextUpdate(crl.get(), next.get())) {
    return Error(ErrorCode::Crypto, ossl::LastError("building CRL"));
  }
  for (const auto& entry : revoked) {
    X509_REVOKED* rev = X509_REVOKED_new();
    ossl::BignumPtr bn;
    BIGNUM* raw = nullptr;
    if (!BN_hex2bn(&raw, entry.serial_hex.c_str())) {
      X509_REVOKED_free(rev);
      return Error(ErrorCode::Internal, "CRL: bad stored serial " + entry.serial_hex);
    }
    bn.reset(raw);
    ossl::Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
    ossl::Asn1TimePtr when(ASN1_TIME_new());
    SetAsn1Time(when.get(), entry.revoked_at);
    X509_REVOKED_set_serialNumber(rev, serial.get());
    X509_REVOKED_set_revocationDate(rev, when.get());
    static const int kReasonCodes[] = {CRL_REASON_UNSPECIFIED, CRL_REASON_KEY_COMPROMISE,
                                       CRL_REASON_AFFILIATION_CHANGED, CRL_REASON_SUPERSEDED,
                                       CRL_REASON_CESSATION_OF_OPERATION};
    ASN1_ENUMERATED* reason = ASN1_ENUMERATED_new();
    ASN1_ENUMERATED_set(reason, kReasonCodes[static_cast<int>(entry.reason)]);
    X509_REVOKED_add1_ext_i2d(rev, NID_crl_reason, reason, 0, 0);
    ASN1_ENUMERATED_free(reason);
    X509_CRL_add0_revoked(crl.get(), rev);  // the CRL owns `rev` from here
  }
  ossl::Asn1IntegerPtr number(ASN1_INTEGER_new());
  ASN1_INTEGER_set_int64(number.get(), crl_number);
  X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuing_cert_.get(), nullptr, nullptr, crl.get(), 0);
  ossl::X509ExtensionPtr aki(
      X509V3_EXT_conf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always"));
  if (aki) X509_CRL_add_ext(crl.get(), aki.get(), -1);
  X509_CRL_sort(crl.get());
  if (X509_CRL_sign(crl.get(), issuing_key_.get(), EVP_sha256()) <= 0) {
    return Error(ErrorCode::Crypto, ossl::LastError("signing CRL"));
  }
  int len = i2d_X509_CRL(crl.get(), nullptr);
  if (len <= 0) return Error(ErrorCode::Crypto, ossl::LastError("encoding CRL"));
  std::string der(static_cast<size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_X509_CRL(crl.get(), &p);
  return der;
}

}  // namespace trustdesk::server::ca
