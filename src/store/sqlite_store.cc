// paiam/store — SqliteStore: the Store interface on one SQLite file (see sqlite_store.h).
//
// Two connections: the writer, used under write_mu_ by Commit, AppendAudit, PutSetting and
// SaveCheckpoint; and the reader (query_only), used under read_mu_ by the queries. WAL lets the
// reader see the last committed state while a write is in progress, so checks never wait for
// writes. Backup and CheckIntegrity open a connection of their own, so a long backup blocks
// neither side.
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/sql.h"
#include "store/sqlite_db.h"
#include "store/sqlite_files.h"
#include "store/sqlite_schema.h"
#include "store/sqlite_store.h"

namespace paiam::store {
namespace {

using internal::Connection;
using internal::Transaction;

constexpr size_t kChangeBatch = 256;  // changes read per reader-lock hold in ForEachChange

int64_t ClampToInt64(uint64_t v) {
  return v > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(v);
}

AuditEntry ReadAudit(const internal::Statement& row) {
  AuditEntry e;
  e.id = static_cast<uint64_t>(row.Int(0));
  e.at_ms = row.Int(1);
  e.request_id = row.Text(2);
  e.caller = row.Text(3);
  e.source_ip = row.Text(4);
  e.action = row.Text(5);
  e.resource = row.Text(6);
  e.workspace_id = row.Text(7);
  e.operation = row.Text(8);
  e.parameters = row.Text(9);
  e.result = row.Text(10);
  e.http_status = static_cast<int>(row.Int(11));
  e.revision = static_cast<uint64_t>(row.Int(12));
  return e;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, int busy_timeout_ms, std::unique_ptr<Connection> writer,
              std::unique_ptr<Connection> reader, uint64_t revision, int schema_version)
      : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms), writer_(std::move(writer)),
        reader_(std::move(reader)), revision_(revision), schema_version_(schema_version) {}

  uint64_t revision() const override { return revision_.load(std::memory_order_acquire); }
  int schema_version() const override { return schema_version_; }

  StatusOr<uint64_t> Commit(std::vector<Change> changes, const AuditEntry* audit) override;
  Status ForEachChange(uint64_t after,
                       const std::function<Status(const Change&)>& fn) const override;
  Status AppendAudits(std::span<const AuditEntry> entries) override;
  StatusOr<AuditPage> QueryAudit(const AuditQuery& query) const override;
  StatusOr<std::optional<std::string>> GetSetting(std::string_view key) const override;
  Status PutSetting(std::string_view key, std::string_view value) override;
  Status SaveCheckpoint(uint64_t revision, std::string_view state) override;
  StatusOr<std::optional<std::pair<uint64_t, std::string>>> LatestCheckpoint() const override;
  Status Backup(const std::string& path) const override;
  Status CheckIntegrity() const override;

 private:
  // Appends `e` with `revision` inside the writer's open transaction.
  Status InsertAudit(const AuditEntry& e, uint64_t revision);
  // Reads up to kChangeBatch changes after `after` into `out`.
  Status ReadChanges(uint64_t after, std::vector<Change>* out) const;

  const std::string path_;
  const int busy_timeout_ms_;
  std::mutex write_mu_;
  std::unique_ptr<Connection> writer_;  // guarded by write_mu_
  mutable std::mutex read_mu_;
  std::unique_ptr<Connection> reader_;  // guarded by read_mu_
  std::atomic<uint64_t> revision_;
  const int schema_version_;
};

StatusOr<uint64_t> SqliteStore::Commit(std::vector<Change> changes, const AuditEntry* audit) {
  if (changes.empty()) {
    return Status(StatusCode::kInvalidArgument, "store.empty-commit",
                  "a commit needs at least one change");
  }
  std::lock_guard<std::mutex> lock(write_mu_);
  Transaction txn(writer_.get());
  if (Status s = txn.Begin(/*write=*/true); !s.ok()) return s;
  auto current = writer_->QueryInt(sql::kGetRevision);
  if (!current.ok()) return current.status();
  int64_t revision = *current;
  for (const Change& c : changes) {
    auto insert = writer_->Prepare(sql::kInsertChange);
    if (!insert.ok()) return insert.status();
    insert->Bind(1, ++revision).Bind(2, c.at_ms).Bind(3, c.actor).Bind(4, c.request_id);
    insert->Bind(5, c.operation).Bind(6, c.body);
    if (Status s = insert->Run(); !s.ok()) return s;
  }
  {
    auto update = writer_->Prepare(sql::kSetRevision);
    if (!update.ok()) return update.status();
    update->Bind(1, revision);
    if (Status s = update->Run(); !s.ok()) return s;
  }
  if (audit != nullptr) {
    if (Status s = InsertAudit(*audit, static_cast<uint64_t>(revision)); !s.ok()) return s;
  }
  if (Status s = txn.Commit(); !s.ok()) return s;
  revision_.store(static_cast<uint64_t>(revision), std::memory_order_release);
  return static_cast<uint64_t>(revision);
}

