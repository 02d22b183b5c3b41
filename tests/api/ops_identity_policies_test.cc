// Tests for the RAM identity operations on policies, policy versions, attachments, roles and
// the account alias.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ops_identity_fixture.h"

namespace paiam::api::testing {
namespace {

std::string Doc(const std::string& action) {
  return R"({"Version":"1","Statement":[{"Effect":"Allow","Action":")" + action +
         R"(","Resource":"*"}]})";
}

std::string Trust() {
  return R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",)"
         R"("Principal":{"RAM":["acs:ram::)" +
         std::string(kAcct) + R"(:root"]}}]})";
}

Json Custom(const std::string& name) { return {{"PolicyName", name}, {"PolicyType", "Custom"}}; }

Json With(Json params, const char* key, Json value) {
  params[key] = std::move(value);
  return params;
}

// --- policies ------------------------------------------------------------------------------

TEST_F(OpsIdentityTest, PolicyLifecycle) {
  Json created = Ok("CreatePolicy", {{"PolicyName", "ReadOss"},
                                     {"PolicyDocument", Doc("oss:GetObject")},
                                     {"Description", "reads"}});
  EXPECT_EQ(created, (Json{{"Policy",
                            {{"PolicyName", "ReadOss"},
                             {"PolicyType", "Custom"},
                             {"Description", "reads"},
                             {"DefaultVersion", "v1"},
                             {"CreateDate", "2015-01-23T12:33:18Z"}}}}));
  EXPECT_EQ(Rule("CreatePolicy", {{"PolicyName", "ReadOss"}, {"PolicyDocument", Doc("a:b")}}),
            "EntityAlreadyExists.Policy");
  EXPECT_EQ(Rule("CreatePolicy", {{"PolicyName", "Bad"}, {"PolicyDocument", "{}"}}),
            "MalformedPolicyDocument");
  EXPECT_EQ(Rule("CreatePolicy", {{"PolicyName", "NoDoc"}}), "MissingParameter.PolicyDocument");
  EXPECT_EQ(Rule("CreatePolicy", {{"PolicyName", "Tagged"},
                                  {"PolicyDocument", Doc("a:b")},
                                  {"Tag", R"([{"Key":"k","Value":"v"}])"}}),
            "InvalidParameter.Tag");

  Json got = Ok("GetPolicy", Custom("ReadOss"));
  EXPECT_EQ(got["Policy"]["AttachmentCount"], 0);
  EXPECT_EQ(got["Policy"]["UpdateDate"], "2015-01-23T12:33:18Z");
  EXPECT_EQ(got["DefaultPolicyVersion"]["VersionId"], "v1");
  EXPECT_EQ(got["DefaultPolicyVersion"]["IsDefaultVersion"], true);
  EXPECT_EQ(got["DefaultPolicyVersion"]["PolicyDocument"], Doc("oss:GetObject"));
  EXPECT_EQ(Rule("GetPolicy", Custom("Nope")), "EntityNotExist.Policy");
  EXPECT_EQ(Rule("GetPolicy", {{"PolicyName", "ReadOss"}}), "MissingParameter.PolicyType");
  EXPECT_EQ(Rule("GetPolicy", {{"PolicyName", "ReadOss"}, {"PolicyType", "custom"}}),
            "InvalidParameter.PolicyType");
  Json system = Ok("GetPolicy", {{"PolicyName", "AliyunOSSFullAccess"}, {"PolicyType", "System"}});
  EXPECT_EQ(system["Policy"]["PolicyType"], "System");

  Json described =
      Ok("UpdatePolicyDescription", {{"PolicyName", "ReadOss"}, {"NewDescription", "reads oss"}});
  EXPECT_EQ(described["Policy"]["Description"], "reads oss");
  described = Ok("UpdatePolicyDescription", {{"PolicyName", "ReadOss"}});
  EXPECT_EQ(described["Policy"]["Description"], "reads oss");  // unchanged without NewDescription
  EXPECT_EQ(Rule("UpdatePolicyDescription", {{"PolicyName", "Nope"}}), "EntityNotExist.Policy");

  EXPECT_EQ(Ok("DeletePolicy", {{"PolicyName", "ReadOss"}}), Json::object());
  EXPECT_EQ(Rule("DeletePolicy", {{"PolicyName", "ReadOss"}}), "EntityNotExist.Policy");
}

