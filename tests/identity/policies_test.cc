// Tests for identity::Directory's custom policies, versions, attachments and effective
// policies.
#include <gtest/gtest.h>

#include <string>

#include "identity/directory.h"

// g++ before 14 warns about members a designated initializer leaves to their defaults, which
// is exactly how these tests spell specs and limits.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace paiam::identity {
namespace {

constexpr char kAcct[] = "1000000000000001";

#define EXPECT_RULE(expr, status_code, rule_id)                              \
  do {                                                                       \
    const ::paiam::Status s_ = (expr);                                       \
    EXPECT_EQ(s_.code(), ::paiam::StatusCode::status_code) << s_.ToString(); \
    EXPECT_EQ(s_.rule(), rule_id) << s_.ToString();                          \
  } while (0)

std::string Doc(const std::string& action) {
  return R"({"Version":"1","Statement":[{"Effect":"Allow","Action":")" + action +
         R"(","Resource":"*"}]})";
}

ManagedPolicy SystemPolicy(const std::string& name) {
  ManagedPolicy p;
  p.name = name;
  p.default_version_id = "v1";
  p.versions.push_back(PolicyVersion{.version_id = "v1", .text = Doc("oss:*")});
  return p;
}

std::vector<std::string> Versions(const ManagedPolicy& p) {
  std::vector<std::string> out;
  for (const PolicyVersion& v : p.versions) out.push_back(v.version_id);
  return out;
}

class PoliciesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.CreateAccount(kAcct).ok());
    ASSERT_TRUE(dir_.CreateUser(kAcct, {.name = "alice"}).ok());
    ASSERT_TRUE(dir_.CreateGroup(kAcct, "devs").ok());
    ASSERT_TRUE(dir_.AddSystemPolicy(SystemPolicy("AliyunOSSFullAccess")).ok());
  }
  const ManagedPolicy& Custom(const std::string& name) {
    return *dir_.FindPolicy(PolicyType::kCustom, kAcct, name);
  }
  Directory dir_;
};

TEST_F(PoliciesTest, CreatePolicyValidates) {
  ASSERT_TRUE(dir_.CreatePolicy(kAcct, {"ReadDatasets", "desc", Doc("paidataset:Get*")}).ok());
  const ManagedPolicy& p = Custom("ReadDatasets");
  EXPECT_EQ(p.default_version_id, "v1");
  EXPECT_EQ(p.DefaultVersion().document.statements.size(), 1u);
  EXPECT_EQ(p.type, PolicyType::kCustom);

  EXPECT_RULE(dir_.CreatePolicy(kAcct, {"ReadDatasets", "", Doc("a:b")}), kAlreadyExists,
              "EntityAlreadyExists.Policy");
  EXPECT_RULE(dir_.CreatePolicy(kAcct, {"Read_Datasets", "", Doc("a:b")}), kInvalidArgument,
              "InvalidParameter.PolicyName.InvalidChars");
  EXPECT_RULE(dir_.CreatePolicy(kAcct, {std::string(129, 'P'), "", Doc("a:b")}), kInvalidArgument,
              "InvalidParameter.PolicyName.Length");
  EXPECT_RULE(dir_.CreatePolicy(kAcct, {"P", std::string(1025, 'd'), Doc("a:b")}), kInvalidArgument,
              "InvalidParameter.Description.Length");
  EXPECT_RULE(dir_.CreatePolicy(kAcct, {"P", "", ""}), kInvalidArgument,
              "InvalidParameter.PolicyDocument.Length");
  // 6,144 characters is the limit, counted in characters rather than bytes.
  std::string padded = Doc("a:b");
  padded.insert(padded.size() - 1, std::string(6144 - padded.size(), ' '));
  ASSERT_EQ(padded.size(), 6144u);
  EXPECT_TRUE(dir_.CreatePolicy(kAcct, {"Max", "", padded}).ok());
  EXPECT_RULE(dir_.CreatePolicy(kAcct, {"TooLong", "", padded + " "}), kInvalidArgument,
              "InvalidParameter.PolicyDocument.Length");

  // An invalid document is refused with the parser's first error.
  const Status bad =
      dir_.CreatePolicy(kAcct, {"Bad", "",
                                R"({"Version":"1","Statement":[{"Effect":"allow","Action":"a:b",)"
                                R"("Resource":"*"}]})"});
  EXPECT_EQ(bad.rule(), "MalformedPolicyDocument");
  EXPECT_NE(bad.message().find("Statement[0].Effect"), std::string::npos) << bad.message();
  EXPECT_EQ(dir_.FindPolicy(PolicyType::kCustom, kAcct, "Bad"), nullptr);
}

