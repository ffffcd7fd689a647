#include "core/secrets/secret_store.h"

namespace trustdesk {

#if defined(TRUSTDESK_HAVE_LIBSECRET)
std::unique_ptr<SecretStore> CreateLibsecretStore();
#elif defined(__APPLE__)
std::unique_ptr<SecretStore> CreateKeychainStore();
#elif defined(_WIN32)
std::unique_ptr<SecretStore> CreateCredentialManagerStore();
#endif

namespace {

class UnavailableSecretStore final : public SecretStore {
 public:
  explicit UnavailableSecretStore(std::string reason) : reason_(std::move(reason)) {}
  std::string Name() const override { return "none"; }
  Status Available() override { return Error{ErrorCode::Unsupported, reason_}; }
  Status Store(const SecretKey&, const std::string&) override { return Available(); }
  Result<std::optional<std::string>> Load(const SecretKey&) override {
    return Available().error();
  }
  Status Erase(const SecretKey&) override { return Available(); }

 private:
  std::string reason_;
};

}  // namespace

std::unique_ptr<SecretStore> CreateUnavailableSecretStore(std::string reason) {
  return std::make_unique<UnavailableSecretStore>(std::move(reason));
}

std::unique_ptr<SecretStore> CreateSystemSecretStore() {
#if defined(TRUSTDESK_HAVE_LIBSECRET)
  return CreateLibsecretStore();
#elif defined(__APPLE__)
  return CreateKeychainStore();
#elif defined(_WIN32)
  return CreateCredentialManagerStore();
#else
  return CreateUnavailableSecretStore(
      "no OS secret store: this build has no libsecret support, so the session cannot be "
      "remembered");
#endif
}

}  // namespace trustdesk
