#include "tools/server/signin_throttle.h"

#include <algorithm>

namespace trustdesk::server {
namespace {

constexpr std::size_t kPruneAbove = 10000;  // keys per map before expired ones are dropped

std::string PairKey(const std::string& user, const std::string& address) {
  return user + '\0' + address;
}

void EraseOne(std::deque<SignInThrottle::TimePoint>& failures, SignInThrottle::TimePoint at) {
  auto it = std::find(failures.begin(), failures.end(), at);
  if (it != failures.end()) failures.erase(it);
}

}  // namespace

SignInThrottle::Attempt::Attempt(Attempt&& other) noexcept
    : owner_(other.owner_),
      user_(std::move(other.user_)),
      address_(std::move(other.address_)),
      at_(other.at_) {
  other.owner_ = nullptr;
}

void SignInThrottle::Attempt::Succeeded() {
  if (owner_) owner_->Release(*this);
  owner_ = nullptr;
}

void SignInThrottle::Prune(Failures& failures, TimePoint now) const {
  while (!failures.empty() && now - failures.front() >= limits_.window) failures.pop_front();
}

int SignInThrottle::WaitFor(Failures& failures, int limit, TimePoint now) const {
  Prune(failures, now);
  if (static_cast<int>(failures.size()) < limit) return 0;
  // Below the limit again once the oldest failures that put it over have left the window.
  TimePoint frees = failures[failures.size() - static_cast<std::size_t>(limit)] + limits_.window;
  auto wait = std::chrono::duration_cast<std::chrono::seconds>(frees - now);
  return static_cast<int>(wait.count()) + 1;
}

void SignInThrottle::PruneAll(TimePoint now) {
  for (auto* map : {&by_user_address_, &by_address_, &by_user_}) {
    if (map->size() <= kPruneAbove) continue;
    for (auto it = map->begin(); it != map->end();) {
      Prune(it->second, now);
      it = it->second.empty() ? map->erase(it) : std::next(it);
    }
  }
}

SignInThrottle::Decision SignInThrottle::Begin(const std::string& user, const std::string& address,
                                               TimePoint now) {
  std::lock_guard lock(mu_);
  PruneAll(now);
  Failures& pair = by_user_address_[PairKey(user, address)];
  Failures& from_address = by_address_[address];
  Failures& of_user = by_user_[user];
  int wait = std::max(WaitFor(pair, limits_.per_user_address, now),
                      WaitFor(from_address, limits_.per_address, now));
  // The per-user limit applies only where this user already failed from this address.
  if (!pair.empty())
    wait = std::max(wait, WaitFor(of_user, limits_.per_user, now));
  else
    Prune(of_user, now);
  if (wait > 0) return Decision{nullptr, wait};
  pair.push_back(now);
  from_address.push_back(now);
  of_user.push_back(now);
  return Decision{std::unique_ptr<Attempt>(new Attempt(this, user, address, now)), 0};
}

void SignInThrottle::Release(const Attempt& attempt) {
  std::lock_guard lock(mu_);
  by_user_address_.erase(PairKey(attempt.user_, attempt.address_));
  if (auto it = by_address_.find(attempt.address_); it != by_address_.end()) {
    EraseOne(it->second, attempt.at_);
  }
  if (auto it = by_user_.find(attempt.user_); it != by_user_.end()) {
    EraseOne(it->second, attempt.at_);
  }
}

}  // namespace trustdesk::server
