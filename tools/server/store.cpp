#include "tools/server/store.h"

namespace trustdesk::server {
namespace {

// Schema version 1. Later versions append migrations; `meta.schema_version` records the level.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE accounts(
  id TEXT PRIMARY KEY, name TEXT NOT NULL, business_unit TEXT NOT NULL DEFAULT '',
  division TEXT NOT NULL DEFAULT '', disabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE users(
  id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  username TEXT NOT NULL, display_name TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',
  attributes_json TEXT NOT NULL DEFAULT '{}', password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0, profiles_revision INTEGER NOT NULL DEFAULT 1,
  UNIQUE(account_id, username));
CREATE TABLE tokens(
  hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE profiles(
  id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  revision INTEGER NOT NULL, json TEXT NOT NULL, created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE TABLE assignments(
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  PRIMARY KEY(user_id, profile_id));
CREATE INDEX assignments_by_profile ON assignments(profile_id);
CREATE TABLE certificates(
  serial TEXT PRIMARY KEY, user_id TEXT NOT NULL, profile_id TEXT NOT NULL,
  profile_revision INTEGER NOT NULL, common_name TEXT NOT NULL, subject TEXT NOT NULL,
  issuer TEXT NOT NULL, san_json TEXT NOT NULL, not_before INTEGER NOT NULL,
  not_after INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0,
  revocation_reason TEXT NOT NULL DEFAULT '', revoked_at INTEGER NOT NULL DEFAULT 0,
  key_escrowed INTEGER NOT NULL DEFAULT 0, pem TEXT NOT NULL, issued_at INTEGER NOT NULL);
CREATE INDEX certificates_by_user ON certificates(user_id, profile_id);
CREATE INDEX certificates_revoked ON certificates(revoked) WHERE revoked = 1;
CREATE TABLE escrow(
  serial TEXT PRIMARY KEY REFERENCES certificates(serial), cms_pem TEXT NOT NULL,
  stored_at INTEGER NOT NULL);
)sql";

// Schema version 2: user ids are opaque and never reused. Ids of deleted users are kept here, and
// ids that certificates of users deleted before version 2 still carry are retired on the way, so
// no new user can take an id that owns certificates or escrowed keys.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE retired_user_ids(id TEXT PRIMARY KEY, retired_at INTEGER NOT NULL);
INSERT OR IGNORE INTO retired_user_ids(id, retired_at)
  SELECT DISTINCT user_id, 0 FROM certificates WHERE user_id NOT IN (SELECT id FROM users);
UPDATE meta SET value = '2' WHERE key = 'schema_version';
)sql";

// Tables added after version 1, created when missing on every open: additive, so no data
// directory needs a migration step for them.
constexpr const char* kAdditiveTables = R"sql(
CREATE TABLE IF NOT EXISTS escrow_recoveries(
  id INTEGER PRIMARY KEY AUTOINCREMENT, serial TEXT NOT NULL, user_id TEXT NOT NULL,
  username TEXT NOT NULL, account_id TEXT NOT NULL, role TEXT NOT NULL, outcome TEXT NOT NULL,
  remote_addr TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS escrow_recoveries_by_serial ON escrow_recoveries(serial, id);
)sql";

constexpr const char* kCertColumns =
    "serial, user_id, profile_id, profile_revision, common_name, subject, issuer, san_json, "
    "not_before, not_after, revoked, revocation_reason, revoked_at, key_escrowed, pem, issued_at";

CertificateRow ReadCertificate(const SqliteStatement& s) {
  CertificateRow c;
  c.serial = s.Text(0);
  c.user_id = s.Text(1);
  c.profile_id = s.Text(2);
  c.profile_revision = s.Int(3);
  c.common_name = s.Text(4);
  c.subject = s.Text(5);
  c.issuer = s.Text(6);
  c.san_json = s.Text(7);
  c.not_before = s.Int(8);
  c.not_after = s.Int(9);
  c.revoked = s.Int(10) != 0;
  c.revocation_reason = s.Text(11);
  c.revoked_at = s.Int(12);
  c.key_escrowed = s.Int(13) != 0;
  c.pem = s.Text(14);
  c.issued_at = s.Int(15);
  return c;
}

UserRow ReadUser(const SqliteStatement& s) {
  UserRow u;
  u.id = s.Text(0);
  u.account_id = s.Text(1);
  u.username = s.Text(2);
  u.display_name = s.Text(3);
  u.email = s.Text(4);
  u.attributes_json = s.Text(5);
  u.password_hash = s.Text(6);
  u.disabled = s.Int(7) != 0;
  u.profiles_revision = s.Int(8);
  return u;
}

ProfileRow ReadProfile(const SqliteStatement& s) {
  ProfileRow p;
  p.id = s.Text(0);
  p.account_id = s.Text(1);
  p.revision = s.Int(2);
  p.json = s.Text(3);
  p.created_at = s.Int(4);
  p.updated_at = s.Int(5);
  return p;
}

constexpr const char* kUserColumns =
    "id, account_id, username, display_name, email, attributes_json, password_hash, disabled, "
    "profiles_revision";
constexpr const char* kProfileColumns = "id, account_id, revision, json, created_at, updated_at";

// Runs a query and collects every row through `read`.
template <class Row, class ReadFn>
Result<std::vector<Row>> Collect(SqliteStatement& stmt, ReadFn read) {
  std::vector<Row> rows;
  for (;;) {
    auto more = stmt.Step();
    if (!more) return more.error();
    if (!*more) return rows;
    rows.push_back(read(stmt));
  }
}

template <class Row, class ReadFn>
Result<std::optional<Row>> First(SqliteStatement& stmt, ReadFn read) {
  auto more = stmt.Step();
  if (!more) return more.error();
  if (!*more) return std::optional<Row>();
  return std::optional<Row>(read(stmt));
}

}  // namespace

#define TD_PREPARE(var, sql)          \
  auto var##_r = db_->Prepare(sql);   \
  if (!var##_r) return var##_r.error(); \
  SqliteStatement& var = *var##_r

Result<std::unique_ptr<Store>> Store::Open(const std::filesystem::path& db_file) {
  auto db = SqliteDb::Open(db_file);
  if (!db) return db.error();
  std::unique_ptr<Store> store(new Store(std::move(*db)));
  if (Status st = store->Migrate(); !st) return st.error();
  return store;
}

Status Store::Migrate() {
  std::lock_guard lock(mu_);
  if (Status st = db_->Exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      !st) {
    return st;
  }
  TD_PREPARE(q, "SELECT value FROM meta WHERE key = 'schema_version'");
  auto row = q.Step();
  if (!row) return row.error();
  int version = *row ? std::stoi(q.Text(0)) : 0;
  if (version > kSchemaVersion) {
    return Error(ErrorCode::Unsupported, "database schema version " + std::to_string(version) +
                                             " is newer than this server (" +
                                             std::to_string(kSchemaVersion) + ")");
  }
  // Each step is one transaction: a crash between steps leaves a consistent older version.
  if (version == 0) {
    SqliteTransaction tx(*db_);
    if (!tx.begin_status()) return tx.begin_status();
    if (Status st = db_->Exec(kSchemaV1); !st) return st;
    if (Status st = db_->Exec("INSERT INTO meta VALUES('schema_version', '1'), ('crl_number', '1')");
        !st) {
      return st;
    }
    if (Status st = tx.Commit(); !st) return st;
    version = 1;
  }
  if (version == 1) {
    SqliteTransaction tx(*db_);
    if (!tx.begin_status()) return tx.begin_status();
    if (Status st = db_->Exec(kSchemaV2); !st)
      return Error(st.error().code, "migrating to schema 2: " + st.error().message);
    if (Status st = tx.Commit(); !st) return st;
  }
  return db_->Exec(kAdditiveTables);
}

Result<std::optional<std::string>> Store::GetMeta(const std::string& key) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "SELECT value FROM meta WHERE key = ?");
  q.Bind(1, key);
  return First<std::string>(q, [](const SqliteStatement& s) { return s.Text(0); });
}