TEST_F(PoliciesTest, CustomPolicyLimit) {
  Directory small(Limits{.custom_policies_per_account = 1});
  ASSERT_TRUE(small.CreateAccount(kAcct).ok());
  ASSERT_TRUE(small.CreatePolicy(kAcct, {"A", "", Doc("a:b")}).ok());
  EXPECT_RULE(small.CreatePolicy(kAcct, {"B", "", Doc("a:b")}), kLimitExceeded,
              "LimitExceeded.Policy");
}

TEST_F(PoliciesTest, VersionsAndDefault) {
  ASSERT_TRUE(dir_.CreatePolicy(kAcct, {"P", "", Doc("a:v1")}).ok());
  EXPECT_EQ(*dir_.CreatePolicyVersion(kAcct, "P", Doc("a:v2"), false), "v2");
  EXPECT_EQ(Custom("P").default_version_id, "v1");  // SetAsDefault defaults to false
  EXPECT_EQ(*dir_.CreatePolicyVersion(kAcct, "P", Doc("a:v3"), true), "v3");
  EXPECT_EQ(Custom("P").default_version_id, "v3");
  EXPECT_EQ(Custom("P").DefaultVersion().document.statements[0].actions[0], "a:v3");

  EXPECT_RULE(dir_.DeletePolicyVersion(kAcct, "P", "v3"), kFailedPrecondition,
              "DeleteConflict.Policy.Version.Default");
  EXPECT_RULE(dir_.DeletePolicyVersion(kAcct, "P", "v9"), kNotFound,
              "EntityNotExist.Policy.Version");
  EXPECT_RULE(dir_.SetDefaultPolicyVersion(kAcct, "P", "v9"), kNotFound,
              "EntityNotExist.Policy.Version");
  EXPECT_RULE(dir_.CreatePolicyVersion(kAcct, "P", "{", true).status(), kInvalidArgument,
              "MalformedPolicyDocument");
  ASSERT_TRUE(dir_.DeletePolicyVersion(kAcct, "P", "v2").ok());
  // Version ids are never reused.
  EXPECT_EQ(*dir_.CreatePolicyVersion(kAcct, "P", Doc("a:v4"), false), "v4");
  ASSERT_TRUE(dir_.SetDefaultPolicyVersion(kAcct, "P", "v1").ok());
  EXPECT_EQ(Versions(Custom("P")), (std::vector<std::string>{"v1", "v3", "v4"}));
}

