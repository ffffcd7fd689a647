#include "core/crypto/openssl_ptr.h"

#include <openssl/err.h>

namespace trustdesk::ossl {

std::string LastError(const std::string& context) {
  std::string out = context;
  bool first = true;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    out += first ? ": " : "; ";
    out += buf;
    first = false;
  }
  if (first) out += ": unknown OpenSSL error";
  return out;
}

}  // namespace trustdesk::ossl