Status Store::SetMeta(const std::string& key, const std::string& value) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "INSERT INTO meta(key, value) VALUES(?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  return q.Bind(1, key).Bind(2, value).Run();
}

Status Store::PutAccount(const AccountRow& a) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "INSERT INTO accounts(id, name, business_unit, division, disabled) "
                "VALUES(?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                "business_unit = excluded.business_unit, division = excluded.division, "
                "disabled = excluded.disabled");
  return q.Bind(1, a.id).Bind(2, a.name).Bind(3, a.business_unit).Bind(4, a.division)
      .Bind(5, int64_t{a.disabled}).Run();
}

Result<std::optional<AccountRow>> Store::FindAccount(const std::string& id) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "SELECT id, name, business_unit, division, disabled FROM accounts WHERE id = ?");
  q.Bind(1, id);
  return First<AccountRow>(q, [](const SqliteStatement& s) {
    return AccountRow{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4) != 0};
  });
}

Result<Store::UserConflict> Store::InsertUser(const UserRow& u) {
  std::lock_guard lock(mu_);
  SqliteTransaction tx(*db_);
  if (!tx.begin_status()) return tx.begin_status().error();
  // An id is free only if no user, retired user or certificate has ever carried it.
  TD_PREPARE(id_q,
             "SELECT 1 FROM users WHERE id = ?1 UNION ALL "
             "SELECT 1 FROM retired_user_ids WHERE id = ?1 UNION ALL "
             "SELECT 1 FROM certificates WHERE user_id = ?1 LIMIT 1");
  auto id_taken = id_q.Bind(1, u.id).Step();
  if (!id_taken) return id_taken.error();
  if (*id_taken) return UserConflict::Id;
  TD_PREPARE(name_q, "SELECT 1 FROM users WHERE account_id = ? AND username = ?");
  auto name_taken = name_q.Bind(1, u.account_id).Bind(2, u.username).Step();
  if (!name_taken) return name_taken.error();
  if (*name_taken) return UserConflict::Username;
  // A plain INSERT: a conflict that slipped past the checks fails instead of replacing a user.
  TD_PREPARE(q,
             "INSERT INTO users(id, account_id, username, display_name, email, attributes_json, "
             "password_hash, disabled) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
  if (Status st = q.Bind(1, u.id)
                      .Bind(2, u.account_id)
                      .Bind(3, u.username)
                      .Bind(4, u.display_name)
                      .Bind(5, u.email)
                      .Bind(6, u.attributes_json)
                      .Bind(7, u.password_hash)
                      .Bind(8, int64_t{u.disabled})
                      .Run();
      !st) {
    return st.error();
  }
  if (Status st = tx.Commit(); !st) return st.error();
  return UserConflict::None;
}

Status Store::UpdateUser(const UserRow& u) {
  std::lock_guard lock(mu_);
  SqliteTransaction tx(*db_);
  if (!tx.begin_status()) return tx.begin_status();
  // A new password or a disabled user ends every session in the same transaction: no token
  // issued under the old credential outlives the change (not even if the user is re-enabled).
  TD_PREPARE(end,
             "DELETE FROM tokens WHERE user_id = ?1 AND EXISTS (SELECT 1 FROM users "
             "WHERE id = ?1 AND (password_hash <> ?2 OR ?3 <> 0))");
  if (Status st = end.Bind(1, u.id).Bind(2, u.password_hash).Bind(3, int64_t{u.disabled}).Run();
      !st) {
    return st;
  }
  // The account and the user name are not updated: a user never moves.
  TD_PREPARE(q,
             "UPDATE users SET display_name = ?, email = ?, attributes_json = ?, "
             "password_hash = ?, disabled = ? WHERE id = ?");
  if (Status st = q.Bind(1, u.display_name)
                      .Bind(2, u.email)
                      .Bind(3, u.attributes_json)
                      .Bind(4, u.password_hash)
                      .Bind(5, int64_t{u.disabled})
                      .Bind(6, u.id)
                      .Run();
      !st) {
    return st;
  }
  if (db_->Changes() == 0) return Error(ErrorCode::NotFound, "user '" + u.id + "' not found");
  return tx.Commit();
}

Status Store::DeleteUser(const std::string& user_id, int64_t now) {
  std::lock_guard lock(mu_);
  SqliteTransaction tx(*db_);
  if (!tx.begin_status()) return tx.begin_status();
  TD_PREPARE(q, "DELETE FROM users WHERE id = ?");
  if (Status st = q.Bind(1, user_id).Run(); !st) return st;
  if (db_->Changes() == 0) return Error(ErrorCode::NotFound, "user '" + user_id + "' not found");
  TD_PREPARE(r, "INSERT OR IGNORE INTO retired_user_ids(id, retired_at) VALUES(?, ?)");
  if (Status st = r.Bind(1, user_id).Bind(2, now).Run(); !st) return st;
  return tx.Commit();
}

Result<std::vector<UserRow>> Store::ListUsersOfAccount(const std::string& account_id) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, std::string("SELECT ") + kUserColumns +
                    " FROM users WHERE account_id = ? ORDER BY username");
  q.Bind(1, account_id);
  return Collect<UserRow>(q, ReadUser);
}

