#include <doctest/doctest.h>

#include <string>

#include "core/model/json_mapping.h"
#include "core/model/sync_status.h"

using namespace trustdesk;

TEST_CASE("Every enum value has a wire string that parses back to it") {
  for (auto k : {KeyStoreKind::Pem, KeyStoreKind::Pkcs12, KeyStoreKind::Software, KeyStoreKind::Os,
                 KeyStoreKind::Pkcs11}) {
    CHECK(KeyStoreKindFromString(ToString(k)) == k);
    CHECK(std::string(DisplayName(k)) != "unknown");
  }
  for (auto p : {ScriptPlatform::Any, ScriptPlatform::Linux, ScriptPlatform::MacOs,
                 ScriptPlatform::Windows}) {
    CHECK(ScriptPlatformFromString(ToString(p)) == p);
  }
  for (auto s : {ValueSource::Fixed, ValueSource::UserAttribute, ValueSource::UserInput}) {
    CHECK(ValueSourceFromString(ToString(s)) == s);
  }
  for (auto t : {SanType::Email, SanType::Dns, SanType::Uri, SanType::Ip, SanType::Upn}) {
    CHECK(SanTypeFromString(ToString(t)) == t);
  }
  for (auto a : {KeyAlgorithm::Rsa, KeyAlgorithm::Ec, KeyAlgorithm::Ed25519}) {
    CHECK(KeyAlgorithmFromString(ToString(a)) == a);
  }
  for (auto r : {RevocationReason::Unspecified, RevocationReason::KeyCompromise,
                 RevocationReason::AffiliationChanged, RevocationReason::Superseded,
                 RevocationReason::CessationOfOperation}) {
    CHECK(RevocationReasonFromString(ToString(r)) == r);
  }
}

TEST_CASE("Wire strings are the documented spellings") {
  CHECK(std::string(ToString(KeyStoreKind::Pkcs12)) == "pkcs12");
  CHECK(std::string(DisplayName(KeyStoreKind::Pkcs12)) == "PKCS#12 file");
  CHECK(std::string(DisplayName(KeyStoreKind::Pem)) == "PEM files");
  CHECK(std::string(ToString(ScriptPlatform::MacOs)) == "macos");
  CHECK(std::string(ToString(ValueSource::UserAttribute)) == "user_attribute");
  CHECK(std::string(ToString(KeyAlgorithm::Ed25519)) == "Ed25519");
  CHECK(std::string(ToString(RevocationReason::KeyCompromise)) == "key_compromise");
  CHECK(std::string(ToString(SyncState::NeverSynced)) == "never_synced");
  CHECK(std::string(ToString(SyncState::TokenExpired)) == "token_expired");
}

TEST_CASE("Unknown or differently-cased strings do not parse") {
  CHECK_FALSE(KeyStoreKindFromString("PEM").has_value());
  CHECK_FALSE(KeyStoreKindFromString("").has_value());
  CHECK_FALSE(KeyAlgorithmFromString("DSA").has_value());
  CHECK_FALSE(KeyAlgorithmFromString("rsa").has_value());
  CHECK_FALSE(SanTypeFromString("DNS").has_value());
  CHECK_FALSE(ScriptPlatformFromString("darwin").has_value());
  CHECK_FALSE(ValueSourceFromString("fixed ").has_value());
  CHECK_FALSE(RevocationReasonFromString("keyCompromise").has_value());
}
