// Opens the key store a job installs into or reads from, from a KeyStoreLocation (the user's
// choice) or from where the inventory says a certificate lives. Validates the location first:
// PEM and PKCS#12 locations must be absolute paths; the OS key store and PKCS#11 tokens are not
// available in this build and are refused with Unsupported.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/inventory/inventory.h"
#include "core/jobs/job_request.h"
#include "core/keystore/software_key_store.h"
#include "core/util/result.h"

namespace trustdesk {

struct OpenedKeyStore {
  std::unique_ptr<KeyStore> store;
  std::string label;  // slot name to install under: the file name a "*.p12" location asked for,
                      // otherwise empty (the caller uses the profile id)
};

// `software_dir` is the software store's directory when the location leaves it empty.
Result<OpenedKeyStore> OpenKeyStore(const KeyStoreLocation& where,
                                    const std::filesystem::path& software_dir,
                                    const ScryptParams& software_params);

// The location of the store holding an inventory entry (PEM slot → its directory's parent,
// PKCS#12 file → its directory, software store file → its directory).
KeyStoreLocation StoreLocationOf(const InventoryEntry& entry, std::string secret);

// True when opening a store of this kind at this location needs a secret.
bool StoreNeedsSecret(KeyStoreKind kind);

}  // namespace trustdesk
