// Tests for the access keys of identity::Directory: adding, quotas, status changes, deletion,
// ownership checks, and that a user holding keys cannot be deleted.
#include <gtest/gtest.h>

#include <string>

#include "identity/directory.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace paiam::identity {
namespace {

constexpr char kAcct[] = "1000000000000001";
constexpr char kOther[] = "1000000000000002";

#define EXPECT_RULE(expr, status_code, rule_id)                              \
  do {                                                                       \
    const ::paiam::Status s_ = (expr);                                       \
    EXPECT_EQ(s_.code(), ::paiam::StatusCode::status_code) << s_.ToString(); \
    EXPECT_EQ(s_.rule(), rule_id) << s_.ToString();                          \
  } while (0)

AccessKey Key(std::string id, std::string user, std::string account = kAcct) {
  return AccessKey{.id = std::move(id),
                   .secret = "S3cretS3cretS3cretS3cretS3cret",
                   .account_id = std::move(account),
                   .user_name = std::move(user)};
}

class AccessKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.CreateAccount(kAcct).ok());
    ASSERT_TRUE(dir_.CreateAccount(kOther).ok());
    ASSERT_TRUE(dir_.CreateUser(kAcct, {.name = "alice"}).ok());
    ASSERT_TRUE(dir_.CreateUser(kAcct, {.name = "bob"}).ok());
  }
  Directory dir_;
};

TEST_F(AccessKeysTest, AddFindListStampsTime) {
  dir_.SetNow(1700000000000);
  ASSERT_TRUE(dir_.AddAccessKey(Key("LTAIaaaa", "alice")).ok());
  dir_.SetNow(1700000001000);
  ASSERT_TRUE(dir_.AddAccessKey(Key("LTAIbbbb", "alice")).ok());
  const AccessKey* key = dir_.FindAccessKey("LTAIaaaa");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->user_name, "alice");
  EXPECT_EQ(key->account_id, kAcct);
  EXPECT_EQ(key->status, AccessKeyStatus::kActive);
  EXPECT_EQ(key->create_time, 1700000000000);
  EXPECT_EQ(key->secret, "S3cretS3cretS3cretS3cretS3cret");
  auto keys = dir_.ListAccessKeys(kAcct, "alice");
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0]->id, "LTAIaaaa");  // oldest first
  EXPECT_EQ(keys[1]->id, "LTAIbbbb");
  EXPECT_TRUE(dir_.ListAccessKeys(kAcct, "bob").empty());
  EXPECT_TRUE(dir_.ListAccessKeys(kAcct, "").empty());
  EXPECT_EQ(dir_.FindAccessKey("LTAIcccc"), nullptr);
  EXPECT_EQ(AccessKeyStatusName(AccessKeyStatus::kActive), "Active");
  EXPECT_EQ(AccessKeyStatusName(AccessKeyStatus::kInactive), "Inactive");
}

TEST_F(AccessKeysTest, IdsAreGloballyUnique) {
  ASSERT_TRUE(dir_.AddAccessKey(Key("LTAIaaaa", "alice")).ok());
  EXPECT_RULE(dir_.AddAccessKey(Key("LTAIaaaa", "bob")), kAlreadyExists,
              "EntityAlreadyExists.AccessKey");
  EXPECT_RULE(dir_.AddAccessKey(Key("LTAIaaaa", "", kOther)), kAlreadyExists,
              "EntityAlreadyExists.AccessKey");
  EXPECT_TRUE(dir_.ListAccessKeys(kAcct, "bob").empty());
}

TEST_F(AccessKeysTest, OwnerMustExist) {
  EXPECT_RULE(dir_.AddAccessKey(Key("LTAIaaaa", "carol")), kNotFound, "EntityNotExist.User");
  EXPECT_RULE(dir_.AddAccessKey(Key("LTAIaaaa", "", "999")), kNotFound,
              "identity.account-not-found");
  EXPECT_RULE(dir_.UpdateAccessKeyStatus(kAcct, "carol", "LTAIaaaa", AccessKeyStatus::kInactive),
              kNotFound, "EntityNotExist.User");
  EXPECT_RULE(dir_.DeleteAccessKey(kAcct, "carol", "LTAIaaaa"), kNotFound, "EntityNotExist.User");
}

TEST_F(AccessKeysTest, MalformedIdOrSecretIsRefused) {
  EXPECT_RULE(dir_.AddAccessKey(Key("", "alice")), kInvalidArgument,
              "InvalidParameter.AccessKeyId.Format");
  EXPECT_RULE(dir_.AddAccessKey(Key("LTAI-x", "alice")), kInvalidArgument,
              "InvalidParameter.AccessKeyId.Format");
  AccessKey bad = Key("LTAIaaaa", "alice");
  bad.secret = "";
  EXPECT_RULE(dir_.AddAccessKey(bad), kInvalidArgument, "InvalidParameter.AccessKeySecret.Format");
  bad.secret = "a/b";
  EXPECT_RULE(dir_.AddAccessKey(bad), kInvalidArgument, "InvalidParameter.AccessKeySecret.Format");
  EXPECT_EQ(dir_.FindAccessKey("LTAIaaaa"), nullptr);
}

