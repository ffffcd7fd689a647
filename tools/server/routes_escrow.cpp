// Key escrow: the escrow recipient certificate, the owner's upload of an enveloped key (only for
// profiles that ask for escrow), the recovery of an escrowed key by whom the profile allows
// (recovery_policy.h) after a fresh password check (AuthService::VerifyPasswordThrottled), and
// the audit of every recovery attempt for the admin.
#include <cstdio>
#include <variant>

#include "core/model/timestamp.h"
#include "tools/server/auth_service.h"
#include "tools/server/ca/key_escrow.h"
#include "tools/server/http_util.h"
#include "tools/server/profile_service.h"
#include "tools/server/recovery_policy.h"
#include "tools/server/routes.h"

namespace trustdesk::server {
namespace {

// The escrow vault, or writes 503: without the operator's escrow passphrase no key is taken in
// and none comes out.
const ca::EscrowVault* Vault(ServerState& state, httplib::Response& res) {
  if (!state.escrow) {
    SendError(res, 503, "escrow_not_configured",
              "key escrow is not configured on this server (no escrow passphrase); ask its "
              "administrator");
  }
  return state.escrow.get();
}

// The certificate's profile as it stands now, and its account; nullopt when it was deleted.
Result<std::pair<std::optional<Profile>, std::string>> CurrentProfile(ServerState& state,
                                                                      const CertificateRow& cert) {
  auto row = state.store->GetProfile(cert.profile_id);
  if (!row) return row.error();
  if (!*row) return std::pair{std::optional<Profile>(), std::string()};
  auto profile = LoadProfileModel(**row);
  if (!profile) return profile.error();
  return std::pair{std::optional<Profile>(std::move(*profile)), (*row)->account_id};
}

// Whether the certificate's profile, as it stands now, asks for key escrow. A profile that was
// deleted asks for nothing.
Result<bool> ProfileAsksForEscrow(ServerState& state, const CertificateRow& cert) {
  auto profile = CurrentProfile(state, cert);
  if (!profile) return profile.error();
  return profile->first && profile->first->policy.key_escrow.required;
}

void Upload(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto caller = Authenticate(state, req, res);
  if (!caller) return;
  const ca::EscrowVault* vault = Vault(state, res);
  if (!vault) return;
  auto cert = OwnCertificate(state, *caller, req.matches[1], res);
  if (!cert) return;
  // A key the profile does not ask to escrow stays with its owner: accepting it would put a copy
  // where the profile's policy says there is none.
  auto asks = ProfileAsksForEscrow(state, *cert);
  if (!asks) return SendError(res, asks.error());
  if (!*asks) {
    return SendError(res, 409, "escrow_not_requested",
                     "profile " + cert->profile_id +
                         " does not ask for key escrow; the key of certificate " + cert->serial +
                         " is not accepted");
  }
  auto body = ParseJsonObjectBody(req);
  if (!body) return SendError(res, body.error());
  auto cms = RequiredString(*body, "cms_pem", ca::kMaxEscrowBytes);
  if (!cms) return SendError(res, cms.error());
  if (Status st = ca::CheckEscrowEnvelope(*cms, *vault, cert->pem); !st) {
    return SendError(res, 400, "invalid_escrow", st.error().message);
  }
  if (Status st = state.store->PutEscrow(cert->serial, *cms, state.Now()); !st) {
    return SendError(res, st.error());
  }
  res.status = 204;
}

// A refused recovery: what the caller gets and the audit records.
struct Refusal {
  int status;
  std::string code;
  std::string message;
  int retry_after_seconds = 0;
};

// A server-side failure: the details go to the operator's log, not to the caller.
Refusal Internal(const std::string& serial, const Error& error) {
  std::fprintf(stderr, "trustdesk-server: recovery of %s: %s\n", serial.c_str(),
               error.message.c_str());
  return Refusal{500, "internal_error", "the escrowed key could not be recovered (server error)"};
}

// Every check of a recovery, in an order that tells a caller without the password nothing about
// the serial: escrow on, a well-formed request, the password again, then the certificate, the
// caller's role under its profile, and the escrowed key. `role` is filled in for the audit.
std::variant<nlohmann::json, Refusal> TryRecover(ServerState& state, const Caller& caller,
                                                 const httplib::Request& req, std::string& role) {
  const std::string serial = req.matches[1];
  if (!state.escrow) {
    return Refusal{503, "escrow_not_configured",
                   "key escrow is not configured on this server (no escrow passphrase)"};
  }
  auto body = ParseJsonObjectBody(req);
  if (!body) return Refusal{400, "invalid_input", body.error().message};
  auto passphrase = RequiredString(*body, "passphrase", 1024);
  if (!passphrase) return Refusal{400, "invalid_input", passphrase.error().message};
  if (passphrase->size() < 8) {
    return Refusal{400, "invalid_input", "$.passphrase must be at least 8 characters"};
  }
  if (!body->contains("password")) {
    return Refusal{400, "invalid_input",
                   "$.password is required: recovering a key needs your password again"};
  }
  auto password = RequiredString(*body, "password", 1024);
  if (!password) return Refusal{400, "invalid_input", password.error().message};

  // The password again, through the sign-in throttle (auth_service.h): guesses here and at
  // sign-in count together.
  auto verdict = state.auth->VerifyPasswordThrottled(caller.user, *password, req.remote_addr);
  if (!verdict) return Internal(serial, verdict.error());
  if (verdict->outcome == AuthService::Outcome::Throttled) {
    return Refusal{429, "rate_limited",
                   "too many failed password attempts; try again in " +
                       std::to_string(verdict->retry_after_seconds) + " s",
                   verdict->retry_after_seconds};
  }
  if (verdict->outcome != AuthService::Outcome::Accepted) {
    return Refusal{403, "reauthentication_failed", "$.password: the password is wrong"};
  }

  const Refusal not_found{
      404, "certificate_not_found",
      "certificate " + serial + " does not exist or you may not recover its key"};
  auto cert = state.store->GetCertificate(serial);
  if (!cert) return Internal(serial, cert.error());
  if (!*cert) return not_found;
  auto profile = CurrentProfile(state, **cert);
  if (!profile) return Internal(serial, profile.error());
  const bool owner = (*cert)->user_id == caller.user.id;
  const RecoveryRole allowed = RecoveryRoleOf(**cert, caller.user, profile->first, profile->second);
  role = ToString(allowed != RecoveryRole::None ? allowed
                  : owner                       ? RecoveryRole::Owner
                                                : RecoveryRole::None);
  if (allowed == RecoveryRole::None) {
    if (!owner) return not_found;  // no existence leak to strangers
    return Refusal{403, "recovery_not_allowed",
                   "profile " + (*cert)->profile_id +
                       (profile->first ? " lets only its recovery agents recover keys"
                                       : " no longer exists, so nobody may recover its keys")};
  }

  auto cms = state.store->GetEscrow(serial);
  if (!cms) return Internal(serial, cms.error());
  if (!*cms) return Refusal{404, "not_escrowed", "no key is escrowed for certificate " + serial};
  auto key = ca::RecoverEscrowedKey(**cms, *state.escrow, *passphrase);
  if (!key) return Internal(serial, key.error());
  return nlohmann::json{{"serial", serial},
                        {"encrypted_private_key_pem", *key},
                        {"certificate_pem", (*cert)->pem},
                        {"chain_pem", state.ca->chain_pem()}};
}

void Recover(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto caller = Authenticate(state, req, res);
  if (!caller) return;
  RecoveryAttemptRow attempt{req.matches[1],     caller->user.id, caller->user.username,
                             caller->account.id, "none",          "",
                             req.remote_addr,    state.Now()};
  auto outcome = TryRecover(state, *caller, req, attempt.role);
  auto* refusal = std::get_if<Refusal>(&outcome);
  attempt.outcome = refusal ? refusal->code : "granted";
  Status audited = state.store->AddRecoveryAttempt(attempt);
  if (!refusal) {
    // No key leaves without its audit record.
    if (!audited) {
      return SendError(res, 500, "internal_error",
                       "the recovery could not be recorded in the audit; no key was released");
    }
    return SendJson(res, 200, std::get<nlohmann::json>(outcome));
  }
  if (!audited) {
    std::fprintf(stderr, "trustdesk-server: recovery audit of %s failed: %s\n",
                 attempt.serial.c_str(), audited.error().message.c_str());
  }
  if (refusal->retry_after_seconds > 0) {
    res.set_header("Retry-After", std::to_string(refusal->retry_after_seconds));
  }
  SendError(res, refusal->status, refusal->code, refusal->message);
}

// GET /admin/certificates/{serial}/recoveries: the latest 1000 attempts, oldest first.
void ListRecoveries(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  if (!AuthenticateAdmin(state, req, res)) return;
  const std::string serial = req.matches[1];
  auto rows = state.store->ListRecoveryAttempts(serial, 1000);
  if (!rows) return SendError(res, rows.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : *rows) {
    list.push_back({{"at", FormatRfc3339(Timestamp{r.at})},
                    {"user_id", r.user_id},
                    {"username", r.username},
                    {"account_id", r.account_id},
                    {"role", r.role},
                    {"outcome", r.outcome},
                    {"remote_addr", r.remote_addr}});
  }
  SendJson(res, 200, {{"serial", serial}, {"recoveries", std::move(list)}});
}

}  // namespace

void RegisterEscrowRoutes(Router& router, ServerState& state) {
  router.Add(
      "POST", "/api/v1/certificates/{serial}/escrow",
      [&state](const httplib::Request& req, httplib::Response& res) { Upload(state, req, res); });
  router.Add(
      "POST", "/api/v1/certificates/{serial}/recover",
      [&state](const httplib::Request& req, httplib::Response& res) { Recover(state, req, res); });
  router.Add("GET", "/api/v1/escrow/certificate",
             [&state](const httplib::Request& req, httplib::Response& res) {
               auto caller = Authenticate(state, req, res);
               if (!caller) return;
               if (const ca::EscrowVault* vault = Vault(state, res)) {
                 SendJson(res, 200, {{"certificate_pem", vault->certificate_pem()}});
               }
             });
  router.Add("GET", "/api/v1/admin/certificates/{serial}/recoveries",
             [&state](const httplib::Request& req, httplib::Response& res) {
               ListRecoveries(state, req, res);
             });
}

}  // namespace trustdesk::server
