// The value rules of the profile format (docs/api/profile-format.md), shared by the JSON mapping,
// the reference server's admin API and the enrollment form so that all three agree.
#pragma once

#include <array>
#include <string_view>

#include "core/model/profile.h"

namespace trustdesk {

inline constexpr std::array<int, 3> kAllowedRsaBits = {2048, 3072, 4096};
inline constexpr std::array<std::string_view, 2> kAllowedEcCurves = {"P-256", "P-384"};
inline constexpr std::array<std::string_view, 3> kSignatureHashes = {"SHA-256", "SHA-384",
                                                                     "SHA-512"};
// RFC 5280 key usage bits, by their OpenSSL names.
inline constexpr std::array<std::string_view, 9> kKeyUsages = {
    "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
    "keyCertSign",      "cRLSign",        "encipherOnly",    "decipherOnly"};
// Extended key usages known by name; any other must be given as a dotted OID.
inline constexpr std::array<std::string_view, 7> kExtendedKeyUsages = {
    "serverAuth",   "clientAuth",  "codeSigning",     "emailProtection",
    "timeStamping", "OCSPSigning", "msSmartcardLogin"};
// Prefixes of IssuedCertificate::san entries ("DNS:host.example", "IP:10.0.0.1" ...).
inline constexpr std::array<std::string_view, 5> kSanPrefixes = {"DNS", "email", "URI", "IP",
                                                                 "UPN"};

// [A-Za-z0-9._-]{1,64}: profile, account and user IDs.
bool IsValidId(std::string_view id);
// Dotted decimal OID with at least two arcs, first arc 0..2, no leading zeros: "2.5.4.3".
bool IsDottedOid(std::string_view oid);
// Certificate serial as TrustDesk writes it: 1..40 lower-case hex digits.
bool IsLowerHexSerial(std::string_view serial);
// Subject attribute short name: a letter then letters or digits, at most 64 ("CN", "serialNumber").
bool IsAttributeName(std::string_view name);
// An absolute executable path for the platform: "/..." (Linux, macOS), "C:\..." or "\\server\..."
// (Windows); `Any` accepts either. No NUL or other control characters.
bool IsAbsoluteCommandPath(std::string_view command, ScriptPlatform platform);
// A server-relative path such as "/api/v1/profiles/vpn/enroll": starts with one '/', no scheme,
// no "//" authority, no spaces or control characters.
bool IsServerRelativePath(std::string_view path);

bool IsKnownKeyUsage(std::string_view name);
bool IsKnownExtendedKeyUsage(std::string_view name_or_oid);  // a known name or a dotted OID
bool HasControlCharacter(std::string_view text);

}  // namespace trustdesk
