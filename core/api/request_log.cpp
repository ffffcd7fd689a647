#include "core/api/request_log.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace trustdesk {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsSecretName(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kWords = {
      "token", "password", "passwd", "secret", "auth", "key", "cookie", "session"};
  const std::string lower = Lower(name);
  return std::any_of(kWords.begin(), kWords.end(), [&](std::string_view word) {
    return lower.find(word) != std::string::npos;
  });
}

}  // namespace

bool IsSecretHeader(std::string_view name) {
  const std::string lower = Lower(name);
  // Content-Type, Content-Length, Accept-Encoding ... are never secret even if they match a word.
  if (lower.rfind("content-", 0) == 0 || lower.rfind("accept", 0) == 0) return false;
  return IsSecretName(lower);
}

std::string RedactQuery(std::string_view path) {
  const auto q = path.find('?');
  if (q == std::string_view::npos) return std::string(path);
  std::string out(path.substr(0, q + 1));
  std::string_view rest = path.substr(q + 1);
  bool first = true;
  while (!rest.empty() || first) {
    const auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    if (!first) out += '&';
    first = false;
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && IsSecretName(pair.substr(0, eq))) {
      out.append(pair.substr(0, eq + 1));
      out.append(kRedacted);
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return out;
}

std::string RedactValue(std::string text, std::string_view secret) {
  if (secret.size() < 4) return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
    text.replace(pos, secret.size(), kRedacted);
    pos += kRedacted.size();
  }
  return text;
}

void RequestLog::Add(RequestLogEntry entry) {
  entry.path = RedactQuery(entry.path);
  for (auto& [name, value] : entry.request_headers) {
    if (!IsSecretHeader(name)) continue;
    // Keep the scheme ("Bearer") so the log still shows which kind of credential was sent.
    const auto space = value.find(' ');
    value = space == std::string::npos ? std::string(kRedacted)
                                       : value.substr(0, space + 1) + std::string(kRedacted);
  }
  std::lock_guard lock(mutex_);
  entry.id = next_id_++;
  entries_.push_back(std::move(entry));
  while (entries_.size() > capacity_) entries_.pop_front();
}

std::vector<RequestLogEntry> RequestLog::Entries() const {
  std::lock_guard lock(mutex_);
  return {entries_.begin(), entries_.end()};
}

void RequestLog::Clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

nlohmann::json RequestLog::ToJson() const {
  nlohmann::json out = nlohmann::json::array();
  for (const RequestLogEntry& e : Entries()) {
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [name, value] : e.request_headers) headers[name] = value;
    out.push_back({{"id", e.id},
                   {"started_at", FormatRfc3339(e.started_at)},
                   {"method", e.method},
                   {"path", e.path},
                   {"status", e.status},
                   {"duration_ms", e.duration_ms},
                   {"bytes_sent", e.bytes_sent},
                   {"bytes_received", e.bytes_received},
                   {"error", e.error},
                   {"request_headers", std::move(headers)}});
  }
  return out;
}

}  // namespace trustdesk
