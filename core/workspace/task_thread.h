// One background thread running queued tasks in order: the GUI's non-blocking entry points (sign
// in, sign out, Sync user, diagnostics export) queue here, so the frame loop never waits on the
// network or the disk. Stop() finishes the running task, drops the rest and joins.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace trustdesk {

class TaskThread {
 public:
  TaskThread() = default;
  ~TaskThread();
  TaskThread(const TaskThread&) = delete;
  TaskThread& operator=(const TaskThread&) = delete;

  void Start();
  void Stop();
  // Queues `task`; false when the thread is stopped (the task is not run).
  bool Post(std::function<void()> task);
  // Blocks until every task posted before this call has run (tests, shutdown ordering).
  void Drain();
  std::size_t pending() const;

 private:
  void Run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> queue_;
  bool running_task_ = false;
  bool stop_ = true;
  std::thread thread_;
};

}  // namespace trustdesk
