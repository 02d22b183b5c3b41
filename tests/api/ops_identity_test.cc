// Tests for the RAM identity operations on users, access keys and groups, and for what every
// identity operation shares: targets (action and ARN, and that the RAM system policies grant
// them), parameter checking, paging, dates, and deterministic replay of prepared parameters.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "ops_identity_fixture.h"

namespace paiam::api::testing {
namespace {

using identity::PrincipalType;

// --- the table -----------------------------------------------------------------------------

TEST_F(OpsIdentityTest, EveryRamOperationIsInTheTable) {
  const std::vector<std::string> writes = {
      "CreateUser", "UpdateUser", "DeleteUser", "CreateAccessKey", "UpdateAccessKey",
      "DeleteAccessKey", "CreateGroup", "UpdateGroup", "DeleteGroup", "AddUserToGroup",
      "RemoveUserFromGroup", "CreatePolicy", "UpdatePolicyDescription", "DeletePolicy",
      "CreatePolicyVersion", "DeletePolicyVersion", "SetDefaultPolicyVersion",
      "AttachPolicyToUser", "AttachPolicyToGroup", "AttachPolicyToRole", "DetachPolicyFromUser",
      "DetachPolicyFromGroup", "DetachPolicyFromRole", "CreateRole", "UpdateRole", "DeleteRole",
      "SetAccountAlias", "ClearAccountAlias"};
  const std::vector<std::string> reads = {
      "GetUser", "ListUsers", "ListAccessKeys", "GetGroup", "ListGroups", "ListGroupsForUser",
      "ListUsersForGroup", "GetPolicy", "ListPolicies", "GetPolicyVersion", "ListPolicyVersions",
      "ListPoliciesForUser", "ListPoliciesForGroup", "ListPoliciesForRole",
      "ListEntitiesForPolicy", "GetRole", "ListRoles", "GetAccountAlias"};
  for (const std::string& name : writes) {
    const Operation* op = FindOperation(name);
    ASSERT_NE(op, nullptr) << name;
    EXPECT_TRUE(op->writes) << name;
    EXPECT_NE(op->target, nullptr) << name;
    EXPECT_NE(op->apply, nullptr) << name;
    EXPECT_EQ(op->read, nullptr) << name;
    EXPECT_EQ(op->prepare != nullptr, name == "CreateAccessKey") << name;
  }
  for (const std::string& name : reads) {
    const Operation* op = FindOperation(name);
    ASSERT_NE(op, nullptr) << name;
    EXPECT_FALSE(op->writes) << name;
    EXPECT_NE(op->target, nullptr) << name;
    EXPECT_NE(op->read, nullptr) << name;
    EXPECT_EQ(op->apply, nullptr) << name;
  }
}

// --- targets -------------------------------------------------------------------------------

TEST_F(OpsIdentityTest, TargetsNameTheRamActionAndEntityArn) {
  struct Case {
    const char* op;
    Json params;
    const char* resource;
  };
  const std::string a = kAcct;
  const std::vector<Case> cases = {
      {"CreateUser", {{"UserName", "alice"}}, "acs:ram:*:1000000000000001:user/alice"},
      {"ListUsers", Json::object(), "acs:ram:*:1000000000000001:*"},
      {"CreateGroup", {{"GroupName", "dev"}}, "acs:ram:*:1000000000000001:group/dev"},
      {"AddUserToGroup",
       {{"GroupName", "dev"}, {"UserName", "alice"}},
       "acs:ram:*:1000000000000001:group/dev"},
      {"ListGroupsForUser", {{"UserName", "alice"}}, "acs:ram:*:1000000000000001:user/alice"},
      {"CreateRole",
       {{"RoleName", "ops"}, {"AssumeRolePolicyDocument", "{}"}},
       "acs:ram:*:1000000000000001:role/ops"},
      {"GetPolicy",
       {{"PolicyName", "p1"}, {"PolicyType", "Custom"}},
       "acs:ram:*:1000000000000001:policy/p1"},
      {"GetPolicy",
       {{"PolicyName", "AliyunOSSFullAccess"}, {"PolicyType", "System"}},
       "acs:ram:*:system:policy/AliyunOSSFullAccess"},
      {"AttachPolicyToUser",
       {{"PolicyName", "p1"}, {"PolicyType", "Custom"}, {"UserName", "bob"}},
       "acs:ram:*:1000000000000001:user/bob"},
      {"DetachPolicyFromRole",
       {{"PolicyName", "p1"}, {"PolicyType", "Custom"}, {"RoleName", "ops"}},
       "acs:ram:*:1000000000000001:role/ops"},
      {"ListPoliciesForGroup", {{"GroupName", "dev"}}, "acs:ram:*:1000000000000001:group/dev"},
      {"GetAccountAlias", Json::object(), "acs:ram:*:1000000000000001:*"},
      {"CreateAccessKey", {{"UserName", "bob"}}, "acs:ram:*:1000000000000001:user/bob"},
      {"CreateAccessKey", Json::object(), "acs:ram:*:1000000000000001:*"},
  };
  for (const Case& c : cases) {
    StatusOr<AuthzTarget> target = Target(c.op, c.params);
    ASSERT_TRUE(target.ok()) << c.op << ": " << target.status().ToString();
    EXPECT_EQ(target->action, "ram:" + std::string(c.op));
    EXPECT_EQ(target->resource, c.resource) << c.op;
    EXPECT_EQ(target->asset, nullptr);
    EXPECT_FALSE(target->create.has_value());
  }
}

TEST_F(OpsIdentityTest, KeyOperationsWithoutUserNameTargetTheCaller) {
  Ok("CreateUser", {{"UserName", "bob"}});
  StatusOr<AuthzTarget> own = Target("CreateAccessKey", Json::object(), UserCaller("bob"));
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->resource, "acs:ram:*:1000000000000001:user/bob");
  const Caller role{kAcct, identity::RoleArn(kAcct, "ops"), PrincipalType::kRole};
  EXPECT_EQ(Target("CreateAccessKey", Json::object(), role).status().rule(),
            "MissingParameter.UserName");
  EXPECT_EQ(Target("ListAccessKeys", {{"UserName", ""}}, role).status().rule(),
            "MissingParameter.UserName");
}

// The RAM system policies grant the operations by these action names: a read-only user may
// call Get*/List* and nothing else; a full-access user may call everything.
TEST_F(OpsIdentityTest, RamSystemPoliciesGrantTheTargets) {
  Ok("CreateUser", {{"UserName", "reader"}});
  Ok("CreateUser", {{"UserName", "admin"}});
  Ok("AttachPolicyToUser",
     {{"PolicyType", "System"}, {"PolicyName", "AliyunRAMReadOnlyAccess"}, {"UserName", "reader"}});
  Ok("AttachPolicyToUser",
     {{"PolicyType", "System"}, {"PolicyName", "AliyunRAMFullAccess"}, {"UserName", "admin"}});
  auto snapshot = SnapshotOf(state_);
  ASSERT_NE(snapshot, nullptr);
  authz::Authorizer authorizer(snapshot);
  auto allowed = [&](const std::string& user, const char* op, const Json& params) {
    StatusOr<AuthzTarget> target = Target(op, params, UserCaller(user));
    EXPECT_TRUE(target.ok()) << target.status().ToString();
    return authorizer
               .Check(identity::UserArn(kAcct, user), target->action, target->resource, {})
               == policy::Decision::kAllow;
  };
  const Json user = {{"UserName", "x"}};
  EXPECT_TRUE(allowed("reader", "GetUser", user));
  EXPECT_TRUE(allowed("reader", "ListUsers", Json::object()));
  EXPECT_TRUE(allowed("reader", "ListAccessKeys", user));
  EXPECT_FALSE(allowed("reader", "CreateUser", user));
  EXPECT_FALSE(allowed("reader", "CreateAccessKey", user));
  EXPECT_TRUE(allowed("admin", "CreateUser", user));
  EXPECT_TRUE(allowed("admin", "DeleteRole", {{"RoleName", "r"}}));
}

// --- parameters ----------------------------------------------------------------------------

TEST_F(OpsIdentityTest, ParameterErrors) {
  EXPECT_EQ(Rule("CreateUser", {{"UserName", "alice"}, {"Colour", "red"}}),
            "InvalidParameter.Colour");
  EXPECT_EQ(Rule("CreateUser", {{"UserName", "alice"}, {"Email", "a.example.com"}}),
            "InvalidParameter.Email.Format");
  EXPECT_EQ(Rule("CreateUser", Json::object()), "MissingParameter.UserName");
  EXPECT_EQ(Rule("CreateUser", {{"UserName", ""}}), "MissingParameter.UserName");
  EXPECT_EQ(Rule("CreateUser", {{"UserName", {1, 2}}}), "InvalidParameter.UserName");
  EXPECT_EQ(Rule("ListUsers", {{"MaxItems", "many"}}), "InvalidParameter.MaxItems");
  EXPECT_EQ(Rule("ListUsers", {{"MaxItems", 0}}), "InvalidParameter.MaxItems");
  EXPECT_EQ(Rule("ListUsers", {{"MaxItems", 1001}}), "InvalidParameter.MaxItems");
  EXPECT_EQ(Rule("ListUsers", Json::array()), "InvalidParameter");
  // Clients may not choose their own key: the generated values come from prepare only.
  EXPECT_EQ(Rule("CreateAccessKey", {{"AccessKeySecret", "mine"}}),
            "InvalidParameter.AccessKeySecret");
  // Validation is the Directory's, passed through.
  EXPECT_EQ(Rule("CreateUser", {{"UserName", "al ice"}}), "InvalidParameter.UserName.InvalidChars");
  EXPECT_TRUE(state_.directory.ListUsers(kAcct).empty());
}

TEST_F(OpsIdentityTest, RpcStringsAreAccepted) {
  Ok("CreateUser", {{"UserName", "alice"}});
  Json page = Ok("ListUsers", {{"MaxItems", "1"}});
  EXPECT_EQ(page["Users"]["User"].size(), 1u);
  Ok("CreatePolicy", {{"PolicyName", "p"}, {"PolicyDocument", R"({"Version":"1","Statement":[
      {"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]})"}});
  Ok("DeletePolicy", {{"PolicyName", "p"}, {"CascadingDelete", "true"}});
}

// --- users ---------------------------------------------------------------------------------

TEST_F(OpsIdentityTest, UserLifecycle) {
  Json created = Ok("CreateUser", {{"UserName", "alice"},
                                   {"DisplayName", "Alice"},
                                   {"Comments", "first"}});
  const Json& user = created["User"];
  EXPECT_EQ(user["UserName"], "alice");
  EXPECT_EQ(user["DisplayName"], "Alice");
  EXPECT_EQ(user["Comments"], "first");
  EXPECT_EQ(user["CreateDate"], "2015-01-23T12:33:18Z");
  EXPECT_EQ(user["UpdateDate"], "2015-01-23T12:33:18Z");
  EXPECT_TRUE(std::regex_match(user["UserId"].get<std::string>(), std::regex("[0-9]{16}")));
  EXPECT_FALSE(created.contains("RequestId"));
  EXPECT_EQ(Rule("CreateUser", {{"UserName", "alice"}}), "EntityAlreadyExists.User");

  EXPECT_EQ(Ok("GetUser", {{"UserName", "alice"}}), created);
  EXPECT_EQ(Rule("GetUser", {{"UserName", "nobody"}}), "EntityNotExist.User");

  state_.directory.SetNow(kNow + 86400000);
  Json updated = Ok("UpdateUser", {{"UserName", "alice"},
                                   {"NewUserName", "alice"},
                                   {"NewDisplayName", "Alice B"},
                                   {"NewComments", "second"}});
  EXPECT_EQ(updated["User"]["DisplayName"], "Alice B");
  EXPECT_EQ(updated["User"]["Comments"], "second");
  EXPECT_EQ(updated["User"]["UpdateDate"], "2015-01-24T12:33:18Z");
  EXPECT_EQ(Rule("UpdateUser", {{"UserName", "alice"}, {"NewUserName", "carol"}}),
            "InvalidParameter.NewUserName");
  EXPECT_EQ(Rule("UpdateUser", {{"UserName", "nobody"}}), "EntityNotExist.User");

  EXPECT_EQ(Ok("DeleteUser", {{"UserName", "alice"}}), Json::object());
  EXPECT_EQ(Rule("DeleteUser", {{"UserName", "alice"}}), "EntityNotExist.User");
}

TEST_F(OpsIdentityTest, DeleteUserConflicts) {
  Ok("CreateUser", {{"UserName", "alice"}});
  Ok("CreateGroup", {{"GroupName", "dev"}});
  Ok("AddUserToGroup", {{"GroupName", "dev"}, {"UserName", "alice"}});
  EXPECT_EQ(Rule("DeleteUser", {{"UserName", "alice"}}), "DeleteConflict.User.Group");
  Ok("RemoveUserFromGroup", {{"GroupName", "dev"}, {"UserName", "alice"}});
  const Json attach = {
      {"PolicyType", "System"}, {"PolicyName", "AliyunOSSFullAccess"}, {"UserName", "alice"}};
  Ok("AttachPolicyToUser", attach);
  EXPECT_EQ(Rule("DeleteUser", {{"UserName", "alice"}}), "DeleteConflict.User.Policy");
  Ok("DetachPolicyFromUser", attach);
  Json key = Ok("CreateAccessKey", {{"UserName", "alice"}});
  EXPECT_EQ(Rule("DeleteUser", {{"UserName", "alice"}}), "DeleteConflict.User.AccessKey");
  Ok("DeleteAccessKey",
     {{"UserName", "alice"}, {"UserAccessKeyId", key["AccessKey"]["AccessKeyId"]}});
  Ok("DeleteUser", {{"UserName", "alice"}});
}

TEST_F(OpsIdentityTest, ListUsersPagesThroughThreePages) {
  for (const char* name : {"u1", "u2", "u3", "u4", "u5"}) Ok("CreateUser", {{"UserName", name}});
  std::vector<std::string> seen;
  Json page = Ok("ListUsers", {{"MaxItems", 2}});
  EXPECT_EQ(page["IsTruncated"], true);
  EXPECT_EQ(page["Marker"], "u2");
  for (const Json& u : page["Users"]["User"]) seen.push_back(u["UserName"]);
  page = Ok("ListUsers", {{"MaxItems", 2}, {"Marker", page["Marker"]}});
  EXPECT_EQ(page["IsTruncated"], true);
  for (const Json& u : page["Users"]["User"]) seen.push_back(u["UserName"]);
  page = Ok("ListUsers", {{"MaxItems", 2}, {"Marker", page["Marker"]}});
  EXPECT_EQ(page["IsTruncated"], false);
  EXPECT_EQ(page["Marker"], "");
  for (const Json& u : page["Users"]["User"]) seen.push_back(u["UserName"]);
  EXPECT_EQ(seen, (std::vector<std::string>{"u1", "u2", "u3", "u4", "u5"}));
  // Default page size holds them all; an empty account lists an empty array.
  page = Ok("ListUsers");
  EXPECT_EQ(page["IsTruncated"], false);
  EXPECT_EQ(page["Users"]["User"].size(), 5u);
  State other = FreshState();
  std::swap(other, state_);
  page = Ok("ListUsers");
  EXPECT_TRUE(page["Users"]["User"].is_array());
  EXPECT_TRUE(page["Users"]["User"].empty());
}

TEST_F(OpsIdentityTest, UserLimit) {
  identity::Limits limits;
  limits.users_per_account = 1;
  StatusOr<identity::Directory> d = identity::Directory::WithSystemPolicies(limits);
  ASSERT_TRUE(d.ok());
  state_.directory = std::move(*d);
  ASSERT_TRUE(state_.directory.CreateAccount(kAcct).ok());
  Ok("CreateUser", {{"UserName", "a"}});
  EXPECT_EQ(Rule("CreateUser", {{"UserName", "b"}}), "LimitExceeded.User");
}

// --- access keys ---------------------------------------------------------------------------

TEST_F(OpsIdentityTest, CreateAccessKeyPreparesRandomIdAndSecret) {
  Ok("CreateUser", {{"UserName", "alice"}});
  Json created = Ok("CreateAccessKey", {{"UserName", "alice"}});
  const Json& key = created["AccessKey"];
  const std::string id = key["AccessKeyId"];
  const std::string secret = key["AccessKeySecret"];
  EXPECT_TRUE(std::regex_match(id, std::regex("LTAI[A-Za-z0-9]{20}"))) << id;
  EXPECT_TRUE(std::regex_match(secret, std::regex("[A-Za-z0-9]{30}"))) << secret;
  EXPECT_EQ(key["Status"], "Active");
  EXPECT_EQ(key["CreateDate"], "2015-01-23T12:33:18Z");
  // The prepared parameters carry the generated values under the names the service seals.
  EXPECT_EQ(last_prepared_["AccessKeyId"], id);
  EXPECT_EQ(last_prepared_["AccessKeySecret"], secret);
  const identity::AccessKey* stored = state_.directory.FindAccessKey(id);
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored->secret, secret);
  EXPECT_EQ(stored->user_name, "alice");
  // A second key differs.
  Json second = Ok("CreateAccessKey", {{"UserName", "alice"}});
  EXPECT_NE(second["AccessKey"]["AccessKeyId"], id);
  EXPECT_NE(second["AccessKey"]["AccessKeySecret"], secret);
  EXPECT_EQ(Rule("CreateAccessKey", {{"UserName", "alice"}}), "LimitExceeded.User.AccessKey");
  EXPECT_EQ(Rule("CreateAccessKey", {{"UserName", "nobody"}}), "EntityNotExist.User");
}

TEST_F(OpsIdentityTest, AccessKeysOfTheCallerAndListingWithoutSecrets) {
  Ok("CreateUser", {{"UserName", "bob"}});
  Json own = Ok("CreateAccessKey", Json::object(), UserCaller("bob"));
  Json root = Ok("CreateAccessKey");
  const std::string bob_key = own["AccessKey"]["AccessKeyId"];
  const std::string root_key = root["AccessKey"]["AccessKeyId"];
  EXPECT_EQ(state_.directory.FindAccessKey(bob_key)->user_name, "bob");
  EXPECT_EQ(state_.directory.FindAccessKey(root_key)->user_name, "");

  Json listed = Ok("ListAccessKeys", Json::object(), UserCaller("bob"));
  ASSERT_EQ(listed["AccessKeys"]["AccessKey"].size(), 1u);
  const Json& item = listed["AccessKeys"]["AccessKey"][0];
  EXPECT_EQ(item["AccessKeyId"], bob_key);
  EXPECT_EQ(item["Status"], "Active");
  EXPECT_FALSE(item.contains("AccessKeySecret"));
  EXPECT_EQ(Ok("ListAccessKeys", {{"UserName", "bob"}}), listed);
  Json root_list = Ok("ListAccessKeys");
  ASSERT_EQ(root_list["AccessKeys"]["AccessKey"].size(), 1u);
  EXPECT_EQ(root_list["AccessKeys"]["AccessKey"][0]["AccessKeyId"], root_key);
  EXPECT_EQ(Rule("ListAccessKeys", {{"UserName", "nobody"}}), "EntityNotExist.User");
}

TEST_F(OpsIdentityTest, UpdateAndDeleteAccessKey) {
  Ok("CreateUser", {{"UserName", "bob"}});
  Ok("CreateUser", {{"UserName", "eve"}});
  const std::string id = Ok("CreateAccessKey", {{"UserName", "bob"}})["AccessKey"]["AccessKeyId"];
  EXPECT_EQ(Ok("UpdateAccessKey",
               {{"UserName", "bob"}, {"UserAccessKeyId", id}, {"Status", "Inactive"}}),
            Json::object());
  EXPECT_EQ(Ok("ListAccessKeys", {{"UserName", "bob"}})["AccessKeys"]["AccessKey"][0]["Status"],
            "Inactive");
  EXPECT_EQ(Rule("UpdateAccessKey",
                 {{"UserName", "bob"}, {"UserAccessKeyId", id}, {"Status", "Paused"}}),
            "InvalidParameter.Status");
  EXPECT_EQ(Rule("UpdateAccessKey", {{"UserName", "bob"}, {"UserAccessKeyId", id}}),
            "MissingParameter.Status");
  // Another user's key is not found under eve, nor under the root.
  EXPECT_EQ(Rule("UpdateAccessKey",
                 {{"UserName", "eve"}, {"UserAccessKeyId", id}, {"Status", "Active"}}),
            "EntityNotExist.User.AccessKey");
  EXPECT_EQ(Rule("DeleteAccessKey", {{"UserAccessKeyId", id}}), "EntityNotExist.User.AccessKey");
  EXPECT_EQ(Rule("DeleteAccessKey", {{"UserName", "bob"}}), "MissingParameter.UserAccessKeyId");
  Ok("UpdateAccessKey", {{"UserAccessKeyId", id}, {"Status", "Active"}}, UserCaller("bob"));
  EXPECT_EQ(state_.directory.FindAccessKey(id)->status, identity::AccessKeyStatus::kActive);
  EXPECT_EQ(Ok("DeleteAccessKey", {{"UserAccessKeyId", id}}, UserCaller("bob")), Json::object());
  EXPECT_EQ(state_.directory.FindAccessKey(id), nullptr);
}

// --- groups --------------------------------------------------------------------------------

TEST_F(OpsIdentityTest, GroupLifecycle) {
  Json created = Ok("CreateGroup", {{"GroupName", "dev"}, {"Comments", "developers"}});
  EXPECT_EQ(created["Group"]["GroupName"], "dev");
  EXPECT_EQ(created["Group"]["Comments"], "developers");
  EXPECT_EQ(created["Group"]["CreateDate"], "2015-01-23T12:33:18Z");
  EXPECT_EQ(Rule("CreateGroup", {{"GroupName", "dev"}}), "EntityAlreadyExists.Group");
  EXPECT_EQ(Ok("GetGroup", {{"GroupName", "dev"}}), created);
  EXPECT_EQ(Rule("GetGroup", {{"GroupName", "ops"}}), "EntityNotExist.Group");

  Json renamed = Ok("UpdateGroup",
                    {{"GroupName", "dev"}, {"NewGroupName", "eng"}, {"NewComments", "engineers"}});
  EXPECT_EQ(renamed["Group"]["GroupName"], "eng");
  EXPECT_EQ(renamed["Group"]["Comments"], "engineers");
  EXPECT_EQ(Rule("GetGroup", {{"GroupName", "dev"}}), "EntityNotExist.Group");
  EXPECT_EQ(Rule("UpdateGroup", {{"GroupName", "eng"}, {"NewGroupName", "bad name"}}),
            "InvalidParameter.NewGroupName.InvalidChars");

  Ok("CreateUser", {{"UserName", "alice"}});
  Ok("AddUserToGroup", {{"GroupName", "eng"}, {"UserName", "alice"}});
  EXPECT_EQ(Rule("AddUserToGroup", {{"GroupName", "eng"}, {"UserName", "alice"}}),
            "EntityAlreadyExists.User.Group");
  EXPECT_EQ(Rule("DeleteGroup", {{"GroupName", "eng"}}), "DeleteConflict.Group.User");
  Ok("RemoveUserFromGroup", {{"GroupName", "eng"}, {"UserName", "alice"}});
  EXPECT_EQ(Rule("RemoveUserFromGroup", {{"GroupName", "eng"}, {"UserName", "alice"}}),
            "EntityNotExist.User.Group");
  const Json attach = {
      {"PolicyType", "System"}, {"PolicyName", "AliyunOSSFullAccess"}, {"GroupName", "eng"}};
  Ok("AttachPolicyToGroup", attach);
  EXPECT_EQ(Rule("DeleteGroup", {{"GroupName", "eng"}}), "DeleteConflict.Group.Policy");
  Ok("DetachPolicyFromGroup", attach);
  EXPECT_EQ(Ok("DeleteGroup", {{"GroupName", "eng"}}), Json::object());
  EXPECT_EQ(Rule("DeleteGroup", {{"GroupName", "eng"}}), "EntityNotExist.Group");
}

TEST_F(OpsIdentityTest, ListGroupsPagesThroughThreePages) {
  for (const char* name : {"g1", "g2", "g3"}) Ok("CreateGroup", {{"GroupName", name}});
  std::vector<std::string> seen;
  std::string marker;
  for (int page = 0; page < 3; ++page) {
    Json params = {{"MaxItems", 1}};
    if (!marker.empty()) params["Marker"] = marker;
    Json out = Ok("ListGroups", params);
    EXPECT_EQ(out["IsTruncated"], page < 2);
    for (const Json& g : out["Groups"]["Group"]) seen.push_back(g["GroupName"]);
    marker = out["Marker"];
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"g1", "g2", "g3"}));
  EXPECT_EQ(marker, "");
}

