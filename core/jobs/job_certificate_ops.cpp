// Jobs on an existing certificate: revoke, export (policy permitting), escrow its key, and
// recover an escrowed key into a key store.
#include <filesystem>

#include "core/jobs/job_policy.h"
#include "core/jobs/job_run.h"
#include "core/jobs/key_escrow.h"
#include "core/keystore/secure_file.h"

namespace trustdesk {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kMinExportPassphrase = 8;

// "<cn>-<first 8 hex digits of the serial>" made safe as a file name.
std::string ExportFileStem(const InventoryEntry& entry, const std::string& common_name) {
  const std::string base = common_name.empty() ? entry.profile_id : common_name;
  return SlotName(base) + "-" + entry.serial.substr(0, 8);
}

Error AlreadyExists(const fs::path& path) {
  return Error{ErrorCode::Conflict, "export: " + path.string() +
                                        " already exists; choose another name (TrustDesk never "
                                        "overwrites an export)"};
}

Result<fs::path> ExportTarget(const ExportRequest& request, const InventoryEntry& entry,
                              const std::string& common_name) {
  if (request.path.empty() || request.path.find('\0') != std::string::npos) {
    return Error{ErrorCode::InvalidInput, "export: a destination path is required"};
  }
  fs::path path(request.path);
  if (!path.is_absolute()) {
    return Error{ErrorCode::InvalidInput,
                 "export: the destination must be an absolute path (got \"" + request.path + "\")"};
  }
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    path /= ExportFileStem(entry, common_name) +
            (request.format == ExportFormat::Pkcs12 ? ".p12" : ".pem");
  }
  if (!fs::is_directory(path.parent_path(), ec)) {
    return Error{ErrorCode::NotFound,
                 "export: the directory " + path.parent_path().string() + " does not exist"};
  }
  if (fs::exists(path, ec)) return AlreadyExists(path);
  return path;
}

}  // namespace

Result<std::string> JobRun::Revoke(const RevokeRequest& request) {
  serial_ = request.serial;
  if (Status s = Begin(JobStep::Revoke); !s.ok()) return Fail(s.error());
  auto session = Session();
  if (!session.ok()) return Fail(session.error());
  const InventoryEntry* installed = w_.inventory_.Find(request.serial);
  std::optional<InventoryEntry> where;
  if (installed != nullptr) where = *installed;
  std::optional<OpenedKeyStore> opened;
  if (request.remove_from_store && where) {
    // Opened before revoking: a wrong PIN must not leave a revoked certificate behind half-done.
    auto o = Open(StoreLocationOf(*where, request.secret));
    if (!o.ok()) return Fail(o.error());
    opened = std::move(o).value();
  }
  auto revoked = session->api->Revoke(session->token, request.serial, request.reason);
  if (!revoked.ok()) return Fail(revoked.error());
  profile_id_ = revoked->profile_id;
  PublishIssued(*revoked);
  std::string result = "Revoked " + request.serial + " (" + ToString(request.reason) + ")";
  if (opened) {
    if (opened->store->Find(request.serial).ok()) {
      if (Status s = opened->store->Remove(request.serial); !s.ok()) return Fail(s.error());
    }
    if (Status s = w_.inventory_.Remove(request.serial); !s.ok()) return Fail(s.error());
    PublishInstalled();
    result += " and removed it from " + std::string(DisplayName(where->store));
  }
  if (!Completed(JobStep::Revoke)) return Crash();
  (void)Begin(JobStep::Done);
  return result;
}

