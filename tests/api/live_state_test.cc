// LiveState: writes are logged, replayed identically after a reopen, refused writes leave no
// trace, secrets are sealed in the log, batches are atomic, and revision waits are bounded.
#include "api/live_state.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "api/ops_internal.h"
#include "identity/arn.h"
#include "store/sqlite_store.h"

namespace paiam::api {
namespace {

constexpr char kAccount[] = "1000000000000001";

class LiveStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/paiam-live-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<LiveState> Open() {
    auto store = store::OpenSqliteStore(dir_ + "/paiam.db");
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    auto live = LiveState::Open(std::move(*store), auth::SecretBox::FromKey(std::string(32, 'k')));
    EXPECT_TRUE(live.ok()) << live.status().ToString();
    return std::move(*live);
  }

  static Status AllowAll(const Published&, const AuthzTarget&) { return Status::Ok(); }

  StatusOr<WriteResult> Write(LiveState& live, std::string_view op, Json params) {
    const Operation* operation = FindOperation(op);
    EXPECT_NE(operation, nullptr) << op;
    return live.Write(*operation, std::move(params), root_, {"req-1", "127.0.0.1", now_},
                      AllowAll);
  }

  void Bootstrap(LiveState& live) {
    auto result = Write(live, internal::kBootstrapOperation,
                        {{"AccountId", kAccount},
                         {"AccessKeyId", "LTAIrootkey000000001"},
                         {"AccessKeySecret", "rootSecretValue0123"}});
    ASSERT_TRUE(result.ok()) << result.status().ToString();
  }

  std::string dir_;
  Caller root_{kAccount, identity::RootArn(kAccount), identity::PrincipalType::kRoot};
  int64_t now_ = 1700000000000;
};

TEST_F(LiveStateTest, WritesAreReplayedIdenticallyAfterReopen) {
  Json user_before;
  {
    auto live = Open();
    Bootstrap(*live);
    ASSERT_TRUE(Write(*live, "CreateUser", {{"UserName", "alice"}}).ok());
    auto key = Write(*live, "CreateAccessKey", {{"UserName", "alice"}});
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    EXPECT_EQ(key->revision, 3u);
    EXPECT_EQ(live->current()->revision, 3u);
    const identity::User* alice = live->current()->snapshot->directory().FindUser(kAccount, "alice");
    ASSERT_NE(alice, nullptr);
    user_before = {{"id", alice->id}, {"create", alice->create_time}};
  }
  auto live = Open();
  EXPECT_EQ(live->current()->revision, 3u);
  const identity::Directory& directory = live->current()->snapshot->directory();
  const identity::User* alice = directory.FindUser(kAccount, "alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(user_before, (Json{{"id", alice->id}, {"create", alice->create_time}}));
  EXPECT_EQ(alice->create_time, now_);
  ASSERT_EQ(directory.ListAccessKeys(kAccount, "alice").size(), 1u);
  EXPECT_NE(directory.FindAccessKey("LTAIrootkey000000001"), nullptr);
  EXPECT_EQ(directory.FindAccessKey("LTAIrootkey000000001")->secret, "rootSecretValue0123");
}

TEST_F(LiveStateTest, SecretsAreSealedInTheLogAndRedactedInTheAudit) {
  auto live = Open();
  Bootstrap(*live);
  bool seen = false;
  ASSERT_TRUE(live->store()
                  .ForEachChange(0,
                                 [&](const store::Change& change) {
                                   EXPECT_EQ(change.body.find("rootSecretValue0123"),
                                             std::string::npos);
                                   EXPECT_NE(change.body.find("Sealed"), std::string::npos);
                                   seen = true;
                                   return Status::Ok();
                                 })
                  .ok());
  EXPECT_TRUE(seen);
  auto audit = live->store().QueryAudit({});
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->entries.size(), 1u);
  EXPECT_EQ(audit->entries[0].parameters.find("rootSecretValue0123"), std::string::npos);
  EXPECT_NE(audit->entries[0].parameters.find("***"), std::string::npos);
}

TEST_F(LiveStateTest, RefusedWritesLeaveNothingBehind) {
  auto live = Open();
  Bootstrap(*live);
  ASSERT_TRUE(Write(*live, "CreateUser", {{"UserName", "bob"}}).ok());
  auto duplicate = Write(*live, "CreateUser", {{"UserName", "bob"}});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.status().rule(), "EntityAlreadyExists.User");
  auto denied = live->Write(*FindOperation("CreateUser"), {{"UserName", "carol"}}, root_,
                            {"req-2", "127.0.0.1", now_},
                            [](const Published&, const AuthzTarget& target) {
                              EXPECT_EQ(target.action, "ram:CreateUser");
                              return Status(StatusCode::kPermissionDenied, "NoPermission", "no");
                            });
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.status().rule(), "NoPermission");
  EXPECT_EQ(live->store().revision(), 2u);
  EXPECT_EQ(live->current()->revision, 2u);
  EXPECT_EQ(live->current()->snapshot->directory().FindUser(kAccount, "carol"), nullptr);
}

