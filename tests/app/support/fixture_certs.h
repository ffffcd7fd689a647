// Fixture snapshots for the certificate views: a signed-in account with profiles whose policies
// cover every row action case, certificates in every status (two with real PEMs generated at test
// time by OpenSSL, one malformed), installed entries (one with missing files, one the server does
// not list), and an activity timeline. Plus a generator of N certificates for the clipper and the
// frame benchmark.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/model/snapshot.h"

namespace trustdesk::test {

// The fixtures' "now": AppHarness::now (2026-01-01T00:00:00Z).
inline constexpr Timestamp kFixtureNow{1767225600};
inline constexpr int64_t kDay = 86400;

namespace serials {
// VPN client, valid for 200 more days, installed in the software store (real PEM).
inline constexpr const char* kVpnValid = "3f2a91c0d4e5b6a79801122334455667";
// VPN client, expiring in 10 days, installed in a PKCS#12 file: Can renew (real PEM).
inline constexpr const char* kVpnExpiring = "51b0e8d2a4c6f8091a2b3c4d5e6f7081";
// VPN client, expired 20 days ago, not installed.
inline constexpr const char* kVpnExpired = "6c1d2e3f405162738495a6b7c8d9eaf0";
// VPN client, the server sent a PEM that is not a certificate.
inline constexpr const char* kVpnBrokenPem = "7d00112233445566778899aabbccddee";
// VPN client, installed as PEM files that are missing now.
inline constexpr const char* kVpnMissing = "8e0f1e2d3c4b5a69788796a5b4c3d2e1";
// S/MIME (escrowed), revoked for key compromise.
inline constexpr const char* kSmimeRevoked = "9a8b7c6d5e4f30211203f4e5d6c7b8a9";
// S/MIME (escrowed), valid, not installed here: its key can be recovered.
inline constexpr const char* kSmimeEscrowed = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
// Wi-Fi, valid, in the OS key store; the policy forbids export.
inline constexpr const char* kWifi = "b2c3d4e5f60718293a4b5c6d7e8f9001";
// Contractors (incompatible profile version), expiring, installed as PEM files.
inline constexpr const char* kContractor = "c3d4e5f60718293a4b5c6d7e8f900112";
// Installed here (PEM files) but not listed by the server.
inline constexpr const char* kLocalOnly = "d4e5f60718293a4b5c6d7e8f90011223";
// Issued from a profile no longer assigned to the user.
inline constexpr const char* kUnassigned = "e5f60718293a4b5c6d7e8f9001122334";
}  // namespace serials

// A real X.509 certificate (EC P-256 key, signed by a test issuing CA) as PEM, with SANs, key
// usage, extended key usage, basic constraints and key identifiers.
std::string MakeCertificatePem(const std::string& common_name, const std::string& serial_hex,
                               Timestamp not_before, Timestamp not_after,
                               const std::vector<std::string>& san);

// The full fixture described above (no jobs).
Snapshot CertificatesSnapshot();
// A signed-in account with `count` certificates spread over 10 profiles, every 7th installed.
// PEMs are empty (the viewer is not opened on these). Deterministic.
Snapshot ManyCertificatesSnapshot(std::size_t count);
// An activity timeline of `count` entries (newest last) of every kind and outcome.
std::vector<ActivityEntry> ActivityFixture(std::size_t count = 6);

}  // namespace trustdesk::test