Result<std::optional<UserRow>> Store::FindUser(const std::string& account_id,
                                               const std::string& username) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, std::string("SELECT ") + kUserColumns +
                    " FROM users WHERE account_id = ? AND username = ?");
  q.Bind(1, account_id).Bind(2, username);
  return First<UserRow>(q, ReadUser);
}

Result<std::optional<UserRow>> Store::FindUserById(const std::string& user_id) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?");
  q.Bind(1, user_id);
  return First<UserRow>(q, ReadUser);
}

Status Store::InsertToken(const std::string& token_hash, const std::string& user_id,
                          int64_t expires_at, int64_t now) {
  std::lock_guard lock(mu_);
  // Expired tokens are purged on the way, so the table stays small.
  TD_PREPARE(purge, "DELETE FROM tokens WHERE expires_at < ?");
  if (Status st = purge.Bind(1, now - 86400).Run(); !st) return st;
  TD_PREPARE(q, "INSERT INTO tokens(hash, user_id, expires_at, created_at) VALUES(?, ?, ?, ?)");
  return q.Bind(1, token_hash).Bind(2, user_id).Bind(3, expires_at).Bind(4, now).Run();
}

Result<std::optional<TokenRow>> Store::FindToken(const std::string& token_hash) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "SELECT user_id, expires_at FROM tokens WHERE hash = ?");
  q.Bind(1, token_hash);
  return First<TokenRow>(q, [](const SqliteStatement& s) {
    return TokenRow{s.Text(0), s.Int(1)};
  });
}

