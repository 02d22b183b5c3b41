// Tests for schema versions: an old database upgrades in place keeping its data, a newer one
// and files that are not paiam databases are refused without being modified.
#include <gtest/gtest.h>

#include <string>
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

TEST(StoreMigration, VersionOneUpgradesInPlaceKeepingData) {
  TempDir dir;
  const std::string path = dir.file("paiam.db");
  ASSERT_OK(CreateSqliteStoreAtVersion(path, 1));
  EXPECT_EQ(RawSql(path, "PRAGMA user_version"), std::vector<std::string>{"1"});
  // Version 1 has no audit table yet; write a change the way a v1 paiam did.
  EXPECT_EQ(RawSql(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit'"),
            std::vector<std::string>{"0"});
  RawSql(path,
         "INSERT INTO changes (revision, at_ms, actor, request_id, operation, body) "
         "VALUES (1, 42, 'acs:ram::1:root', 'r1', 'CreateUser', '{\"UserName\":\"bob\"}');"
         "UPDATE meta SET revision = 1;");

  auto store = OpenOrDie(path);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->schema_version(), kSqliteSchemaVersion);
  EXPECT_EQ(store->revision(), 1u);
  std::vector<Change> all = AllChanges(*store);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].at_ms, 42);
  EXPECT_EQ(all[0].body, "{\"UserName\":\"bob\"}");
  // The version-2 tables work.
  AuditEntry audit;
  audit.result = "Success";
  auto next = store->Commit(OneChange("CreateGroup", "{}"), &audit);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(*next, 2u);
  ASSERT_OK(store->PutSetting("k", "v"));
  ASSERT_OK(store->CheckIntegrity());
  store.reset();
  EXPECT_EQ(RawSql(path, "PRAGMA user_version"),
            std::vector<std::string>{std::to_string(kSqliteSchemaVersion)});
  EXPECT_EQ(RawSql(path, "SELECT version FROM schema_migrations ORDER BY version"),
            (std::vector<std::string>{"1", "2"}));
}

TEST(StoreMigration, NewDatabaseRecordsEveryMigration) {
  TempDir dir;
  const std::string path = dir.file("paiam.db");
  ASSERT_NE(OpenOrDie(path), nullptr);
  EXPECT_EQ(RawSql(path, "SELECT description FROM schema_migrations ORDER BY version"),
            (std::vector<std::string>{"change log: meta, changes",
                                      "audit, settings, checkpoints"}));
  EXPECT_EQ(RawSql(path, "PRAGMA journal_mode"), std::vector<std::string>{"wal"});
  // Reopening a current database applies nothing more.
  ASSERT_NE(OpenOrDie(path), nullptr);
  EXPECT_EQ(RawSql(path, "SELECT COUNT(*) FROM schema_migrations"),
            std::vector<std::string>{"2"});
}

TEST(StoreMigration, NewerSchemaIsRefusedUntouched) {
  TempDir dir;
  const std::string path = dir.file("paiam.db");
  ASSERT_NE(OpenOrDie(path), nullptr);
  RawSql(path, "PRAGMA user_version = 999");
  const std::string before = ReadBytes(path);
  auto store = OpenSqliteStore(path);
  EXPECT_RULE(store.status(), kFailedPrecondition, "store.schema-too-new");
  EXPECT_EQ(store.status().message(),
            path + " has schema version 999 but this paiam supports up to " +
                std::to_string(kSqliteSchemaVersion) + ": upgrade paiam or restore a backup");
  EXPECT_EQ(ReadBytes(path), before);
}

TEST(StoreMigration, NotADatabaseIsRefused) {
  TempDir dir;
  const std::string path = dir.file("paiam.db");
  const std::string garbage = std::string(4096, 'x') + "this is not SQLite";
  WriteBytes(path, garbage);
  auto store = OpenSqliteStore(path);
  EXPECT_RULE(store.status(), kFailedPrecondition, "store.not-a-database");
  EXPECT_NE(store.status().message().find(path), std::string::npos);
  EXPECT_EQ(ReadBytes(path), garbage);
}

TEST(StoreMigration, AnotherProgramsDatabaseIsRefused) {
  TempDir dir;
  const std::string path = dir.file("other.db");
  RawSql(path, "CREATE TABLE users (id INTEGER); INSERT INTO users VALUES (1);");
  auto store = OpenSqliteStore(path);
  EXPECT_RULE(store.status(), kFailedPrecondition, "store.not-a-paiam-database");
  EXPECT_EQ(RawSql(path, "SELECT COUNT(*) FROM sqlite_master"), std::vector<std::string>{"1"});
}

TEST(StoreMigration, CreateAtVersionValidatesItsArguments) {
  TempDir dir;
  EXPECT_RULE(CreateSqliteStoreAtVersion(dir.file("a.db"), 0), kInvalidArgument,
              "store.invalid-argument");
  EXPECT_RULE(CreateSqliteStoreAtVersion(dir.file("a.db"), kSqliteSchemaVersion + 1),
              kInvalidArgument, "store.invalid-argument");
  ASSERT_OK(CreateSqliteStoreAtVersion(dir.file("a.db"), kSqliteSchemaVersion));
  EXPECT_RULE(CreateSqliteStoreAtVersion(dir.file("a.db"), 1), kAlreadyExists,
              "store.file-exists");
}

}  // namespace
}  // namespace paiam::store
