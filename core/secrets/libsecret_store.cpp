// Secret Service (GNOME Keyring, KWallet) through libsecret's synchronous password API.
#if defined(TRUSTDESK_HAVE_LIBSECRET)

#include <libsecret/secret.h>

#include <cstdlib>

#include "core/secrets/secret_store.h"

namespace trustdesk {
namespace {

const SecretSchema* Schema() {
  static const SecretSchema schema = {
      kSecretSchemaName,
      SECRET_SCHEMA_NONE,
      {
          {"server", SECRET_SCHEMA_ATTRIBUTE_STRING},
          {"account", SECRET_SCHEMA_ATTRIBUTE_STRING},
          {"user", SECRET_SCHEMA_ATTRIBUTE_STRING},
          {nullptr, SECRET_SCHEMA_ATTRIBUTE_STRING},
      },
      0, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
  return &schema;
}

// Takes ownership of a GError and turns it into an Unsupported/Io error naming the step.
Error FromGError(GError* error, const std::string& step) {
  std::string message = step + ": ";
  message += error && error->message ? error->message : "unknown libsecret error";
  if (error) g_error_free(error);
  return Error{ErrorCode::Unsupported, "secret store (Secret Service) " + message};
}

class LibsecretStore final : public SecretStore {
 public:
  std::string Name() const override { return "Secret Service (libsecret)"; }

  Status Available() override {
    // Without a session bus libsecret would try to autolaunch one; say so instead.
    const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
    if (!bus || !*bus) {
      return Error{ErrorCode::Unsupported,
                   "no OS secret store available: no D-Bus session (DBUS_SESSION_BUS_ADDRESS is "
                   "not set), so the session cannot be remembered"};
    }
    GError* error = nullptr;
    SecretService* service = secret_service_get_sync(SECRET_SERVICE_NONE, nullptr, &error);
    if (!service) return FromGError(error, "connect");
    g_object_unref(service);
    return Status::Ok();
  }

  Status Store(const SecretKey& key, const std::string& secret) override {
    if (Status s = Available(); !s) return s;
    GError* error = nullptr;
    const std::string label = "TrustDesk session for " + key.user + " (" + key.account + ") on " +
                              key.server;
    const gboolean ok = secret_password_store_sync(
        Schema(), SECRET_COLLECTION_DEFAULT, label.c_str(), secret.c_str(), nullptr, &error,
        "server", key.server.c_str(), "account", key.account.c_str(), "user", key.user.c_str(),
        nullptr);
    if (!ok) return FromGError(error, "store");
    return Status::Ok();
  }

  Result<std::optional<std::string>> Load(const SecretKey& key) override {
    if (Status s = Available(); !s) return s.error();
    GError* error = nullptr;
    gchar* value = secret_password_lookup_sync(Schema(), nullptr, &error, "server",
                                               key.server.c_str(), "account", key.account.c_str(),
                                               "user", key.user.c_str(), nullptr);
    if (error) return FromGError(error, "lookup");
    if (!value) return std::optional<std::string>{};
    std::string out(value);
    secret_password_free(value);  // wipes the copy libsecret made
    return std::optional<std::string>(std::move(out));
  }

  Status Erase(const SecretKey& key) override {
    if (Status s = Available(); !s) return s;
    GError* error = nullptr;
    secret_password_clear_sync(Schema(), nullptr, &error, "server", key.server.c_str(), "account",
                               key.account.c_str(), "user", key.user.c_str(), nullptr);
    if (error) return FromGError(error, "clear");
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<SecretStore> CreateLibsecretStore() { return std::make_unique<LibsecretStore>(); }

}  // namespace trustdesk

#endif  // TRUSTDESK_HAVE_LIBSECRET