Status Store::DeleteToken(const std::string& token_hash) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "DELETE FROM tokens WHERE hash = ?");
  return q.Bind(1, token_hash).Run();
}

Status Store::ExpireToken(const std::string& token_hash, int64_t when) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "UPDATE tokens SET expires_at = ? WHERE hash = ?");
  return q.Bind(1, when).Bind(2, token_hash).Run();
}

Status Store::BumpUsersOfProfile(const std::string& profile_id) {
  TD_PREPARE(q, "UPDATE users SET profiles_revision = profiles_revision + 1 WHERE id IN "
                "(SELECT user_id FROM assignments WHERE profile_id = ?)");
  return q.Bind(1, profile_id).Run();
}

Status Store::PutProfile(const ProfileRow& p) {
  std::lock_guard lock(mu_);
  SqliteTransaction tx(*db_);
  if (!tx.begin_status()) return tx.begin_status();
  TD_PREPARE(q, "INSERT INTO profiles(id, account_id, revision, json, created_at, updated_at) "
                "VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "account_id = excluded.account_id, revision = excluded.revision, "
                "json = excluded.json, updated_at = excluded.updated_at");
  if (Status st = q.Bind(1, p.id).Bind(2, p.account_id).Bind(3, p.revision).Bind(4, p.json)
                      .Bind(5, p.created_at).Bind(6, p.updated_at).Run();
      !st) {
    return st;
  }
  if (Status st = BumpUsersOfProfile(p.id); !st) return st;
  return tx.Commit();
}

