// ApiClient: the certificate life-cycle calls (show one, enroll/renew, revoke, key escrow and
// recovery, CA chain). Besides the JSON shape, every PEM a response carries is parsed here and its
// serial compared with the JSON, so the job worker never sees a certificate that does not parse.
#include <algorithm>

#include "core/api/api_client.h"
#include "core/api/api_error.h"
#include "core/api/request_log.h"
#include "core/crypto/certificate.h"
#include "core/model/field_rules.h"
#include "core/model/json_mapping.h"

namespace trustdesk {
namespace {

constexpr const char* kPrefix = "/api/v1";
constexpr std::size_t kMinRecoverPassphrase = 8;
constexpr std::size_t kMaxPassphrase = 1024;

std::string Target(const HttpRequest& r) { return r.method + " " + r.path; }

Error Field(const std::string& where, const std::string& field, const std::string& problem) {
  return Error{ErrorCode::Parse, where + ".$." + field + ": " + problem};
}

Result<std::string> StringField(const nlohmann::json& j, const std::string& key,
                                const std::string& where, const std::string& path = "") {
  const std::string name = path.empty() ? key : path + "." + key;
  const auto it = j.find(key);
  if (it == j.end()) return Field(where, name, "missing");
  if (!it->is_string()) return Field(where, name, "must be a string");
  std::string value = it->get<std::string>();
  if (value.empty()) return Field(where, name, "must not be empty");
  return value;
}

Status CheckSerialArgument(const std::string& serial, const std::string& call) {
  if (!IsLowerHexSerial(serial)) {
    return Error{ErrorCode::InvalidInput,
                 call + ": serial must be 1 to 40 lower-case hex digits (got \"" +
                     serial.substr(0, 48) + "\")"};
  }
  return Status::Ok();
}

// A PEM bundle of certificates, each of which must parse; `field` names it in errors.
Status CheckPemChain(const std::string& pem, const std::string& where, const std::string& field) {
  auto chain = LoadPemChain(pem);
  if (!chain.ok())
    return Field(where, field, "not a valid PEM certificate chain: " + chain.error().message);
  return Status::Ok();
}

// The certificate PEM must parse and carry the serial the JSON claims.
Status CheckCertificatePem(const std::string& pem, const std::string& serial,
                           const std::string& where, const std::string& field) {
  auto cert = Certificate::FromPem(pem);
  if (!cert.ok()) return Field(where, field, "not a valid certificate: " + cert.error().message);
  const std::string actual = cert->Serial();
  if (actual != serial) {
    return Field(where, field, "holds serial " + actual + " but the response names " + serial);
  }
  return Status::Ok();
}

// An IssuedCertificate at `path` of `doc` (or the whole document when `path` is empty).
Result<IssuedCertificate> CertificateAt(const nlohmann::json& doc, const std::string& key,
                                        const std::string& where) {
  const nlohmann::json* node = &doc;
  std::string path = "$";
  if (!key.empty()) {
    const auto it = doc.find(key);
    if (it == doc.end()) return Field(where, key, "missing");
    node = &*it;
    path = "$." + key;
  }
  auto cert = IssuedCertificateFromJson(*node, path);
  if (!cert.ok()) return Error{cert.error().code, where + ": " + cert.error().message};
  std::string field = key.empty() ? "certificate_pem" : key + ".certificate_pem";
  if (Status s = CheckCertificatePem(cert->certificate_pem, cert->serial, where, field); !s.ok()) {
    return s.error();
  }
  return cert;
}

}  // namespace

Result<HttpResponse> ApiClient::CallIdempotent(const HttpRequest& request, CallInfo* info) {
  auto res = Call(request, info);
  // The transport's wording for a connection that ended before any response; a timeout or a
  // refused connection is not retried.
  if (!res.ok() && res.error().code == ErrorCode::Network &&
      res.error().message.find("was closed") != std::string::npos) {
    return Call(request, info);
  }
  return res;
}

Result<IssuedCertificate> ApiClient::GetCertificate(const std::string& token,
                                                    const std::string& serial, CallInfo* info) {
  if (Status s = CheckSerialArgument(serial, "GET /certificates"); !s.ok()) return s.error();
  HttpRequest req;
  req.path = std::string(kPrefix) + "/certificates/" + serial;
  req.bearer_token = token;
  auto res = CallIdempotent(req, info);
  if (!res) return res.error();
  auto doc = ParseBody(*res, Target(req));
  if (!doc) return doc.error();
  const std::string where = Target(req) + " response";
  auto cert = CertificateAt(*doc, "", where);
  if (!cert) return cert.error();
  if (cert->serial != serial) {
    return Field(where, "serial", "is " + cert->serial + " but " + serial + " was asked for");
  }
  return cert;
}

Result<std::vector<IssuedCertificate>> ApiClient::GetCertificatesForProfile(
    const std::string& token, const std::string& profile_id, CallInfo* info) {
  if (!IsValidId(profile_id)) {
    return Error{ErrorCode::InvalidInput,
                 "GET /certificates: profile id must match [A-Za-z0-9._-]{1,64}"};
  }
  HttpRequest req;
  req.path = std::string(kPrefix) + "/certificates?profile_id=" + profile_id;
  req.bearer_token = token;
  auto res = CallIdempotent(req, info);
  if (!res) return res.error();
  auto doc = ParseBody(*res, Target(req));
  if (!doc) return doc.error();
  const std::string where = Target(req) + " response";
  auto certs = IssuedCertificateListFromJson(*doc);
  if (!certs) return Error{certs.error().code, where + ": " + certs.error().message};
  for (std::size_t i = 0; i < certs->size(); ++i) {
    if ((*certs)[i].profile_id != profile_id) {
      return Field(where, "certificates[" + std::to_string(i) + "].profile_id",
                   "is " + (*certs)[i].profile_id + " but only " + profile_id + " was asked for");
    }
  }
  return certs;
}

Result<EnrollResult> ApiClient::Enroll(const std::string& token, const std::string& profile_id,
                                       const std::string& csr_pem,
                                       const std::optional<std::string>& renews_serial,
                                       CallInfo* info) {
  if (!IsValidId(profile_id)) {
    return Error{ErrorCode::InvalidInput, "enroll: profile id must match [A-Za-z0-9._-]{1,64}"};
  }
  if (csr_pem.find("-----BEGIN CERTIFICATE REQUEST-----") == std::string::npos) {
    return Error{ErrorCode::InvalidInput, "enroll: csr_pem must be a PEM certificate request"};
  }
  nlohmann::json body = {{"csr_pem", csr_pem}};
  if (renews_serial) {
    if (Status s = CheckSerialArgument(*renews_serial, "enroll: renews_serial"); !s.ok()) {
      return s.error();
    }
    body["renews_serial"] = *renews_serial;
  }
  HttpRequest req;
  req.method = "POST";
  req.path = std::string(kPrefix) + "/profiles/" + profile_id + "/enroll";
  req.bearer_token = token;
  req.body = body.dump();
  auto res = Call(req, info);
  if (!res) return res.error();
  auto doc = ParseBody(*res, Target(req));
  if (!doc) return doc.error();
  const std::string where = Target(req) + " response";
  EnrollResult out;
  auto cert = CertificateAt(*doc, "certificate", where);
  if (!cert) return cert.error();
  out.certificate = std::move(cert.value());
  if (out.certificate.profile_id != profile_id) {
    return Field(where, "certificate.profile_id",
                 "is " + out.certificate.profile_id + " but the request was for " + profile_id);
  }
  if (out.certificate.revoked) {
    return Field(where, "certificate.revoked", "a newly issued certificate cannot be revoked");
  }
  auto chain = StringField(*doc, "chain_pem", where);
  if (!chain) return chain.error();
  if (Status s = CheckPemChain(*chain, where, "chain_pem"); !s.ok()) return s.error();
  out.chain_pem = std::move(chain.value());
  return out;
}

Result<IssuedCertificate> ApiClient::Revoke(const std::string& token, const std::string& serial,
                                            RevocationReason reason, CallInfo* info) {
  if (Status s = CheckSerialArgument(serial, "revoke"); !s.ok()) return s.error();
  HttpRequest req;
  req.method = "POST";
  req.path = std::string(kPrefix) + "/certificates/" + serial + "/revoke";
  req.bearer_token = token;
  req.body = nlohmann::json{{"reason", ToString(reason)}}.dump();
  auto res = Call(req, info);
  if (!res) return res.error();
  auto doc = ParseBody(*res, Target(req));
  if (!doc) return doc.error();
  const std::string where = Target(req) + " response";
  auto cert = CertificateAt(*doc, "", where);
  if (!cert) return cert.error();
  if (cert->serial != serial) {
    return Field(where, "serial", "is " + cert->serial + " but " + serial + " was revoked");
  }
  if (!cert->revoked) return Field(where, "revoked", "must be true after a revocation");
  return cert;
}

Result<std::string> ApiClient::EscrowCertificate(const std::string& token, CallInfo* info) {
  HttpRequest req;
  req.path = std::string(kPrefix) + "/escrow/certificate";
  req.bearer_token = token;
  auto res = CallIdempotent(req, info);
  if (!res) return res.error();
  auto doc = ParseBody(*res, Target(req));
  if (!doc) return doc.error();
  const std::string where = Target(req) + " response";
  auto pem = StringField(*doc, "certificate_pem", where);
  if (!pem) return pem.error();
  auto chain = LoadPemChain(*pem);
  if (!chain.ok() || chain->size() != 1) {
    return Field(where, "certificate_pem",
                 chain.ok()
                     ? "must hold exactly one certificate, not " + std::to_string(chain->size())
                     : "not a valid certificate: " + chain.error().message);
  }
  return pem;
}

Status ApiClient::Escrow(const std::string& token, const std::string& serial,
                         const std::string& cms_pem, CallInfo* info) {
  if (Status s = CheckSerialArgument(serial, "escrow"); !s.ok()) return s;
  if (cms_pem.find("-----BEGIN CMS-----") == std::string::npos) {
    return Error{ErrorCode::InvalidInput, "escrow: cms_pem must be a PEM CMS envelope"};
  }
  HttpRequest req;
  req.method = "POST";
  req.path = std::string(kPrefix) + "/certificates/" + serial + "/escrow";
  req.bearer_token = token;
  req.body = nlohmann::json{{"cms_pem", cms_pem}}.dump();
  auto res = Call(req, info);
  if (!res) return res.error();
  return Status::Ok();
}

Result<RecoveredKey> ApiClient::Recover(const std::string& token, const std::string& serial,
                                        const std::string& passphrase, const std::string& password,
                                        CallInfo* info) {
  if (Status s = CheckSerialArgument(serial, "recover"); !s.ok()) return s.error();
  if (passphrase.size() < kMinRecoverPassphrase || passphrase.size() > kMaxPassphrase) {
    return Error{ErrorCode::InvalidInput, "recover: the passphrase must be 8 to 1024 characters"};
  }
  if (password.empty() || password.size() > kMaxPassphrase) {
    return Error{ErrorCode::InvalidInput,
                 "recover: your password is needed again to recover a key (1 to 1024 characters)"};
  }
  HttpRequest req;
  req.method = "POST";
  req.path = std::string(kPrefix) + "/certificates/" + serial + "/recover";
  req.bearer_token = token;
  req.body = nlohmann::json{{"passphrase", passphrase}, {"password", password}}.dump();
  auto res = Call(req, info, 403);
  if (res && res->status == 403) {
    Error e = ErrorFromResponse(*res, Target(req));
    // The password asked again was wrong: an authentication failure (Auth), unlike a refusal of
    // the recovery itself (recovery_not_allowed stays Forbidden).
    if (ParseServerError(*res).code == "reauthentication_failed") e.code = ErrorCode::Auth;
    res = e;
  }
  if (!res) {
    Error e = res.error();
    e.message = RedactValue(RedactValue(e.message, passphrase), password);
    return e;
  }
  auto doc = ParseBody(*res, Target(req));
  if (!doc) return doc.error();
  const std::string where = Target(req) + " response";
  RecoveredKey out;
  for (auto [key, target] : {std::pair{"serial", &out.serial},
                             std::pair{"encrypted_private_key_pem", &out.encrypted_private_key_pem},
                             std::pair{"certificate_pem", &out.certificate_pem},
                             std::pair{"chain_pem", &out.chain_pem}}) {
    auto value = StringField(*doc, key, where);
    if (!value) return value.error();
    *target = std::move(value.value());
  }
  if (out.serial != serial) {
    return Field(where, "serial", "is " + out.serial + " but " + serial + " was asked for");
  }
  if (out.encrypted_private_key_pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") ==
      std::string::npos) {
    return Field(where, "encrypted_private_key_pem", "must be an encrypted PKCS#8 PEM key");
  }
  if (Status s = CheckCertificatePem(out.certificate_pem, serial, where, "certificate_pem");
      !s.ok()) {
    return s.error();
  }
  if (Status s = CheckPemChain(out.chain_pem, where, "chain_pem"); !s.ok()) return s.error();
  return out;
}

Result<std::string> ApiClient::CaChain(const std::string& token, CallInfo* info) {
  HttpRequest req;
  req.path = std::string(kPrefix) + "/ca/chain";
  req.bearer_token = token;
  auto res = CallIdempotent(req, info);
  if (!res) return res.error();
  const std::string where = Target(req) + " response";
  if (res->content_type.find("json") != std::string::npos ||
      res->content_type.find("html") != std::string::npos) {
    return Error{
        ErrorCode::Parse,
        where + ": expected a PEM certificate chain but got Content-Type " + res->content_type};
  }
  auto chain = LoadPemChain(res->body);
  if (!chain.ok()) {
    return Error{ErrorCode::Parse,
                 where + ": not a valid PEM certificate chain: " + chain.error().message};
  }
  const bool has_root = std::any_of(chain->begin(), chain->end(), [](const Certificate& c) {
    return X509_check_issued(c.get(), c.get()) == X509_V_OK;
  });
  if (!has_root) {
    return Error{ErrorCode::Parse, where + ": the chain holds no self-signed root certificate"};
  }
  return res->body;
}

}  // namespace trustdesk
