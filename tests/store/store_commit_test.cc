// Tests for the SQLite store's change log, settings, checkpoints and integrity check: commits
// get contiguous revisions, a failed commit writes nothing, and everything survives a reopen.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/sqlite_store.h"
#include "store/store.h"
#include "store_test_util.h"

namespace paiam::store {
namespace {

using testing::AllChanges;
using testing::MakeChange;
using testing::OneChange;
using testing::OpenOrDie;
using testing::RawSql;
using testing::TempDir;

TEST(StoreCommit, RoundTripWithContiguousRevisions) {
  TempDir dir;
  auto store = OpenOrDie(dir.file("paiam.db"));
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->revision(), 0u);
  EXPECT_EQ(store->schema_version(), kSqliteSchemaVersion);
  EXPECT_TRUE(AllChanges(*store).empty());

  auto first = store->Commit(OneChange("CreateUser", R"({"UserName":"alice"})"), nullptr);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, 1u);
  std::vector<Change> two = {MakeChange("CreateGroup", R"({"GroupName":"g"})", 5),
                             MakeChange("AddUserToGroup", R"({"UserName":"alice"})", 6)};
  auto second = store->Commit(two, nullptr);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*second, 3u);
  EXPECT_EQ(store->revision(), 3u);

  std::vector<Change> all = AllChanges(*store);
  ASSERT_EQ(all.size(), 3u);
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].revision, i + 1);
  EXPECT_EQ(all[0].operation, "CreateUser");
  EXPECT_EQ(all[0].body, R"({"UserName":"alice"})");
  EXPECT_EQ(all[0].actor, "acs:ram::1000000000000001:root");
  EXPECT_EQ(all[0].request_id, "req-CreateUser");
  EXPECT_EQ(all[1].at_ms, 5);
  EXPECT_EQ(all[2].operation, "AddUserToGroup");

  std::vector<Change> tail = AllChanges(*store, 2);
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0].revision, 3u);
  EXPECT_TRUE(AllChanges(*store, 3).empty());
  EXPECT_TRUE(AllChanges(*store, UINT64_MAX).empty());
  EXPECT_TRUE(store->CheckIntegrity().ok());
}

TEST(StoreCommit, BodiesKeepArbitraryBytes) {
  TempDir dir;
  auto store = OpenOrDie(dir.file("paiam.db"));
  ASSERT_NE(store, nullptr);
  const std::string body = std::string("{\"k\":\"caf\xc3\xa9\"}") + std::string(1, '\0') + "x";
  ASSERT_TRUE(store->Commit(OneChange("Op", body), nullptr).ok());
  std::vector<Change> all = AllChanges(*store);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].body, body);
}

TEST(StoreCommit, FailedCommitWritesNothing) {
  TempDir dir;
  auto store = OpenOrDie(dir.file("paiam.db"));
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Commit(OneChange("CreateUser", "{}"), nullptr).ok());

  // The second change violates CHECK (operation <> ''): the first must be rolled back too,
  // and so must the audit entry.
  std::vector<Change> bad = {MakeChange("CreateGroup", "{}"), MakeChange("", "{}")};
  AuditEntry audit;
  audit.operation = "CreateGroup";
  audit.result = "Success";
  auto failed = store->Commit(bad, &audit);
  EXPECT_RULE(failed.status(), kInternal, "store.sqlite");
  EXPECT_NE(failed.status().message().find("CHECK constraint failed"), std::string::npos)
      << failed.status().message();
  EXPECT_EQ(store->revision(), 1u);
  EXPECT_EQ(AllChanges(*store).size(), 1u);
  auto page = store->QueryAudit({});
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->entries.empty());

  // The store is still usable and the next revision follows on.
  auto next = store->Commit(OneChange("CreateGroup", "{}"), nullptr);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(*next, 2u);
  EXPECT_TRUE(store->CheckIntegrity().ok());
}

TEST(StoreCommit, EmptyCommitIsRefused) {
  TempDir dir;
  auto store = OpenOrDie(dir.file("paiam.db"));
  ASSERT_NE(store, nullptr);
  EXPECT_RULE(store->Commit({}, nullptr).status(), kInvalidArgument, "store.empty-commit");
  EXPECT_EQ(store->revision(), 0u);
}

TEST(StoreCommit, ForEachChangeStopsAtTheFirstErrorAndCrossesBatches) {
  TempDir dir;
  auto store = OpenOrDie(dir.file("paiam.db"));
  ASSERT_NE(store, nullptr);
  std::vector<Change> many;
  for (int i = 0; i < 600; ++i) many.push_back(MakeChange("Op" + std::to_string(i), "{}"));
  ASSERT_TRUE(store->Commit(many, nullptr).ok());

  std::vector<Change> all = AllChanges(*store);
  ASSERT_EQ(all.size(), 600u);
  for (size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i].revision, i + 1);
    ASSERT_EQ(all[i].operation, "Op" + std::to_string(i));
  }
  int seen = 0;
  Status s = store->ForEachChange(0, [&](const Change& c) {
    ++seen;
    // The callback may use the store (no lock is held while it runs).
    EXPECT_TRUE(store->GetSetting("x").ok());
    if (c.revision == 300) return Status(StatusCode::kInternal, "test.stop", "stop");
    return Status::Ok();
  });
  EXPECT_EQ(s.rule(), "test.stop");
  EXPECT_EQ(seen, 300);
}