TEST_F(AccessKeysTest, PerUserAndRootLimits) {
  ASSERT_TRUE(dir_.AddAccessKey(Key("LTAI1", "alice")).ok());
  ASSERT_TRUE(dir_.AddAccessKey(Key("LTAI2", "alice")).ok());
  EXPECT_RULE(dir_.AddAccessKey(Key("LTAI3", "alice")), kLimitExceeded,
              "LimitExceeded.User.AccessKey");
  // Another user's and the root's quotas are separate.
  ASSERT_TRUE(dir_.AddAccessKey(Key("LTAI3", "bob")).ok());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(dir_.AddAccessKey(Key("LTAIroot" + std::to_string(i), "")).ok());
  }
  EXPECT_RULE(dir_.AddAccessKey(Key("LTAIroot5", "")), kLimitExceeded,
              "LimitExceeded.User.AccessKey");
  // Deleting a key frees its slot.
  ASSERT_TRUE(dir_.DeleteAccessKey(kAcct, "alice", "LTAI1").ok());
  EXPECT_TRUE(dir_.AddAccessKey(Key("LTAI4", "alice")).ok());
}

TEST_F(AccessKeysTest, ConfigurableLimit) {
  Limits limits;
  limits.access_keys_per_user = 1;
  Directory dir(limits);
  ASSERT_TRUE(dir.CreateAccount(kAcct).ok());
  ASSERT_TRUE(dir.CreateUser(kAcct, {.name = "alice"}).ok());
  ASSERT_TRUE(dir.AddAccessKey(Key("LTAI1", "alice")).ok());
  EXPECT_RULE(dir.AddAccessKey(Key("LTAI2", "alice")), kLimitExceeded,
              "LimitExceeded.User.AccessKey");
}

TEST_F(AccessKeysTest, UpdateStatusOnlyByOwner) {
  ASSERT_TRUE(dir_.AddAccessKey(Key("LTAIaaaa", "alice")).ok());
  ASSERT_TRUE(dir_.AddAccessKey(Key("LTAIroot", "")).ok());
  EXPECT_RULE(dir_.UpdateAccessKeyStatus(kAcct, "bob", "LTAIaaaa", AccessKeyStatus::kInactive),
              kNotFound, "EntityNotExist.User.AccessKey");
  EXPECT_RULE(dir_.UpdateAccessKeyStatus(kAcct, "", "LTAIaaaa", AccessKeyStatus::kInactive),
              kNotFound, "EntityNotExist.User.AccessKey");
  EXPECT_RULE(dir_.UpdateAccessKeyStatus(kOther, "", "LTAIroot", AccessKeyStatus::kInactive),
              kNotFound, "EntityNotExist.User.AccessKey");
  EXPECT_RULE(dir_.UpdateAccessKeyStatus(kAcct, "alice", "LTAInone", AccessKeyStatus::kInactive),
              kNotFound, "EntityNotExist.User.AccessKey");
  EXPECT_EQ(dir_.FindAccessKey("LTAIaaaa")->status, AccessKeyStatus::kActive);
  ASSERT_TRUE(
      dir_.UpdateAccessKeyStatus(kAcct, "alice", "LTAIaaaa", AccessKeyStatus::kInactive).ok());
  EXPECT_EQ(dir_.FindAccessKey("LTAIaaaa")->status, AccessKeyStatus::kInactive);
  ASSERT_TRUE(dir_.UpdateAccessKeyStatus(kAcct, "", "LTAIroot", AccessKeyStatus::kInactive).ok());
  EXPECT_EQ(dir_.FindAccessKey("LTAIroot")->status, AccessKeyStatus::kInactive);
}

TEST_F(AccessKeysTest, DeleteOnlyByOwner) {
  ASSERT_TRUE(dir_.AddAccessKey(Key("LTAIaaaa", "alice")).ok());
  EXPECT_RULE(dir_.DeleteAccessKey(kAcct, "bob", "LTAIaaaa"), kNotFound,
              "EntityNotExist.User.AccessKey");
  EXPECT_NE(dir_.FindAccessKey("LTAIaaaa"), nullptr);
  ASSERT_TRUE(dir_.DeleteAccessKey(kAcct, "alice", "LTAIaaaa").ok());
  EXPECT_EQ(dir_.FindAccessKey("LTAIaaaa"), nullptr);
  EXPECT_TRUE(dir_.ListAccessKeys(kAcct, "alice").empty());
  EXPECT_RULE(dir_.DeleteAccessKey(kAcct, "alice", "LTAIaaaa"), kNotFound,
              "EntityNotExist.User.AccessKey");
}

TEST_F(AccessKeysTest, DeleteUserRefusedWhileItHasKeys) {
  ASSERT_TRUE(dir_.AddAccessKey(Key("LTAIaaaa", "alice")).ok());
  EXPECT_RULE(dir_.DeleteUser(kAcct, "alice"), kFailedPrecondition,
              "DeleteConflict.User.AccessKey");
  EXPECT_NE(dir_.FindUser(kAcct, "alice"), nullptr);
  ASSERT_TRUE(dir_.DeleteAccessKey(kAcct, "alice", "LTAIaaaa").ok());
  EXPECT_TRUE(dir_.DeleteUser(kAcct, "alice").ok());
}

TEST_F(AccessKeysTest, CopiesAreIndependent) {
  ASSERT_TRUE(dir_.AddAccessKey(Key("LTAIaaaa", "alice")).ok());
  Directory copy = dir_;
  ASSERT_TRUE(copy.DeleteAccessKey(kAcct, "alice", "LTAIaaaa").ok());
  EXPECT_NE(dir_.FindAccessKey("LTAIaaaa"), nullptr);
  EXPECT_EQ(copy.FindAccessKey("LTAIaaaa"), nullptr);
}

}  // namespace
}  // namespace paiam::identity
