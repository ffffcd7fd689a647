// What the enrollment window offers for a profile, worked out from the policy and the snapshot:
// the key types and key stores it allows, what each store needs (folder, PIN or passphrase), the
// scripts that will run here, and why enrolling is not possible right now. Plain functions of their
// inputs: no ImGui, no I/O, cheap enough for every frame.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/issued_certificate.h"
#include "core/model/profile.h"
#include "core/model/timestamp.h"

namespace trustdesk {

// One key type the user can pick, e.g. "EC P-256" (algorithm Ec, size 256) or "RSA 3072".
struct KeyOption {
  KeyAlgorithm algorithm = KeyAlgorithm::Ec;
  int size = 0;  // RSA bits or EC curve bits; 0 for Ed25519
  std::string label;
};

// Every key type the policy allows, in policy order. Curves TrustDesk does not know are left out.
std::vector<KeyOption> KeyOptions(const CertificateFormat& format);

// One key store the policy allows, and why this build cannot use it (empty = usable).
struct StoreOption {
  KeyStoreKind kind = KeyStoreKind::Software;
  std::string label;        // "PEM files"
  std::string unavailable;  // "Not available in this build of TrustDesk"
};

std::vector<StoreOption> StoreOptions(const Policy& policy);
// Index of the first usable store, or -1 when the policy allows none this build has.
int FirstUsableStore(const std::vector<StoreOption>& options);
// True for the stores this build can install into (PEM files, PKCS#12, software store).
bool IsStoreAvailable(KeyStoreKind kind);

// What a store asks for besides the key type.
struct StoreNeeds {
  bool location = false;          // a folder
  const char* location_label = "";
  const char* location_hint = "";
  enum class Secret { None, Optional, Required } secret = Secret::None;
  const char* secret_label = "";  // "PIN", "Passphrase"
  std::size_t min_secret = 0;     // characters, when a secret is given
  const char* secret_hint = "";
};

StoreNeeds NeedsOf(KeyStoreKind kind);

// Problems with the store fields, as "<field>: <problem>", in the order they are shown. Empty when
// the store can be used with these values.
std::string CheckLocation(const StoreNeeds& needs, std::string_view location);
std::string CheckSecret(const StoreNeeds& needs, std::string_view secret, std::string_view confirm);

// Why this profile cannot be enrolled now (incompatible with this version, or the duplicate
// policy is exhausted by the user's active certificates); empty when it can.
std::string EnrollBlocker(const Profile& profile, const std::vector<IssuedCertificate>& issued,
                          Timestamp now);

// The scripts of the policy that run on this platform (Any or this OS).
bool ScriptRunsHere(const Script& script);
const char* PlatformName(ScriptPlatform platform);  // "Any platform", "Linux", "macOS", "Windows"

}  // namespace trustdesk
