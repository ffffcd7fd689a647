#include "tools/server/sqlite_db.h"

#include <sqlite3.h>

#ifndef _WIN32
#include <fcntl.h>
#include <unistd.h>
#endif

namespace trustdesk::server {

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::filesystem::path& file) {
#ifndef _WIN32
  // The database holds password hashes and escrowed keys: create it owner-only from the first
  // byte; SQLite gives its WAL and shared-memory files the database file's mode.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
#endif
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(file.string().c_str(), &raw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
  if (rc != SQLITE_OK) {
    return Error(ErrorCode::Io, "opening database " + file.string() + ": " +
                                    (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, 5000);
  // WAL: readers never block the writer. synchronous=FULL: every commit fsyncs the WAL before
  // the response goes out, so an acknowledged certificate survives SIGKILL and a power cut
  // (NORMAL+WAL would survive SIGKILL only).
  Status st = db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  if (!st) return st.error();
  return db;
}

SqliteDb::~SqliteDb() {
  if (db_) sqlite3_close_v2(db_);
}

Status SqliteDb::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return Error(ErrorCode::Io, "sqlite exec '" + text.substr(0, 60) + "': " + msg);
  }
  return Status::Ok();
}

Result<SqliteStatement> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    return Error(ErrorCode::Internal,
                 "sqlite prepare '" + std::string(sql.substr(0, 60)) + "': " + ErrorMessage());
  }
  return SqliteStatement(this, stmt);
}

int64_t SqliteDb::Changes() const { return sqlite3_changes64(db_); }

std::string SqliteDb::ErrorMessage() const { return sqlite3_errmsg(db_); }

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), bind_error_(other.bind_error_) {
  other.stmt_ = nullptr;
}

SqliteStatement::~SqliteStatement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

SqliteStatement& SqliteStatement::Bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK && bind_error_) {
    bind_error_ = Error(ErrorCode::Internal, "sqlite bind #" + std::to_string(index) + ": " +
                                                 db_->ErrorMessage());
  }
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK && bind_error_) {
    bind_error_ = Error(ErrorCode::Internal, "sqlite bind #" + std::to_string(index) + ": " +
                                                 db_->ErrorMessage());
  }
  return *this;
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> SqliteStatement::Step() {
  if (!bind_error_) return bind_error_.error();
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  ErrorCode code = rc == SQLITE_CONSTRAINT ? ErrorCode::Conflict : ErrorCode::Io;
  return Error(code, std::string("sqlite step: ") + db_->ErrorMessage());
}

Status SqliteStatement::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row) return row.error();
    if (!*row) return Status::Ok();
  }
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = Status::Ok();
}

std::string SqliteStatement::Text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}

int64_t SqliteStatement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

bool SqliteStatement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

SqliteTransaction::SqliteTransaction(SqliteDb& db) : db_(db), begin_(db.Exec("BEGIN IMMEDIATE")) {
  done_ = !begin_.ok();
}

SqliteTransaction::~SqliteTransaction() {
  if (!done_) (void)db_.Exec("ROLLBACK");
}

Status SqliteTransaction::Commit() {
  if (done_) return Error(ErrorCode::Internal, "transaction already finished");
  Status st = db_.Exec("COMMIT");
  if (st) done_ = true;
  return st;
}

}  // namespace trustdesk::server