Result<std::string> JobRun::Export(const ExportRequest& request) {
  serial_ = request.serial;
  if (Status s = Begin(JobStep::CheckPolicy); !s.ok()) return Fail(s.error());
  const InventoryEntry* installed = w_.inventory_.Find(request.serial);
  if (installed == nullptr) {
    return Fail(Error{ErrorCode::NotFound,
                      "certificate " + request.serial + " is not installed on this machine"});
  }
  const InventoryEntry entry = *installed;
  profile_id_ = entry.profile_id;
  auto profile = FindProfile(entry.profile_id);
  if (!profile.ok()) return Fail(profile.error());
  if (Status s = CheckExportAllowed(*profile); !s.ok()) return Fail(s.error());
  if (request.passphrase.size() < kMinExportPassphrase) {
    return Fail(Error{ErrorCode::InvalidInput,
                      "export: the passphrase protecting the key must be at least 8 characters"});
  }
  auto opened = Open(StoreLocationOf(entry, request.secret));
  if (!opened.ok()) return Fail(opened.error());
  auto found = opened->store->Find(request.serial);
  if (!found.ok()) return Fail(found.error());
  auto target = ExportTarget(request, entry, found->common_name);
  if (!target.ok()) return Fail(target.error());
  if (!Completed(JobStep::CheckPolicy)) return Crash();

  if (Status s = Begin(JobStep::Export); !s.ok()) return Fail(s.error());
  auto bytes = opened->store->Export(request.serial, request.format, request.passphrase);
  if (!bytes.ok()) return Fail(bytes.error());
  // The file holds the (encrypted) private key: 0600 from its first byte, written atomically.
  // The check above only gives an early answer; this no-replace rename is what guarantees that
  // a file created meanwhile (encrypting the key takes a moment) is never overwritten.
  if (Status s = WriteNewPrivateFile(*target, *bytes); !s.ok()) {
    return Fail(s.error().code == ErrorCode::Conflict ? AlreadyExists(*target) : s.error());
  }
  if (!Completed(JobStep::Export)) return Crash();
  (void)Begin(JobStep::Done);
  return std::string("Exported ") + request.serial + " as " +
         (request.format == ExportFormat::Pkcs12 ? "PKCS#12" : "PEM") + " to " + target->string();
}

Result<std::string> JobRun::Escrow(const EscrowRequest& request) {
  serial_ = request.serial;
  if (Status s = Begin(JobStep::CheckPolicy); !s.ok()) return Fail(s.error());
  auto session = Session();
  if (!session.ok()) return Fail(session.error());
  const InventoryEntry* installed = w_.inventory_.Find(request.serial);
  if (installed == nullptr) {
    return Fail(Error{ErrorCode::NotFound,
                      "certificate " + request.serial + " is not installed on this machine"});
  }
  const InventoryEntry entry = *installed;
  profile_id_ = entry.profile_id;
  // The key leaves this machine only for a profile that asks for escrow (the server refuses the
  // others too). An unsynced profile is left to the server to decide.
  if (auto profile = FindProfile(entry.profile_id);
      profile.ok() && !profile->policy.key_escrow.required) {
    return Fail(Error{ErrorCode::Conflict, "profile " + entry.profile_id +
                                               " does not ask for key escrow; the key of " +
                                               request.serial + " stays on this machine"});
  }
  auto opened = Open(StoreLocationOf(entry, request.secret));
  if (!opened.ok()) return Fail(opened.error());
  auto credential = opened->store->Load(request.serial);
  if (!credential.ok()) return Fail(credential.error());
  if (!Completed(JobStep::CheckPolicy)) return Crash();

  if (Status s = Begin(JobStep::Escrow); !s.ok()) return Fail(s.error());
  auto anchors = TrustAnchors(&*session, {});
  if (!anchors.ok()) return Fail(anchors.error());
  auto chain = session->api->CaChain(session->token);
  if (!chain.ok()) return Fail(chain.error());
  if (Status s = EscrowKey(*session, credential->key, request.serial, *anchors, *chain); !s.ok()) {
    return Fail(s.error());
  }
  if (!Completed(JobStep::Escrow)) return Crash();
  (void)Begin(JobStep::Done);
  return "Escrowed the key of " + request.serial;
}