TEST_F(OpsIdentityTest, ListPoliciesFiltersByTypeAndPagesAcrossTypes) {
  for (const char* name : {"c1", "c2", "c3"}) {
    Ok("CreatePolicy", {{"PolicyName", name}, {"PolicyDocument", Doc("oss:GetObject")}});
  }
  Ok("CreateUser", {{"UserName", "u"}});
  Ok("AttachPolicyToUser", With(Custom("c2"), "UserName", "u"));

  Json custom = Ok("ListPolicies", {{"PolicyType", "Custom"}});
  ASSERT_EQ(custom["Policies"]["Policy"].size(), 3u);
  EXPECT_EQ(custom["Policies"]["Policy"][1]["PolicyName"], "c2");
  EXPECT_EQ(custom["Policies"]["Policy"][1]["AttachmentCount"], 1);
  EXPECT_EQ(custom["Policies"]["Policy"][0]["AttachmentCount"], 0);
  Json system = Ok("ListPolicies", {{"PolicyType", "System"}});
  const size_t system_count = system["Policies"]["Policy"].size();
  EXPECT_GT(system_count, 3u);
  for (const Json& p : system["Policies"]["Policy"]) EXPECT_EQ(p["PolicyType"], "System");
  EXPECT_EQ(Rule("ListPolicies", {{"PolicyType", "Managed"}}), "InvalidParameter.PolicyType");

  // Three pages over both types: every policy once, system ones first.
  const size_t page_size = (system_count + 3 + 2) / 3;
  std::vector<std::string> seen;
  Json params = {{"MaxItems", page_size}};
  int pages = 0;
  for (;;) {
    Json page = Ok("ListPolicies", params);
    ++pages;
    for (const Json& p : page["Policies"]["Policy"]) {
      seen.push_back(p["PolicyType"].get<std::string>() + ":" + p["PolicyName"].get<std::string>());
    }
    if (!page["IsTruncated"].get<bool>()) break;
    params["Marker"] = page["Marker"];
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), system_count + 3);
  EXPECT_EQ(seen.back(), "Custom:c3");
  EXPECT_EQ(seen[system_count], "Custom:c1");
}