TEST(StoreCommit, SettingsAndCheckpoints) {
  TempDir dir;
  auto store = OpenOrDie(dir.file("paiam.db"));
  ASSERT_NE(store, nullptr);
  auto missing = store->GetSetting("account_id");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  ASSERT_OK(store->PutSetting("account_id", "1000000000000001"));
  ASSERT_OK(store->PutSetting("account_id", "1000000000000002"));  // replaces
  auto got = store->GetSetting("account_id");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->value_or(""), "1000000000000002");

  auto none = store->LatestCheckpoint();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_RULE(store->SaveCheckpoint(1, "{}"), kInvalidArgument, "store.invalid-argument");
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(store->Commit(OneChange("Op", "{}"), nullptr).ok());
  ASSERT_OK(store->SaveCheckpoint(0, "state0"));
  ASSERT_OK(store->SaveCheckpoint(2, "state2"));
  ASSERT_OK(store->SaveCheckpoint(3, "state3-old"));
  ASSERT_OK(store->SaveCheckpoint(3, "state3"));  // same revision: replaced
  ASSERT_OK(store->SaveCheckpoint(1, "state1"));  // older than the newest 2: pruned at once
  auto latest = store->LatestCheckpoint();
  ASSERT_TRUE(latest.ok());
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->first, 3u);
  EXPECT_EQ((*latest)->second, "state3");
  store.reset();
  EXPECT_EQ(RawSql(dir.file("paiam.db"), "SELECT revision FROM checkpoints ORDER BY revision"),
            (std::vector<std::string>{"2", "3"}));
}

TEST(StoreCommit, EverythingPersistsAcrossReopen) {
  TempDir dir;
  const std::string path = dir.file("paiam.db");
  {
    auto store = OpenOrDie(path);
    ASSERT_NE(store, nullptr);
    AuditEntry audit;
    audit.caller = "acs:ram::1:root";
    audit.result = "Success";
    ASSERT_TRUE(store->Commit(OneChange("CreateUser", R"({"a":1})"), &audit).ok());
    ASSERT_TRUE(store->Commit(OneChange("DeleteUser", R"({"a":2})"), nullptr).ok());
    ASSERT_OK(store->PutSetting("root_key", "sealed"));
    ASSERT_OK(store->SaveCheckpoint(2, "snapshot"));
  }
  auto store = OpenOrDie(path);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->revision(), 2u);
  std::vector<Change> all = AllChanges(*store);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].operation, "DeleteUser");
  EXPECT_EQ(all[1].body, R"({"a":2})");
  auto page = store->QueryAudit({});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries[0].caller, "acs:ram::1:root");
  EXPECT_EQ(page->entries[0].revision, 1u);
  EXPECT_EQ(store->GetSetting("root_key")->value_or(""), "sealed");
  auto checkpoint = store->LatestCheckpoint();
  ASSERT_TRUE(checkpoint.ok() && checkpoint->has_value());
  EXPECT_EQ((*checkpoint)->second, "snapshot");
  // The next commit continues the sequence.
  EXPECT_EQ(store->Commit(OneChange("Op", "{}"), nullptr).value(), 3u);
}

TEST(StoreCommit, MissingFileWithoutCreateIsNotFound) {
  TempDir dir;
  SqliteOptions options;
  options.create_if_missing = false;
  auto store = OpenSqliteStore(dir.file("absent.db"), options);
  EXPECT_RULE(store.status(), kNotFound, "store.not-found");
  EXPECT_FALSE(std::filesystem::exists(dir.file("absent.db")));
}

TEST(StoreCommit, CheckIntegrityFindsGapsAndAWrongRevision) {
  TempDir dir;
  const std::string path = dir.file("paiam.db");
  {
    auto store = OpenOrDie(path);
    ASSERT_NE(store, nullptr);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(store->Commit(OneChange("Op", "{}"), nullptr).ok());
    ASSERT_OK(store->CheckIntegrity());
    RawSql(path, "DELETE FROM changes WHERE revision = 2");
    Status gap = store->CheckIntegrity();
    EXPECT_RULE(gap, kInternal, "store.integrity");
    EXPECT_NE(gap.message().find("gaps"), std::string::npos) << gap.message();
    RawSql(path, "INSERT INTO changes VALUES (2, 0, '', '', 'Op', '{}'); "
                 "UPDATE meta SET revision = 7");
    Status wrong = store->CheckIntegrity();
    EXPECT_RULE(wrong, kInternal, "store.integrity");
    EXPECT_NE(wrong.message().find("recorded revision is 7 but the last change is 3"),
              std::string::npos)
        << wrong.message();
  }
}

}  // namespace
}  // namespace paiam::store
