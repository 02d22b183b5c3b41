// paiam/store — a thin RAII layer over the sqlite3 C API: a connection with a cache of prepared
// statements, a statement borrowed from that cache, and a transaction that rolls back unless
// committed. Every sqlite3 failure becomes a Status (rule store.sqlite, or store.not-a-database
// for a file that is not one) carrying SQLite's own message; nothing here aborts or throws.
//
// Not thread-safe: a Connection and its statements are used under one mutex by the caller.
// Internal to the store component.
#ifndef PAIAM_STORE_SQLITE_DB_H_
#define PAIAM_STORE_SQLITE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"

namespace paiam::store::internal {

inline Status Invalid(std::string message) {
  return Status(StatusCode::kInvalidArgument, "store.invalid-argument", std::move(message));
}
Status IoError(const std::string& what, int err);  // store.io, with strerror(err)

class Statement;

class Connection {
 public:
  // `flags` are sqlite3_open_v2 flags; SQLITE_OPEN_NOMUTEX is added (callers serialize).
  static StatusOr<std::unique_ptr<Connection>> Open(const std::string& path, int flags,
                                                   int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const std::string& path() const { return path_; }
  sqlite3* raw() const { return db_; }

  // Runs one or more statements without parameters or results (scripts, PRAGMAs that set).
  Status Exec(std::string_view sql);
  // A prepared statement from the cache (prepared on first use); reset when the result dies.
  StatusOr<Statement> Prepare(std::string_view sql);
  // The first column of the first row as an integer (PRAGMA user_version, COUNT(*)).
  StatusOr<int64_t> QueryInt(std::string_view sql);
  // The first column of the first row as text (PRAGMA journal_mode = WAL answers the mode).
  StatusOr<std::string> QueryText(std::string_view sql);

  // The Status for result code `rc` of an operation described by `what`.
  Status Error(int rc, std::string_view what) const;

 private:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// A cached statement in use. Bind errors are remembered and reported by the next Step/Run.
class Statement {
 public:
  Statement(Connection* conn, sqlite3_stmt* stmt) : conn_(conn), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);
  // true: a row is available; false: done.
  StatusOr<bool> Step();
  // Steps to completion, ignoring rows.
  Status Run();

  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::string Text(int column) const;

 private:
  Connection* conn_;
  sqlite3_stmt* stmt_;
  int bind_error_ = SQLITE_OK;
};

// BEGIN (IMMEDIATE for writers) ... COMMIT; rolls back on destruction unless committed.
class Transaction {
 public:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Status Begin(bool write);
  Status Commit();

 private:
  Connection* conn_;
  bool open_ = false;
};

// Wall-clock milliseconds since the epoch (schema_migrations, checkpoints bookkeeping).
int64_t NowMs();

}  // namespace paiam::store::internal

#endif  // PAIAM_STORE_SQLITE_DB_H_