TEST_F(OpsIdentityTest, PolicyVersions) {
  Ok("CreatePolicy", {{"PolicyName", "p"}, {"PolicyDocument", Doc("a:v1")}});
  Json v2 = Ok("CreatePolicyVersion", {{"PolicyName", "p"}, {"PolicyDocument", Doc("a:v2")}});
  EXPECT_EQ(v2, (Json{{"PolicyVersion",
                       {{"VersionId", "v2"},
                        {"IsDefaultVersion", false},
                        {"PolicyDocument", Doc("a:v2")},
                        {"CreateDate", "2015-01-23T12:33:18Z"}}}}));
  Json v3 = Ok("CreatePolicyVersion",
               {{"PolicyName", "p"}, {"PolicyDocument", Doc("a:v3")}, {"SetAsDefault", true}});
  EXPECT_EQ(v3["PolicyVersion"]["IsDefaultVersion"], true);
  EXPECT_EQ(Ok("GetPolicy", Custom("p"))["Policy"]["DefaultVersion"], "v3");

  Json got = Ok("GetPolicyVersion", With(Custom("p"), "VersionId", "v2"));
  EXPECT_EQ(got, v2);
  EXPECT_EQ(Rule("GetPolicyVersion", With(Custom("p"), "VersionId", "v9")),
            "EntityNotExist.Policy.Version");
  Json system_version = Ok("GetPolicyVersion", {{"PolicyName", "AliyunOSSFullAccess"},
                                                {"PolicyType", "System"},
                                                {"VersionId", "v1"}});
  EXPECT_EQ(system_version["PolicyVersion"]["VersionId"], "v1");

  Ok("SetDefaultPolicyVersion", {{"PolicyName", "p"}, {"VersionId", "v1"}});
  Json listed = Ok("ListPolicyVersions", Custom("p"));
  ASSERT_EQ(listed["PolicyVersions"]["PolicyVersion"].size(), 3u);
  EXPECT_EQ(listed["PolicyVersions"]["PolicyVersion"][0]["IsDefaultVersion"], true);
  EXPECT_EQ(listed["PolicyVersions"]["PolicyVersion"][2]["VersionId"], "v3");
  EXPECT_EQ(Rule("ListPolicyVersions", Custom("zz")), "EntityNotExist.Policy");

  EXPECT_EQ(Rule("DeletePolicyVersion", {{"PolicyName", "p"}, {"VersionId", "v1"}}),
            "DeleteConflict.Policy.Version.Default");
  EXPECT_EQ(Rule("DeletePolicy", {{"PolicyName", "p"}}), "DeleteConflict.Policy.Version");
  EXPECT_EQ(Ok("DeletePolicyVersion", {{"PolicyName", "p"}, {"VersionId", "v2"}}), Json::object());
  EXPECT_EQ(Rule("SetDefaultPolicyVersion", {{"PolicyName", "p"}, {"VersionId", "v2"}}),
            "EntityNotExist.Policy.Version");

  // At the limit of 5: refused, or rotated away with the strategy.
  Ok("CreatePolicyVersion", {{"PolicyName", "p"}, {"PolicyDocument", Doc("a:v4")}});
  Ok("CreatePolicyVersion", {{"PolicyName", "p"}, {"PolicyDocument", Doc("a:v5")}});
  Ok("CreatePolicyVersion", {{"PolicyName", "p"}, {"PolicyDocument", Doc("a:v6")}});
  EXPECT_EQ(Rule("CreatePolicyVersion",
                 {{"PolicyName", "p"}, {"PolicyDocument", Doc("a:v7")}, {"RotateStrategy", "None"}}),
            "LimitExceeded.Policy.Version");
  EXPECT_EQ(Rule("CreatePolicyVersion",
                 {{"PolicyName", "p"}, {"PolicyDocument", Doc("a:v7")}, {"RotateStrategy", "x"}}),
            "InvalidParameter.RotateStrategy");
  Json rotated = Ok("CreatePolicyVersion",
                    {{"PolicyName", "p"},
                     {"PolicyDocument", Doc("a:v7")},
                     {"RotateStrategy", "DeleteOldestNonDefaultVersionWhenLimitExceeded"}});
  EXPECT_EQ(rotated["PolicyVersion"]["VersionId"], "v7");
  EXPECT_EQ(Rule("GetPolicyVersion", With(Custom("p"), "VersionId", "v3")),
            "EntityNotExist.Policy.Version");  // v3 was the oldest non-default

  EXPECT_EQ(Ok("DeletePolicy", {{"PolicyName", "p"}, {"CascadingDelete", true}}), Json::object());
  EXPECT_EQ(Rule("GetPolicy", Custom("p")), "EntityNotExist.Policy");
}

TEST_F(OpsIdentityTest, PolicyLimit) {
  identity::Limits limits;
  limits.custom_policies_per_account = 1;
  StatusOr<identity::Directory> d = identity::Directory::WithSystemPolicies(limits);
  ASSERT_TRUE(d.ok());
  state_.directory = std::move(*d);
  ASSERT_TRUE(state_.directory.CreateAccount(kAcct).ok());
  Ok("CreatePolicy", {{"PolicyName", "a"}, {"PolicyDocument", Doc("a:b")}});
  EXPECT_EQ(Rule("CreatePolicy", {{"PolicyName", "b"}, {"PolicyDocument", Doc("a:b")}}),
            "LimitExceeded.Policy");
}

// --- attachments ---------------------------------------------------------------------------