TEST_F(PoliciesTest, VersionLimitAndRotation) {
  ASSERT_TRUE(dir_.CreatePolicy(kAcct, {"P", "", Doc("a:v1")}).ok());
  for (int i = 2; i <= 5; ++i) {
    ASSERT_TRUE(dir_.CreatePolicyVersion(kAcct, "P", Doc("a:x"), false).ok());
  }
  const std::string before = Versions(Custom("P"))[4];
  EXPECT_RULE(dir_.CreatePolicyVersion(kAcct, "P", Doc("a:x"), true).status(), kLimitExceeded,
              "LimitExceeded.Policy.Version");
  EXPECT_EQ(Custom("P").versions.size(), 5u);
  EXPECT_EQ(Custom("P").default_version_id, "v1");
  // Rotation deletes the oldest non-default version (v2: v1 is the default).
  StatusOr<std::string> v6 =
      dir_.CreatePolicyVersion(kAcct, "P", Doc("a:x"), true,
                               RotateStrategy::kDeleteOldestNonDefaultVersionWhenLimitExceeded);
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(*v6, "v6");
  EXPECT_EQ(Versions(Custom("P")), (std::vector<std::string>{"v1", "v3", "v4", "v5", "v6"}));
  EXPECT_EQ(Custom("P").default_version_id, "v6");
  // Now v1 is the oldest non-default one.
  ASSERT_TRUE(
      dir_.CreatePolicyVersion(kAcct, "P", Doc("a:x"), false,
                               RotateStrategy::kDeleteOldestNonDefaultVersionWhenLimitExceeded)
          .ok());
  EXPECT_EQ(Versions(Custom("P")), (std::vector<std::string>{"v3", "v4", "v5", "v6", "v7"}));
}

TEST_F(PoliciesTest, DeletePolicyConflicts) {
  ASSERT_TRUE(dir_.CreatePolicy(kAcct, {"P", "", Doc("a:b")}).ok());
  const PolicyRef ref{PolicyType::kCustom, "P"};
  ASSERT_TRUE(dir_.AttachPolicy(kAcct, ref, AttachTarget::kGroup, "devs").ok());
  EXPECT_RULE(dir_.DeletePolicy(kAcct, "P"), kFailedPrecondition, "DeleteConflict.Policy.Group");
  ASSERT_TRUE(dir_.DetachPolicy(kAcct, ref, AttachTarget::kGroup, "devs").ok());
  ASSERT_TRUE(dir_.AttachPolicy(kAcct, ref, AttachTarget::kUser, "alice").ok());
  EXPECT_RULE(dir_.DeletePolicy(kAcct, "P"), kFailedPrecondition, "DeleteConflict.Policy.User");
  ASSERT_TRUE(dir_.DetachPolicy(kAcct, ref, AttachTarget::kUser, "alice").ok());
  ASSERT_TRUE(dir_.CreatePolicyVersion(kAcct, "P", Doc("a:c"), false).ok());
  EXPECT_RULE(dir_.DeletePolicy(kAcct, "P"), kFailedPrecondition, "DeleteConflict.Policy.Version");
  EXPECT_TRUE(dir_.DeletePolicy(kAcct, "P", /*cascading_delete=*/true).ok());
  EXPECT_RULE(dir_.DeletePolicy(kAcct, "P"), kNotFound, "EntityNotExist.Policy");
  // System policies are read-only: the custom-policy operations do not reach them.
  EXPECT_RULE(dir_.DeletePolicy(kAcct, "AliyunOSSFullAccess"), kNotFound, "EntityNotExist.Policy");
  EXPECT_RULE(dir_.CreatePolicyVersion(kAcct, "AliyunOSSFullAccess", Doc("a:b"), true).status(),
              kNotFound, "EntityNotExist.Policy");
  EXPECT_RULE(dir_.AddSystemPolicy(SystemPolicy("AliyunOSSFullAccess")), kAlreadyExists,
              "EntityAlreadyExists.Policy");
}

