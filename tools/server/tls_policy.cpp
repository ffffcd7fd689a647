#include "tools/server/tls_policy.h"

#include "core/crypto/openssl_ptr.h"

namespace trustdesk::server {
namespace {

// ECDSA suites for the server's own P-256 key, RSA ones for an operator's --tls-cert.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

}  // namespace

Status ApplyTlsPolicy(SSL_CTX* ctx) {
  if (!ctx) return Error(ErrorCode::Tls, "TLS policy: no SSL context");
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
    return Error(ErrorCode::Tls, ossl::LastError("TLS policy: setting TLS 1.2 as the minimum"));
  }
  if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) {
    return Error(ErrorCode::Tls, ossl::LastError("TLS policy: setting the TLS 1.2 suites"));
  }
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  SSL_CTX_clear_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
  return Status::Ok();
}

}  // namespace trustdesk::server
