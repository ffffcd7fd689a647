// BackgroundDerive: latest wins, outputs handed over once, discarded work dropped, and a clean
// stop while a derive runs. The derive functions here block on a gate the test opens, so every
// ordering below is forced, not timed.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "app/ui/background_derive.h"

using namespace trustdesk;

namespace {

constexpr auto kDeadline = std::chrono::seconds(20);

// Lets a test hold the worker inside a derive until it opens the gate.
class Gate {
 public:
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }
  void Close() {
    std::lock_guard lock(mutex_);
    open_ = false;
  }
  // Called by the derive: records the job, then waits for the gate.
  void Enter(int job) {
    std::unique_lock lock(mutex_);
    entered_.push_back(job);
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
  }
  // Waits until `n` derives have started; false after the deadline.
  bool WaitEntered(std::size_t n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, kDeadline, [&] { return entered_.size() >= n; });
  }
  std::vector<int> entered() {
    std::lock_guard lock(mutex_);
    return entered_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
  std::vector<int> entered_;
};

// An output that counts how many are alive, to show nothing is kept or leaked.
struct Counted {
  explicit Counted(int v, std::atomic<int>& live) : value(v), live_(live) { ++live_; }
  ~Counted() { --live_; }
  int value;
  std::atomic<int>& live_;
};
using Out = std::shared_ptr<const Counted>;

}  // namespace

TEST_CASE("Background derive: a newer input replaces the waiting one, the running one finishes") {
  Gate gate;
  std::atomic<int> live{0};
  std::vector<int> previous_seen;  // written by the worker only, read after WaitIdle
  BackgroundDerive<int, Out> derive([&](const int& job, const Out* previous) {
    previous_seen.push_back(previous != nullptr ? (*previous)->value : 0);
    gate.Enter(job);
    return std::make_shared<const Counted>(job * 10, live);
  });
  CHECK_FALSE(derive.busy());
  derive.Submit(1);
  REQUIRE(gate.WaitEntered(1));
  // Job 1 runs; 2, 3 and 4 arrive while it does: only the newest waits.
  derive.Submit(2);
  derive.Submit(3);
  derive.Submit(4);
  CHECK(derive.busy());
  CHECK_FALSE(derive.Take().has_value());  // nothing finished yet
  gate.Open();
  REQUIRE(derive.WaitIdle(kDeadline));
  CHECK(gate.entered() == std::vector<int>{1, 4});
  // Job 4 was handed job 1's output as its previous one.
  CHECK(previous_seen == std::vector<int>{0, 10});
  // Only the newest output is handed over; job 1's was replaced before anyone took it.
  auto out = derive.Take();
  REQUIRE(out.has_value());
  CHECK((*out)->value == 40);
  CHECK_FALSE(derive.Take().has_value());
  CHECK_FALSE(derive.busy());
  out.reset();
  derive.Discard();  // the worker frees its previous output too
  derive.Submit(5);  // and the loop carries on afterwards
  REQUIRE(derive.WaitIdle(kDeadline));
  out = derive.Take();
  REQUIRE(out.has_value());
  CHECK((*out)->value == 50);
  CHECK(previous_seen.back() == 0);  // Discard() forgot job 4's output
}

TEST_CASE("Background derive: Discard drops the output of the derive running at the time") {
  Gate gate;
  std::atomic<int> live{0};
  std::atomic<int> wakes{0};
  {
    BackgroundDerive<int, Out> derive([&](const int& job, const Out*) {
      gate.Enter(job);
      return std::make_shared<const Counted>(job, live);
    });
    derive.SetWake([&] { ++wakes; });
    derive.Submit(1);
    REQUIRE(gate.WaitEntered(1));
    derive.Discard();  // e.g. a small list was derived in the frame meanwhile
    gate.Open();
    REQUIRE(derive.WaitIdle(kDeadline));
    CHECK_FALSE(derive.Take().has_value());
    CHECK(wakes == 0);  // nothing new to show
    derive.Submit(2);
    REQUIRE(derive.WaitIdle(kDeadline));
    CHECK(wakes == 1);
    auto out = derive.Take();
    REQUIRE(out.has_value());
    CHECK((*out)->value == 2);
    derive.Retire(std::move(*out));
  }
  CHECK(live == 0);
}

TEST_CASE("Background derive: destroyed while a derive runs, it joins after that derive") {
  Gate gate;
  std::atomic<int> live{0};
  std::atomic<int> finished{0};
  auto derive = std::make_unique<BackgroundDerive<int, Out>>([&](const int& job, const Out*) {
    gate.Enter(job);
    ++finished;
    return std::make_shared<const Counted>(job, live);
  });
  derive->Submit(1);
  REQUIRE(gate.WaitEntered(1));
  derive->Submit(2);  // waiting when the owner goes away
  gate.Open();
  derive.reset();  // stops and joins: the running derive completes first
  // Whether job 2 started depends on who got the lock first; either way every derive that
  // started finished before the destructor returned, and every output was freed.
  const std::vector<int> entered = gate.entered();
  REQUIRE_FALSE(entered.empty());
  CHECK(entered.front() == 1);
  CHECK(finished == static_cast<int>(entered.size()));
  CHECK(live == 0);
}