TEST_F(PoliciesTest, AttachmentRules) {
  ASSERT_TRUE(dir_.CreatePolicy(kAcct, {"P", "", Doc("a:b")}).ok());
  const PolicyRef custom{PolicyType::kCustom, "P"};
  const PolicyRef system{PolicyType::kSystem, "AliyunOSSFullAccess"};
  ASSERT_TRUE(dir_.AttachPolicy(kAcct, custom, AttachTarget::kUser, "alice").ok());
  ASSERT_TRUE(dir_.AttachPolicy(kAcct, system, AttachTarget::kUser, "alice").ok());
  EXPECT_RULE(dir_.AttachPolicy(kAcct, custom, AttachTarget::kUser, "alice"), kAlreadyExists,
              "EntityAlreadyExists.User.Policy");
  EXPECT_RULE(dir_.AttachPolicy(kAcct, {PolicyType::kCustom, "AliyunOSSFullAccess"},
                                AttachTarget::kUser, "alice"),
              kNotFound, "EntityNotExist.Policy");
  EXPECT_RULE(dir_.AttachPolicy(kAcct, custom, AttachTarget::kGroup, "nobody"), kNotFound,
              "EntityNotExist.Group");
  EXPECT_RULE(dir_.AttachPolicy(kAcct, custom, AttachTarget::kRole, "nobody"), kNotFound,
              "EntityNotExist.Role");
  EXPECT_RULE(dir_.DetachPolicy(kAcct, custom, AttachTarget::kGroup, "devs"), kNotFound,
              "EntityNotExist.Group.Policy");
  const auto holders = dir_.ListEntitiesForPolicy(kAcct, custom);
  ASSERT_EQ(holders.size(), 1u);
  EXPECT_EQ(holders[0].first, AttachTarget::kUser);
  EXPECT_EQ(holders[0].second, "alice");
}

TEST_F(PoliciesTest, AttachmentLimitsPerKindAndTarget) {
  Directory d(Limits{.custom_policies_per_user = 2,
                     .system_policies_per_user = 1,
                     .custom_policies_per_group = 1,
                     .system_policies_per_group = 1});
  ASSERT_TRUE(d.CreateAccount(kAcct).ok());
  ASSERT_TRUE(d.CreateUser(kAcct, {.name = "u"}).ok());
  ASSERT_TRUE(d.CreateGroup(kAcct, "g").ok());
  for (const char* n : {"A", "B", "C"})
    ASSERT_TRUE(d.CreatePolicy(kAcct, {n, "", Doc("a:b")}).ok());
  ASSERT_TRUE(d.AddSystemPolicy(SystemPolicy("S1")).ok());
  ASSERT_TRUE(d.AddSystemPolicy(SystemPolicy("S2")).ok());
  ASSERT_TRUE(d.AttachPolicy(kAcct, {PolicyType::kCustom, "A"}, AttachTarget::kUser, "u").ok());
  ASSERT_TRUE(d.AttachPolicy(kAcct, {PolicyType::kCustom, "B"}, AttachTarget::kUser, "u").ok());
  EXPECT_RULE(d.AttachPolicy(kAcct, {PolicyType::kCustom, "C"}, AttachTarget::kUser, "u"),
              kLimitExceeded, "LimitExceeded.User.Policy");
  // System policies count separately.
  ASSERT_TRUE(d.AttachPolicy(kAcct, {PolicyType::kSystem, "S1"}, AttachTarget::kUser, "u").ok());
  EXPECT_RULE(d.AttachPolicy(kAcct, {PolicyType::kSystem, "S2"}, AttachTarget::kUser, "u"),
              kLimitExceeded, "LimitExceeded.User.Policy");
  ASSERT_TRUE(d.AttachPolicy(kAcct, {PolicyType::kCustom, "A"}, AttachTarget::kGroup, "g").ok());
  EXPECT_RULE(d.AttachPolicy(kAcct, {PolicyType::kCustom, "B"}, AttachTarget::kGroup, "g"),
              kLimitExceeded, "LimitExceeded.Group.Policy");
}

TEST_F(PoliciesTest, DefaultLimitsMatchTheSpec) {
  const Limits l;
  EXPECT_EQ(l.custom_policies_per_user, 10u);
  EXPECT_EQ(l.system_policies_per_user, 20u);
  EXPECT_EQ(l.custom_policies_per_group, 10u);
  EXPECT_EQ(l.custom_policies_per_role, 10u);
  EXPECT_EQ(l.system_policies_per_role, 20u);
  EXPECT_EQ(l.versions_per_policy, 5u);
  EXPECT_EQ(l.custom_policies_per_account, 1500u);
}

