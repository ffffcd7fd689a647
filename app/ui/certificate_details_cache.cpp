#include "app/ui/certificate_details_cache.h"

namespace trustdesk {

CertificateDetailsCache::CertificateDetailsCache(Parser parser, std::size_t capacity)
    : parser_(parser ? std::move(parser) : Parser(&ParseCertificate)),
      capacity_(capacity == 0 ? 1 : capacity) {}

CertificateDetailsCache::~CertificateDetailsCache() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  work_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void CertificateDetailsCache::SetWake(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

CertificateDetailsCache::Details CertificateDetailsCache::Get(const std::string& serial,
                                                              const std::string& pem) {
  std::lock_guard lock(mutex_);
  if (auto it = results_.find(serial); it != results_.end()) return it->second;
  results_.emplace(serial, Details{});
  order_.push_back(serial);
  while (order_.size() > capacity_) {
    // Evicting an entry still being read only means it is queued again if asked for.
    results_.erase(order_.front());
    order_.pop_front();
  }
  queue_.emplace_back(serial, pem);
  if (!worker_.joinable()) worker_ = std::thread([this] { Run(); });
  work_cv_.notify_one();
  return Details{};
}

bool CertificateDetailsCache::WaitIdle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return idle_cv_.wait_for(lock, timeout, [this] { return queue_.empty() && !busy_; });
}

std::size_t CertificateDetailsCache::parses() const {
  std::lock_guard lock(mutex_);
  return parses_;
}

void CertificateDetailsCache::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    work_cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) break;
    auto [serial, pem] = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();

    Details details;
    Result<CertificateInfo> parsed = parser_(pem);
    if (parsed.ok()) {
      details.state = State::Ready;
      details.info = std::make_shared<const CertificateInfo>(std::move(parsed).value());
    } else {
      details.state = State::Failed;
      details.error = parsed.error().message;
    }

    lock.lock();
    ++parses_;
    if (auto it = results_.find(serial); it != results_.end()) it->second = std::move(details);
    std::function<void()> wake = wake_;
    lock.unlock();
    if (wake) wake();
    // Idle only after the wake, so a caller of WaitIdle() sees its effects.
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_cv_.notify_all();
  }
}

}  // namespace trustdesk
