// How the parts of a profile are worded for a person (details modal, table tooltips):
// "30 days before expiry", "EC P-256/P-384, RSA 3072", "Not allowed: one active certificate …".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/model/profile.h"

namespace trustdesk {

std::string JoinText(const std::vector<std::string>& parts, std::string_view separator = ", ");
// "Software key store, PKCS#12 file" (full names).
std::string KeyStoresLongText(const std::vector<KeyStoreKind>& stores);
// "30 days before expiry" / "when 20% of its lifetime is left" / "none".
std::string RenewalWindowText(const RenewalWindow& window);
// "On, 30 days before expiry" / "Off".
std::string AutoRenewText(const Policy& policy);
std::string DuplicatesText(const DuplicatePolicy& duplicates);
std::string EscrowText(const KeyEscrow& escrow);
// "EC P-256/P-384, RSA 3072, Ed25519".
std::string KeyAlgorithmsText(const std::vector<KeyAlgorithmRule>& rules);
// "CN, E, OU, O, C".
std::string SubjectSummary(const std::vector<SubjectAttribute>& subject);
// Where a value comes from: "Fixed: Northwind Engineering", "Your email", "Entered by you".
std::string ValueSourceText(ValueSource source, const std::string& value);
// "pattern ^[a-z]+$, at most 64 characters, one of: a, b" or "".
std::string ConstraintText(const ValueConstraint& constraint);
const char* SanTypeName(SanType type);          // "Email address", "DNS name", ...
// "730 days (about 2 years)".
std::string ValidityText(int days);

// Dotted OIDs of the names a profile uses; empty when the name is not a well-known one.
std::string_view ExtendedKeyUsageOid(std::string_view name);
std::string_view KeyAlgorithmOid(KeyAlgorithm algorithm);
std::string_view CurveOid(std::string_view curve);

}  // namespace trustdesk
