// paiam/store — schema versions, migrations and the integrity check (see sqlite_schema.h).
#include "store/sqlite_schema.h"

#include <string>
#include <vector>

#include "store/sql.h"
#include "store/sqlite_store.h"

namespace paiam::store::internal {
namespace {

Status Damaged(const Connection& conn, const std::string& what) {
  return Status(StatusCode::kInternal, "store.integrity", conn.path() + ": " + what);
}

// Applies one migration step if the database is still just below it.
Status ApplyMigration(Connection& conn, const sql::Migration& m) {
  Transaction txn(&conn);
  if (Status s = txn.Begin(/*write=*/true); !s.ok()) return s;
  auto current = SchemaVersion(conn);
  if (!current.ok()) return current.status();
  if (*current >= m.version) return Status::Ok();  // someone else got there first
  if (*current != m.version - 1) {
    return Damaged(conn, "schema version " + std::to_string(*current) +
                             " cannot be migrated to " + std::to_string(m.version));
  }
  if (Status s = conn.Exec(m.script); !s.ok()) return s;
  auto record = conn.Prepare(sql::kRecordMigration);
  if (!record.ok()) return record.status();
  record->Bind(1, m.version).Bind(2, m.description).Bind(3, NowMs());
  if (Status s = record->Run(); !s.ok()) return s;
  if (Status s = conn.Exec(sql::SetUserVersion(m.version)); !s.ok()) return s;
  return txn.Commit();
}

// Rows of PRAGMA integrity_check other than the single "ok".
Status RunIntegrityCheck(Connection& conn) {
  auto stmt = conn.Prepare(sql::kIntegrityCheck);
  if (!stmt.ok()) return stmt.status();
  std::vector<std::string> problems;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    std::string line = stmt->Text(0);
    if (line != "ok") problems.push_back(std::move(line));
  }
  if (problems.empty()) return Status::Ok();
  std::string message = "integrity_check: " + problems[0];
  if (problems.size() > 1) message += " (and " + std::to_string(problems.size() - 1) + " more)";
  return Damaged(conn, message);
}

Status CheckChangeLog(Connection& conn) {
  auto stats = conn.Prepare(sql::kChangeStats);
  if (!stats.ok()) return stats.status();
  auto row = stats->Step();
  if (!row.ok()) return row.status();
  const int64_t count = stats->Int(0), first = stats->Int(1), last = stats->Int(2);
  if (count > 0 && (first != 1 || last != count)) {
    return Damaged(conn, "the change log has gaps: " + std::to_string(count) +
                             " changes between revisions " + std::to_string(first) + " and " +
                             std::to_string(last));
  }
  auto revision = conn.QueryInt(sql::kGetRevision);
  if (!revision.ok()) return revision.status();
  if (*revision != last) {
    return Damaged(conn, "the recorded revision is " + std::to_string(*revision) +
                             " but the last change is " + std::to_string(last));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<int> SchemaVersion(Connection& conn) {
  auto version = conn.QueryInt(sql::kGetUserVersion);
  if (!version.ok()) return version.status();
  return static_cast<int>(*version);
}

Status CheckOpenable(Connection& conn, int version, bool require_paiam) {
  if (version > kSqliteSchemaVersion) {
    return Status(StatusCode::kFailedPrecondition, "store.schema-too-new",
                  conn.path() + " has schema version " + std::to_string(version) +
                      " but this paiam supports up to " + std::to_string(kSqliteSchemaVersion) +
                      ": upgrade paiam or restore a backup");
  }
  if (version > 0) return Status::Ok();
  auto objects = conn.QueryInt(sql::kCountSchemaObjects);
  if (!objects.ok()) return objects.status();
  if (version < 0 || *objects > 0 || require_paiam) {
    return Status(StatusCode::kFailedPrecondition, "store.not-a-paiam-database",
                  conn.path() + " is " +
                      (*objects > 0 ? "a database of another program (" +
                                          std::to_string(*objects) + " objects, no paiam schema)"
                                    : std::string("an empty database, not a paiam backup")));
  }
  return Status::Ok();
}

Status Migrate(Connection& conn, int target) {
  for (const sql::Migration& m : sql::kMigrations) {
    if (m.version > target) break;
    if (Status s = ApplyMigration(conn, m); !s.ok()) {
      return Status(s.code(), s.rule(),
                    "migration to schema version " + std::to_string(m.version) + " (" +
                        std::string(m.description) + "): " + s.message());
    }
  }
  return Status::Ok();
}

Status CheckDatabase(Connection& conn) {
  Transaction txn(&conn);
  if (Status s = txn.Begin(/*write=*/false); !s.ok()) return s;
  if (Status s = RunIntegrityCheck(conn); !s.ok()) return s;
  auto version = SchemaVersion(conn);
  if (!version.ok()) return version.status();
  if (*version < 1 || *version > kSqliteSchemaVersion) {
    return Damaged(conn, "unexpected schema version " + std::to_string(*version));
  }
  if (Status s = CheckChangeLog(conn); !s.ok()) return s;
  return txn.Commit();
}

}  // namespace paiam::store::internal