TEST_F(OpsIdentityTest, AttachDetachAndListForEveryHolder) {
  Ok("CreatePolicy",
     {{"PolicyName", "p"}, {"PolicyDocument", Doc("oss:GetObject")}, {"Description", "d"}});
  Ok("CreateUser", {{"UserName", "u"}, {"DisplayName", "You"}});
  Ok("CreateGroup", {{"GroupName", "g"}, {"Comments", "gc"}});
  Json role = Ok("CreateRole", {{"RoleName", "r"}, {"AssumeRolePolicyDocument", Trust()}});
  const Json oss = {{"PolicyName", "AliyunOSSFullAccess"}, {"PolicyType", "System"}};
  struct Holder {
    const char* key;
    const char* name;
    const char* suffix;
  };
  for (const Holder& h : {Holder{"UserName", "u", "User"}, Holder{"GroupName", "g", "Group"},
                          Holder{"RoleName", "r", "Role"}}) {
    const std::string attach = std::string("AttachPolicyTo") + h.suffix;
    const std::string detach = std::string("DetachPolicyFrom") + h.suffix;
    const std::string list = std::string("ListPoliciesFor") + h.suffix;
    EXPECT_EQ(Ok(attach, With(Custom("p"), h.key, h.name)), Json::object());
    Ok(attach, With(oss, h.key, h.name));
    EXPECT_EQ(Rule(attach, With(Custom("p"), h.key, h.name)),
              "EntityAlreadyExists." + std::string(h.suffix) + ".Policy");
    EXPECT_EQ(Rule(attach, With(Custom("none"), h.key, h.name)), "EntityNotExist.Policy");
    EXPECT_EQ(Rule(attach, With(Custom("p"), h.key, "nobody")),
              "EntityNotExist." + std::string(h.suffix));
    EXPECT_EQ(Rule(attach, With(With(Custom("p"), h.key, h.name), "ResourceGroupId", "rg-1")),
              "InvalidParameter.ResourceGroupId");
    EXPECT_EQ(Rule(attach, Custom("p")), "MissingParameter." + std::string(h.key));

    Json listed = Ok(list, {{h.key, h.name}});
    ASSERT_EQ(listed["Policies"]["Policy"].size(), 2u) << list;
    EXPECT_EQ(listed["Policies"]["Policy"][0], (Json{{"PolicyName", "p"},
                                                     {"PolicyType", "Custom"},
                                                     {"Description", "d"},
                                                     {"DefaultVersion", "v1"},
                                                     {"AttachDate", "2015-01-23T12:33:18Z"}}));
    EXPECT_EQ(listed["Policies"]["Policy"][1]["PolicyType"], "System");
    EXPECT_EQ(Rule(list, {{h.key, "nobody"}}), "EntityNotExist." + std::string(h.suffix));

    Ok(detach, With(oss, h.key, h.name));
    EXPECT_EQ(Rule(detach, With(oss, h.key, h.name)),
              "EntityNotExist." + std::string(h.suffix) + ".Policy");
    EXPECT_EQ(Ok(list, {{h.key, h.name}})["Policies"]["Policy"].size(), 1u);
  }

  Json entities = Ok("ListEntitiesForPolicy", Custom("p"));
  EXPECT_EQ(entities["Users"]["User"],
            (Json::array({{{"UserName", "u"},
                           {"UserId", Ok("GetUser", {{"UserName", "u"}})["User"]["UserId"]},
                           {"DisplayName", "You"},
                           {"AttachDate", "2015-01-23T12:33:18Z"}}})));
  EXPECT_EQ(entities["Groups"]["Group"],
            (Json::array(
                {{{"GroupName", "g"}, {"Comments", "gc"}, {"AttachDate", "2015-01-23T12:33:18Z"}}})));
  EXPECT_EQ(entities["Roles"]["Role"], (Json::array({{{"RoleName", "r"},
                                                      {"RoleId", role["Role"]["RoleId"]},
                                                      {"Arn", role["Role"]["Arn"]},
                                                      {"Description", ""},
                                                      {"AttachDate", "2015-01-23T12:33:18Z"}}})));
  EXPECT_EQ(Ok("GetPolicy", Custom("p"))["Policy"]["AttachmentCount"], 3);
  Json none = Ok("ListEntitiesForPolicy", oss);
  EXPECT_TRUE(none["Users"]["User"].empty());
  EXPECT_TRUE(none["Roles"]["Role"].is_array());
  EXPECT_EQ(Rule("ListEntitiesForPolicy", Custom("none")), "EntityNotExist.Policy");

  // A policy cannot be deleted while attached, nor a role holding one.
  EXPECT_EQ(Rule("DeletePolicy", {{"PolicyName", "p"}}), "DeleteConflict.Policy.User");
  Ok("DetachPolicyFromUser", With(Custom("p"), "UserName", "u"));
  EXPECT_EQ(Rule("DeletePolicy", {{"PolicyName", "p"}}), "DeleteConflict.Policy.Group");
  Ok("DetachPolicyFromGroup", With(Custom("p"), "GroupName", "g"));
  EXPECT_EQ(Rule("DeletePolicy", {{"PolicyName", "p"}}), "DeleteConflict.Policy.Role");
  EXPECT_EQ(Rule("DeleteRole", {{"RoleName", "r"}}), "DeleteConflict.Role.Policy");
  Ok("DetachPolicyFromRole", With(Custom("p"), "RoleName", "r"));
  Ok("DeletePolicy", {{"PolicyName", "p"}});
  Ok("DeleteRole", {{"RoleName", "r"}});
}

