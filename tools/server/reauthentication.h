// A fresh password check for one sensitive action (releasing an escrowed key), on top of the
// session token: a stolen or left-open session alone cannot take keys away. The check goes
// through the sign-in throttle (the same limiter keys as POST /auth/signin, see auth.cpp), so
// guesses here and at sign-in count together. This is the one place that pairs the password check
// with that throttle for re-authentication; point it at the sign-in code if that changes.
#pragma once

#include <string>
#include <string_view>

#include "tools/server/auth.h"

namespace trustdesk::server {

enum class ReauthenticationResult { Ok, WrongPassword, RateLimited };

struct Reauthentication {
  ReauthenticationResult result = ReauthenticationResult::WrongPassword;
  int retry_after_seconds = 0;  // RateLimited: when to try again
};

// Checks `password` against the caller's stored hash, unless the caller's user name or the client
// address is throttled; a wrong password is recorded as a failed sign-in.
Reauthentication Reauthenticate(ServerState& state, const Caller& caller, std::string_view password,
                                const std::string& remote_addr);

}  // namespace trustdesk::server
