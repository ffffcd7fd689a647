#include "core/session/session_manager.h"

namespace trustdesk {
namespace {

// Puts the step in front of an error while keeping its code.
Error Step(const Error& e, const std::string& step) { return Error{e.code, step + ": " + e.message}; }

}  // namespace

SessionManager::SessionManager(SyncEngine& engine, SecretStore& secrets, const Clock& clock,
                               HttpOptions http)
    : engine_(engine), secrets_(secrets), clock_(clock), http_(std::move(http)) {}

Result<std::shared_ptr<ApiClient>> SessionManager::Connect(const std::string& server_url,
                                                           const std::string& ca_file,
                                                           ServerHealth* health) {
  HttpOptions options = http_;
  options.server_url = server_url;
  options.ca_file = ca_file;
  auto api = ApiClient::Create(options, clock_);
  if (!api) return api.error();
  std::shared_ptr<ApiClient> shared = std::move(api.value());
  auto h = shared->Health();
  if (!h) {
    const Error& e = h.error();
    switch (e.code) {
      case ErrorCode::Network: return Step(e, "cannot reach " + server_url);
      case ErrorCode::Tls: return Step(e, "TLS verification failed for " + server_url);
      case ErrorCode::Unsupported: return Step(e, "incompatible server at " + server_url);
      default: return Step(e, "server check of " + server_url + " failed");
    }
  }
  if (health) *health = *h;
  return shared;
}

Result<SignInOutcome> SessionManager::SignIn(const SignInRequest& request) {
  for (auto [value, name] : {std::pair{&request.account_id, "account ID"},
                             std::pair{&request.username, "user name"},
                             std::pair{&request.password, "password"}}) {
    if (value->empty()) return Error{ErrorCode::InvalidInput, std::string(name) + ": required"};
  }
  auto api = Connect(request.server_url, request.ca_file, nullptr);
  if (!api) return api.error();
  CallInfo info;
  auto signed_in = (*api)->SignIn(request.account_id, request.username, request.password, &info);
  if (!signed_in) {
    const Error& e = signed_in.error();
    if (e.code == ErrorCode::Auth) {
      return Step(e, "sign-in refused: wrong account ID, user name or password");
    }
    if (e.code == ErrorCode::Forbidden && info.server_error_code == "account_disabled") {
      return Step(e, "sign-in refused: the account is disabled");
    }
    return Step(e, "sign-in to " + request.server_url + " failed");
  }

  SignInOutcome outcome;
  outcome.account = signed_in->account;
  outcome.expires_at = signed_in->expires_at;
  const SecretKey key{request.server_url, request.account_id, request.username};
  if (request.remember) {
    if (Status s = secrets_.Store(key, signed_in->token); s) {
      outcome.remembered = true;
    } else {
      outcome.remember_note = "not remembered: " + s.error().message;
    }
  } else {
    // Unticking "remember me" forgets a session remembered earlier; an absent store is fine.
    (void)secrets_.Erase(key);
  }

  {
    std::lock_guard lock(mutex_);
    api_ = *api;
    token_ = signed_in->token;
    key_ = key;
    remembered_ = outcome.remembered;
  }
  SyncSession session;
  session.api = *api;
  session.token = signed_in->token;
  session.server_url = request.server_url;
  session.username = request.username;
  session.account = signed_in->account;
  outcome.sync_ticket = engine_.Attach(std::move(session));
  return outcome;
}

Result<SignInOutcome> SessionManager::Resume(const std::string& server_url,
                                             const std::string& ca_file,
                                             const std::string& account_id,
                                             const std::string& username) {
  const SecretKey key{server_url, account_id, username};
  auto stored = secrets_.Load(key);
  if (!stored) return Step(stored.error(), "cannot read the remembered session");
  if (!stored->has_value()) {
    return Error{ErrorCode::NotFound, "no remembered session for " + username + " (" +
                                          account_id + ") on " + server_url};
  }
  const std::string token = **stored;

  HttpOptions options = http_;
  options.server_url = server_url;
  options.ca_file = ca_file;
  auto created = ApiClient::Create(options, clock_);
  if (!created) return created.error();
  std::shared_ptr<ApiClient> api = std::move(created.value());

  SignInOutcome outcome;
  outcome.remembered = true;
  SyncSession session;
  session.api = api;
  session.token = token;
  session.server_url = server_url;
  session.username = username;
  auto me = api->Me(token);
  if (me) {
    outcome.account = *me;
    session.account = *me;
  } else if (me.error().code == ErrorCode::Network) {
    // No network: start on the cached data; the engine reports Offline and retries.
    outcome.offline = true;
    session.account.id = account_id;
    session.account.user.username = username;
    outcome.account = session.account;
  } else {
    if (me.error().code == ErrorCode::Auth) (void)secrets_.Erase(key);
    return Step(me.error(), "the remembered session cannot be used; sign in again");
  }
  {
    std::lock_guard lock(mutex_);
    api_ = api;
    token_ = token;
    key_ = key;
    remembered_ = true;
  }
  outcome.sync_ticket = engine_.Attach(std::move(session));
  return outcome;
}

Status SessionManager::SignOut() {
  std::shared_ptr<ApiClient> api;
  std::string token;
  SecretKey key;
  {
    std::lock_guard lock(mutex_);
    api = std::move(api_);
    token = std::move(token_);
    key = key_;
    api_.reset();
    token_.clear();
    remembered_ = false;
  }
  if (!api) return Error{ErrorCode::InvalidInput, "sign out: not signed in"};
  engine_.Detach();
  // Forget locally first; the server call may fail when offline and that must not keep a token.
  Status erased = secrets_.Erase(key);
  Status server = api->SignOut(token);
  (void)server;  // an unreachable server only means the token expires on its own
  if (!erased && erased.error().code != ErrorCode::Unsupported) {
    return Step(erased.error(), "sign out: the remembered session could not be removed");
  }
  return Status::Ok();
}

Result<Account> SessionManager::SyncUser() {
  std::shared_ptr<ApiClient> api;
  std::string token;
  {
    std::lock_guard lock(mutex_);
    api = api_;
    token = token_;
  }
  if (!api) return Error{ErrorCode::InvalidInput, "Sync user: not signed in"};
  auto me = api->Me(token);
  if (!me) return Step(me.error(), "Sync user");
  engine_.UpdateAccount(*me);
  return me;
}

bool SessionManager::signed_in() const {
  std::lock_guard lock(mutex_);
  return api_ != nullptr;
}

std::shared_ptr<ApiClient> SessionManager::api() const {
  std::lock_guard lock(mutex_);
  return api_;
}

std::optional<ApiSession> SessionManager::current_session() const {
  std::lock_guard lock(mutex_);
  if (!api_) return std::nullopt;
  return ApiSession{api_, token_};
}

}  // namespace trustdesk
