#include "tools/server/auth_service.h"

#include "tools/server/password_hash.h"

namespace trustdesk::server {
namespace {

// Checked when the user does not exist, so an unknown user name costs the same time as a wrong
// password and does not reveal which user names exist.
std::string MakeDummyHash(int iterations) {
  auto hash = HashPassword("no such user", iterations);
  return hash ? *hash : std::string();
}

}  // namespace

AuthService::AuthService(Store& store, const Clock& clock, int password_hash_iterations,
                         SignInThrottle::Limits limits)
    : store_(store),
      clock_(clock),
      throttle_(limits),
      dummy_hash_(MakeDummyHash(password_hash_iterations)) {}

Result<AuthService::Verdict> AuthService::SignIn(const std::string& account_id,
                                                 const std::string& username,
                                                 std::string_view password,
                                                 const std::string& client_addr) {
  return Check(account_id, username, std::nullopt, password, client_addr);
}

Result<AuthService::Verdict> AuthService::VerifyPasswordThrottled(const UserRow& user,
                                                                  std::string_view password,
                                                                  const std::string& client_addr) {
  return Check(user.account_id, user.username, user.id, password, client_addr);
}

Result<AuthService::Verdict> AuthService::Check(const std::string& account_id,
                                                const std::string& username,
                                                const std::optional<std::string>& user_id,
                                                std::string_view password,
                                                const std::string& client_addr) {
  // Reserved before the slow hash: concurrent guesses cannot all pass a check made earlier.
  auto decision = throttle_.Begin(account_id + '\n' + username, client_addr, clock_.Steady());
  if (!decision.attempt) {
    return Verdict{Outcome::Throttled, decision.retry_after_seconds, std::nullopt, std::nullopt};
  }
  auto user = user_id ? store_.FindUserById(*user_id) : store_.FindUser(account_id, username);
  if (!user) return user.error();
  auto account = store_.FindAccount(account_id);
  if (!account) return account.error();
  // The hash is always checked (a dummy one for unknown users), so every refusal costs the same
  // time; a disabled user or account is refused like a wrong password, right password or not.
  bool password_ok = *user ? VerifyPassword(password, (*user)->password_hash)
                           : (VerifyPassword(password, dummy_hash_), false);
  if (!password_ok || !*account || (*account)->disabled || (*user)->disabled) {
    return Verdict{};  // Refused; the reservation stays counted as a failure
  }
  decision.attempt->Succeeded();
  return Verdict{Outcome::Accepted, 0, std::move(*user), std::move(*account)};
}

}  // namespace trustdesk::server