Result<std::string> JobRun::Recover(const RecoverKeyRequest& request) {
  serial_ = request.serial;
  if (Status s = Begin(JobStep::CheckPolicy); !s.ok()) return Fail(s.error());
  auto session = Session();
  if (!session.ok()) return Fail(session.error());
  auto issued = session->api->GetCertificate(session->token, request.serial);
  if (!issued.ok()) return Fail(issued.error());
  profile_id_ = issued->profile_id;
  if (!issued->key_escrowed) {
    return Fail(Error{ErrorCode::NotFound, "no key is escrowed for certificate " + request.serial});
  }
  auto profile = FindProfile(issued->profile_id);
  if (profile.ok()) {
    if (Status s = CheckKeyStoreAllowed(*profile, request.store.kind); !s.ok())
      return Fail(s.error());
  } else if (!StoreAvailableInThisBuild(request.store.kind)) {
    return Fail(Error{ErrorCode::Unsupported, std::string(DisplayName(request.store.kind)) +
                                                  " key store is not available on this machine"});
  }
  if (request.passphrase.size() < 8) {
    return Fail(Error{ErrorCode::InvalidInput, "the passphrase must be at least 8 characters"});
  }
  if (request.password.empty()) {
    return Fail(Error{ErrorCode::InvalidInput,
                      "your password is needed again to recover a key; nothing was sent"});
  }
  auto opened = Open(request.store);
  if (!opened.ok()) return Fail(opened.error());
  if (!Completed(JobStep::CheckPolicy)) return Crash();

  if (Status s = Begin(JobStep::Recover); !s.ok()) return Fail(s.error());
  auto recovered =
      session->api->Recover(session->token, request.serial, request.passphrase, request.password);
  if (!recovered.ok()) return Fail(recovered.error());
  auto key = KeyPair::FromPem(recovered->encrypted_private_key_pem, request.passphrase);
  if (!key.ok()) return Fail(key.error());
  if (!Completed(JobStep::Recover)) return Crash();

  if (Status s = Begin(JobStep::VerifyChain); !s.ok()) return Fail(s.error());
  auto cert = Certificate::FromPem(recovered->certificate_pem);
  if (!cert.ok()) return Fail(cert.error());
  if (!key->SamePublicKey(X509_get0_pubkey(cert->get()))) {
    return Fail(Error{ErrorCode::Crypto,
                      "the recovered key does not match the certificate; nothing was installed"});
  }
  auto anchors = TrustAnchors(&*session, {});
  if (!anchors.ok()) return Fail(anchors.error());
  // A recovered key is often for an expired certificate (old encrypted mail): no time check.
  if (Status s = VerifyChainTo(*cert, recovered->chain_pem, *anchors, w_.clock_, false,
                               "the recovered certificate");
      !s.ok()) {
    return Fail(Error{s.error().code, s.error().message + "; nothing was installed"});
  }
  if (!Completed(JobStep::VerifyChain)) return Crash();

  if (Status s = Begin(JobStep::Install); !s.ok()) return Fail(s.error());
  Enrollment e;
  e.kind = JobKind::RecoverKey;
  e.store = request.store;
  e.label = issued->profile_id;
  e.key.emplace(std::move(key).value());
  e.journal.profile_id = issued->profile_id;
  e.journal.certificate = *issued;
  e.journal.chain_pem = recovered->chain_pem;
  if (Status s = Install(e); !s.ok()) return Fail(s.error());
  if (!Completed(JobStep::Install)) return Crash();

  if (profile.ok() && !ScriptsForThisPlatform(*profile).empty()) {
    if (!request.scripts.enabled) {
      scripts_note_ = "scripts not run (turned off in Settings)";
    } else {
      if (Status s = Begin(JobStep::Scripts); !s.ok()) return Fail(s.error());
      if (Status s =
              RunScripts(*profile, request.scripts, "recovered", e.installed, issued->common_name);
          !s.ok()) {
        return Fail(s.error());
      }
    }
  }
  (void)Begin(JobStep::Done);
  return "Recovered the key of " + request.serial + " into " + DisplayName(e.installed.kind) +
         (e.installed.location.empty() ? "" : " at " + e.installed.location) + ScriptsNoteSuffix();
}

}  // namespace trustdesk
