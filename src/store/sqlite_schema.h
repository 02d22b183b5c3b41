// paiam/store — the SQLite schema's life cycle: reading the version, refusing files this paiam
// must not touch, applying migrations, and the integrity check. Shared by the store (open,
// CheckIntegrity) and by restore (which vets a backup before installing it).
// Internal to the store component.
#ifndef PAIAM_STORE_SQLITE_SCHEMA_H_
#define PAIAM_STORE_SQLITE_SCHEMA_H_

#include "base/status.h"
#include "store/sqlite_db.h"

namespace paiam::store::internal {

// PRAGMA user_version (store.not-a-database for a file that is not SQLite).
StatusOr<int> SchemaVersion(Connection& conn);

// Refuses a database this paiam must not open: a newer schema (store.schema-too-new), or
// version 0 with tables of some other program (store.not-a-paiam-database). With
// `require_paiam` (restore), version 0 is refused even when empty.
Status CheckOpenable(Connection& conn, int version, bool require_paiam);

// Applies every migration up to `target`, each in its own write transaction. The version is
// re-read inside each transaction, so two processes opening one file do not both migrate.
Status Migrate(Connection& conn, int target);

// PRAGMA integrity_check, then the change-log invariants (revisions 1..N without gaps, meta
// revision == last change), all in one read transaction: store.integrity with what is wrong.
Status CheckDatabase(Connection& conn);

}  // namespace paiam::store::internal

#endif  // PAIAM_STORE_SQLITE_SCHEMA_H_