TEST_F(OpsIdentityTest, MembershipListsAndGroupLimits) {
  for (const char* name : {"ann", "bea", "cat"}) Ok("CreateUser", {{"UserName", name}});
  Ok("CreateGroup", {{"GroupName", "dev"}, {"Comments", "d"}});
  Ok("CreateGroup", {{"GroupName", "ops"}});
  for (const char* name : {"cat", "ann", "bea"}) {
    Ok("AddUserToGroup", {{"GroupName", "dev"}, {"UserName", name}});
  }
  Ok("AddUserToGroup", {{"GroupName", "ops"}, {"UserName", "ann"}});

  Json groups = Ok("ListGroupsForUser", {{"UserName", "ann"}});
  ASSERT_EQ(groups["Groups"]["Group"].size(), 2u);
  const std::string dev_id = state_.directory.FindGroup(kAcct, "dev")->id;
  EXPECT_EQ(groups["Groups"]["Group"][0], (Json{{"GroupName", "dev"},
                                                {"GroupId", dev_id},
                                                {"Comments", "d"},
                                                {"JoinDate", "2015-01-23T12:33:18Z"}}));
  EXPECT_EQ(groups["Groups"]["Group"][1]["GroupName"], "ops");
  EXPECT_EQ(Rule("ListGroupsForUser", {{"UserName", "zed"}}), "EntityNotExist.User");

  Json first = Ok("ListUsersForGroup", {{"GroupName", "dev"}, {"MaxItems", 1}});
  EXPECT_EQ(first["IsTruncated"], true);
  EXPECT_EQ(first["Users"]["User"][0], (Json{{"UserName", "ann"},
                                             {"DisplayName", "ann"},
                                             {"JoinDate", "2015-01-23T12:33:18Z"}}));
  Json second =
      Ok("ListUsersForGroup", {{"GroupName", "dev"}, {"MaxItems", 1}, {"Marker", first["Marker"]}});
  EXPECT_EQ(second["Users"]["User"][0]["UserName"], "bea");
  Json third = Ok("ListUsersForGroup",
                  {{"GroupName", "dev"}, {"MaxItems", 1}, {"Marker", second["Marker"]}});
  EXPECT_EQ(third["Users"]["User"][0]["UserName"], "cat");
  EXPECT_EQ(third["IsTruncated"], false);
  EXPECT_EQ(Rule("ListUsersForGroup", {{"GroupName", "nope"}}), "EntityNotExist.Group");

  identity::Limits limits;
  limits.groups_per_account = 2;
  limits.groups_per_user = 1;
  StatusOr<identity::Directory> d = identity::Directory::WithSystemPolicies(limits);
  ASSERT_TRUE(d.ok());
  state_.directory = std::move(*d);
  ASSERT_TRUE(state_.directory.CreateAccount(kAcct).ok());
  Ok("CreateUser", {{"UserName", "u"}});
  Ok("CreateGroup", {{"GroupName", "a"}});
  Ok("CreateGroup", {{"GroupName", "b"}});
  EXPECT_EQ(Rule("CreateGroup", {{"GroupName", "c"}}), "LimitExceeded.Group");
  Ok("AddUserToGroup", {{"GroupName", "a"}, {"UserName", "u"}});
  EXPECT_EQ(Rule("AddUserToGroup", {{"GroupName", "b"}, {"UserName", "u"}}),
            "LimitExceeded.User.Group");
}

