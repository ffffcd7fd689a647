// Names no user certificate may carry: the server's own (the names in its TLS certificate) and
// every loopback name, which is what a client on this machine connects to. Even though clients
// trust a separate root for the API, a user certificate for "127.0.0.1" or "localhost" would let
// its holder pass as any local service that trusts the issuing CA.
#pragma once

#include <string>
#include <vector>

#include "core/crypto/certificate.h"
#include "core/util/result.h"

namespace trustdesk::server::ca {

class ReservedNames {
 public:
  explicit ReservedNames(std::vector<SanEntry> server_names = {});

  // An InvalidInput error naming the first subjectAltName or common name that claims a reserved
  // name ("subjectAltName IP:127.0.0.1: reserved for this server's own identity").
  Status Check(const std::vector<SanEntry>& sans,
               const std::vector<std::string>& common_names) const;

  bool IsReservedIp(const std::string& text) const;
  bool IsReservedDns(const std::string& name) const;  // wildcards: "*.x" claims "a.x"

 private:
  std::vector<std::string> server_ips_;  // raw address bytes
  std::vector<std::string> server_dns_;  // lower case, no trailing dot
};

}  // namespace trustdesk::server::ca
