// The enrollment form derived from a profile's certificate format: which fields exist, where each
// value comes from (fixed, the user's attributes, typed by the user), and validation of every
// value against its ValueConstraint and its type. Cheap and side-effect free, so the GUI can call
// it on every keystroke; the CSR builder calls the same code before building anything.
//
// Field names: subject attributes are "subject.<attribute>" (e.g. "subject.CN"), SAN rules are
// "san.<type>" (e.g. "san.dns"); a repeated attribute or SAN type gets "#2", "#3" ... appended.
// A SAN field typed by the user may hold several values separated by commas or new lines.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/crypto/certificate.h"
#include "core/model/account.h"
#include "core/model/profile.h"
#include "core/util/result.h"

namespace trustdesk {

struct EnrollmentField {
  std::string name;            // "subject.CN", "san.dns"
  std::string label;           // profile label, or the attribute name
  bool is_san = false;
  std::string attribute;       // subject: short name ("CN"); SAN: "dns", "email", ...
  std::string oid;             // subject: dotted OID
  SanType san_type = SanType::Dns;
  ValueSource source = ValueSource::UserInput;
  std::string value;           // Fixed: the value; UserAttribute: the user's value (may be empty)
  std::string user_attribute;  // UserAttribute: the attribute's name, e.g. "email"
  bool editable = false;       // true only for UserInput
  bool required = true;
  int max_count = 1;           // SAN only
  ValueConstraint constraint;
};

// Values the user typed, by field name.
using EnrollmentValues = std::map<std::string, std::string>;

struct FieldError {
  std::string field;    // "subject.CN"
  std::string message;  // "longer than 64 characters"
  std::string Text() const { return field + ": " + message; }
};

// The names a certificate request asks for, after resolution and validation.
struct RequestedNames {
  std::vector<NameAttribute> subject;  // in profile order
  std::vector<SanEntry> san;
};

// The form, in profile order, with fixed and user-attribute values filled in.
std::vector<EnrollmentField> EnrollmentFields(const CertificateFormat& format,
                                              const Account& account);

// Every problem with the input (empty = valid), in form order. Never generates a key.
std::vector<FieldError> ValidateEnrollmentInput(const CertificateFormat& format,
                                                const Account& account,
                                                const EnrollmentValues& values);

// Validates and resolves the final subject and SANs; the first problem is the error.
Result<RequestedNames> ResolveEnrollment(const CertificateFormat& format, const Account& account,
                                         const EnrollmentValues& values);

// The user's value for a UserAttribute source name ("email", "department", "account_id" ...);
// empty when the user has no such attribute.
std::string LookupUserAttribute(const Account& account, const std::string& name);

}  // namespace trustdesk