Status Store::DeleteProfile(const std::string& profile_id) {
  std::lock_guard lock(mu_);
  SqliteTransaction tx(*db_);
  if (!tx.begin_status()) return tx.begin_status();
  if (Status st = BumpUsersOfProfile(profile_id); !st) return st;
  TD_PREPARE(q, "DELETE FROM profiles WHERE id = ?");
  if (Status st = q.Bind(1, profile_id).Run(); !st) return st;
  if (db_->Changes() == 0) {
    return Error(ErrorCode::NotFound, "profile '" + profile_id + "' not found");
  }
  return tx.Commit();
}

Result<std::optional<ProfileRow>> Store::GetProfile(const std::string& profile_id) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, std::string("SELECT ") + kProfileColumns + " FROM profiles WHERE id = ?");
  q.Bind(1, profile_id);
  return First<ProfileRow>(q, ReadProfile);
}

Result<std::vector<ProfileRow>> Store::ListProfilesOfAccount(const std::string& account_id) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, std::string("SELECT ") + kProfileColumns +
                    " FROM profiles WHERE account_id = ? ORDER BY id");
  q.Bind(1, account_id);
  return Collect<ProfileRow>(q, ReadProfile);
}

Result<std::vector<ProfileRow>> Store::ListProfilesForUser(const std::string& user_id) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "SELECT p.id, p.account_id, p.revision, p.json, p.created_at, p.updated_at "
                "FROM assignments a JOIN profiles p ON p.id = a.profile_id "
                "WHERE a.user_id = ? ORDER BY p.id");
  q.Bind(1, user_id);
  return Collect<ProfileRow>(q, ReadProfile);
}

Result<std::vector<std::pair<std::string, int64_t>>> Store::ProfileRevisionsForUser(
    const std::string& user_id) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "SELECT p.id, p.revision FROM assignments a JOIN profiles p ON p.id = a.profile_id "
                "WHERE a.user_id = ? ORDER BY p.id");
  q.Bind(1, user_id);
  return Collect<std::pair<std::string, int64_t>>(
      q, [](const SqliteStatement& s) { return std::make_pair(s.Text(0), s.Int(1)); });
}

Status Store::PutProfilesAssigned(const std::vector<ProfileRow>& profiles,
                                  const std::string& user_id) {
  std::lock_guard lock(mu_);
  SqliteTransaction tx(*db_);
  if (!tx.begin_status()) return tx.begin_status();
  TD_PREPARE(q, "INSERT INTO profiles(id, account_id, revision, json, created_at, updated_at) "
                "VALUES(?, ?, ?, ?, ?, ?)");
  TD_PREPARE(a, "INSERT INTO assignments(user_id, profile_id) VALUES(?, ?)");
  for (const auto& p : profiles) {
    q.Reset();
    a.Reset();
    if (Status st = q.Bind(1, p.id).Bind(2, p.account_id).Bind(3, p.revision).Bind(4, p.json)
                        .Bind(5, p.created_at).Bind(6, p.updated_at).Run();
        !st) {
      return st;
    }
    if (Status st = a.Bind(1, user_id).Bind(2, p.id).Run(); !st) return st;
  }
  TD_PREPARE(b, "UPDATE users SET profiles_revision = profiles_revision + 1 WHERE id = ?");
  if (Status st = b.Bind(1, user_id).Run(); !st) return st;
  return tx.Commit();
}

Status Store::Assign(const std::string& user_id, const std::string& profile_id) {
  std::lock_guard lock(mu_);
  SqliteTransaction tx(*db_);
  if (!tx.begin_status()) return tx.begin_status();
  TD_PREPARE(q, "INSERT OR IGNORE INTO assignments(user_id, profile_id) VALUES(?, ?)");
  if (Status st = q.Bind(1, user_id).Bind(2, profile_id).Run(); !st) return st;
  TD_PREPARE(b, "UPDATE users SET profiles_revision = profiles_revision + 1 WHERE id = ?");
  if (Status st = b.Bind(1, user_id).Run(); !st) return st;
  return tx.Commit();
}

