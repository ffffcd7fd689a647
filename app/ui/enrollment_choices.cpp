#include "app/ui/enrollment_choices.h"

#include <algorithm>

#include "app/ui/input_checks.h"
#include "core/keystore/software_key_store.h"
#include "core/model/version.h"

namespace trustdesk {
namespace {

constexpr std::size_t kMinPassphrase = 8;

int CurveBits(std::string_view curve) {
  if (curve == "P-256") return 256;
  if (curve == "P-384") return 384;
  return 0;
}

}  // namespace

std::vector<KeyOption> KeyOptions(const CertificateFormat& format) {
  std::vector<KeyOption> out;
  for (const KeyAlgorithmRule& rule : format.key_algorithms) {
    switch (rule.algorithm) {
      case KeyAlgorithm::Rsa:
        for (int bits : rule.rsa_bits) {
          out.push_back({KeyAlgorithm::Rsa, bits, "RSA " + std::to_string(bits)});
        }
        break;
      case KeyAlgorithm::Ec:
        for (const std::string& curve : rule.ec_curves) {
          if (int bits = CurveBits(curve); bits != 0) {
            out.push_back({KeyAlgorithm::Ec, bits, "EC " + curve});
          }
        }
        break;
      case KeyAlgorithm::Ed25519: out.push_back({KeyAlgorithm::Ed25519, 0, "Ed25519"}); break;
    }
  }
  return out;
}

bool IsStoreAvailable(KeyStoreKind kind) {
  return kind == KeyStoreKind::Pem || kind == KeyStoreKind::Pkcs12 ||
         kind == KeyStoreKind::Software;
}

std::vector<StoreOption> StoreOptions(const Policy& policy) {
  std::vector<StoreOption> out;
  for (KeyStoreKind kind : policy.allowed_key_stores) {
    StoreOption option{kind, DisplayName(kind), {}};
    if (kind == KeyStoreKind::Os) {
      option.unavailable =
          "This build of TrustDesk cannot install into the operating system's key store yet.";
    } else if (kind == KeyStoreKind::Pkcs11) {
      option.unavailable =
          "This build of TrustDesk cannot install onto hardware tokens (PKCS#11) yet.";
    }
    out.push_back(std::move(option));
  }
  return out;
}

int FirstUsableStore(const std::vector<StoreOption>& options) {
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (options[i].unavailable.empty()) return static_cast<int>(i);
  }
  return -1;
}

StoreNeeds NeedsOf(KeyStoreKind kind) {
  StoreNeeds needs;
  switch (kind) {
    case KeyStoreKind::Pem:
      needs.location = true;
      needs.location_label = "Folder";
      needs.location_hint = "TrustDesk writes cert.pem, chain.pem and key.pem (readable only by "
                            "you) in a sub-folder named after the profile.";
      needs.secret = StoreNeeds::Secret::Optional;
      needs.secret_label = "Key passphrase";
      needs.min_secret = kMinPassphrase;
      needs.secret_hint = "Optional. With a passphrase, key.pem is encrypted (AES-256).";
      break;
    case KeyStoreKind::Pkcs12:
      needs.location = true;
      needs.location_label = "Folder";
      needs.location_hint = "TrustDesk writes one .p12 file named after the profile in this "
                            "folder, readable only by you.";
      needs.secret = StoreNeeds::Secret::Required;
      needs.secret_label = "Passphrase";
      needs.min_secret = kMinPassphrase;
      needs.secret_hint = "Protects the .p12 file (AES-256). You need it to import the file.";
      break;
    case KeyStoreKind::Software:
      needs.secret = StoreNeeds::Secret::Required;
      needs.secret_label = "PIN";
      needs.min_secret = SoftwareKeyStore::kMinPinLength;
      needs.secret_hint = "The PIN of TrustDesk's key store. The first certificate you install "
                          "there sets it.";
      break;
    case KeyStoreKind::Os:
    case KeyStoreKind::Pkcs11: break;
  }
  return needs;
}

std::string CheckLocation(const StoreNeeds& needs, std::string_view location) {
  if (!needs.location) return {};
  const std::string label = needs.location_label;
  if (location.empty()) return label + ": required";
  if (!IsAbsolutePathText(location)) return label + ": must be a full path, e.g. /home/you/certs";
  return {};
}

std::string CheckSecret(const StoreNeeds& needs, std::string_view secret,
                        std::string_view confirm) {
  if (needs.secret == StoreNeeds::Secret::None) return {};
  const std::string label = needs.secret_label;
  if (secret.empty()) {
    if (needs.secret == StoreNeeds::Secret::Required) return label + ": required";
    return confirm.empty() ? std::string() : label + ": the two entries do not match";
  }
  if (secret.size() < needs.min_secret) {
    return label + ": at least " + std::to_string(needs.min_secret) + " characters";
  }
  if (secret != confirm) return label + ": the two entries do not match";
  return {};
}

std::string EnrollBlocker(const Profile& profile, const std::vector<IssuedCertificate>& issued,
                          Timestamp now) {
  if (!IsProfileCompatible(profile)) {
    return "Requires TrustDesk " + profile.profile_version + " or newer (this is " +
           std::string(AppVersion()) + ").";
  }
  const int active = static_cast<int>(
      std::count_if(issued.begin(), issued.end(), [&](const IssuedCertificate& c) {
        return c.profile_id == profile.id && !c.revoked && c.not_after > now;
      }));
  const DuplicatePolicy& dup = profile.policy.duplicates;
  if (!dup.allowed && active >= 1) {
    return "A valid certificate already exists and the profile allows no duplicates. Renew it "
           "from Issued certificates instead.";
  }
  if (dup.allowed && active >= dup.max_active) {
    return "You already have " + std::to_string(active) + " active certificates from this "
           "profile, the most it allows.";
  }
  return {};
}

bool ScriptRunsHere(const Script& script) {
#if defined(_WIN32)
  constexpr ScriptPlatform kHere = ScriptPlatform::Windows;
#elif defined(__APPLE__)
  constexpr ScriptPlatform kHere = ScriptPlatform::MacOs;
#else
  constexpr ScriptPlatform kHere = ScriptPlatform::Linux;
#endif
  return script.platform == ScriptPlatform::Any || script.platform == kHere;
}

const char* PlatformName(ScriptPlatform platform) {
  switch (platform) {
    case ScriptPlatform::Any: return "Any platform";
    case ScriptPlatform::Linux: return "Linux";
    case ScriptPlatform::MacOs: return "macOS";
    case ScriptPlatform::Windows: return "Windows";
  }
  return "";
}

}  // namespace trustdesk
