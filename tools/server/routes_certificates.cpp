// Certificates: list and show the caller's own, enroll (and renew) from a CSR, revoke, plus the
// public CA chain and CRL. A certificate of another user is 404. Key escrow: routes_escrow.cpp.
#include <algorithm>

#include "core/crypto/certificate.h"
#include "core/model/json_mapping.h"
#include "tools/server/ca/csr_policy.h"
#include "tools/server/ca/x509_util.h"
#include "tools/server/http_util.h"
#include "tools/server/profile_service.h"
#include "tools/server/routes.h"

namespace trustdesk::server {
namespace {

IssuedCertificate ToModel(const CertificateRow& row) {
  IssuedCertificate c;
  c.serial = row.serial;
  c.profile_id = row.profile_id;
  c.profile_revision = row.profile_revision;
  c.common_name = row.common_name;
  c.subject = row.subject;
  c.issuer = row.issuer;
  nlohmann::json san = nlohmann::json::parse(row.san_json, nullptr, false);
  if (san.is_array()) {
    for (const auto& s : san) {
      if (s.is_string()) c.san.push_back(s.get<std::string>());
    }
  }
  c.not_before = Timestamp{row.not_before};
  c.not_after = Timestamp{row.not_after};
  c.revoked = row.revoked;
  if (row.revoked) {
    c.revocation_reason = RevocationReasonFromString(row.revocation_reason)
                              .value_or(RevocationReason::Unspecified);
    c.revoked_at = Timestamp{row.revoked_at};
  }
  c.key_escrowed = row.key_escrowed;
  c.certificate_pem = row.pem;
  return c;
}

}  // namespace

std::optional<CertificateRow> OwnCertificate(ServerState& state, const Caller& caller,
                                             const std::string& serial, httplib::Response& res) {
  auto row = state.store->GetCertificate(serial);
  if (!row) {
    SendError(res, row.error());
    return std::nullopt;
  }
  if (!*row || (*row)->user_id != caller.user.id) {
    SendError(res, 404, "certificate_not_found",
              "certificate " + serial + " does not exist or is not yours");
    return std::nullopt;
  }
  return **row;
}

namespace {

void Enroll(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto caller = Authenticate(state, req, res);
  if (!caller) return;
  auto row = VisibleProfile(state, *caller, req.matches[1], res);
  if (!row) return;
  auto body = ParseJsonObjectBody(req);
  if (!body) return SendError(res, body.error());
  auto csr_pem = RequiredString(*body, "csr_pem", 64 * 1024);
  if (!csr_pem) return SendError(res, csr_pem.error());
  auto renews = OptionalString(*body, "renews_serial", 64);
  if (!renews) return SendError(res, renews.error());
  auto profile = LoadProfileModel(*row);
  if (!profile) return SendError(res, profile.error());

  Timestamp now = state.CaNow();
  auto decision = ca::EvaluateCsr(*csr_pem, *profile, caller->model, now, state.url + "/api/v1/crl",
                                  state.ca->reserved_names());
  switch (decision.problem) {
    case ca::CsrProblem::None: break;
    case ca::CsrProblem::Malformed: return SendError(res, 400, "invalid_csr", decision.message);
    case ca::CsrProblem::BadSignature: return SendError(res, 400, "invalid_csr", decision.message);
    case ca::CsrProblem::PolicyViolation:
      return SendError(res, 422, "policy_violation", decision.message);
  }

  // Duplicate policy check and insert happen under one lock, so two concurrent enrollments
  // cannot both take the last free slot.
  std::lock_guard lock(state.enroll_mu);
  auto active = state.store->ActiveCertificates(caller->user.id, row->id, now.unix_seconds);
  if (!active) return SendError(res, active.error());
  std::vector<std::string> revoke;
  const DuplicatePolicy& dup = profile->policy.duplicates;
  if (*renews) {
    auto it = std::find_if(active->begin(), active->end(),
                           [&](const CertificateRow& c) { return c.serial == **renews; });
    if (it == active->end()) {
      return SendError(res, 409, "renewal_not_possible",
                       "renews_serial " + **renews +
                           " is not an active certificate of yours from this profile");
    }
    if (dup.revoke_previous_on_renew || !dup.allowed) revoke.push_back(**renews);
  }
  int max_active = dup.allowed ? dup.max_active : 1;
  int after = static_cast<int>(active->size()) + 1 - static_cast<int>(revoke.size());
  if (after > max_active) {
    return SendError(res, 409, "duplicate_not_allowed",
                     dup.allowed ? "the profile allows at most " + std::to_string(max_active) +
                                       " active certificates; you have " +
                                       std::to_string(active->size())
                                 : "a valid certificate already exists and the profile allows "
                                   "no duplicates (renew it instead)");
  }
  // QA "can-renew": certificates come out already inside their renewal window.
  if (auto days = state.scenario.CertificatesExpireInDays()) {
    int64_t shift = decision.spec.not_after.unix_seconds - (now.unix_seconds + *days * 86400);
    if (shift > 0) {
      decision.spec.not_before.unix_seconds -= shift;
      decision.spec.not_after.unix_seconds -= shift;
    }
  }
  auto cert = state.ca->Issue(decision.spec);
  if (!cert) return SendError(res, cert.error());
  CertificateInfo info = Certificate::Adopt(std::move(*cert)).Info();
  CertificateRow out;
  out.serial = info.serial;
  out.user_id = caller->user.id;
  out.profile_id = row->id;
  out.profile_revision = row->revision;
  out.common_name = info.subject.Get("CN");
  out.subject = info.subject.rfc4514;
  out.issuer = info.issuer.rfc4514;
  nlohmann::json san = nlohmann::json::array();
  for (const auto& s : info.san) san.push_back(s.Display());
  out.san_json = san.dump();
  out.not_before = info.not_before.unix_seconds;
  out.not_after = info.not_after.unix_seconds;
  out.pem = info.pem;
  out.issued_at = now.unix_seconds;
  if (Status st = state.store->InsertCertificate(out, revoke, "superseded", now.unix_seconds); !st) {
    return SendError(res, st.error());
  }
  // Committed (and fsynced) before the client sees the certificate.
  SendJson(res, 201, {{"certificate", ToJson(ToModel(out))}, {"chain_pem", state.ca->chain_pem()}});
}

void Revoke(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto caller = Authenticate(state, req, res);
  if (!caller) return;
  auto cert = OwnCertificate(state, *caller, req.matches[1], res);
  if (!cert) return;
  std::string reason = "unspecified";
  if (!req.body.empty()) {
    auto body = ParseJsonObjectBody(req);
    if (!body) return SendError(res, body.error());
    auto r = OptionalString(*body, "reason", 64);
    if (!r) return SendError(res, r.error());
    if (*r) reason = **r;
  }
  if (!RevocationReasonFromString(reason)) {
    return SendError(res, 400, "invalid_input",
                     "$.reason: unknown value '" + reason +
                         "' (expected unspecified, key_compromise, affiliation_changed, "
                         "superseded, cessation_of_operation)");
  }
  if (cert->revoked) {
    return SendError(res, 409, "already_revoked", "certificate " + cert->serial + " is already revoked");
  }
  Status st = state.store->Revoke(cert->serial, reason, state.CaNow().unix_seconds);
  if (!st) {
    if (st.error().code == ErrorCode::Conflict) return SendError(res, 409, "already_revoked", st.error().message);
    return SendError(res, st.error());
  }
  auto updated = state.store->GetCertificate(cert->serial);
  if (!updated || !*updated) return SendError(res, 500, "internal_error", "revoked certificate vanished");
  SendJson(res, 200, ToJson(ToModel(**updated)));
}

void Crl(ServerState& state, httplib::Response& res) {
  auto number = state.store->CrlNumber();
  if (!number) return SendError(res, number.error());
  std::lock_guard lock(state.crl_mu);
  int64_t now = state.CaNow().unix_seconds;
  // Re-signed when the revocation set changed or the cached one is older than an hour.
  if (state.crl_der.empty() || state.crl_number != *number || now - state.crl_made_at > 3600) {
    auto revoked = state.store->ListRevoked();
    if (!revoked) return SendError(res, revoked.error());
    std::vector<ca::RevokedEntry> entries;
    for (const auto& r : *revoked) {
      entries.push_back({r.serial, Timestamp{r.revoked_at},
                         RevocationReasonFromString(r.revocation_reason)
                             .value_or(RevocationReason::Unspecified)});
    }
    auto der = state.ca->MakeCrlDer(entries, *number, Timestamp{now});
    if (!der) return SendError(res, der.error());
    state.crl_der = std::move(*der);
    state.crl_number = *number;
    state.crl_made_at = now;
  }
  res.status = 200;
  res.set_content(state.crl_der, "application/pkix-crl");
}

}  // namespace

void RegisterCertificateRoutes(Router& router, ServerState& state) {
  router.Add("GET", "/api/v1/certificates", [&state](const httplib::Request& req, httplib::Response& res) {
    auto caller = Authenticate(state, req, res);
    if (!caller) return;
    std::optional<std::string> profile_id;
    if (req.has_param("profile_id")) profile_id = req.get_param_value("profile_id");
    auto rows = state.store->ListCertificates(caller->user.id, profile_id);
    if (!rows) return SendError(res, rows.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : *rows) list.push_back(ToJson(ToModel(r)));
    SendJson(res, 200, {{"certificates", std::move(list)}});
  });
  router.Add("GET", "/api/v1/certificates/{serial}",
           [&state](const httplib::Request& req, httplib::Response& res) {
             auto caller = Authenticate(state, req, res);
             if (!caller) return;
             auto cert = OwnCertificate(state, *caller, req.matches[1], res);
             if (cert) SendJson(res, 200, ToJson(ToModel(*cert)));
           });
  router.Add("POST", "/api/v1/profiles/{id}/enroll",
            [&state](const httplib::Request& req, httplib::Response& res) { Enroll(state, req, res); });
  router.Add("POST", "/api/v1/certificates/{serial}/revoke",
            [&state](const httplib::Request& req, httplib::Response& res) { Revoke(state, req, res); });
  router.Add("GET", "/api/v1/ca/chain", [&state](const httplib::Request&, httplib::Response& res) {
    res.set_content(state.ca->chain_pem(), "application/pem-certificate-chain");
  });
  router.Add("GET", "/api/v1/crl", [&state](const httplib::Request&, httplib::Response& res) { Crl(state, res); });
}

}  // namespace trustdesk::server
