// BackgroundDerive: one worker thread that turns the newest input into an output, for data a page
// derives from a snapshot that is too big to derive inside a frame (200,000 certificate rows).
// Latest wins: at most one job waits, and a newer Submit() replaces it, so a burst of snapshots
// costs one derive after the one running, never a queue. The UI thread takes finished outputs
// with Take() once per frame (a lookup under the lock, never a wait) and keeps showing what it had
// until then. `derive` is a pure function of its input and the worker's previous output (so it
// can reuse the parts still valid); it must not touch ImGui or view state. Outputs the UI no
// longer needs go back through Retire(): freeing 200,000 rows is work for the worker too. The
// worker starts on the first Submit() and is stopped and joined by the destructor, after the
// derive it is running.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace trustdesk {

template <typename Input, typename Output>
class BackgroundDerive {
 public:
  using Derive = std::function<Output(const Input& input, const Output* previous)>;

  explicit BackgroundDerive(Derive derive) : derive_(std::move(derive)) {}
  ~BackgroundDerive() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    work_cv_.notify_all();
    if (worker_.joinable()) worker_.join();
  }
  BackgroundDerive(const BackgroundDerive&) = delete;
  BackgroundDerive& operator=(const BackgroundDerive&) = delete;

  // Called from the worker after each finished output, so the UI draws a frame to show it.
  void SetWake(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
  }

  // Hands `input` to the worker, replacing a job that has not started yet.
  void Submit(Input input) {
    std::optional<Input> replaced;
    {
      std::lock_guard lock(mutex_);
      replaced = std::exchange(pending_, std::move(input));
      StartLocked();
    }
    work_cv_.notify_one();
  }

  // Forgets the waiting job, an output not taken yet and the output of the derive running now
  // (the caller derived something newer itself), and the worker's previous output.
  void Discard() {
    {
      std::lock_guard lock(mutex_);
      pending_.reset();
      if (ready_) retired_.push_back(std::move(*ready_));
      if (previous_) retired_.push_back(std::move(*previous_));
      ready_.reset();
      previous_.reset();
      ++epoch_;
      if (!retired_.empty()) StartLocked();
    }
    work_cv_.notify_one();
  }

  // The newest finished output not taken yet. Never waits for a derive.
  std::optional<Output> Take() {
    std::lock_guard lock(mutex_);
    return std::exchange(ready_, std::nullopt);
  }

  // Gives back an output the caller no longer shows; the worker drops it.
  void Retire(Output output) {
    {
      std::lock_guard lock(mutex_);
      retired_.push_back(std::move(output));
      StartLocked();
    }
    work_cv_.notify_one();
  }

  // True while a job waits or runs, or an output waits to be taken.
  bool busy() const {
    std::lock_guard lock(mutex_);
    return pending_ || running_ || ready_;
  }

  // Waits until no job waits or runs (an output may wait to be taken); false on timeout.
  bool WaitIdle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return idle_cv_.wait_for(lock, timeout, [this] { return !pending_ && !running_; });
  }

 private:
  void StartLocked() {
    if (!worker_.joinable() && !stop_) worker_ = std::thread([this] { Run(); });
  }

  void Run() {
    std::unique_lock lock(mutex_);
    while (true) {
      work_cv_.wait(lock, [this] { return stop_ || pending_ || !retired_.empty(); });
      if (stop_) break;
      // Everything dropped here is dropped outside the lock, so Take() never waits for a free.
      std::vector<Output> retired = std::exchange(retired_, {});
      std::optional<Input> input = std::exchange(pending_, std::nullopt);
      std::optional<Output> previous = previous_;
      const unsigned long long epoch = epoch_;
      running_ = input.has_value();
      lock.unlock();
      retired.clear();
      std::optional<Output> out;
      if (input) out.emplace(derive_(*input, previous ? &*previous : nullptr));
      input.reset();
      previous.reset();

      lock.lock();
      std::function<void()> wake;
      if (out && epoch == epoch_) {
        // Latest wins: an output nobody took is replaced by this newer one.
        previous = std::exchange(previous_, *out);
        std::swap(ready_, out);
        wake = wake_;
      }
      lock.unlock();
      out.reset();
      previous.reset();
      if (wake) wake();
      // Idle only after the wake, so a caller of WaitIdle() sees its effects.
      lock.lock();
      if (running_) {
        running_ = false;
        idle_cv_.notify_all();
      }
    }
  }

  const Derive derive_;
  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable work_cv_;
  std::condition_variable idle_cv_;
  std::optional<Input> pending_;    // the next job (latest wins)
  std::optional<Output> ready_;     // finished, not taken yet
  std::optional<Output> previous_;  // the worker's last output, handed to the next derive
  std::vector<Output> retired_;     // outputs the UI gave back, freed by the worker
  bool running_ = false;
  bool stop_ = false;
  unsigned long long epoch_ = 0;  // bumped by Discard(): outputs of older jobs are dropped
  std::function<void()> wake_;
  std::thread worker_;
};

}  // namespace trustdesk
