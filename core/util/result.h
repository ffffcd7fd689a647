// Errors as values: every fallible core call returns Result<T>, carrying either a value or an
// Error with a category and a message that names the field, path or step that failed.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace trustdesk {

enum class ErrorCode {
  InvalidInput,   // a document, argument or user entry failed validation
  Parse,          // bytes could not be decoded (JSON, PEM, DER, base64)
  TooLarge,       // an input exceeded a size limit before it was parsed
  Io,             // file system
  Network,        // host unreachable, connection dropped, timeout
  Tls,            // certificate or host-name verification failed
  Auth,           // missing, wrong or expired credentials
  Forbidden,      // authenticated but not allowed
  NotFound,
  Conflict,       // e.g. duplicate policy, revision mismatch
  Server,         // the server reported an internal failure (5xx)
  Crypto,         // an OpenSSL operation failed
  Cancelled,
  Unsupported,    // e.g. incompatible profile version, unavailable key store
  Internal,
};

const char* ToString(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;

  Error() = default;
  Error(ErrorCode c, std::string m) : code(c), message(std::move(m)) {}
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : data_(std::move(error)) {}      // NOLINT: implicit by design

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  const Error& error() const { return std::get<1>(data_); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> data_;
};

// Result<void> equivalent.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design
  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace trustdesk