TEST_F(OpsIdentityTest, AttachLimits) {
  identity::Limits limits;
  limits.custom_policies_per_user = 1;
  limits.system_policies_per_group = 1;
  limits.custom_policies_per_role = 1;
  StatusOr<identity::Directory> d = identity::Directory::WithSystemPolicies(limits);
  ASSERT_TRUE(d.ok());
  state_.directory = std::move(*d);
  ASSERT_TRUE(state_.directory.CreateAccount(kAcct).ok());
  Ok("CreatePolicy", {{"PolicyName", "a"}, {"PolicyDocument", Doc("a:b")}});
  Ok("CreatePolicy", {{"PolicyName", "b"}, {"PolicyDocument", Doc("a:b")}});
  Ok("CreateUser", {{"UserName", "u"}});
  Ok("CreateGroup", {{"GroupName", "g"}});
  Ok("CreateRole", {{"RoleName", "r"}, {"AssumeRolePolicyDocument", Trust()}});
  Ok("AttachPolicyToUser", With(Custom("a"), "UserName", "u"));
  EXPECT_EQ(Rule("AttachPolicyToUser", With(Custom("b"), "UserName", "u")),
            "LimitExceeded.User.Policy");
  const Json oss = {{"PolicyName", "AliyunOSSFullAccess"}, {"PolicyType", "System"}};
  const Json pai = {{"PolicyName", "AliyunPAIFullAccess"}, {"PolicyType", "System"}};
  Ok("AttachPolicyToGroup", With(oss, "GroupName", "g"));
  EXPECT_EQ(Rule("AttachPolicyToGroup", With(pai, "GroupName", "g")),
            "LimitExceeded.Group.Policy");
  Ok("AttachPolicyToRole", With(Custom("a"), "RoleName", "r"));
  EXPECT_EQ(Rule("AttachPolicyToRole", With(Custom("b"), "RoleName", "r")),
            "LimitExceeded.Role.Policy");
}

// --- roles and the account alias -----------------------------------------------------------

TEST_F(OpsIdentityTest, RoleLifecycle) {
  Json created = Ok("CreateRole", {{"RoleName", "pai-ops"},
                                   {"AssumeRolePolicyDocument", Trust()},
                                   {"Description", "ops"},
                                   {"MaxSessionDuration", "7200"}});
  const Json& role = created["Role"];
  EXPECT_EQ(role["RoleName"], "pai-ops");
  EXPECT_EQ(role["Arn"], "acs:ram::" + std::string(kAcct) + ":role/pai-ops");
  EXPECT_EQ(role["AssumeRolePolicyDocument"], Trust());
  EXPECT_EQ(role["Description"], "ops");
  EXPECT_EQ(role["MaxSessionDuration"], 7200);
  EXPECT_EQ(role["CreateDate"], "2015-01-23T12:33:18Z");
  EXPECT_FALSE(role["RoleId"].get<std::string>().empty());
  EXPECT_EQ(Ok("GetRole", {{"RoleName", "pai-ops"}}), created);
  EXPECT_EQ(Rule("GetRole", {{"RoleName", "nope"}}), "EntityNotExist.Role");
  EXPECT_EQ(Rule("CreateRole", {{"RoleName", "pai-ops"}, {"AssumeRolePolicyDocument", Trust()}}),
            "EntityAlreadyExists.Role");
  EXPECT_EQ(Rule("CreateRole", {{"RoleName", "x"}, {"AssumeRolePolicyDocument", Doc("a:b")}}),
            "MalformedPolicyDocument");
  EXPECT_EQ(Rule("CreateRole", {{"RoleName", "x"},
                                {"AssumeRolePolicyDocument", Trust()},
                                {"MaxSessionDuration", 100}}),
            "InvalidParameter.MaxSessionDuration");
  EXPECT_EQ(Rule("CreateRole", {{"RoleName", "x"},
                                {"AssumeRolePolicyDocument", Trust()},
                                {"MaxSessionDuration", 99999999999}}),
            "InvalidParameter.MaxSessionDuration");
  EXPECT_EQ(Rule("CreateRole", {{"RoleName", "x"}}), "MissingParameter.AssumeRolePolicyDocument");

  state_.directory.SetNow(kNow + 1000);
  Json updated = Ok("UpdateRole", {{"RoleName", "pai-ops"},
                                   {"NewDescription", "operators"},
                                   {"NewMaxSessionDuration", 43200}});
  EXPECT_EQ(updated["Role"]["Description"], "operators");
  EXPECT_EQ(updated["Role"]["MaxSessionDuration"], 43200);
  EXPECT_EQ(updated["Role"]["AssumeRolePolicyDocument"], Trust());
  EXPECT_EQ(updated["Role"]["UpdateDate"], "2015-01-23T12:33:19Z");
  EXPECT_EQ(Rule("UpdateRole", {{"RoleName", "pai-ops"}, {"NewAssumeRolePolicyDocument", "[]"}}),
            "MalformedPolicyDocument");
  EXPECT_EQ(Rule("UpdateRole", {{"RoleName", "nope"}}), "EntityNotExist.Role");

  EXPECT_EQ(Ok("DeleteRole", {{"RoleName", "pai-ops"}}), Json::object());
  EXPECT_EQ(Rule("DeleteRole", {{"RoleName", "pai-ops"}}), "EntityNotExist.Role");
}

