// paiam/store — every SQL statement of the SQLite backend, in one place.
//
// Written for a PostgreSQL backend to follow without changing callers: only BIGINT and TEXT
// columns, explicit ids (no AUTOINCREMENT or rowid aliases), ON CONFLICT upserts and LIMIT,
// which both databases accept. What differs is confined to the lines marked "SQLite:" (BEGIN
// IMMEDIATE, PRAGMAs); parameters are ?N, which a PostgreSQL port rewrites to $N mechanically.
//
// Internal to the store component.
#ifndef PAIAM_STORE_SQL_H_
#define PAIAM_STORE_SQL_H_

#include <string>
#include <string_view>

namespace paiam::store::sql {

// --- schema migrations --------------------------------------------------------------------------
// Migration N takes a database from version N-1 to N. Never edit a released step: add one.

struct Migration {
  int version;
  std::string_view description;
  std::string_view script;  // several statements, run in one transaction
};

inline constexpr std::string_view kMigrationV1 = R"sql(
CREATE TABLE schema_migrations (
  version BIGINT NOT NULL PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at_ms BIGINT NOT NULL
);
CREATE TABLE meta (
  id BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
  revision BIGINT NOT NULL CHECK (revision >= 0)
);
INSERT INTO meta (id, revision) VALUES (1, 0);
CREATE TABLE changes (
  revision BIGINT NOT NULL PRIMARY KEY CHECK (revision > 0),
  at_ms BIGINT NOT NULL,
  actor TEXT NOT NULL,
  request_id TEXT NOT NULL,
  operation TEXT NOT NULL CHECK (operation <> ''),
  body TEXT NOT NULL
);
)sql";

inline constexpr std::string_view kMigrationV2 = R"sql(
CREATE TABLE audit (
  id BIGINT NOT NULL PRIMARY KEY CHECK (id > 0),
  at_ms BIGINT NOT NULL,
  request_id TEXT NOT NULL,
  caller TEXT NOT NULL,
  source_ip TEXT NOT NULL,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  operation TEXT NOT NULL,
  parameters TEXT NOT NULL,
  result TEXT NOT NULL,
  http_status BIGINT NOT NULL,
  revision BIGINT NOT NULL CHECK (revision >= 0)
);
CREATE INDEX audit_by_workspace ON audit (workspace_id, id);
CREATE INDEX audit_by_caller ON audit (caller, id);
CREATE INDEX audit_by_action ON audit (action, id);
CREATE INDEX audit_by_time ON audit (at_ms, id);
CREATE TABLE settings (
  key TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE checkpoints (
  revision BIGINT NOT NULL PRIMARY KEY CHECK (revision >= 0),
  state TEXT NOT NULL,
  saved_at_ms BIGINT NOT NULL
);
)sql";

inline constexpr Migration kMigrations[] = {
    {1, "change log: meta, changes", kMigrationV1},
    {2, "audit, settings, checkpoints", kMigrationV2},
};

inline constexpr std::string_view kRecordMigration =
    "INSERT INTO schema_migrations (version, description, applied_at_ms) VALUES (?1, ?2, ?3)";

// SQLite: the schema version lives in the file header; PRAGMA takes no parameters.
inline constexpr std::string_view kGetUserVersion = "PRAGMA user_version";
inline std::string SetUserVersion(int version) {
  return "PRAGMA user_version = " + std::to_string(version);
}
// SQLite: any object at all in a version-0 file means it is someone else's database.
inline constexpr std::string_view kCountSchemaObjects =
    "SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

// --- connection set-up -------------------------------------------------------------------------
// SQLite: PRAGMAs; a PostgreSQL backend sets its equivalents (if any) on connect.
inline constexpr std::string_view kJournalModeWal = "PRAGMA journal_mode = WAL";
inline constexpr std::string_view kJournalModeDelete = "PRAGMA journal_mode = DELETE";
inline constexpr std::string_view kSynchronousFull = "PRAGMA synchronous = FULL";
inline constexpr std::string_view kQueryOnly = "PRAGMA query_only = 1";
inline constexpr std::string_view kIntegrityCheck = "PRAGMA integrity_check(20)";

// --- transactions ------------------------------------------------------------------------------
// SQLite: IMMEDIATE takes the write lock at BEGIN, so a writer never fails half-way on a lock.
inline constexpr std::string_view kBeginWrite = "BEGIN IMMEDIATE";
inline constexpr std::string_view kBeginRead = "BEGIN";
inline constexpr std::string_view kCommit = "COMMIT";
inline constexpr std::string_view kRollback = "ROLLBACK";

// --- change log --------------------------------------------------------------------------------
inline constexpr std::string_view kGetRevision = "SELECT revision FROM meta WHERE id = 1";
inline constexpr std::string_view kSetRevision = "UPDATE meta SET revision = ?1 WHERE id = 1";
inline constexpr std::string_view kInsertChange =
    "INSERT INTO changes (revision, at_ms, actor, request_id, operation, body) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
inline constexpr std::string_view kChangesAfter =
    "SELECT revision, at_ms, actor, request_id, operation, body FROM changes "
    "WHERE revision > ?1 ORDER BY revision LIMIT ?2";
inline constexpr std::string_view kChangeStats =
    "SELECT COUNT(*), COALESCE(MIN(revision), 0), COALESCE(MAX(revision), 0) FROM changes";

// --- audit -------------------------------------------------------------------------------------
inline constexpr std::string_view kNextAuditId = "SELECT COALESCE(MAX(id), 0) + 1 FROM audit";
inline constexpr std::string_view kInsertAudit =
    "INSERT INTO audit (id, at_ms, request_id, caller, source_ip, action, resource, "
    "workspace_id, operation, parameters, result, http_status, revision) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

// Parameters: ?1 marker, ?2 from_ms, ?3 to_ms, ?4 limit, then ?5 workspace_id, ?6 caller,
// ?7 action for the filters that are present (absent ones are not mentioned, so each of the
// eight shapes gets its own plan and cached statement).
inline std::string AuditQuery(bool by_workspace, bool by_caller, bool by_action) {
  std::string q =
      "SELECT id, at_ms, request_id, caller, source_ip, action, resource, workspace_id, "
      "operation, parameters, result, http_status, revision FROM audit "
      "WHERE id > ?1 AND at_ms >= ?2 AND at_ms <= ?3";
  if (by_workspace) q += " AND workspace_id = ?5";
  if (by_caller) q += " AND caller = ?6";
  if (by_action) q += " AND action = ?7";
  return q + " ORDER BY id LIMIT ?4";
}

// --- settings and checkpoints ------------------------------------------------------------------
inline constexpr std::string_view kGetSetting = "SELECT value FROM settings WHERE key = ?1";
inline constexpr std::string_view kPutSetting =
    "INSERT INTO settings (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
inline constexpr std::string_view kPutCheckpoint =
    "INSERT INTO checkpoints (revision, state, saved_at_ms) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (revision) DO UPDATE SET state = excluded.state, "
    "saved_at_ms = excluded.saved_at_ms";
inline constexpr std::string_view kPruneCheckpoints =
    "DELETE FROM checkpoints WHERE revision < (SELECT MIN(revision) FROM "
    "(SELECT revision FROM checkpoints ORDER BY revision DESC LIMIT 2) AS newest)";
inline constexpr std::string_view kLatestCheckpoint =
    "SELECT revision, state FROM checkpoints ORDER BY revision DESC LIMIT 1";

}  // namespace paiam::store::sql

#endif  // PAIAM_STORE_SQL_H_
