// Sign-in, sign-out, "Sync user" and remembered sessions (SPEC §2). Errors are specific:
// unreachable server, TLS verification failure with the reason, wrong credentials, disabled
// account, incompatible server. The token lives in memory; "remember me" keeps it in the OS
// secret store only — when there is none, the outcome says so and nothing is written anywhere.
// Calls block on the network: run them on a worker thread or in the CLI, never in a frame.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/api/api_client.h"
#include "core/secrets/secret_store.h"
#include "core/sync/sync_engine.h"
#include "core/util/clock.h"
#include "core/util/result.h"

namespace trustdesk {

struct SignInRequest {
  std::string server_url;
  std::string ca_file;       // optional per-server CA bundle
  std::string account_id;
  std::string username;
  std::string password;
  bool remember = false;
};

struct SignInOutcome {
  Account account;
  std::optional<Timestamp> expires_at;
  bool remembered = false;
  std::string remember_note;  // why the session was not remembered, when it was asked to be
  bool offline = false;       // Resume() without a network: cached data, syncs when it returns
  uint64_t sync_ticket = 0;   // the first sync's ticket: SyncEngine::Wait() returns when it is done
};

class SessionManager {
 public:
  // `http` supplies timeouts, proxy and size limits; its URL and CA file are set per sign-in.
  SessionManager(SyncEngine& engine, SecretStore& secrets, const Clock& clock,
                 HttpOptions http = {});

  Result<SignInOutcome> SignIn(const SignInRequest& request);
  // Resumes the remembered session for (server, account, user) from the secret store. Without a
  // network the session starts offline on the cached data. A token the server rejects is erased.
  Result<SignInOutcome> Resume(const std::string& server_url, const std::string& ca_file,
                               const std::string& account_id, const std::string& username);
  // Signs out on the server (best effort), forgets the remembered token and clears the data.
  Status SignOut();
  // Refreshes the user's identity and attributes (GET /me) and publishes them.
  Result<Account> SyncUser();

  bool signed_in() const;
  // The signed-in session's API client (request log for Diagnostics, job worker); null if none.
  std::shared_ptr<ApiClient> api() const;
  // The signed-in session's client and token as one value (the job worker's SessionProvider);
  // nullopt when signed out.
  std::optional<ApiSession> current_session() const;

 private:
  Result<std::shared_ptr<ApiClient>> Connect(const std::string& server_url,
                                             const std::string& ca_file, ServerHealth* health);

  SyncEngine& engine_;
  SecretStore& secrets_;
  const Clock& clock_;
  HttpOptions http_;

  mutable std::mutex mutex_;
  std::shared_ptr<ApiClient> api_;
  std::string token_;
  SecretKey key_;
  bool remembered_ = false;
};

}  // namespace trustdesk
