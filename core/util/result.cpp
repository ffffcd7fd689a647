#include "core/util/result.h"

namespace trustdesk {

const char* ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidInput: return "invalid_input";
    case ErrorCode::Parse: return "parse_error";
    case ErrorCode::TooLarge: return "too_large";
    case ErrorCode::Io: return "io_error";
    case ErrorCode::Network: return "network_error";
    case ErrorCode::Tls: return "tls_error";
    case ErrorCode::Auth: return "auth_error";
    case ErrorCode::Forbidden: return "forbidden";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::Conflict: return "conflict";
    case ErrorCode::Server: return "server_error";
    case ErrorCode::Crypto: return "crypto_error";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::Internal: return "internal_error";
  }
  return "unknown";
}

}  // namespace trustdesk
