// paiam/store — the RAII layer over sqlite3 (see sqlite_db.h).
#include "store/sqlite_db.h"

#include <chrono>
#include <system_error>
#include <utility>

#include "store/sql.h"

namespace paiam::store::internal {

Status IoError(const std::string& what, int err) {
  return Status(StatusCode::kInternal, "store.io",
                what + ": " + std::generic_category().message(err));
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// --- Connection -------------------------------------------------------------------------------

StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& path, int flags,
                                                      int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status(StatusCode::kInternal, "store.sqlite", path + ": cannot open: " + message);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return std::unique_ptr<Connection>(new Connection(db, path));
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status Connection::Error(int rc, std::string_view what) const {
  // sqlite3_errmsg describes the connection's latest failure; fall back to the code's text
  // when `rc` came from elsewhere (e.g. a backup handle).
  std::string detail = sqlite3_errcode(db_) == rc ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  if ((rc & 0xff) == SQLITE_NOTADB) {
    return Status(StatusCode::kFailedPrecondition, "store.not-a-database",
                  path_ + " is not a database file (" + detail + ")");
  }
  if ((rc & 0xff) == SQLITE_CORRUPT) {
    return Status(StatusCode::kInternal, "store.integrity",
                  path_ + ": " + std::string(what) + ": " + detail);
  }
  return Status(StatusCode::kInternal, "store.sqlite",
                path_ + ": " + std::string(what) + ": " + detail);
}

Status Connection::Exec(std::string_view sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string detail = error != nullptr ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) return Error(rc, "exec");
  return Status(StatusCode::kInternal, "store.sqlite", path_ + ": " + detail);
}

StatusOr<Statement> Connection::Prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end()) return Statement(this, it->second);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return Error(rc, "prepare");
  }
  if (stmt == nullptr) return Error(SQLITE_MISUSE, "prepare: empty statement");
  cache_.emplace(std::move(key), stmt);
  return Statement(this, stmt);
}

StatusOr<int64_t> Connection::QueryInt(std::string_view sql) {
  auto stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Error(SQLITE_ERROR, std::string(sql) + ": no row");
  return stmt->Int(0);
}

StatusOr<std::string> Connection::QueryText(std::string_view sql) {
  auto stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Error(SQLITE_ERROR, std::string(sql) + ": no row");
  return stmt->Text(0);
}

// --- Statement --------------------------------------------------------------------------------

Statement::Statement(Statement&& other) noexcept
    : conn_(other.conn_), stmt_(std::exchange(other.stmt_, nullptr)),
      bind_error_(other.bind_error_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);  // ends the statement's implicit read transaction
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::Bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies, so the caller's buffer may die before Step.
  int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

StatusOr<bool> Statement::Step() {
  if (bind_error_ != SQLITE_OK) return conn_->Error(bind_error_, "bind");
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return conn_->Error(rc, "step");
}

Status Statement::Run() {
  for (;;) {
    auto row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
  }
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return std::string();
  int size = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

// --- Transaction ------------------------------------------------------------------------------

Status Transaction::Begin(bool write) {
  auto stmt = conn_->Prepare(write ? sql::kBeginWrite : sql::kBeginRead);
  if (!stmt.ok()) return stmt.status();
  if (Status s = stmt->Run(); !s.ok()) return s;
  open_ = true;
  return Status::Ok();
}

Status Transaction::Commit() {
  auto stmt = conn_->Prepare(sql::kCommit);
  if (!stmt.ok()) return stmt.status();
  Status s = stmt->Run();
  // A failed COMMIT may have rolled back already (autocommit is on again) or left the
  // transaction open for the destructor to roll back.
  if (s.ok() || sqlite3_get_autocommit(conn_->raw()) != 0) open_ = false;
  return s;
}

Transaction::~Transaction() {
  if (!open_ || sqlite3_get_autocommit(conn_->raw()) != 0) return;
  auto stmt = conn_->Prepare(sql::kRollback);
  if (stmt.ok()) (void)stmt->Run();  // nothing more to do if even ROLLBACK fails
}

}  // namespace paiam::store::internal
