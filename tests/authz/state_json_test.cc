// The state file format (authz/state_json.h): what it loads, and that errors name where in the
// document they happened with the refusing rule.
#include "authz/state_json.h"

#include <gtest/gtest.h>

#include <string>

#include "authz_test_state.h"

namespace paiam::authz {
namespace {

TEST(StateJsonTest, LoadsTheExample) {
  auto state =
      LoadStateJson(testing::ReadFile(std::string(PAIAM_SOURCE_DIR) + "/examples/state.json"));
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  const identity::User* keeper = state->directory.FindUser(testing::kAccount, "keeper");
  ASSERT_NE(keeper, nullptr);
  EXPECT_EQ(keeper->id, "2100000000000011");
  std::vector<identity::EffectivePolicy> effective = state->directory.EffectivePolicies(*keeper);
  ASSERT_EQ(effective.size(), 2u);
  EXPECT_EQ(effective[0].policy->name, "AliyunPAIFullAccess");
  EXPECT_EQ(effective[1].policy->name, "DenyDatasetDeletion");
  EXPECT_EQ(effective[1].group, "keepers");
  EXPECT_EQ(state->workspaces.workspace_count(), 2u);
  std::span<const std::string> roles = state->workspaces.MemberRoles("1001", "2100000000000001");
  ASSERT_EQ(roles.size(), 1u);
  EXPECT_EQ(roles[0], "PAI.WorkspaceOwner");
  const workspace::Asset* ds =
      state->workspaces.FindAsset("1001", workspace::AssetType::kDataset, "ds-public");
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(ds->accessibility, workspace::Accessibility::kPublic);
  EXPECT_NE(state->workspaces.FindCustomRole("1001", "dataset-readers"), nullptr);
}

TEST(StateJsonTest, PolicyVersionsAndDefault) {
  // v2 is given as text and marked default; v3 (a Deny) is stored but not effective.
  auto state = LoadStateJson(R"({"accounts": [{"id": "1000000000000001", "policies": [
      {"name": "P", "versions": [
        {"document": {"Version": "1", "Statement": [
          {"Effect": "Allow", "Action": "oss:Get*", "Resource": "*"}]}},
        {"document": "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",)"
                             R"(\"Action\":\"oss:*\",\"Resource\":\"*\"}]}",
         "default": true},
        {"document": {"Version": "1", "Statement": [
          {"Effect": "Deny", "Action": "oss:*", "Resource": "*"}]}}]}],
      "users": [{"name": "u", "policies": ["Custom:P"]}]}]})");
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  const identity::ManagedPolicy* p =
      state->directory.FindPolicy(identity::PolicyType::kCustom, testing::kAccount, "P");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->versions.size(), 3u);
  EXPECT_EQ(p->default_version_id, "v2");
}

TEST(StateJsonTest, MemberEntryForTheCreatorAddsRoles) {
  auto state = LoadStateJson(R"({
    "accounts": [{"id": "1000000000000001", "users": [{"name": "c", "id": "2100000000000001"}]}],
    "workspaces": [{"id": "7", "account": "1000000000000001", "region": "cn-hangzhou",
      "name": "ws7", "creator": "acs:ram::1000000000000001:user/c",
      "members": [{"principal": "acs:ram::1000000000000001:user/c",
                   "roles": ["PAI.AlgoDeveloper"]}]}]})");
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  std::span<const std::string> roles = state->workspaces.MemberRoles("7", "2100000000000001");
  EXPECT_EQ(std::vector<std::string>(roles.begin(), roles.end()),
            (std::vector<std::string>{"PAI.WorkspaceOwner", "PAI.AlgoDeveloper"}));
}

struct BadCase {
  const char* json;
  const char* rule;
  const char* message_part;
};

TEST(StateJsonTest, ErrorsNameThePathAndRule) {
  const BadCase cases[] = {
      {"[", "authz.state-json", "not valid JSON"},
      {"[]", "authz.state-json", "expected an object"},
      {R"({"accounts": {}})", "authz.state-json", "accounts: expected an array"},
      {R"({"accounts": [{"alias": "x"}]})", "authz.state-json", "accounts[0]: \"id\" is required"},
      {R"({"accounts": [{"id": "1", "users": [{"name": "bad name"}]}]})",
       "InvalidParameter.UserName.InvalidChars", "accounts[0].users[0]: "},
      {R"({"accounts": [{"id": "1", "users": [{"name": "u", "policies": ["NoSuchPolicy"]}]}]})", "",
       "accounts[0].users[0].policies[0]: "},
      {R"({"accounts": [{"id": "1", "policies": [{"name": "P", "document": {"Version": "1"}}]}]})",
       "MalformedPolicyDocument", "accounts[0].policies[0]: "},
      {R"({"limits": {"users_per_account": -1}})", "authz.state-json", "limits.users_per_account"},
      {R"({"accounts": [{"id": "1", "users": [{"name": "u"}]}], "workspaces": [{"id": "9",
          "account": "1", "region": "cn-hangzhou", "name": "w_9",
          "creator": "acs:ram::1:user/nobody"}]})",
       "authz.state-json", "workspaces[0].creator: unknown principal"},
      {R"({"accounts": [{"id": "1", "users": [{"name": "u"}]}], "workspaces": [{"id": "9",
          "account": "1", "region": "cn-hangzhou", "name": "w_9", "creator": "acs:ram::1:user/u",
          "members": [{"principal": "acs:ram::1:user/u", "roles": ["PAI.NoSuchRole"]}]}]})",
       "", "workspaces[0].members[0]: "},
      {R"({"accounts": [{"id": "1", "users": [{"name": "u"}]}], "workspaces": [{"id": "9",
          "account": "1", "region": "cn-hangzhou", "name": "w_9", "creator": "acs:ram::1:user/u",
          "assets": [{"type": "spaceship", "creator": "acs:ram::1:user/u"}]}]})",
       "authz.state-json", "workspaces[0].assets[0].type: unknown asset type spaceship"},
      {R"({"accounts": [{"id": "1", "users": [{"name": "u"}]}], "workspaces": [{"id": "9",
          "account": "1", "region": "cn-hangzhou", "name": "w_9", "creator": "acs:ram::1:user/u",
          "custom_roles": [{"name": "R",
                            "modules": [{"module": "Nope", "level": "ReadOnly"}]}]}]})",
       "workspace.custom-role.unknown-module", "workspaces[0].custom_roles[0]: "},
  };
  for (const BadCase& c : cases) {
    auto state = LoadStateJson(c.json);
    ASSERT_FALSE(state.ok()) << c.json;
    if (*c.rule != '\0') {
      EXPECT_EQ(state.status().rule(), c.rule) << state.status().ToString();
    }
    EXPECT_NE(state.status().message().find(c.message_part), std::string::npos)
        << state.status().ToString();
  }
}

}  // namespace
}  // namespace paiam::authz