TEST_F(LiveStateTest, BatchesAreAtomic) {
  auto live = Open();
  Bootstrap(*live);
  const Operation* create = FindOperation("CreateUser");
  std::vector<std::pair<const Operation*, Json>> batch = {
      {create, {{"UserName", "u1"}}}, {create, {{"UserName", "u2"}}}, {create, {{"UserName", "u1"}}}};
  auto refused = live->WriteBatch(batch, root_, {"req", "127.0.0.1", now_}, AllowAll);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("item 2"), std::string::npos)
      << refused.status().message();
  EXPECT_EQ(live->store().revision(), 1u);
  EXPECT_EQ(live->current()->snapshot->directory().FindUser(kAccount, "u1"), nullptr);
  batch.pop_back();
  auto applied = live->WriteBatch(batch, root_, {"req", "127.0.0.1", now_}, AllowAll);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(*applied, 3u);
  EXPECT_NE(live->current()->snapshot->directory().FindUser(kAccount, "u2"), nullptr);
}

TEST_F(LiveStateTest, WaitForIsBoundedAndWakesOnPublish) {
  auto live = Open();
  Bootstrap(*live);
  auto reached = live->WaitFor(1, std::chrono::milliseconds(10));
  ASSERT_TRUE(reached.ok());
  auto start = std::chrono::steady_clock::now();
  auto missed = live->WaitFor(5, std::chrono::milliseconds(50));
  EXPECT_FALSE(missed.ok());
  EXPECT_EQ(missed.status().rule(), "api.revision-not-reached");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_TRUE(Write(*live, "CreateUser", {{"UserName", "late"}}).ok());
  });
  auto woken = live->WaitFor(2, std::chrono::seconds(10));
  writer.join();
  ASSERT_TRUE(woken.ok()) << woken.status().ToString();
  EXPECT_GE((*woken)->revision, 2u);
}

TEST_F(LiveStateTest, AnUnknownLoggedOperationStopsTheReplayWithItsRevision) {
  {
    auto live = Open();
    Bootstrap(*live);
    store::Change change;
    change.at_ms = now_;
    change.actor = identity::RootArn(kAccount);
    change.operation = "NoSuchOperation";
    change.body = "{}";
    std::vector<store::Change> changes;
    changes.push_back(change);
    ASSERT_TRUE(live->store().Commit(std::move(changes), nullptr).ok());
  }
  auto store = store::OpenSqliteStore(dir_ + "/paiam.db");
  ASSERT_TRUE(store.ok());
  auto live = LiveState::Open(std::move(*store), auth::SecretBox::FromKey(std::string(32, 'k')));
  ASSERT_FALSE(live.ok());
  EXPECT_NE(live.status().message().find("change 2"), std::string::npos)
      << live.status().message();
}

}  // namespace
}  // namespace paiam::api
