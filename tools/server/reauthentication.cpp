#include "tools/server/reauthentication.h"

#include <algorithm>

#include "tools/server/password_hash.h"

namespace trustdesk::server {

Reauthentication Reauthenticate(ServerState& state, const Caller& caller, std::string_view password,
                                const std::string& remote_addr) {
  // The keys SignIn (auth.cpp) uses, so both routes share one failure count.
  const std::string user_key = "user:" + caller.account.id + "\n" + caller.user.username;
  const std::string addr_key = "addr:" + remote_addr;
  const auto now = state.base_clock->Steady();
  int wait = std::max(state.signin_limiter.RetryAfterSeconds(user_key, now),
                      state.address_limiter.RetryAfterSeconds(addr_key, now));
  if (wait > 0) return {ReauthenticationResult::RateLimited, wait};
  if (!VerifyPassword(password, caller.user.password_hash)) {
    state.signin_limiter.RecordFailure(user_key, now);
    state.address_limiter.RecordFailure(addr_key, now);
    return {ReauthenticationResult::WrongPassword, 0};
  }
  // Earlier failures stay counted: only a full sign-in clears them.
  return {ReauthenticationResult::Ok, 0};
}

}  // namespace trustdesk::server
