// Key escrow: the escrow recipient certificate, the owner's upload of an enveloped key (only for
// profiles that ask for escrow) and the recovery of an escrowed key.
#include "tools/server/ca/key_escrow.h"
#include "tools/server/http_util.h"
#include "tools/server/profile_service.h"
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

// Whether the certificate's profile, as it stands now, asks for key escrow. A profile that was
// deleted asks for nothing.
Result<bool> ProfileAsksForEscrow(ServerState& state, const CertificateRow& cert) {
  auto row = state.store->GetProfile(cert.profile_id);
  if (!row) return row.error();
  if (!*row) return false;
  auto profile = LoadProfileModel(**row);
  if (!profile) return profile.error();
  return profile->policy.key_escrow.required;
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

void Recover(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  auto caller = Authenticate(state, req, res);
  if (!caller) return;
  const ca::EscrowVault* vault = Vault(state, res);
  if (!vault) return;
  auto cert = OwnCertificate(state, *caller, req.matches[1], res);
  if (!cert) return;
  auto body = ParseJsonObjectBody(req);
  if (!body) return SendError(res, body.error());
  auto passphrase = RequiredString(*body, "passphrase", 1024);
  if (!passphrase) return SendError(res, passphrase.error());
  if (passphrase->size() < 8) {
    return SendError(res, 400, "invalid_input", "$.passphrase must be at least 8 characters");
  }
  auto cms = state.store->GetEscrow(cert->serial);
  if (!cms) return SendError(res, cms.error());
  if (!*cms) {
    return SendError(res, 404, "not_escrowed",
                     "no key is escrowed for certificate " + cert->serial);
  }
  auto key = ca::RecoverEscrowedKey(**cms, *vault, *passphrase);
  if (!key) return SendError(res, key.error());
  SendJson(res, 200,
           {{"serial", cert->serial},
            {"encrypted_private_key_pem", *key},
            {"certificate_pem", cert->pem},
            {"chain_pem", state.ca->chain_pem()}});
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
}

}  // namespace trustdesk::server
