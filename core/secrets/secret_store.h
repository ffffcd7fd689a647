// The OS secret store that keeps a "remember me" session token: libsecret (Secret Service) on
// Linux, the Keychain on macOS, Credential Manager on Windows. Secrets are never written to a
// plain file; without a secret store, TrustDesk says so and does not remember.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/util/result.h"

namespace trustdesk {

// Identifies one remembered session: which server, account and user it belongs to.
struct SecretKey {
  std::string server;    // server URL
  std::string account;   // account ID
  std::string user;      // user name
};

// The libsecret schema name and the Keychain service / Credential Manager target prefix.
inline constexpr const char* kSecretSchemaName = "com.trustdesk.session";

class SecretStore {
 public:
  virtual ~SecretStore() = default;
  // "Secret Service (libsecret)", "macOS Keychain", "Windows Credential Manager", ...
  virtual std::string Name() const = 0;
  // Ok when the store can be used now; otherwise an Unsupported error that says why.
  virtual Status Available() = 0;
  virtual Status Store(const SecretKey& key, const std::string& secret) = 0;
  // nullopt when nothing is stored for `key`.
  virtual Result<std::optional<std::string>> Load(const SecretKey& key) = 0;
  // Removing a secret that does not exist is not an error.
  virtual Status Erase(const SecretKey& key) = 0;
};

// The platform's secret store, or one that reports it is unavailable (e.g. built without
// libsecret). Never null.
std::unique_ptr<SecretStore> CreateSystemSecretStore();

// A store that is never available, with `reason` as the explanation.
std::unique_ptr<SecretStore> CreateUnavailableSecretStore(std::string reason);

}  // namespace trustdesk
