// The API's TLS parameters, after Mozilla's "intermediate" profile: TLS 1.2 and 1.3 only; in
// TLS 1.2 only ECDHE key exchange with AEAD ciphers (AES-GCM, ChaCha20-Poly1305), so no CBC
// suite (Lucky13-style padding oracles) and no static-RSA exchange (no forward secrecy). TLS 1.3
// keeps OpenSSL's default suites, all AEAD. The client picks among them (no server preference:
// every offered suite is strong), and renegotiation is off.
#pragma once

#include <openssl/ssl.h>

#include "core/util/result.h"

namespace trustdesk::server {

// Applies the policy to the server's context; an error names the OpenSSL step that failed.
Status ApplyTlsPolicy(SSL_CTX* ctx);

}  // namespace trustdesk::server
