// The server's own PKI, in two trust domains that never meet:
//  - issuance: a root CA and an issuing CA that signs user certificates, the CRL and the
//    key-escrow recipient certificate (whose key lives in EscrowVault, encrypted);
//  - the API's TLS identity: a TLS root whose only signature is the server's TLS certificate.
// Clients trust only the TLS root for the API (ca-bundle.pem), so no certificate a user can
// obtain, whatever names it carries, lets another server pass as this one.
// Created on first start in DATA/ca/ (private keys 0600) and loaded on every later start.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/crypto/certificate.h"
#include "core/crypto/openssl_ptr.h"
#include "core/model/issued_certificate.h"
#include "core/model/timestamp.h"
#include "core/util/result.h"
#include "tools/server/ca/reserved_names.h"

namespace trustdesk::server::ca {

// Everything that goes into an end-entity certificate; built by CsrPolicy from a CSR + profile.
struct CertificateSpec {
  ossl::X509NamePtr subject;
  ossl::PkeyPtr public_key;
  ossl::GeneralNamesPtr subject_alt_names;  // may be null
  Timestamp not_before;
  Timestamp not_after;
  std::vector<std::string> key_usage;           // OpenSSL names: digitalSignature, ...
  std::vector<std::string> extended_key_usage;  // clientAuth, emailProtection, ...
  const EVP_MD* digest = nullptr;
  std::string crl_url;
};

struct RevokedEntry {
  std::string serial_hex;
  Timestamp revoked_at;
  RevocationReason reason = RevocationReason::Unspecified;
};

class CertificateAuthority {
 public:
  // Loads DATA/ca/*, creating the root, issuing and TLS material when missing.
  // `now` dates newly created CA certificates.
  static Result<std::unique_ptr<CertificateAuthority>> LoadOrCreate(
      const std::filesystem::path& ca_dir, Timestamp now);

  // Signs an end-entity certificate with the issuing CA and a fresh random serial.
  Result<ossl::X509Ptr> Issue(const CertificateSpec& spec) const;

  // A DER CRL of the issuing CA listing `revoked`.
  Result<std::string> MakeCrlDer(const std::vector<RevokedEntry>& revoked, int64_t crl_number,
                                 Timestamp now) const;

  const std::string& root_pem() const { return root_pem_; }
  const std::string& issuing_pem() const { return issuing_pem_; }
  std::string chain_pem() const { return issuing_pem_ + root_pem_; }  // issuing CA, then root
  std::string issuing_subject() const;
  std::string root_subject() const;
  X509* issuing_certificate() const { return issuing_cert_.get(); }

  // The TLS server certificate chain (leaf + TLS root) and key, for 127.0.0.1, ::1, localhost.
  std::filesystem::path tls_chain_file() const { return dir_ / "tls-chain.pem"; }
  std::filesystem::path tls_key_file() const { return dir_ / "tls.key"; }
  // The bundle clients trust for the API's TLS: the TLS root only.
  std::filesystem::path trust_bundle_file() const { return dir_ / "ca-bundle.pem"; }
  // Loopback and the names in the server's TLS certificate: never certified for users.
  const ReservedNames& reserved_names() const { return reserved_names_; }
  // The root of the issuing CA: what user certificates chain to.
  std::filesystem::path issuance_root_file() const { return dir_ / "root.pem"; }

 private:
  Status LoadOrCreateRoot(Timestamp now);
  Status LoadOrCreateIssuing(Timestamp now);
  Status LoadOrCreateTlsRoot(Timestamp now);
  Status LoadOrCreateTls(Timestamp now);

  std::filesystem::path dir_;
  ossl::PkeyPtr root_key_, issuing_key_, tls_root_key_;
  ossl::X509Ptr root_cert_, issuing_cert_, tls_root_cert_;
  std::string root_pem_, issuing_pem_, tls_root_pem_;
  ReservedNames reserved_names_;
};

}  // namespace trustdesk::server::ca
