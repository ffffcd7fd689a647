#include "app/platform/settings_writer.h"

namespace trustdesk {

SettingsWriter::SettingsWriter(SettingsFile& file, std::function<void()> wake)
    : file_(file), wake_(std::move(wake)), thread_([this] { Run(); }) {}

SettingsWriter::~SettingsWriter() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void SettingsWriter::Save(const Settings& settings) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_ = settings;
  }
  cv_.notify_one();
}

std::string SettingsWriter::LastError() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_error_;
}

void SettingsWriter::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    cv_.wait(lock, [this] { return stop_ || pending_.has_value(); });
    if (pending_) {
      const Settings next = *std::exchange(pending_, std::nullopt);
      lock.unlock();
      const Status st = file_.Update(next);  // only this thread touches file_ after start-up
      lock.lock();
      last_error_ = st ? std::string() : st.error().message;
      if (!st && wake_) wake_();
      continue;  // drain anything that arrived meanwhile before honouring stop_
    }
    if (stop_) return;
  }
}

}  // namespace trustdesk
