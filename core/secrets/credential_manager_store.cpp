// Windows Credential Manager: one generic credential per remembered session, target
// "com.trustdesk.session/<server>/<account>/<user>", persisted for the local machine user.
#if defined(_WIN32) && !defined(TRUSTDESK_HAVE_LIBSECRET)

#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <wincred.h>

#include "core/secrets/secret_store.h"

namespace trustdesk {
namespace {

std::wstring Wide(const std::string& s) {
  if (s.empty()) return {};
  const int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  std::wstring out(static_cast<size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), out.data(), n);
  return out;
}

std::wstring Target(const SecretKey& key) {
  return Wide(std::string(kSecretSchemaName) + "/" + key.server + "/" + key.account + "/" +
              key.user);
}

Error LastError(const std::string& step) {
  return Error{ErrorCode::Unsupported, "Windows Credential Manager " + step + ": error " +
                                           std::to_string(GetLastError())};
}

class CredentialManagerStore final : public SecretStore {
 public:
  std::string Name() const override { return "Windows Credential Manager"; }
  Status Available() override { return Status::Ok(); }

  Status Store(const SecretKey& key, const std::string& secret) override {
    std::wstring target = Target(key);
    std::wstring user = Wide(key.user);
    CREDENTIALW cred{};
    cred.Type = CRED_TYPE_GENERIC;
    cred.TargetName = target.data();
    cred.UserName = user.data();
    cred.CredentialBlobSize = static_cast<DWORD>(secret.size());
    cred.CredentialBlob = reinterpret_cast<LPBYTE>(const_cast<char*>(secret.data()));
    cred.Persist = CRED_PERSIST_LOCAL_MACHINE;
    if (!CredWriteW(&cred, 0)) return LastError("store");
    return Status::Ok();
  }

  Result<std::optional<std::string>> Load(const SecretKey& key) override {
    PCREDENTIALW cred = nullptr;
    if (!CredReadW(Target(key).c_str(), CRED_TYPE_GENERIC, 0, &cred)) {
      if (GetLastError() == ERROR_NOT_FOUND) return std::optional<std::string>{};
      return LastError("lookup");
    }
    std::string out(reinterpret_cast<const char*>(cred->CredentialBlob), cred->CredentialBlobSize);
    SecureZeroMemory(cred->CredentialBlob, cred->CredentialBlobSize);
    CredFree(cred);
    return std::optional<std::string>(std::move(out));
  }

  Status Erase(const SecretKey& key) override {
    if (!CredDeleteW(Target(key).c_str(), CRED_TYPE_GENERIC, 0) &&
        GetLastError() != ERROR_NOT_FOUND) {
      return LastError("delete");
    }
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<SecretStore> CreateCredentialManagerStore() {
  return std::make_unique<CredentialManagerStore>();
}

}  // namespace trustdesk

#endif
