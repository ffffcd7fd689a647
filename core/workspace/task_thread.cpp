#include "core/workspace/task_thread.h"

namespace trustdesk {

TaskThread::~TaskThread() { Stop(); }

void TaskThread::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void TaskThread::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  idle_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool TaskThread::Post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stop_) return false;
    queue_.push_back(std::move(task));
  }
  wake_.notify_one();
  return true;
}

void TaskThread::Drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return stop_ || (queue_.empty() && !running_task_); });
}

std::size_t TaskThread::pending() const {
  std::lock_guard lock(mutex_);
  return queue_.size() + (running_task_ ? 1 : 0);
}

void TaskThread::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (stop_) break;
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    running_task_ = true;
    lock.unlock();
    task();  // never under the queue lock
    lock.lock();
    running_task_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
  running_task_ = false;
  idle_.notify_all();
}

}  // namespace trustdesk