Status SqliteStore::InsertAudit(const AuditEntry& e, uint64_t revision) {
  auto id = writer_->QueryInt(sql::kNextAuditId);
  if (!id.ok()) return id.status();
  auto insert = writer_->Prepare(sql::kInsertAudit);
  if (!insert.ok()) return insert.status();
  insert->Bind(1, *id).Bind(2, e.at_ms).Bind(3, e.request_id).Bind(4, e.caller);
  insert->Bind(5, e.source_ip).Bind(6, e.action).Bind(7, e.resource).Bind(8, e.workspace_id);
  insert->Bind(9, e.operation).Bind(10, e.parameters).Bind(11, e.result);
  insert->Bind(12, static_cast<int64_t>(e.http_status)).Bind(13, ClampToInt64(revision));
  return insert->Run();
}

Status SqliteStore::AppendAudits(std::span<const AuditEntry> entries) {
  if (entries.empty()) return Status::Ok();
  std::lock_guard<std::mutex> lock(write_mu_);
  Transaction txn(writer_.get());
  if (Status s = txn.Begin(/*write=*/true); !s.ok()) return s;
  for (const AuditEntry& entry : entries) {
    if (Status s = InsertAudit(entry, entry.revision); !s.ok()) return s;
  }
  return txn.Commit();
}

Status SqliteStore::ReadChanges(uint64_t after, std::vector<Change>* out) const {
  std::lock_guard<std::mutex> lock(read_mu_);
  auto stmt = reader_->Prepare(sql::kChangesAfter);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, ClampToInt64(after)).Bind(2, static_cast<int64_t>(kChangeBatch));
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    Change c;
    c.revision = static_cast<uint64_t>(stmt->Int(0));
    c.at_ms = stmt->Int(1);
    c.actor = stmt->Text(2);
    c.request_id = stmt->Text(3);
    c.operation = stmt->Text(4);
    c.body = stmt->Text(5);
    out->push_back(std::move(c));
  }
}

Status SqliteStore::ForEachChange(uint64_t after,
                                  const std::function<Status(const Change&)>& fn) const {
  // Batches keep the reader lock short and let `fn` call back into the store. The log is
  // append-only with contiguous revisions, so reading it in pieces is still consistent.
  std::vector<Change> batch;
  for (;;) {
    batch.clear();
    if (Status s = ReadChanges(after, &batch); !s.ok()) return s;
    for (const Change& c : batch) {
      if (Status s = fn(c); !s.ok()) return s;
    }
    if (batch.size() < kChangeBatch) return Status::Ok();
    after = batch.back().revision;
  }
}

StatusOr<AuditPage> SqliteStore::QueryAudit(const AuditQuery& query) const {
  if (query.limit < 1 || query.limit > kMaxAuditPage) {
    return internal::Invalid("audit page size " + std::to_string(query.limit) +
                             " is not between 1 and " + std::to_string(kMaxAuditPage));
  }
  const std::string text = sql::AuditQuery(query.workspace_id.has_value(),
                                           query.caller.has_value(), query.action.has_value());
  AuditPage page;
  std::lock_guard<std::mutex> lock(read_mu_);
  auto stmt = reader_->Prepare(text);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, ClampToInt64(query.marker)).Bind(2, query.from_ms).Bind(3, query.to_ms);
  stmt->Bind(4, static_cast<int64_t>(query.limit) + 1);  // one more tells whether it is truncated
  if (query.workspace_id) stmt->Bind(5, *query.workspace_id);
  if (query.caller) stmt->Bind(6, *query.caller);
  if (query.action) stmt->Bind(7, *query.action);
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (page.entries.size() == query.limit) {
      page.truncated = true;
      page.next_marker = page.entries.back().id;
      break;
    }
    page.entries.push_back(ReadAudit(*stmt));
  }
  return page;
}

StatusOr<std::optional<std::string>> SqliteStore::GetSetting(std::string_view key) const {
  std::lock_guard<std::mutex> lock(read_mu_);
  auto stmt = reader_->Prepare(sql::kGetSetting);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, key);
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt->Text(0));
}

