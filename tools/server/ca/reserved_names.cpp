#include "tools/server/ca/reserved_names.h"

#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

namespace trustdesk::server::ca {
namespace {

// The address's bytes (4 or 16), or nothing when `text` is not an IP address.
std::optional<std::string> AddressBytes(const std::string& text) {
  std::unique_ptr<ASN1_OCTET_STRING, decltype(&ASN1_OCTET_STRING_free)> ip(
      a2i_IPADDRESS(text.c_str()), &ASN1_OCTET_STRING_free);
  if (!ip) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(ip.get())),
                     static_cast<size_t>(ASN1_STRING_length(ip.get())));
}

// 127.0.0.0/8, 0.0.0.0 and ::1, ::, and both IPv4 ones mapped into IPv6 (::ffff:a.b.c.d).
bool IsLoopbackOrUnspecified(std::string bytes) {
  static const std::string kMapped("\0\0\0\0\0\0\0\0\0\0\xff\xff", 12);
  if (bytes.size() == 16 && bytes.compare(0, 12, kMapped) == 0) bytes = bytes.substr(12);
  if (bytes.size() == 4) {
    return bytes[0] == 127 || bytes == std::string(4, '\0');
  }
  if (bytes.size() == 16) {
    const std::string zeros(15, '\0');
    return bytes.compare(0, 15, zeros) == 0 && (bytes[15] == 1 || bytes[15] == 0);
  }
  return false;
}

std::string CanonicalDns(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!name.empty() && name.back() == '.') name.pop_back();
  return name;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

ReservedNames::ReservedNames(std::vector<SanEntry> server_names) {
  for (const SanEntry& n : server_names) {
    if (n.kind == "IP") {
      if (auto bytes = AddressBytes(n.value)) server_ips_.push_back(*bytes);
    } else if (n.kind == "DNS") {
      server_dns_.push_back(CanonicalDns(n.value));
    }
  }
}

bool ReservedNames::IsReservedIp(const std::string& text) const {
  auto bytes = AddressBytes(text);
  if (!bytes) return false;
  return IsLoopbackOrUnspecified(*bytes) ||
         std::find(server_ips_.begin(), server_ips_.end(), *bytes) != server_ips_.end();
}

bool ReservedNames::IsReservedDns(const std::string& name) const {
  const std::string n = CanonicalDns(name);
  auto reserved = [&](const std::string& candidate) {
    return candidate == "localhost" || EndsWith(candidate, ".localhost") ||
           std::find(server_dns_.begin(), server_dns_.end(), candidate) != server_dns_.end();
  };
  if (reserved(n)) return true;
  // A wildcard claims every name one label below its base: "*.example" covers "api.example".
  if (n.rfind("*.", 0) == 0) {
    const std::string base = n.substr(1);  // ".example"
    if (base == ".localhost") return true;
    for (const std::string& d : server_dns_) {
      const auto dot = d.find('.');
      if (dot != std::string::npos && d.substr(dot) == base) return true;
    }
  }
  return false;
}

Status ReservedNames::Check(const std::vector<SanEntry>& sans,
                            const std::vector<std::string>& common_names) const {
  const std::string why = ": reserved for this server's own identity (loopback and the server's "
                          "TLS names cannot be certified for users)";
  for (const SanEntry& san : sans) {
    const bool ip = san.type ? *san.type == SanType::Ip : san.kind == "IP";
    const bool dns = san.type ? *san.type == SanType::Dns : san.kind == "DNS";
    if ((ip && IsReservedIp(san.value)) || (dns && IsReservedDns(san.value))) {
      return Error(ErrorCode::InvalidInput, "subjectAltName " + san.Display() + why);
    }
  }
  // Clients that fall back to the common name (no DNS subjectAltName) would read it as a host.
  for (const std::string& cn : common_names) {
    if (IsReservedIp(cn) || IsReservedDns(cn)) {
      return Error(ErrorCode::InvalidInput, "subject.CN " + cn + why);
    }
  }
  return Status::Ok();
}

}  // namespace trustdesk::server::ca
