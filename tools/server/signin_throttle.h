// Sign-in throttling that holds under concurrency and cannot be turned against the owner.
//
// Atomic: Begin() reserves the attempt (counted as a failure) under the lock before the slow
// password hash runs; Attempt::Succeeded() takes the reservation back. So N parallel guesses
// get at most the limit of answers, and the rest are refused at once.
//
// Not a lock-out weapon: failures are counted per (user, client address), per address (over all
// users) and per user (over all addresses). The per-user limit stops only addresses that have
// already failed for that user, so the owner's right password from an address that has not
// failed still gets through while an attacker spread over many addresses gets one guess per
// address. Windows slide; memory is bounded by pruning keys whose window has passed.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace trustdesk::server {

class SignInThrottle {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Limits {
    int per_user_address = 5;  // failures of one user from one address
    int per_address = 50;      // failures from one address, all users together
    int per_user = 20;         // failures of one user from all addresses together
    std::chrono::seconds window{60};
  };

  // One reserved attempt. Unless Succeeded() is called, it stays counted as a failure.
  class Attempt {
   public:
    Attempt(Attempt&& other) noexcept;
    Attempt& operator=(Attempt&&) = delete;
    Attempt(const Attempt&) = delete;
    ~Attempt() = default;
    // The password was right: the reservation is taken back and this user's failures from this
    // address are forgotten (the per-address and per-user counts keep their other failures).
    void Succeeded();

   private:
    friend class SignInThrottle;
    Attempt(SignInThrottle* owner, std::string user, std::string address, TimePoint at)
        : owner_(owner), user_(std::move(user)), address_(std::move(address)), at_(at) {}
    SignInThrottle* owner_;
    std::string user_, address_;
    TimePoint at_;
  };

  // Either a reserved attempt, or the seconds to wait (> 0) before this address may try again.
  struct Decision {
    std::unique_ptr<Attempt> attempt;
    int retry_after_seconds = 0;
  };

  SignInThrottle() : SignInThrottle(Limits{}) {}
  explicit SignInThrottle(Limits limits) : limits_(limits) {}

  // `user` identifies the account and user name as typed (unknown users are throttled alike, so
  // the answer never tells whether a user exists); `address` is the client's IP address.
  Decision Begin(const std::string& user, const std::string& address, TimePoint now);

 private:
  using Failures = std::deque<TimePoint>;
  void Release(const Attempt& attempt);
  void Prune(Failures& failures, TimePoint now) const;
  // Seconds until `failures` drops below `limit`; 0 when below already.
  int WaitFor(Failures& failures, int limit, TimePoint now) const;
  void PruneAll(TimePoint now);

  const Limits limits_;
  std::mutex mu_;
  std::map<std::string, Failures> by_user_address_, by_address_, by_user_;
};

}  // namespace trustdesk::server
