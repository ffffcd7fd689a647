// A certificate profile as the backend defines it (SPEC §5): general information, policy and
// certificate format. The wire format is documented in docs/api/profile-format.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/timestamp.h"

namespace trustdesk {

enum class KeyStoreKind { Pem, Pkcs12, Software, Os, Pkcs11 };
enum class ScriptPlatform { Any, Linux, MacOs, Windows };
enum class ValueSource { Fixed, UserAttribute, UserInput };
enum class SanType { Email, Dns, Uri, Ip, Upn };
enum class KeyAlgorithm { Rsa, Ec, Ed25519 };

// One post-processing script. Shown to the user in full before anything runs.
struct Script {
  std::string name;
  ScriptPlatform platform = ScriptPlatform::Any;
  std::string command;                 // absolute path of the executable; never run by a shell
  std::vector<std::string> arguments;  // passed literally as argv[1..]
  int timeout_seconds = 30;            // 1..3600

  bool operator==(const Script&) const = default;
};

struct RenewalWindow {
  // Exactly one of the two is set: days before expiry, or a percentage of the lifetime left.
  std::optional<int> days_before_expiry;  // 1..3650
  std::optional<int> percent_of_lifetime; // 1..99

  bool operator==(const RenewalWindow&) const = default;
};

struct DuplicatePolicy {
  bool allowed = false;                // more than one active certificate per user
  int max_active = 1;                  // >= 1
  bool revoke_previous_on_renew = true;

  bool operator==(const DuplicatePolicy&) const = default;
};

struct KeyEscrow {
  bool required = false;
  std::string agent;  // who holds the keys, shown to users: "Acme Security Office"
  // Who may have the server release an escrowed key (after typing their password again): these
  // user names of the profile's account, and the certificate's owner when owner_can_recover.
  std::vector<std::string> recovery_agents;
  bool owner_can_recover = false;

  bool operator==(const KeyEscrow&) const = default;
};

struct Policy {
  std::vector<KeyStoreKind> allowed_key_stores;  // non-empty
  bool auto_enroll = false;
  bool auto_renew = false;
  RenewalWindow renewal_window;
  DuplicatePolicy duplicates;
  KeyEscrow key_escrow;
  bool exportable_private_key = false;
  std::vector<Script> scripts;

  bool operator==(const Policy&) const = default;
};

// Restrictions on a value entered by the user (or taken from a user attribute).
struct ValueConstraint {
  std::optional<std::string> pattern;  // ECMAScript regex the whole value must match
  std::optional<int> max_length;
  std::vector<std::string> allowed_values;  // empty = any

  bool operator==(const ValueConstraint&) const = default;
};

struct SubjectAttribute {
  std::string attribute;               // short name: CN, O, OU, C, L, ST, E, serialNumber ...
  std::string oid;                     // dotted OID, e.g. 2.5.4.3
  ValueSource source = ValueSource::Fixed;
  std::string value;                   // Fixed: the value; UserAttribute: the attribute name
  std::string label;                   // UI label for UserInput, e.g. "Device name"
  bool required = true;
  ValueConstraint constraint;

  bool operator==(const SubjectAttribute&) const = default;
};

struct SanRule {
  SanType type = SanType::Dns;
  ValueSource source = ValueSource::UserInput;
  std::string value;                   // as in SubjectAttribute
  std::string label;
  bool required = false;
  int max_count = 1;
  ValueConstraint constraint;

  bool operator==(const SanRule&) const = default;
};

struct KeyAlgorithmRule {
  KeyAlgorithm algorithm = KeyAlgorithm::Ec;
  std::vector<int> rsa_bits;           // Rsa: allowed sizes (2048, 3072, 4096)
  std::vector<std::string> ec_curves;  // Ec: "P-256", "P-384"

  bool operator==(const KeyAlgorithmRule&) const = default;
};

struct CertificateFormat {
  std::vector<SubjectAttribute> subject;   // non-empty
  std::vector<SanRule> san;
  std::vector<KeyAlgorithmRule> key_algorithms;  // non-empty
  std::string signature_hash = "SHA-256";  // SHA-256 | SHA-384 | SHA-512
  int validity_days = 365;                 // 1..3650
  std::vector<std::string> key_usage;      // digitalSignature, keyEncipherment, ...
  std::vector<std::string> extended_key_usage;  // clientAuth, serverAuth, emailProtection, codeSigning ...

  bool operator==(const CertificateFormat&) const = default;
};

struct EnrollmentEndpoint {
  std::string url;                     // path relative to the server, e.g. /api/v1/profiles/{id}/enroll
  std::string protocol = "trustdesk-rest-v1";

  bool operator==(const EnrollmentEndpoint&) const = default;
};

struct Profile {
  std::string id;                      // [A-Za-z0-9._-]{1,64}
  int64_t revision = 1;                // >= 1, bumped on every admin edit
  std::string name;                    // 1..200 chars
  std::string description;
  std::string profile_version;         // minimum TrustDesk version, "MAJOR.MINOR[.PATCH]"
  std::string issuing_ca;              // display name of the issuing CA
  std::vector<std::string> issuing_ca_chain;  // subject DNs, issuing CA first (Advanced mode)
  EnrollmentEndpoint enrollment;
  Timestamp created_at;
  Timestamp updated_at;
  Policy policy;
  CertificateFormat certificate_format;

  bool operator==(const Profile&) const = default;
};

const char* ToString(KeyStoreKind kind);       // "pem", "pkcs12", "software", "os", "pkcs11"
const char* ToString(ScriptPlatform platform); // "any", "linux", "macos", "windows"
const char* ToString(ValueSource source);      // "fixed", "user_attribute", "user_input"
const char* ToString(SanType type);            // "email", "dns", "uri", "ip", "upn"
const char* ToString(KeyAlgorithm algorithm);  // "RSA", "EC", "Ed25519"
const char* DisplayName(KeyStoreKind kind);    // "PEM files", "PKCS#12 file", ...

}  // namespace trustdesk
