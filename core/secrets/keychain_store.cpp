// macOS Keychain: one generic password item per remembered session, service
// "com.trustdesk.session", account "<user>@<account> <server>".
#if defined(__APPLE__) && !defined(TRUSTDESK_HAVE_LIBSECRET)

#include <CoreFoundation/CoreFoundation.h>
#include <Security/Security.h>

#include "core/secrets/secret_store.h"

namespace trustdesk {
namespace {

// Owns one CoreFoundation reference.
template <class T>
class CfRef {
 public:
  explicit CfRef(T ref = nullptr) : ref_(ref) {}
  ~CfRef() { if (ref_) CFRelease(ref_); }
  CfRef(const CfRef&) = delete;
  CfRef& operator=(const CfRef&) = delete;
  T get() const { return ref_; }
  T* out() { return &ref_; }

 private:
  T ref_;
};

CfRef<CFStringRef> Str(const std::string& s) {
  return CfRef<CFStringRef>(
      CFStringCreateWithBytes(nullptr, reinterpret_cast<const UInt8*>(s.data()),
                              static_cast<CFIndex>(s.size()), kCFStringEncodingUTF8, false));
}

Error FromStatus(OSStatus status, const std::string& step) {
  std::string text = "OSStatus " + std::to_string(status);
  CfRef<CFStringRef> msg(SecCopyErrorMessageString(status, nullptr));
  if (msg.get()) {
    char buf[512];
    if (CFStringGetCString(msg.get(), buf, sizeof buf, kCFStringEncodingUTF8)) text = buf;
  }
  return Error{ErrorCode::Unsupported, "macOS Keychain " + step + ": " + text};
}

class KeychainStore final : public SecretStore {
 public:
  std::string Name() const override { return "macOS Keychain"; }
  Status Available() override { return Status::Ok(); }

  Status Store(const SecretKey& key, const std::string& secret) override {
    if (Status s = Erase(key); !s) return s;
    CfRef<CFMutableDictionaryRef> query(Query(key));
    CfRef<CFDataRef> data(CFDataCreate(nullptr, reinterpret_cast<const UInt8*>(secret.data()),
                                       static_cast<CFIndex>(secret.size())));
    CFDictionarySetValue(query.get(), kSecValueData, data.get());
    const OSStatus status = SecItemAdd(query.get(), nullptr);
    if (status != errSecSuccess) return FromStatus(status, "store");
    return Status::Ok();
  }

  Result<std::optional<std::string>> Load(const SecretKey& key) override {
    CfRef<CFMutableDictionaryRef> query(Query(key));
    CFDictionarySetValue(query.get(), kSecReturnData, kCFBooleanTrue);
    CFDictionarySetValue(query.get(), kSecMatchLimit, kSecMatchLimitOne);
    CfRef<CFTypeRef> result;
    const OSStatus status = SecItemCopyMatching(query.get(), result.out());
    if (status == errSecItemNotFound) return std::optional<std::string>{};
    if (status != errSecSuccess) return FromStatus(status, "lookup");
    auto data = static_cast<CFDataRef>(result.get());
    return std::optional<std::string>(std::string(
        reinterpret_cast<const char*>(CFDataGetBytePtr(data)),
        static_cast<size_t>(CFDataGetLength(data))));
  }

  Status Erase(const SecretKey& key) override {
    CfRef<CFMutableDictionaryRef> query(Query(key));
    const OSStatus status = SecItemDelete(query.get());
    if (status != errSecSuccess && status != errSecItemNotFound) {
      return FromStatus(status, "delete");
    }
    return Status::Ok();
  }

 private:
  static CFMutableDictionaryRef Query(const SecretKey& key) {
    CFMutableDictionaryRef q = CFDictionaryCreateMutable(
        nullptr, 0, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
    auto service = Str(kSecretSchemaName);
    auto account = Str(key.user + "@" + key.account + " " + key.server);
    CFDictionarySetValue(q, kSecClass, kSecClassGenericPassword);
    CFDictionarySetValue(q, kSecAttrService, service.get());
    CFDictionarySetValue(q, kSecAttrAccount, account.get());
    return q;
  }
};

}  // namespace

std::unique_ptr<SecretStore> CreateKeychainStore() { return std::make_unique<KeychainStore>(); }

}  // namespace trustdesk

#endif