Status SqliteStore::PutSetting(std::string_view key, std::string_view value) {
  std::lock_guard<std::mutex> lock(write_mu_);
  auto stmt = writer_->Prepare(sql::kPutSetting);  // one statement: its own transaction
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, key).Bind(2, value);
  return stmt->Run();
}

Status SqliteStore::SaveCheckpoint(uint64_t revision, std::string_view state) {
  std::lock_guard<std::mutex> lock(write_mu_);
  Transaction txn(writer_.get());
  if (Status s = txn.Begin(/*write=*/true); !s.ok()) return s;
  auto current = writer_->QueryInt(sql::kGetRevision);
  if (!current.ok()) return current.status();
  if (revision > static_cast<uint64_t>(*current)) {
    return internal::Invalid("checkpoint at revision " + std::to_string(revision) +
                             " is ahead of the store's revision " + std::to_string(*current));
  }
  {
    auto put = writer_->Prepare(sql::kPutCheckpoint);
    if (!put.ok()) return put.status();
    put->Bind(1, static_cast<int64_t>(revision)).Bind(2, state).Bind(3, internal::NowMs());
    if (Status s = put->Run(); !s.ok()) return s;
  }
  auto prune = writer_->Prepare(sql::kPruneCheckpoints);
  if (!prune.ok()) return prune.status();
  if (Status s = prune->Run(); !s.ok()) return s;
  return txn.Commit();
}

StatusOr<std::optional<std::pair<uint64_t, std::string>>> SqliteStore::LatestCheckpoint() const {
  using Result = std::optional<std::pair<uint64_t, std::string>>;
  std::lock_guard<std::mutex> lock(read_mu_);
  auto stmt = reader_->Prepare(sql::kLatestCheckpoint);
  if (!stmt.ok()) return stmt.status();
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Result();
  return Result(std::make_pair(static_cast<uint64_t>(stmt->Int(0)), stmt->Text(1)));
}

Status SqliteStore::Backup(const std::string& path) const {
  return internal::BackupDatabase(path_, busy_timeout_ms_, path);
}

Status SqliteStore::CheckIntegrity() const {
  auto conn = Connection::Open(path_, SQLITE_OPEN_READWRITE, busy_timeout_ms_);
  if (!conn.ok()) return conn.status();
  if (Status s = (*conn)->Exec(sql::kQueryOnly); !s.ok()) return s;
  return internal::CheckDatabase(**conn);
}

// Opens the writer, vets the file, switches it to WAL and brings the schema up to date.
StatusOr<std::unique_ptr<Connection>> OpenWriter(const std::string& path,
                                                 const SqliteOptions& options) {
  const int flags = SQLITE_OPEN_READWRITE | (options.create_if_missing ? SQLITE_OPEN_CREATE : 0);
  auto writer = Connection::Open(path, flags, options.busy_timeout_ms);
  if (!writer.ok()) return writer.status();
  Connection& conn = **writer;
  auto version = internal::SchemaVersion(conn);
  if (!version.ok()) return version.status();
  if (Status s = internal::CheckOpenable(conn, *version, false); !s.ok()) return s;
  auto mode = conn.QueryText(sql::kJournalModeWal);
  if (!mode.ok()) return mode.status();
  if (*mode != "wal") {
    return Status(StatusCode::kInternal, "store.sqlite",
                  path + ": cannot use write-ahead logging (journal mode is " + *mode + ")");
  }
  if (Status s = conn.Exec(sql::kSynchronousFull); !s.ok()) return s;
  if (Status s = internal::Migrate(conn, kSqliteSchemaVersion); !s.ok()) return s;
  return writer;
}

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                 const SqliteOptions& options) {
  if (!options.create_if_missing && !internal::FileExists(path)) {
    return Status(StatusCode::kNotFound, "store.not-found", path + " does not exist");
  }
  auto writer = OpenWriter(path, options);
  if (!writer.ok()) return writer.status();
  auto revision = (*writer)->QueryInt(sql::kGetRevision);
  if (!revision.ok()) return revision.status();
  auto version = internal::SchemaVersion(**writer);
  if (!version.ok()) return version.status();
  auto reader = Connection::Open(path, SQLITE_OPEN_READWRITE, options.busy_timeout_ms);
  if (!reader.ok()) return reader.status();
  if (Status s = (*reader)->Exec(sql::kQueryOnly); !s.ok()) return s;
  return std::unique_ptr<Store>(new SqliteStore(path, options.busy_timeout_ms,
                                                std::move(*writer), std::move(*reader),
                                                static_cast<uint64_t>(*revision), *version));
}

}  // namespace paiam::store
