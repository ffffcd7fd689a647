// Every password check of the server goes through here: sign-in, and re-authentication of a
// signed-in user before a sensitive action (for example recovering an escrowed key). One throttle
// (signin_throttle.h) covers them all, so a route that asks for the password again is no way
// around the sign-in limits, and every refusal looks the same: a wrong password, an unknown user
// and a disabled user or account are all Refused, after the same amount of hashing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/util/clock.h"
#include "core/util/result.h"
#include "tools/server/signin_throttle.h"
#include "tools/server/store.h"

namespace trustdesk::server {

class AuthService {
 public:
  enum class Outcome { Accepted, Refused, Throttled };
  struct Verdict {
    Outcome outcome = Outcome::Refused;
    int retry_after_seconds = 0;        // Throttled: when this client may try again
    std::optional<UserRow> user;        // Accepted: the user as stored now
    std::optional<AccountRow> account;  // Accepted
  };

  // `password_hash_iterations` is the cost of the dummy hash checked for unknown users.
  AuthService(Store& store, const Clock& clock, int password_hash_iterations,
              SignInThrottle::Limits limits = {});

  // POST /auth/signin: account id, user name and password as typed by the client.
  Result<Verdict> SignIn(const std::string& account_id, const std::string& username,
                         std::string_view password, const std::string& client_addr);

  // Re-authentication hook: checks `password` for `user` (re-read from the store, so a password
  // changed or a user disabled since sign-in counts) through the same throttle and with the same
  // answers as sign-in. A route asking for the password again calls this, then answers a verdict
  // other than Accepted with SendPasswordRefusal (auth.h): 401 invalid_credentials or 429.
  Result<Verdict> VerifyPasswordThrottled(const UserRow& user, std::string_view password,
                                          const std::string& client_addr);

 private:
  Result<Verdict> Check(const std::string& account_id, const std::string& username,
                        const std::optional<std::string>& user_id, std::string_view password,
                        const std::string& client_addr);

  Store& store_;
  const Clock& clock_;
  SignInThrottle throttle_;
  std::string dummy_hash_;  // made once in the constructor
};

}  // namespace trustdesk::server
