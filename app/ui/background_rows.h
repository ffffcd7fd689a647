// BackgroundRows: where a page's rows are derived, and which derived view the page shows. Inputs
// up to a size limit derive inside the call (the common account needs no thread and sees its rows
// in the first frame); bigger ones go to a BackgroundDerive worker while the page keeps showing
// the view it has. A page keeps only what is its own: when to derive again, and how (the derive
// function). `View` has a `rows` member that says whether two views share the same row set.
// UI thread only (the worker is internal).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>

#include "app/ui/background_derive.h"

namespace trustdesk {

template <typename Job, typename View>
class BackgroundRows {
 public:
  using ViewPtr = std::shared_ptr<const View>;
  // Pure: the view for `job`, reusing what `previous` (the worker's last output) computed.
  using Derive = ViewPtr (*)(const Job& job, const ViewPtr* previous);

  BackgroundRows(Derive derive, std::size_t sync_limit)
      : derive_(derive), sync_limit_(sync_limit) {}
  // A copy shows the same view; it has no worker and starts its own when it needs one.
  BackgroundRows(const BackgroundRows& other)
      : derive_(other.derive_),
        sync_limit_(other.sync_limit_),
        view_(other.view_),
        rebuilds_(other.rebuilds_),
        wake_(other.wake_) {}
  BackgroundRows& operator=(const BackgroundRows& other) {
    if (this == &other) return *this;
    worker_.reset();  // joins it (after the derive it runs) before its view is replaced
    derive_ = other.derive_;
    sync_limit_ = other.sync_limit_;
    view_ = other.view_;
    rebuilds_ = other.rebuilds_;
    wake_ = other.wake_;
    return *this;
  }
  BackgroundRows(BackgroundRows&&) noexcept = default;
  BackgroundRows& operator=(BackgroundRows&&) noexcept = default;
  ~BackgroundRows() = default;  // worker_ goes first: joined before the view it may point into

  // Called from the worker when a view is ready (the app's glfwPostEmptyEvent).
  void SetWake(std::function<void()> wake) {
    wake_ = std::move(wake);
    if (worker_) worker_->SetWake(wake_);
  }

  // Derives `job`, whose inputs count `size` items: here and now within the sync limit, else on
  // the worker (replacing a job it has not started).
  void Submit(Job job, std::size_t size) {
    if (size <= sync_limit_) {
      // Newer than anything the worker has: what it runs or holds is dropped.
      if (worker_) worker_->Discard();
      Show(derive_(job, nullptr));
      return;
    }
    if (!worker_) {
      worker_ = std::make_unique<Worker>(derive_);
      worker_->SetWake(wake_);
    }
    worker_->Submit(std::move(job));
  }

  // Takes a view the worker finished, if any. Never waits.
  void Poll() {
    if (!worker_) return;
    if (auto view = worker_->Take()) Show(std::move(*view));
  }

  // Waits (tests, benchmarks) until the worker has derived the last job, then shows it. False on
  // timeout.
  bool WaitForRows(std::chrono::milliseconds timeout) {
    if (worker_ && !worker_->WaitIdle(timeout)) return false;
    Poll();
    return true;
  }

  // A derive for newer inputs runs on the worker; the view shown is older.
  bool pending() const { return worker_ && worker_->busy(); }
  // What the page shows; null before the first derive.
  const ViewPtr& view() const { return view_; }
  // How many derived row sets were taken into use (a new filter on the same rows is not one).
  uint64_t rebuilds() const { return rebuilds_; }

 private:
  using Worker = BackgroundDerive<Job, ViewPtr>;

  void Show(ViewPtr view) {
    if (!view_ || view_->rows != view->rows) ++rebuilds_;
    ViewPtr old = std::exchange(view_, std::move(view));
    // Freeing a big row set (and maybe the last reference to its lists) is the worker's job.
    if (old && worker_) worker_->Retire(std::move(old));
  }

  Derive derive_;
  std::size_t sync_limit_;
  ViewPtr view_;
  uint64_t rebuilds_ = 0;
  std::function<void()> wake_;
  std::unique_ptr<Worker> worker_;  // started by the first job too big to derive in a call
};

}  // namespace trustdesk
