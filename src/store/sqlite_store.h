// paiam/store — the SQLite backend, the embedded default: one database file in WAL mode with
// synchronous=FULL, so a Commit that returned survives a crash of the process or the machine.
//
// The schema is versioned (PRAGMA user_version plus a schema_migrations table). Opening applies
// the missing migrations in place, each in its own transaction; a database written by a newer
// paiam is refused (store.schema-too-new) rather than misread. Every SQL statement is in sql.h.
//
// A path names a file on a local file system (WAL needs shared memory between connections):
// not ":memory:", not a network share.
#ifndef PAIAM_STORE_SQLITE_STORE_H_
#define PAIAM_STORE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "base/status.h"
#include "store/store.h"

namespace paiam::store {

struct SqliteOptions {
  bool create_if_missing = true;  // false: a missing file is store.not-found
  int busy_timeout_ms = 5000;     // how long to wait for another process's lock
};

// v1: meta, changes, schema_migrations. v2: audit (+ indexes), settings, checkpoints.
inline constexpr int kSqliteSchemaVersion = 2;

StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                 const SqliteOptions& options = {});

// Checks that `backup` is a paiam database this version can open (schema not newer, integrity
// ok), then replaces `target` atomically: copy to `target`.tmp, fsync, remove the target's
// stale -wal/-shm, rename, fsync the directory. On refusal `target` is left untouched.
//
// Must not be called while any process has `target` open: that process would keep writing to
// the replaced file (or its WAL). Stop the server first.
Status RestoreSqliteStore(const std::string& backup, const std::string& target);

// Test hook for the migration test: creates a new database at exactly schema `version`
// (1..kSqliteSchemaVersion) without upgrading it. Refuses an existing non-empty file.
Status CreateSqliteStoreAtVersion(const std::string& path, int version);

}  // namespace paiam::store

#endif  // PAIAM_STORE_SQLITE_STORE_H_
