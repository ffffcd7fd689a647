#include "core/jobs/key_store_opener.h"

#include "core/jobs/job_policy.h"
#include "core/keystore/pem_key_store.h"
#include "core/keystore/pkcs12_key_store.h"

namespace trustdesk {
namespace fs = std::filesystem;

bool StoreNeedsSecret(KeyStoreKind kind) {
  return kind == KeyStoreKind::Pkcs12 || kind == KeyStoreKind::Software;
}

Result<OpenedKeyStore> OpenKeyStore(const KeyStoreLocation& where, const fs::path& software_dir,
                                    const ScryptParams& software_params) {
  const std::string name = DisplayName(where.kind);
  if (!StoreAvailableInThisBuild(where.kind)) {
    return Error{ErrorCode::Unsupported, name + " key store is not available on this machine"};
  }
  if (where.location.find('\0') != std::string::npos) {
    return Error{ErrorCode::InvalidInput, name + ": the location contains a NUL character"};
  }
  OpenedKeyStore out;
  if (where.kind == KeyStoreKind::Software) {
    const fs::path dir = where.location.empty() ? software_dir : fs::path(where.location);
    if (dir.empty() || !dir.is_absolute()) {
      return Error{ErrorCode::InvalidInput, name + ": the directory must be an absolute path"};
    }
    if (where.secret.empty()) {
      return Error{ErrorCode::InvalidInput, name + ": the PIN is required"};
    }
    auto store = SoftwareKeyStore::Open(dir, where.secret, software_params);
    if (!store.ok()) return Error{store.error().code, name + ": " + store.error().message};
    out.store = std::move(store.value());
    return out;
  }
  fs::path location(where.location);
  if (where.location.empty() || !location.is_absolute()) {
    return Error{ErrorCode::InvalidInput,
                 name + ": the location must be an absolute path (got \"" + where.location + "\")"};
  }
  if (where.kind == KeyStoreKind::Pem) {
    out.store = std::make_unique<PemKeyStore>(location, where.secret);
    return out;
  }
  if (where.secret.empty()) {
    return Error{ErrorCode::InvalidInput, name + ": a passphrase is required"};
  }
  if (location.extension() == ".p12") {
    out.label = location.stem().string();
    location = location.parent_path();
  }
  out.store = std::make_unique<Pkcs12KeyStore>(location, where.secret);
  return out;
}

KeyStoreLocation StoreLocationOf(const InventoryEntry& entry, std::string secret) {
  KeyStoreLocation where;
  where.kind = entry.store;
  where.secret = std::move(secret);
  where.location = fs::path(entry.location).parent_path().string();
  return where;
}

}  // namespace trustdesk
