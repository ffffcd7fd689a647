// Wire strings and display names of every model enum. Each enum has one table; ToString and the
// *FromString parsers both read it, so the two directions cannot drift apart.
#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "core/model/issued_certificate.h"
#include "core/model/json_mapping.h"
#include "core/model/profile.h"
#include "core/model/sync_status.h"

namespace trustdesk {
namespace {

template <class E, std::size_t N>
using Table = std::array<std::pair<E, const char*>, N>;

constexpr Table<KeyStoreKind, 5> kKeyStoreKinds{{
    {KeyStoreKind::Pem, "pem"},
    {KeyStoreKind::Pkcs12, "pkcs12"},
    {KeyStoreKind::Software, "software"},
    {KeyStoreKind::Os, "os"},
    {KeyStoreKind::Pkcs11, "pkcs11"},
}};

constexpr Table<ScriptPlatform, 4> kScriptPlatforms{{
    {ScriptPlatform::Any, "any"},
    {ScriptPlatform::Linux, "linux"},
    {ScriptPlatform::MacOs, "macos"},
    {ScriptPlatform::Windows, "windows"},
}};

constexpr Table<ValueSource, 3> kValueSources{{
    {ValueSource::Fixed, "fixed"},
    {ValueSource::UserAttribute, "user_attribute"},
    {ValueSource::UserInput, "user_input"},
}};

constexpr Table<SanType, 5> kSanTypes{{
    {SanType::Email, "email"},
    {SanType::Dns, "dns"},
    {SanType::Uri, "uri"},
    {SanType::Ip, "ip"},
    {SanType::Upn, "upn"},
}};

constexpr Table<KeyAlgorithm, 3> kKeyAlgorithms{{
    {KeyAlgorithm::Rsa, "RSA"},
    {KeyAlgorithm::Ec, "EC"},
    {KeyAlgorithm::Ed25519, "Ed25519"},
}};

constexpr Table<RevocationReason, 5> kRevocationReasons{{
    {RevocationReason::Unspecified, "unspecified"},
    {RevocationReason::KeyCompromise, "key_compromise"},
    {RevocationReason::AffiliationChanged, "affiliation_changed"},
    {RevocationReason::Superseded, "superseded"},
    {RevocationReason::CessationOfOperation, "cessation_of_operation"},
}};

constexpr Table<SyncState, 8> kSyncStates{{
    {SyncState::NeverSynced, "never_synced"},
    {SyncState::Syncing, "syncing"},
    {SyncState::UpToDate, "up_to_date"},
    {SyncState::Updated, "updated"},
    {SyncState::Failed, "failed"},
    {SyncState::Offline, "offline"},
    {SyncState::SignedOut, "signed_out"},
    {SyncState::TokenExpired, "token_expired"},
}};

constexpr Table<KeyStoreKind, 5> kKeyStoreDisplayNames{{
    {KeyStoreKind::Pem, "PEM files"},
    {KeyStoreKind::Pkcs12, "PKCS#12 file"},
    {KeyStoreKind::Software, "Software key store"},
    {KeyStoreKind::Os, "OS key store"},
    {KeyStoreKind::Pkcs11, "Hardware token (PKCS#11)"},
}};

template <class E, std::size_t N>
const char* Lookup(const Table<E, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "unknown";
}

// Exact, case-sensitive match: the wire format has one spelling per value.
template <class E, std::size_t N>
std::optional<E> Parse(const Table<E, N>& table, std::string_view text) {
  for (const auto& [e, name] : table) {
    if (text == name) return e;
  }
  return std::nullopt;
}

}  // namespace

const char* ToString(KeyStoreKind kind) { return Lookup(kKeyStoreKinds, kind); }
const char* ToString(ScriptPlatform platform) { return Lookup(kScriptPlatforms, platform); }
const char* ToString(ValueSource source) { return Lookup(kValueSources, source); }
const char* ToString(SanType type) { return Lookup(kSanTypes, type); }
const char* ToString(KeyAlgorithm algorithm) { return Lookup(kKeyAlgorithms, algorithm); }
const char* ToString(RevocationReason reason) { return Lookup(kRevocationReasons, reason); }
const char* ToString(SyncState state) { return Lookup(kSyncStates, state); }
const char* DisplayName(KeyStoreKind kind) { return Lookup(kKeyStoreDisplayNames, kind); }

std::optional<KeyStoreKind> KeyStoreKindFromString(std::string_view s) {
  return Parse(kKeyStoreKinds, s);
}
std::optional<ScriptPlatform> ScriptPlatformFromString(std::string_view s) {
  return Parse(kScriptPlatforms, s);
}
std::optional<ValueSource> ValueSourceFromString(std::string_view s) {
  return Parse(kValueSources, s);
}
std::optional<SanType> SanTypeFromString(std::string_view s) { return Parse(kSanTypes, s); }
std::optional<KeyAlgorithm> KeyAlgorithmFromString(std::string_view s) {
  return Parse(kKeyAlgorithms, s);
}
std::optional<RevocationReason> RevocationReasonFromString(std::string_view s) {
  return Parse(kRevocationReasons, s);
}

}  // namespace trustdesk