Status Store::Unassign(const std::string& user_id, const std::string& profile_id) {
  std::lock_guard lock(mu_);
  SqliteTransaction tx(*db_);
  if (!tx.begin_status()) return tx.begin_status();
  TD_PREPARE(q, "DELETE FROM assignments WHERE user_id = ? AND profile_id = ?");
  if (Status st = q.Bind(1, user_id).Bind(2, profile_id).Run(); !st) return st;
  if (db_->Changes() == 0) {
    return Error(ErrorCode::NotFound,
                 "profile '" + profile_id + "' is not assigned to user '" + user_id + "'");
  }
  TD_PREPARE(b, "UPDATE users SET profiles_revision = profiles_revision + 1 WHERE id = ?");
  if (Status st = b.Bind(1, user_id).Run(); !st) return st;
  return tx.Commit();
}

Result<bool> Store::IsAssigned(const std::string& user_id, const std::string& profile_id) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "SELECT 1 FROM assignments WHERE user_id = ? AND profile_id = ?");
  q.Bind(1, user_id).Bind(2, profile_id);
  return q.Step();
}

namespace {

Status BindCertificate(SqliteStatement& q, const CertificateRow& c) {
  q.Bind(1, c.serial).Bind(2, c.user_id).Bind(3, c.profile_id).Bind(4, c.profile_revision)
      .Bind(5, c.common_name).Bind(6, c.subject).Bind(7, c.issuer).Bind(8, c.san_json)
      .Bind(9, c.not_before).Bind(10, c.not_after).Bind(11, int64_t{c.revoked})
      .Bind(12, c.revocation_reason).Bind(13, c.revoked_at).Bind(14, int64_t{c.key_escrowed})
      .Bind(15, c.pem).Bind(16, c.issued_at);
  return q.Run();
}

constexpr const char* kInsertCertificate =
    "INSERT INTO certificates(serial, user_id, profile_id, profile_revision, common_name, subject, "
    "issuer, san_json, not_before, not_after, revoked, revocation_reason, revoked_at, "
    "key_escrowed, pem, issued_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

}  // namespace

Status Store::RevokeLocked(const std::string& serial, const std::string& reason, int64_t now) {
  TD_PREPARE(q, "UPDATE certificates SET revoked = 1, revocation_reason = ?, revoked_at = ? "
                "WHERE serial = ? AND revoked = 0");
  if (Status st = q.Bind(1, reason).Bind(2, now).Bind(3, serial).Run(); !st) return st;
  if (db_->Changes() == 0) {
    return Error(ErrorCode::Conflict, "certificate " + serial + " is already revoked");
  }
  return db_->Exec("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'crl_number'");
}

Status Store::InsertCertificate(const CertificateRow& cert,
                                const std::vector<std::string>& revoke_serials,
                                const std::string& revoke_reason, int64_t now) {
  std::lock_guard lock(mu_);
  SqliteTransaction tx(*db_);
  if (!tx.begin_status()) return tx.begin_status();
  TD_PREPARE(q, kInsertCertificate);
  if (Status st = BindCertificate(q, cert); !st) return st;
  for (const auto& serial : revoke_serials) {
    if (Status st = RevokeLocked(serial, revoke_reason, now); !st) return st;
  }
  return tx.Commit();
}

Status Store::InsertCertificates(const std::vector<CertificateRow>& certs) {
  std::lock_guard lock(mu_);
  SqliteTransaction tx(*db_);
  if (!tx.begin_status()) return tx.begin_status();
  TD_PREPARE(q, kInsertCertificate);
  for (const auto& cert : certs) {
    q.Reset();
    if (Status st = BindCertificate(q, cert); !st) return st;
  }
  return tx.Commit();
}

Result<std::optional<CertificateRow>> Store::GetCertificate(const std::string& serial) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, std::string("SELECT ") + kCertColumns + " FROM certificates WHERE serial = ?");
  q.Bind(1, serial);
  return First<CertificateRow>(q, ReadCertificate);
}

Result<std::vector<CertificateRow>> Store::ListCertificates(
    const std::string& user_id, const std::optional<std::string>& profile_id) {
  std::lock_guard lock(mu_);
  std::string sql = std::string("SELECT ") + kCertColumns + " FROM certificates WHERE user_id = ?";
  if (profile_id) sql += " AND profile_id = ?";
  sql += " ORDER BY issued_at, serial";
  TD_PREPARE(q, sql);
  q.Bind(1, user_id);
  if (profile_id) q.Bind(2, *profile_id);
  return Collect<CertificateRow>(q, ReadCertificate);
}

