// Tests for online backup and restore: a backup taken while another thread commits is a
// consistent database; restore installs it, and refuses newer, foreign and damaged files
// without touching the target.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite_store.h"
#include "store/store.h"
#include "store_test_util.h"

namespace paiam::store {
namespace {

using testing::AllChanges;
using testing::OneChange;
using testing::OpenOrDie;
using testing::RawSql;
using testing::ReadBytes;
using testing::TempDir;
using testing::WriteBytes;

// A store at `path` with `n` commits, each with an audit entry; closed again.
void MakeStore(const std::string& path, int n) {
  auto store = OpenOrDie(path);
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < n; ++i) {
    AuditEntry audit;
    audit.result = "Success";
    ASSERT_TRUE(store->Commit(OneChange("Op", "{\"i\":" + std::to_string(i) + "}"), &audit).ok());
  }
}

TEST(StoreBackup, BackupWhileCommittingIsConsistentAndRestores) {
  TempDir dir;
  auto store = OpenOrDie(dir.file("paiam.db"));
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(store->Commit(OneChange("Seed", "{}"), nullptr).ok());

  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::thread writer([&] {
    while (!stop.load()) {
      AuditEntry audit;
      audit.result = "Success";
      if (!store->Commit(OneChange("During", "{}"), &audit).ok()) ++failures;
    }
  });
  // Let the writer get going, then back up in the middle of its commits.
  while (store->revision() < 60) std::this_thread::yield();
  Status backed_up = store->Backup(dir.file("backup.db"));
  const uint64_t after_backup = store->revision();
  stop = true;
  writer.join();
  ASSERT_OK(backed_up);
  EXPECT_EQ(failures.load(), 0);

  // The copy is one self-contained file (not WAL), intact, and holds a prefix of the log.
  EXPECT_FALSE(std::filesystem::exists(dir.file("backup.db-wal")));
  EXPECT_EQ(RawSql(dir.file("backup.db"), "PRAGMA journal_mode"),
            std::vector<std::string>{"delete"});
  uint64_t backup_revision = 0;
  {
    auto copy = OpenOrDie(dir.file("backup.db"));
    ASSERT_NE(copy, nullptr);
    ASSERT_OK(copy->CheckIntegrity());
    backup_revision = copy->revision();
    EXPECT_GE(backup_revision, 60u);
    EXPECT_LE(backup_revision, after_backup);
    EXPECT_EQ(AllChanges(*copy).size(), backup_revision);
  }
  // Opening the copy switched it to WAL format; restore copes with that.
  ASSERT_OK(store->CheckIntegrity());
  ASSERT_OK(RestoreSqliteStore(dir.file("backup.db"), dir.file("restored.db")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("restored.db.tmp")));
  auto restored = OpenOrDie(dir.file("restored.db"));
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(restored->revision(), backup_revision);
  ASSERT_OK(restored->CheckIntegrity());
  auto page = restored->QueryAudit({});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->entries.size(), backup_revision - 50);
}

TEST(StoreBackup, BackupRefusesToOverwrite) {
  TempDir dir;
  auto store = OpenOrDie(dir.file("paiam.db"));
  ASSERT_NE(store, nullptr);
  WriteBytes(dir.file("taken"), "precious");
  EXPECT_RULE(store->Backup(dir.file("taken")), kAlreadyExists, "store.file-exists");
  EXPECT_EQ(ReadBytes(dir.file("taken")), "precious");
  EXPECT_RULE(store->Backup(dir.file("no/such/dir/b.db")), kInternal, "store.io");
}

TEST(StoreBackup, RestoreReplacesAnExistingTargetAndItsLog) {
  TempDir dir;
  MakeStore(dir.file("source.db"), 3);
  {
    auto source = OpenOrDie(dir.file("source.db"));
    ASSERT_NE(source, nullptr);
    ASSERT_OK(source->Backup(dir.file("backup.db")));
  }
  const std::string target = dir.file("paiam.db");
  MakeStore(target, 7);
  WriteBytes(target + "-wal", "stale log of the old database");
  ASSERT_OK(RestoreSqliteStore(dir.file("backup.db"), target));
  EXPECT_FALSE(std::filesystem::exists(target + "-wal"));
  auto store = OpenOrDie(target);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->revision(), 3u);
  ASSERT_OK(store->CheckIntegrity());
}

// Restore must refuse `backup` with `rule` and leave the existing target byte-for-byte alone.
void ExpectRefused(const TempDir& dir, const std::string& backup, StatusCode code,
                   const std::string& rule) {
  const std::string target = dir.file("target.db");
  if (!std::filesystem::exists(target)) MakeStore(target, 2);
  const std::string before = ReadBytes(target);
  Status s = RestoreSqliteStore(backup, target);
  EXPECT_EQ(s.code(), code) << s.ToString();
  EXPECT_EQ(s.rule(), rule) << s.ToString();
  EXPECT_NE(s.message().find(backup), std::string::npos) << s.ToString();
  EXPECT_EQ(ReadBytes(target), before);
  EXPECT_FALSE(std::filesystem::exists(target + ".tmp"));
  auto store = OpenOrDie(target);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->revision(), 2u);
}

TEST(StoreBackup, RestoreRefusesANewerSchema) {
  TempDir dir;
  MakeStore(dir.file("newer.db"), 1);
  RawSql(dir.file("newer.db"), "PRAGMA user_version = 999");
  ExpectRefused(dir, dir.file("newer.db"), StatusCode::kFailedPrecondition,
                "store.schema-too-new");
}

TEST(StoreBackup, RestoreRefusesACorruptFile) {
  TempDir dir;
  const std::string path = dir.file("corrupt.db");
  MakeStore(path, 300);
  RawSql(path, "PRAGMA journal_mode = DELETE");  // fold the WAL into the file
  std::string bytes = ReadBytes(path);
  ASSERT_GT(bytes.size(), 8192u);
  // Damage the middle of the file (table pages, not the header or the schema page).
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 2048; ++i) bytes[i] = '\x5a';
  WriteBytes(path, bytes);
  ExpectRefused(dir, path, StatusCode::kInternal, "store.integrity");
}

TEST(StoreBackup, RestoreRefusesNonPaiamFiles) {
  TempDir dir;
  WriteBytes(dir.file("garbage.db"), std::string(8192, 'g'));
  ExpectRefused(dir, dir.file("garbage.db"), StatusCode::kFailedPrecondition,
                "store.not-a-database");
  RawSql(dir.file("empty.db"), "PRAGMA user_version");  // a valid but empty SQLite file
  ExpectRefused(dir, dir.file("empty.db"), StatusCode::kFailedPrecondition,
                "store.not-a-paiam-database");
  ExpectRefused(dir, dir.file("absent.db"), StatusCode::kNotFound, "store.not-found");
}

}  // namespace
}  // namespace paiam::store