TEST_F(PoliciesTest, EffectivePoliciesNameTheirPath) {
  ASSERT_TRUE(dir_.CreatePolicy(kAcct, {"Direct", "", Doc("a:direct")}).ok());
  ASSERT_TRUE(dir_.CreatePolicy(kAcct, {"ViaGroup", "", Doc("a:group")}).ok());
  ASSERT_TRUE(dir_.CreateGroup(kAcct, "admins").ok());
  ASSERT_TRUE(dir_.AddUserToGroup(kAcct, "alice", "devs").ok());
  ASSERT_TRUE(dir_.AddUserToGroup(kAcct, "alice", "admins").ok());
  ASSERT_TRUE(
      dir_.AttachPolicy(kAcct, {PolicyType::kCustom, "Direct"}, AttachTarget::kUser, "alice").ok());
  ASSERT_TRUE(
      dir_.AttachPolicy(kAcct, {PolicyType::kCustom, "ViaGroup"}, AttachTarget::kGroup, "devs")
          .ok());
  ASSERT_TRUE(dir_.AttachPolicy(kAcct, {PolicyType::kSystem, "AliyunOSSFullAccess"},
                                AttachTarget::kGroup, "admins")
                  .ok());
  // A new non-default version is not effective; making it the default is.
  ASSERT_TRUE(dir_.CreatePolicyVersion(kAcct, "Direct", Doc("a:direct2"), false).ok());

  const std::vector<EffectivePolicy> got = dir_.EffectivePolicies(*dir_.FindUser(kAcct, "alice"));
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].policy->name, "Direct");
  EXPECT_EQ(got[0].version->version_id, "v1");
  EXPECT_EQ(got[0].via, AttachTarget::kUser);
  EXPECT_TRUE(got[0].group.empty());
  EXPECT_EQ(got[1].policy->name, "AliyunOSSFullAccess");  // groups by name: admins, devs
  EXPECT_EQ(got[1].policy->type, PolicyType::kSystem);
  EXPECT_EQ(got[1].group, "admins");
  EXPECT_EQ(got[2].policy->name, "ViaGroup");
  EXPECT_EQ(got[2].via, AttachTarget::kGroup);
  EXPECT_EQ(got[2].group, "devs");

  ASSERT_TRUE(dir_.SetDefaultPolicyVersion(kAcct, "Direct", "v2").ok());
  const auto after = dir_.EffectivePolicies(*dir_.FindUser(kAcct, "alice"));
  EXPECT_EQ(after[0].version->version_id, "v2");
  EXPECT_EQ(after[0].version->document.statements[0].actions[0], "a:direct2");

  // Appending reuses the caller's vector.
  std::vector<EffectivePolicy> buffer;
  buffer.reserve(8);
  const auto* data = buffer.data();
  dir_.AppendEffectivePolicies(*dir_.FindUser(kAcct, "alice"), &buffer);
  EXPECT_EQ(buffer.size(), 3u);
  EXPECT_EQ(buffer.data(), data);
}

TEST_F(PoliciesTest, RefusalsLeaveVersionsUntouched) {
  ASSERT_TRUE(dir_.CreatePolicy(kAcct, {"P", "", Doc("a:v1")}).ok());
  for (int i = 0; i < 4; ++i)
    ASSERT_TRUE(dir_.CreatePolicyVersion(kAcct, "P", Doc("a:x"), false).ok());
  // A malformed document must not rotate anything out, even with rotation on.
  EXPECT_FALSE(
      dir_.CreatePolicyVersion(kAcct, "P", "not json", true,
                               RotateStrategy::kDeleteOldestNonDefaultVersionWhenLimitExceeded)
          .ok());
  EXPECT_EQ(Versions(Custom("P")), (std::vector<std::string>{"v1", "v2", "v3", "v4", "v5"}));
  EXPECT_EQ(Custom("P").next_version_number, 6u);
}

}  // namespace
}  // namespace paiam::identity