// --- replay --------------------------------------------------------------------------------

// Applying the same prepared parameters on two fresh states gives identical results: what the
// store's replay relies on.
TEST_F(OpsIdentityTest, PreparedParametersReplayIdentically) {
  std::vector<std::pair<std::string, Json>> log;
  auto record = [&](const std::string& op, Json params) {
    Ok(op, params);
    log.emplace_back(op, last_prepared_);
  };
  record("CreateUser", {{"UserName", "alice"}});
  record("CreateAccessKey", {{"UserName", "alice"}});
  record("CreateGroup", {{"GroupName", "dev"}});
  record("AddUserToGroup", {{"GroupName", "dev"}, {"UserName", "alice"}});
  record("CreateRole", {{"RoleName", "ops"},
                        {"AssumeRolePolicyDocument",
                         R"({"Version":"1","Statement":[{"Effect":"Allow",)"
                         R"("Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::)" +
                             std::string(kAcct) + R"(:root"]}}]})"}});
  const Caller root = RootCaller();
  workspace::PermissionProbe probe = [](std::string_view, std::string_view) { return true; };
  auto replay = [&] {
    State state = FreshState();
    std::vector<Json> results;
    for (const auto& [op, params] : log) {
      StatusOr<Json> out = FindOperation(op)->apply(state, params, ApplyContext{root, probe});
      EXPECT_TRUE(out.ok()) << op << ": " << out.status().ToString();
      results.push_back(out.ok() ? *out : Json());
    }
    return results;
  };
  const std::vector<Json> first = replay();
  const std::vector<Json> second = replay();
  EXPECT_EQ(first, second);
  ASSERT_EQ(first.size(), log.size());
  EXPECT_EQ(first[1]["AccessKey"]["AccessKeyId"], log[1].second["AccessKeyId"]);
  EXPECT_EQ(first[1]["AccessKey"]["AccessKeySecret"], log[1].second["AccessKeySecret"]);
}

}  // namespace
}  // namespace paiam::api::testing
