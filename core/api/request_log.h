// The API request log behind Diagnostics (SPEC §9): one line per HTTP request with method, path,
// status, duration and sizes. Secrets never enter it: Authorization values, tokens and passwords
// are redacted before an entry is stored. Bounded ring, safe to use from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/timestamp.h"

namespace trustdesk {

struct RequestLogEntry {
  uint64_t id = 0;
  Timestamp started_at;
  std::string method;
  std::string path;                   // query values of secret-looking keys redacted
  int status = 0;                     // HTTP status; 0 when no response arrived
  int64_t duration_ms = 0;
  uint64_t bytes_sent = 0;
  uint64_t bytes_received = 0;
  std::string error;                  // empty on a completed exchange
  std::vector<std::pair<std::string, std::string>> request_headers;  // redacted
};

class RequestLog {
 public:
  explicit RequestLog(std::size_t capacity = 500) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Redacts `entry` (headers, path, error text) and appends it, evicting the oldest when full.
  void Add(RequestLogEntry entry);

  // A copy of the entries, oldest first.
  std::vector<RequestLogEntry> Entries() const;
  void Clear();

  // The entries as a JSON array, for the diagnostics bundle.
  nlohmann::json ToJson() const;

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<RequestLogEntry> entries_;
  uint64_t next_id_ = 1;
};

// The value shown instead of a secret.
inline constexpr std::string_view kRedacted = "<redacted>";

// True for header names whose values are credentials (Authorization, Proxy-Authorization, Cookie,
// Set-Cookie, X-Admin-Token ...).
bool IsSecretHeader(std::string_view name);

// Replaces the values of secret-looking query parameters (token, password, secret, key ...).
std::string RedactQuery(std::string_view path);

// Replaces every occurrence of `secret` (when at least 4 characters long) in `text`.
std::string RedactValue(std::string text, std::string_view secret);

}  // namespace trustdesk
