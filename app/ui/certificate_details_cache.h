// Parsed certificates for the certificate viewer. Parsing X.509 is crypto and must not run inside
// a frame, so the viewer asks this cache: the first Get() for a serial queues the PEM for a worker
// thread and answers "reading"; the worker parses, stores the result keyed by serial and calls the
// wake callback (the app's glfwPostEmptyEvent) so the next frame shows it. Get() itself only takes
// a lock for a map lookup. The worker starts on the first request and stops with the cache.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

#include "core/crypto/certificate.h"
#include "core/util/result.h"

namespace trustdesk {

class CertificateDetailsCache {
 public:
  enum class State { Reading, Ready, Failed };
  struct Details {
    State state = State::Reading;
    std::shared_ptr<const CertificateInfo> info;  // Ready
    std::string error;                            // Failed: why the PEM could not be read
  };
  using Parser = std::function<Result<CertificateInfo>(std::string_view pem)>;

  // Keeps the most recent `capacity` results. `parser` defaults to ParseCertificate.
  explicit CertificateDetailsCache(Parser parser = {}, std::size_t capacity = 64);
  ~CertificateDetailsCache();
  CertificateDetailsCache(const CertificateDetailsCache&) = delete;
  CertificateDetailsCache& operator=(const CertificateDetailsCache&) = delete;

  // Called (from the worker thread) after each parse so the UI draws a frame.
  void SetWake(std::function<void()> wake);

  // Never blocks on parsing. On the first call for `serial` the PEM is queued and the answer is
  // Reading; later calls return the stored result.
  Details Get(const std::string& serial, const std::string& pem);
  // Waits until every queued parse has finished; false on timeout (tests, shutdown).
  bool WaitIdle(std::chrono::milliseconds timeout);
  // Number of parses run so far (tests check a certificate is parsed once).
  std::size_t parses() const;

 private:
  void Run();

  Parser parser_;
  std::size_t capacity_;
  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable work_cv_;
  std::condition_variable idle_cv_;
  std::unordered_map<std::string, Details> results_;
  std::deque<std::string> order_;                          // results_ keys, oldest first
  std::deque<std::pair<std::string, std::string>> queue_;  // serial, PEM
  bool busy_ = false;
  bool stop_ = false;
  std::size_t parses_ = 0;
  std::function<void()> wake_;
  std::thread worker_;
};

}  // namespace trustdesk
