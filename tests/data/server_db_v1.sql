-- A server database at schema version 1 (before user ids became opaque and never reused), as
-- the server wrote it before this change, with rows the migration must keep. @ALICE_HASH@ is
-- replaced by a password hash of "alice-v1-pass", @TOKEN_HASH@ by the SHA-256 of a token.
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
INSERT INTO meta VALUES('schema_version', '1'), ('crl_number', '3');
INSERT INTO accounts(id, name) VALUES('northwind', 'Northwind Engineering');
INSERT INTO users(id, account_id, username, display_name, password_hash)
  VALUES('northwind.alice', 'northwind', 'alice', 'Alice Chen', '@ALICE_HASH@');
INSERT INTO tokens(hash, user_id, expires_at, created_at)
  VALUES('@TOKEN_HASH@', 'northwind.alice', 4102444800, 1700000000);
-- alice's certificate, and one of zed, a user deleted while the server was at version 1.
INSERT INTO certificates(serial, user_id, profile_id, profile_revision, common_name, subject,
  issuer, san_json, not_before, not_after, pem, issued_at)
  VALUES('0a1b', 'northwind.alice', 'nw-smime-encryption', 1, 'Alice Chen', 'CN=Alice Chen',
         'CN=Issuing', '[]', 1700000000, 4102444800, 'alice-pem', 1700000000),
        ('0c0d', 'northwind.zed', 'nw-smime-encryption', 1, 'Zed', 'CN=Zed', 'CN=Issuing', '[]',
         1700000000, 4102444800, 'zed-pem', 1700000000);
INSERT INTO escrow(serial, cms_pem, stored_at) VALUES('0c0d', 'zed-escrowed-key', 1700000000);