TEST_F(OpsIdentityTest, ListRolesPagesAndRoleLimit) {
  for (const char* name : {"r1", "r2", "r3"}) {
    Ok("CreateRole", {{"RoleName", name}, {"AssumeRolePolicyDocument", Trust()}});
  }
  std::vector<std::string> seen;
  Json params = {{"MaxItems", 1}};
  for (int page = 0; page < 3; ++page) {
    Json out = Ok("ListRoles", params);
    EXPECT_EQ(out["IsTruncated"], page < 2);
    for (const Json& r : out["Roles"]["Role"]) seen.push_back(r["RoleName"]);
    params["Marker"] = out["Marker"];
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"r1", "r2", "r3"}));

  identity::Limits limits;
  limits.roles_per_account = 1;
  StatusOr<identity::Directory> d = identity::Directory::WithSystemPolicies(limits);
  ASSERT_TRUE(d.ok());
  state_.directory = std::move(*d);
  ASSERT_TRUE(state_.directory.CreateAccount(kAcct).ok());
  Ok("CreateRole", {{"RoleName", "a"}, {"AssumeRolePolicyDocument", Trust()}});
  EXPECT_EQ(Rule("CreateRole", {{"RoleName", "b"}, {"AssumeRolePolicyDocument", Trust()}}),
            "LimitExceeded.Role");
}

TEST_F(OpsIdentityTest, AccountAlias) {
  EXPECT_EQ(Ok("GetAccountAlias"), (Json{{"AccountAlias", ""}}));
  EXPECT_EQ(Ok("SetAccountAlias", {{"AccountAlias", "acme"}}), Json::object());
  EXPECT_EQ(Ok("GetAccountAlias"), (Json{{"AccountAlias", "acme"}}));
  EXPECT_EQ(Rule("SetAccountAlias", {{"AccountAlias", "-bad"}}),
            "InvalidParameter.AccountAlias.Format");
  EXPECT_EQ(Rule("SetAccountAlias"), "MissingParameter.AccountAlias");
  EXPECT_EQ(Rule("GetAccountAlias", {{"AccountAlias", "x"}}), "InvalidParameter.AccountAlias");
  ASSERT_TRUE(state_.directory.CreateAccount("1000000000000002").ok());
  EXPECT_EQ(Rule("SetAccountAlias", {{"AccountAlias", "acme"}}, RootCaller("1000000000000002")),
            "EntityAlreadyExists.AccountAlias");
  EXPECT_EQ(Rule("GetAccountAlias", Json::object(), RootCaller("1000000000000009")),
            "identity.account-not-found");
  // Clearing frees the alias for another account; clearing again is a no-op.
  EXPECT_EQ(Ok("ClearAccountAlias"), Json::object());
  EXPECT_EQ(Ok("GetAccountAlias"), (Json{{"AccountAlias", ""}}));
  EXPECT_EQ(Ok("ClearAccountAlias"), Json::object());
  EXPECT_EQ(Ok("SetAccountAlias", {{"AccountAlias", "acme"}}, RootCaller("1000000000000002")),
            Json::object());
  EXPECT_EQ(Rule("ClearAccountAlias", {{"AccountAlias", "x"}}), "InvalidParameter.AccountAlias");
}

}  // namespace
}  // namespace paiam::api::testing
