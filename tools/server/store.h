// The server's durable state in one SQLite database (DATA/trustdesk-server.db): accounts, users,
// session tokens (hashes only), profiles, assignments, issued certificates, escrowed keys and
// metadata. Every mutation is one transaction; a commit returns only after the WAL is fsynced, so
// whatever the server acknowledged survives a SIGKILL. All methods are thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/util/result.h"
#include "tools/server/sqlite_db.h"

namespace trustdesk::server {

struct AccountRow {
  std::string id;
  std::string name;
  std::string business_unit;
  std::string division;
  bool disabled = false;
};

struct UserRow {
  std::string id;
  std::string account_id;
  std::string username;
  std::string display_name;
  std::string email;
  std::string attributes_json = "{}";  // {"department": "...", ...}
  std::string password_hash;           // see password_hash.h
  bool disabled = false;
  int64_t profiles_revision = 0;       // bumped whenever the user's visible profile list changes
};

struct TokenRow {
  std::string user_id;
  int64_t expires_at = 0;
};

struct ProfileRow {
  std::string id;
  std::string account_id;
  int64_t revision = 1;
  std::string json;                    // canonical JSON (ToJson(Profile)), served as is
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct CertificateRow {
  std::string serial;
  std::string user_id;
  std::string profile_id;
  int64_t profile_revision = 0;
  std::string common_name;
  std::string subject;
  std::string issuer;
  std::string san_json = "[]";
  int64_t not_before = 0;
  int64_t not_after = 0;
  bool revoked = false;
  std::string revocation_reason;       // wire name, empty unless revoked
  int64_t revoked_at = 0;
  bool key_escrowed = false;
  std::string pem;
  int64_t issued_at = 0;
};

// One attempt to recover an escrowed key, granted or refused (the key escrow audit).
struct RecoveryAttemptRow {
  std::string serial;    // as asked for; may name no certificate
  std::string user_id;   // the caller; the name and account are kept too, so the record
  std::string username;  // stays readable after the user is deleted or renamed
  std::string account_id;
  std::string role;     // "owner", "agent" or "none"
  std::string outcome;  // "granted", or the error code the caller got
  std::string remote_addr;
  int64_t at = 0;
};

class Store {
 public:
  static constexpr int kSchemaVersion = 2;
  static Result<std::unique_ptr<Store>> Open(const std::filesystem::path& db_file);

  // Metadata (schema version, demo-loaded flag, CRL number ...).
  Result<std::optional<std::string>> GetMeta(const std::string& key);
  Status SetMeta(const std::string& key, const std::string& value);

  Status PutAccount(const AccountRow& account);
  Result<std::optional<AccountRow>> FindAccount(const std::string& id);

  // Users. An id names one user for ever: ids of deleted users are retired, and no user ever
  // moves to another account or name, so certificates and escrowed keys (which carry the
  // owner's id) can never pass to a later user of the same name.
  enum class UserConflict { None, Id, Username };
  // Inserts a new user; nothing is written when the id is taken (by a user, a retired user or a
  // certificate) or the user name is taken in the account.
  Result<UserConflict> InsertUser(const UserRow& user);
  // Updates names, attributes, password hash and disabled flag (not account or user name). A
  // changed password hash or a disabled user deletes all of the user's tokens in the same
  // transaction.
  Status UpdateUser(const UserRow& user);
  // Deletes the user (tokens and assignments cascade) and retires the id.
  Status DeleteUser(const std::string& user_id, int64_t now);
  Result<std::vector<UserRow>> ListUsersOfAccount(const std::string& account_id);
  Result<std::optional<UserRow>> FindUser(const std::string& account_id,
                                          const std::string& username);
  Result<std::optional<UserRow>> FindUserById(const std::string& user_id);

  Status InsertToken(const std::string& token_hash, const std::string& user_id,
                     int64_t expires_at, int64_t now);
  Result<std::optional<TokenRow>> FindToken(const std::string& token_hash);
  Status DeleteToken(const std::string& token_hash);
  // Makes a token expired at `when` (QA: token-expiry scenarios).
  Status ExpireToken(const std::string& token_hash, int64_t when);

  // Creates or replaces a profile and bumps the list revision of every user assigned to it.
  Status PutProfile(const ProfileRow& profile);
  Status DeleteProfile(const std::string& profile_id);
  Result<std::optional<ProfileRow>> GetProfile(const std::string& profile_id);
  Result<std::vector<ProfileRow>> ListProfilesOfAccount(const std::string& account_id);
  // The user's assigned profiles, ordered by id.
  Result<std::vector<ProfileRow>> ListProfilesForUser(const std::string& user_id);
  // (id, revision) of the user's assigned profiles, ordered by id: the ETag input.
  Result<std::vector<std::pair<std::string, int64_t>>> ProfileRevisionsForUser(
      const std::string& user_id);

  // Bulk load (data-set generator): many profiles and their assignment to one user, one
  // transaction.
  Status PutProfilesAssigned(const std::vector<ProfileRow>& profiles, const std::string& user_id);
  Status Assign(const std::string& user_id, const std::string& profile_id);
  Status Unassign(const std::string& user_id, const std::string& profile_id);
  Result<bool> IsAssigned(const std::string& user_id, const std::string& profile_id);

  // Stores a newly issued certificate and, in the same transaction, revokes `revoke_serials`
  // (renewal with "revoke previous"). Bumps the CRL number when anything was revoked.
  Status InsertCertificate(const CertificateRow& cert, const std::vector<std::string>& revoke_serials,
                           const std::string& revoke_reason, int64_t now);
  // Bulk insert for the data-set generator (one transaction for many rows).
  Status InsertCertificates(const std::vector<CertificateRow>& certs);
  Result<std::optional<CertificateRow>> GetCertificate(const std::string& serial);
  Result<std::vector<CertificateRow>> ListCertificates(const std::string& user_id,
                                                       const std::optional<std::string>& profile_id);
  // Active = not revoked and not expired at `now`.
  Result<std::vector<CertificateRow>> ActiveCertificates(const std::string& user_id,
                                                         const std::string& profile_id,
                                                         int64_t now);
  // Revokes one certificate; Conflict if it is already revoked.
  Status Revoke(const std::string& serial, const std::string& reason, int64_t now);
  Result<std::vector<CertificateRow>> ListRevoked();
  Result<int64_t> CrlNumber();
  Result<int64_t> CountCertificates();

  Status PutEscrow(const std::string& serial, const std::string& cms_pem, int64_t now);
  Result<std::optional<std::string>> GetEscrow(const std::string& serial);

  // The recovery audit: appended to, never edited.
  Status AddRecoveryAttempt(const RecoveryAttemptRow& attempt);
  // The latest `limit` attempts for `serial`, oldest first.
  Result<std::vector<RecoveryAttemptRow>> ListRecoveryAttempts(const std::string& serial,
                                                               int limit);

 private:
  explicit Store(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status Migrate();
  Status BumpUsersOfProfile(const std::string& profile_id);
  Status RevokeLocked(const std::string& serial, const std::string& reason, int64_t now);

  std::mutex mu_;
  std::unique_ptr<SqliteDb> db_;
};

}  // namespace trustdesk::server
