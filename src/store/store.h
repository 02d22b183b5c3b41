// paiam/store — Store: the durable change log, audit trail, settings and checkpoints.
//
// The store persists opaque JSON change documents; it knows nothing of users or workspaces. The
// API layer turns the log into domain state by replaying it (event sourcing: state = replay of
// the change log, optionally from a checkpoint). Depends on base only; backends add their
// database library (sqlite_store.h is the embedded default).
//
// Every Commit is one transaction that appends its changes, bumps the revision and (optionally)
// appends the write's audit entry, so the audit trail can never disagree with the log.
//
// Errors are Status values whose rule() is a stable "store.<rule>" id:
//   store.sqlite                 the database library failed; the message is its own
//   store.not-a-database         the file is not a database at all
//   store.not-a-paiam-database   a database, but not one paiam created
//   store.schema-too-new         written by a newer paiam: upgrade paiam or restore a backup
//   store.not-found              the database (or backup) file does not exist
//   store.file-exists            a backup or new database would overwrite an existing file
//   store.empty-commit           Commit with no changes
//   store.invalid-argument       an out-of-range argument (audit page size, checkpoint revision)
//   store.integrity              the file is damaged (found by CheckIntegrity or on the way);
//                                the message says what
//   store.io                     a file operation of backup/restore failed (errno text)
//
// Thread safety: every method may be called from any thread. Writes are serialized; reads run
// concurrently with writes and see a consistent committed state.
#ifndef PAIAM_STORE_STORE_H_
#define PAIAM_STORE_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace paiam::store {

struct Change {
  uint64_t revision = 0;  // assigned by Commit
  int64_t at_ms = 0;      // server time of the write (replay stamps entities with it)
  std::string actor;      // caller ARN
  std::string request_id;
  std::string operation;  // "CreateUser"; must not be empty
  std::string body;       // JSON text (the prepared parameters)
};

struct AuditEntry {
  uint64_t id = 0;  // assigned
  int64_t at_ms = 0;
  std::string request_id, caller, source_ip, action, resource, workspace_id, operation;
  std::string parameters;  // JSON text, secrets already redacted
  std::string result;      // "Success", or the error Code ("Forbidden.RAM", "EntityNotExist.User")
  int http_status = 200;
  uint64_t revision = 0;  // the write's revision, 0 if none
};

struct AuditQuery {
  std::optional<std::string> workspace_id, caller, action;
  int64_t from_ms = 0, to_ms = INT64_MAX;  // inclusive range on at_ms
  uint64_t marker = 0;                      // paging: entries with id > marker (0: from the start)
  size_t limit = 100;                       // 1..1000
};

// Entries in increasing id order. When `truncated`, ask again with marker = next_marker.
struct AuditPage {
  std::vector<AuditEntry> entries;
  bool truncated = false;
  uint64_t next_marker = 0;
};

inline constexpr size_t kMaxAuditPage = 1000;

class Store {
 public:
  virtual ~Store() = default;

  // Last committed revision (0 for an empty store).
  virtual uint64_t revision() const = 0;

  // One transaction: each change gets revision()+1, +2, ...; `audit` (optional) is appended in
  // the same transaction with its revision set to the last change's. Durable when it returns.
  // On any failure nothing is written and revision() is unchanged. Returns the last revision.
  virtual StatusOr<uint64_t> Commit(std::vector<Change> changes, const AuditEntry* audit) = 0;

  // Calls `fn` for every change with revision > after, in order; stops at the first error and
  // returns it. `fn` runs without any store lock held, so it may call back into the store.
  virtual Status ForEachChange(uint64_t after,
                               const std::function<Status(const Change&)>& fn) const = 0;

  // Entries that belong to no change (denied calls), in one transaction: the server batches
  // them so that a flood of refused requests costs one fsync per batch, not per request.
  // Their revisions are stored as given.
  virtual Status AppendAudits(std::span<const AuditEntry> entries) = 0;
  Status AppendAudit(const AuditEntry& entry) { return AppendAudits({&entry, 1}); }
  virtual StatusOr<AuditPage> QueryAudit(const AuditQuery& query) const = 0;

  // Small durable settings the server keeps (account id, root access key id, sealed secrets).
  virtual StatusOr<std::optional<std::string>> GetSetting(std::string_view key) const = 0;
  virtual Status PutSetting(std::string_view key, std::string_view value) = 0;

  // Checkpoints: a serialized state (text, e.g. JSON) at a revision <= revision(), so start-up
  // replays only what follows. Saving again at the same revision replaces it; keeps the newest 2.
  virtual Status SaveCheckpoint(uint64_t revision, std::string_view state) = 0;
  virtual StatusOr<std::optional<std::pair<uint64_t, std::string>>> LatestCheckpoint() const = 0;

  // Online, consistent copy to `path`; refuses to overwrite an existing file. Writes continue
  // while it runs; the copy holds exactly the commits made before it started reading.
  virtual Status Backup(const std::string& path) const = 0;

  // The database's own integrity check plus: change revisions are 1..revision() without gaps,
  // and the recorded revision equals the last change's. The message says what is wrong.
  virtual Status CheckIntegrity() const = 0;

  virtual int schema_version() const = 0;
};

}  // namespace paiam::store

#endif  // PAIAM_STORE_STORE_H_