Result<std::vector<CertificateRow>> Store::ActiveCertificates(const std::string& user_id,
                                                              const std::string& profile_id,
                                                              int64_t now) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, std::string("SELECT ") + kCertColumns +
                    " FROM certificates WHERE user_id = ? AND profile_id = ? AND revoked = 0 "
                    "AND not_after > ? ORDER BY issued_at, serial");
  q.Bind(1, user_id).Bind(2, profile_id).Bind(3, now);
  return Collect<CertificateRow>(q, ReadCertificate);
}

Status Store::Revoke(const std::string& serial, const std::string& reason, int64_t now) {
  std::lock_guard lock(mu_);
  SqliteTransaction tx(*db_);
  if (!tx.begin_status()) return tx.begin_status();
  if (Status st = RevokeLocked(serial, reason, now); !st) return st;
  return tx.Commit();
}

Result<std::vector<CertificateRow>> Store::ListRevoked() {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, std::string("SELECT ") + kCertColumns +
                    " FROM certificates WHERE revoked = 1 ORDER BY serial");
  return Collect<CertificateRow>(q, ReadCertificate);
}

Result<int64_t> Store::CrlNumber() {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'crl_number'");
  auto row = q.Step();
  if (!row) return row.error();
  return *row ? q.Int(0) : int64_t{1};
}

Result<int64_t> Store::CountCertificates() {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "SELECT COUNT(*) FROM certificates");
  auto row = q.Step();
  if (!row) return row.error();
  return q.Int(0);
}

Status Store::PutEscrow(const std::string& serial, const std::string& cms_pem, int64_t now) {
  std::lock_guard lock(mu_);
  SqliteTransaction tx(*db_);
  if (!tx.begin_status()) return tx.begin_status();
  TD_PREPARE(q, "INSERT INTO escrow(serial, cms_pem, stored_at) VALUES(?, ?, ?) "
                "ON CONFLICT(serial) DO UPDATE SET cms_pem = excluded.cms_pem, "
                "stored_at = excluded.stored_at");
  if (Status st = q.Bind(1, serial).Bind(2, cms_pem).Bind(3, now).Run(); !st) return st;
  TD_PREPARE(u, "UPDATE certificates SET key_escrowed = 1 WHERE serial = ?");
  if (Status st = u.Bind(1, serial).Run(); !st) return st;
  return tx.Commit();
}

Result<std::optional<std::string>> Store::GetEscrow(const std::string& serial) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "SELECT cms_pem FROM escrow WHERE serial = ?");
  q.Bind(1, serial);
  return First<std::string>(q, [](const SqliteStatement& s) { return s.Text(0); });
}

Status Store::AddRecoveryAttempt(const RecoveryAttemptRow& a) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "INSERT INTO escrow_recoveries(serial, user_id, username, account_id, role, "
                "outcome, remote_addr, at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
  return q.Bind(1, a.serial).Bind(2, a.user_id).Bind(3, a.username).Bind(4, a.account_id)
      .Bind(5, a.role).Bind(6, a.outcome).Bind(7, a.remote_addr).Bind(8, a.at).Run();
}

Result<std::vector<RecoveryAttemptRow>> Store::ListRecoveryAttempts(const std::string& serial,
                                                                     int limit) {
  std::lock_guard lock(mu_);
  TD_PREPARE(q, "SELECT serial, user_id, username, account_id, role, outcome, remote_addr, at "
                "FROM (SELECT * FROM escrow_recoveries WHERE serial = ? ORDER BY id DESC LIMIT ?) "
                "ORDER BY id");
  q.Bind(1, serial).Bind(2, int64_t{limit});
  return Collect<RecoveryAttemptRow>(q, [](const SqliteStatement& s) {
    return RecoveryAttemptRow{s.Text(0), s.Text(1), s.Text(2), s.Text(3),
                              s.Text(4), s.Text(5), s.Text(6), s.Int(7)};
  });
}

#undef TD_PREPARE

}  // namespace trustdesk::server
