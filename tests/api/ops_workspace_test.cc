// The PAI workspace operations (src/api/ops_workspace*.cc): workspaces, the default workspace,
// members and roles, custom roles, resources, configs and the seed-004 settings, driven through
// FindOperation as the server drives them; targets decided by the engine for members of each
// role.
#include <gtest/gtest.h>

#include <string>

#include "ops_workspace_fixture.h"

namespace paiam::api {
namespace {

using policy::Decision;
using testing::BaseState;
using testing::CallerOf;
using testing::Decide;
using testing::kAcct;
using testing::kWs;
using testing::RuleOf;
using testing::Call;
using testing::UserId;

class OpsWorkspaceTest : public ::testing::Test {
 protected:
  authz::State state_ = BaseState();
  Caller owner_ = CallerOf("owner");
};

TEST_F(OpsWorkspaceTest, EveryOperationIsInTheTable) {
  for (const char* name :
       {"CreateWorkspace", "GetWorkspace", "UpdateWorkspace", "DeleteWorkspace", "ListWorkspaces",
        "CreateDefaultWorkspace", "GetDefaultWorkspace", "UpdateDefaultWorkspace", "CreateMember",
        "DeleteMembers", "GetMember", "ListMembers", "AddMemberRole", "RemoveMemberRole",
        "CreateWorkspaceRole", "GetWorkspaceRole", "UpdateWorkspaceRole", "DeleteWorkspaceRoles",
        "ListWorkspaceRoles", "CreateWorkspaceResource", "ListResources",
        "DeleteWorkspaceResource", "ListConfigs", "UpdateConfigs", "DeleteConfig",
        "GetWorkspaceSettings", "EnableSlsForwarding", "DisableSlsForwarding",
        "UpdateGeneralSettings", "CreateNotificationRule", "UpdateNotificationRule",
        "DeleteNotificationRule"}) {
    const Operation* op = FindOperation(name);
    ASSERT_NE(op, nullptr) << name;
    EXPECT_NE(op->target, nullptr) << name;
    EXPECT_EQ(op->writes, op->apply != nullptr) << name;
    EXPECT_EQ(!op->writes, op->read != nullptr) << name;
  }
}

TEST_F(OpsWorkspaceTest, CreateWorkspaceMakesTheCallerOwner) {
  Json params = {{"WorkspaceName", "vision"},
                 {"Description", "cv team"},
                 {"EnvTypes", {"prod", "dev"}},
                 {"ResourceGroupId", "rg-1"}};
  StatusOr<Json> created = Call(state_, "CreateWorkspace", params, CallerOf("dev"));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string id = (*created)["WorkspaceId"];
  StatusOr<Json> got =
      Call(state_, "GetWorkspace", {{"WorkspaceId", id}, {"Verbose", true}}, CallerOf("dev"));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ((*got)["WorkspaceName"], "vision");
  EXPECT_EQ((*got)["DisplayName"], "vision");
  EXPECT_EQ((*got)["EnvTypes"], Json({"dev", "prod"}));
  EXPECT_EQ((*got)["Creator"], UserId(3));
  EXPECT_EQ((*got)["ResourceGroupId"], "rg-1");
  EXPECT_EQ((*got)["Owner"]["UserName"], "dev");
  EXPECT_EQ((*got)["ExtraInfos"]["TenantId"], kAcct);
  EXPECT_EQ((*got)["GmtCreateTime"], "1970-01-01T00:00:00.000Z");
  StatusOr<Json> member = Call(state_, "GetMember", {{"WorkspaceId", id}, {"UserId", UserId(3)}},
                              CallerOf("dev"));
  ASSERT_TRUE(member.ok());
  EXPECT_EQ((*member)["Roles"], Json({"PAI.WorkspaceOwner"}));

  EXPECT_EQ(RuleOf(Call(state_, "CreateWorkspace", params, owner_)), "workspace.name-unique");
}

TEST_F(OpsWorkspaceTest, CreateWorkspaceIsOffWorkspace) {
  Json params = {{"WorkspaceName", "vision"}, {"EnvTypes", "prod"}, {"RegionId", "cn-beijing"}};
  const Operation* op = FindOperation("CreateWorkspace");
  StatusOr<AuthzTarget> target = op->target(StateView::Of(state_), params, owner_);
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(target->action, "PaiWorkspace:CreateWorkspace");
  EXPECT_EQ(target->resource,
            "acs:paiworkspace:cn-beijing:" + std::string(kAcct) + ":workspace/*");
  EXPECT_EQ(Decide(state_, "CreateWorkspace", params, CallerOf("platform")), Decision::kAllow);
  EXPECT_EQ(Decide(state_, "CreateWorkspace", params, CallerOf("admin")),
            Decision::kImplicitDeny);
}

TEST_F(OpsWorkspaceTest, ParametersAreChecked) {
  EXPECT_EQ(RuleOf(Call(state_, "CreateWorkspace",
                       {{"WorkspaceName", "abc"}, {"EnvTypes", "prod"}, {"Colour", "red"}},
                       owner_)),
            "InvalidParameter.Colour");
  EXPECT_EQ(RuleOf(Call(state_, "CreateWorkspace", {{"EnvTypes", "prod"}}, owner_)),
            "MissingParameter.WorkspaceName");
  EXPECT_EQ(RuleOf(Call(state_, "GetWorkspace", {{"WorkspaceId", "999"}}, owner_)),
            "workspace.not-found");
  EXPECT_EQ(RuleOf(Call(state_, "ListWorkspaces", {{"PageSize", 0}}, owner_)),
            "InvalidParameter.PageSize");
  EXPECT_EQ(RuleOf(Call(state_, "ListWorkspaces", {{"PageNumber", "0"}}, owner_)),
            "InvalidParameter.PageNumber");
  EXPECT_EQ(RuleOf(Call(state_, "ListWorkspaces", {{"SortBy", "Name"}}, owner_)),
            "InvalidParameter.SortBy");
  EXPECT_EQ(RuleOf(Call(state_, "ListWorkspaces", {{"Order", "UP"}}, owner_)),
            "InvalidParameter.Order");
}

TEST_F(OpsWorkspaceTest, ListWorkspacesPagesAndUsesTheListItemQuirk) {
  for (const char* name : {"ws_b", "ws_c", "ws_d"}) {
    ASSERT_TRUE(
        Call(state_, "CreateWorkspace", {{"WorkspaceName", name}, {"EnvTypes", "prod"}}, owner_)
            .ok());
  }
  StatusOr<Json> page = Call(state_, "ListWorkspaces",
                            {{"PageSize", 2}, {"PageNumber", 2}, {"Order", "ASC"}}, owner_);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ((*page)["TotalCount"], 4);
  ASSERT_EQ((*page)["Workspaces"].size(), 2u);
  // Equal creation times: ascending ids 1, 2, 3, 1001.
  EXPECT_EQ((*page)["Workspaces"][0]["WorkspaceName"], "ws_d");
  EXPECT_TRUE((*page)["Workspaces"][0].contains("resourceGroupId"));
  EXPECT_FALSE((*page)["Workspaces"][0].contains("ResourceGroupId"));
  StatusOr<Json> named = Call(state_, "ListWorkspaces", {{"WorkspaceName", "nlp"}}, owner_);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ((*named)["TotalCount"], 1);
  EXPECT_EQ((*named)["Workspaces"][0]["AdminNames"], Json({"admin"}));
}

TEST_F(OpsWorkspaceTest, UpdateAndDeleteWorkspace) {
  ASSERT_TRUE(Call(state_, "UpdateWorkspace",
                  {{"WorkspaceId", kWs}, {"DisplayName", "NLP"}, {"Description", "text"}}, owner_)
                  .ok());
  StatusOr<Json> got = Call(state_, "GetWorkspace", {{"WorkspaceId", kWs}}, owner_);
  EXPECT_EQ((*got)["DisplayName"], "NLP");
  EXPECT_FALSE(got->contains("Owner")) << "Owner only with Verbose";
  EXPECT_EQ(RuleOf(Call(state_, "UpdateWorkspace",
                       {{"WorkspaceId", kWs}, {"Description", std::string(81, 'x')}}, owner_)),
            "workspace.description-invalid");
  // DeleteWorkspace names the workspace: the Owner/Administrator column grants it there.
  Json del = {{"WorkspaceId", kWs}};
  EXPECT_EQ(Decide(state_, "DeleteWorkspace", del, owner_), Decision::kAllow);
  EXPECT_EQ(Decide(state_, "DeleteWorkspace", del, CallerOf("dev")), Decision::kImplicitDeny);
  EXPECT_EQ(Decide(state_, "UpdateWorkspace", del, CallerOf("admin")), Decision::kAllow);
  EXPECT_EQ(Decide(state_, "GetWorkspace", del, CallerOf("visitor")), Decision::kAllow);
  EXPECT_EQ(Decide(state_, "GetWorkspace", del, CallerOf("outsider")), Decision::kImplicitDeny);
  ASSERT_TRUE(Call(state_, "DeleteWorkspace", del, owner_).ok());
  EXPECT_EQ(RuleOf(Call(state_, "GetWorkspace", del, owner_)), "workspace.not-found");
}

TEST_F(OpsWorkspaceTest, DefaultWorkspace) {
  EXPECT_EQ(RuleOf(Call(state_, "GetDefaultWorkspace", Json::object(), owner_)),
            "workspace.default-not-found");
  StatusOr<Json> created =
      Call(state_, "CreateDefaultWorkspace",
          {{"Description", "mine"}, {"Resources", {{{"ProductType", "DSW"}}}}}, owner_);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  StatusOr<Json> got = Call(state_, "GetDefaultWorkspace", {{"Verbose", true}}, owner_);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ((*got)["WorkspaceId"], (*created)["WorkspaceId"]);
  EXPECT_EQ((*got)["WorkspaceName"], "default_workspace");
  EXPECT_EQ((*got)["IsDefault"], true);
  EXPECT_EQ((*got)["Owner"]["UserKp"], kAcct);
  EXPECT_EQ((*got)["Conditions"][0]["Type"], "ENABLED");
  EXPECT_EQ(RuleOf(Call(state_, "CreateDefaultWorkspace", {{"WorkspaceName", "other_default"}},
                       owner_)),
            "workspace.default-exists");

  ASSERT_TRUE(Call(state_, "UpdateDefaultWorkspace", {{"WorkspaceId", kWs}}, owner_).ok());
  got = Call(state_, "GetDefaultWorkspace", Json::object(), CallerOf("visitor"));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*got)["WorkspaceId"], kWs);
  // Every role of the matrix may obtain the default workspace it is a member of.
  EXPECT_EQ(Decide(state_, "GetDefaultWorkspace", Json::object(), CallerOf("visitor")),
            Decision::kAllow);
  EXPECT_EQ(Decide(state_, "GetDefaultWorkspace", Json::object(), CallerOf("outsider")),
            Decision::kImplicitDeny);
}

TEST_F(OpsWorkspaceTest, MembersAndTheirRoles) {
  Json add = {{"WorkspaceId", kWs},
              {"Members", {{{"UserId", UserId(7)}, {"Roles", {"PAI.LabelManager"}}}}}};
  EXPECT_EQ(Decide(state_, "CreateMember", add, CallerOf("admin")), Decision::kAllow);
  EXPECT_EQ(Decide(state_, "CreateMember", add, CallerOf("visitor")), Decision::kImplicitDeny);
  EXPECT_EQ(Decide(state_, "CreateMember", add, CallerOf("dev")), Decision::kImplicitDeny);
  StatusOr<Json> added = Call(state_, "CreateMember", add, CallerOf("admin"));
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  const std::string member_id = std::string(kWs) + "-" + UserId(7);
  EXPECT_EQ((*added)["Members"][0]["MemberId"], member_id);
  EXPECT_EQ((*added)["Members"][0]["DisplayName"], "outsider");
  EXPECT_EQ(RuleOf(Call(state_, "CreateMember", add, owner_)), "workspace.member-exists");

  Json bad = {{"WorkspaceId", kWs}, {"Members", {{{"UserId", UserId(6)}, {"Role", "x"}}}}};
  StatusOr<Json> refused = Call(state_, "CreateMember", bad, owner_);
  EXPECT_EQ(RuleOf(refused), "InvalidParameter.Role");
  EXPECT_NE(refused.status().message().find("Members[0]"), std::string::npos);
  EXPECT_EQ(RuleOf(Call(state_, "CreateMember",
                       {{"WorkspaceId", kWs}, {"Members", {{{"UserId", UserId(6)}}}}}, owner_)),
            "workspace.member-needs-a-role");
  EXPECT_EQ(RuleOf(Call(state_, "CreateMember", {{"WorkspaceId", kWs}, {"Members", Json::array()}},
                       owner_)),
            "MissingParameter.Members");

  Json role = {{"WorkspaceId", kWs}, {"MemberId", member_id}, {"RoleName", "PAI.LabelManager"}};
  EXPECT_EQ(RuleOf(Call(state_, "RemoveMemberRole", role, owner_)), "workspace.member-keeps-a-role");
  role["RoleName"] = "PAI.AlgoOperator";
  ASSERT_TRUE(Call(state_, "AddMemberRole", role, owner_).ok());
  EXPECT_EQ(RuleOf(Call(state_, "AddMemberRole", role, owner_)), "workspace.member-has-role");
  ASSERT_TRUE(Call(state_, "RemoveMemberRole", role, owner_).ok());
  const std::string owner_member = std::string(kWs) + "-" + UserId(1);
  EXPECT_EQ(RuleOf(Call(state_, "RemoveMemberRole",
                       {{"WorkspaceId", kWs},
                        {"MemberId", owner_member},
                        {"RoleName", "PAI.WorkspaceOwner"}},
                       owner_)),
            "workspace.owner-role-is-permanent");
  EXPECT_EQ(RuleOf(Call(state_, "DeleteMembers",
                       {{"WorkspaceId", kWs}, {"MemberIds", owner_member}}, owner_)),
            "workspace.owner-role-is-permanent");
  ASSERT_TRUE(
      Call(state_, "DeleteMembers", {{"WorkspaceId", kWs}, {"MemberIds", member_id}}, owner_).ok());
  EXPECT_EQ(RuleOf(Call(state_, "GetMember", {{"WorkspaceId", kWs}, {"MemberId", member_id}},
                       owner_)),
            "workspace.member-not-found");
}

TEST_F(OpsWorkspaceTest, GetAndListMembers) {
  StatusOr<Json> by_user =
      Call(state_, "GetMember", {{"WorkspaceId", kWs}, {"UserId", UserId(3)}}, owner_);
  ASSERT_TRUE(by_user.ok());
  EXPECT_EQ((*by_user)["MemberName"], "dev");
  EXPECT_EQ((*by_user)["AccountType"], 5);
  StatusOr<Json> by_id = Call(state_, "GetMember",
                             {{"WorkspaceId", kWs}, {"MemberId", (*by_user)["MemberId"]}}, owner_);
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(*by_id, *by_user);
  EXPECT_EQ(RuleOf(Call(state_, "GetMember", {{"WorkspaceId", kWs}}, owner_)),
            "MissingParameter.UserId");
  EXPECT_EQ(RuleOf(Call(state_, "GetMember",
                       {{"WorkspaceId", kWs}, {"UserId", UserId(3)}, {"MemberId", "x"}}, owner_)),
            "InvalidParameter.MemberId");

  StatusOr<Json> devs = Call(state_, "ListMembers",
                            {{"WorkspaceId", kWs}, {"Roles", "PAI.AlgoDeveloper"}}, owner_);
  ASSERT_TRUE(devs.ok());
  EXPECT_EQ((*devs)["TotalCount"], 2);
  StatusOr<Json> page =
      Call(state_, "ListMembers", {{"WorkspaceId", kWs}, {"PageSize", 2}, {"PageNumber", 3}},
          owner_);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ((*page)["TotalCount"], 5);
  EXPECT_EQ((*page)["Members"].size(), 1u);
  StatusOr<Json> named =
      Call(state_, "ListMembers", {{"WorkspaceId", kWs}, {"MemberName", "visit"}}, owner_);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ((*named)["Members"][0]["Roles"], Json({"PAI.WorkspaceGuest"}));
  EXPECT_EQ(Decide(state_, "ListMembers", {{"WorkspaceId", kWs}}, CallerOf("visitor")),
            Decision::kAllow);
}

Json ReadOnlyDatasets() {
  return {{{"ModuleName", "Dataset"}, {"PermissionType", "ReadOnly"}}};
}

TEST_F(OpsWorkspaceTest, CustomRoles) {
  Json create = {{"WorkspaceId", kWs},
                 {"RoleName", "Readers"},
                 {"RoleType", "Custom"},
                 {"ModulePermissions", ReadOnlyDatasets()}};
  EXPECT_EQ(Decide(state_, "CreateWorkspaceRole", create, CallerOf("admin")), Decision::kAllow);
  EXPECT_EQ(Decide(state_, "CreateWorkspaceRole", create, CallerOf("dev")),
            Decision::kImplicitDeny);
  StatusOr<Json> created = Call(state_, "CreateWorkspaceRole", create, owner_);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string id = (*created)["RoleId"];
  EXPECT_EQ(RuleOf(Call(state_, "CreateWorkspaceRole", create, owner_)),
            "workspace.custom-role.name-unique");

  Json custom = {{{"ModuleName", "DLC"},
                  {"PermissionType", "CustomPermissions"},
                  {"Permissions",
                   {{{"PermissionCodes", {"PaiDLC:ListJobs"}},
                     {"PermissionRules", {{{"Accessibility", "PUBLIC"}}}}}}}}};
  ASSERT_TRUE(Call(state_, "UpdateWorkspaceRole",
                  {{"WorkspaceId", kWs}, {"RoleId", id}, {"ModulePermissions", custom}}, owner_)
                  .ok());
  StatusOr<Json> got = Call(state_, "GetWorkspaceRole", {{"WorkspaceId", kWs}, {"RoleId", id}},
                           CallerOf("visitor"));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ((*got)["RoleName"], "Readers");
  EXPECT_EQ((*got)["ModulePermissions"][0]["PermissionType"], "CustomPermissions");
  EXPECT_EQ((*got)["ModulePermissions"][0]["Permissions"][0]["PermissionRules"][0]
               ["Accessibility"],
            "PUBLIC");
  StatusOr<Json> list = Call(state_, "ListWorkspaceRoles", {{"WorkspaceId", kWs}}, owner_);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ((*list)["TotalCount"], 1);

  // A role held by a member cannot be deleted.
  ASSERT_TRUE(Call(state_, "AddMemberRole",
                  {{"WorkspaceId", kWs}, {"MemberId", std::string(kWs) + "-" + UserId(5)},
                   {"RoleName", id}},
                  owner_)
                  .ok());
  Json del = {{"WorkspaceId", kWs}, {"RoleIds", {id}}};
  EXPECT_EQ(RuleOf(Call(state_, "DeleteWorkspaceRoles", del, owner_)),
            "workspace.custom-role.in-use");

  EXPECT_EQ(RuleOf(Call(state_, "GetWorkspaceRole", {{"WorkspaceId", kWs}, {"RoleId", "nope"}},
                       owner_)),
            "workspace.custom-role.not-found");
  EXPECT_EQ(RuleOf(Call(state_, "UpdateWorkspaceRole",
                       {{"WorkspaceId", kWs}, {"RoleId", "nope"}, {"RoleName", "x"}}, owner_)),
            "workspace.custom-role.not-found");
  create["RoleType"] = "BuiltIn";
  EXPECT_EQ(RuleOf(Call(state_, "CreateWorkspaceRole", create, owner_)),
            "InvalidParameter.RoleType");
  create["RoleType"] = "Custom";
  create["ModulePermissions"][0]["PermissionType"] = "Everything";
  EXPECT_EQ(RuleOf(Call(state_, "CreateWorkspaceRole", create, owner_)),
            "InvalidParameter.PermissionType");
  create["ModulePermissions"][0]["PermissionType"] = "ReadOnly";
  create["ModulePermissions"][0]["ModuleName"] = "Nothing";
  create["RoleName"] = "Others";
  EXPECT_EQ(RuleOf(Call(state_, "CreateWorkspaceRole", create, owner_)),
            "workspace.custom-role.unknown-module");
}

TEST_F(OpsWorkspaceTest, ResourceAssociationsArePermanent) {
  Json two = {{"WorkspaceId", kWs},
              {"Option", "Attach"},
              {"Resources",
               {{{"Name", "gpu-pool"}, {"EnvType", "prod"}, {"ResourceType", "Lingjun"},
                 {"Quotas", {{{"Id", "quota-1"}}}}},
                {{"Name", "cpu-pool"}, {"EnvType", "prod"}, {"IsDefault", true}}}}};
  StatusOr<Json> created = Call(state_, "CreateWorkspaceResource", two, owner_);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ((*created)["TotalCount"], 2);
  const std::string id = (*created)["Resources"][0]["Id"];

  StatusOr<Json> listed = Call(state_, "ListResources",
                              {{"WorkspaceId", kWs}, {"ResourceTypes", "Lingjun"}}, owner_);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ((*listed)["TotalCount"], 1);
  EXPECT_EQ((*listed)["Resources"][0]["Quotas"][0]["Id"], "quota-1");
  EXPECT_EQ((*listed)["Resources"][0]["ResourceType"], "Lingjun");

  StatusOr<Json> refused =
      Call(state_, "DeleteWorkspaceResource", {{"WorkspaceId", kWs}, {"ResourceIds", id}}, owner_);
  EXPECT_EQ(RuleOf(refused), "workspace.resource-association-is-permanent");
  EXPECT_NE(refused.status().message().find("contact your account manager"), std::string::npos);

  // All or nothing: the second resource's env type is refused, so the first is not added.
  Json mixed = {{"WorkspaceId", kWs},
                {"Resources",
                 {{{"Name", "fresh-pool"}, {"EnvType", "prod"}},
                  {{"Name", "dev-pool"}, {"EnvType", "dev"}}}}};
  EXPECT_EQ(RuleOf(Call(state_, "CreateWorkspaceResource", mixed, owner_)),
            "workspace.resource-env-type-invalid");
  EXPECT_EQ((*Call(state_, "ListResources", {{"WorkspaceId", kWs}}, owner_))["TotalCount"], 2);

  auto one = [&](Json resource) {
    return Call(state_, "CreateWorkspaceResource",
               {{"WorkspaceId", kWs}, {"Resources", Json::array({resource})}}, owner_);
  };
  EXPECT_EQ(RuleOf(one({{"Name", "abc"}, {"EnvType", "prod"}, {"ResourceType", "ACS"}})),
            "InvalidParameter.ResourceType");
  EXPECT_EQ(RuleOf(one({{"Name", "abc"}, {"EnvType", "prod"}, {"WorkspaceId", "7"}})),
            "InvalidParameter.WorkspaceId");
  EXPECT_EQ(RuleOf(one({{"Name", "abc"}, {"EnvType", "prod"},
                        {"Quotas", {{{"Id", "q1"}}, {{"Id", "q2"}}}}})),
            "InvalidParameter.Quotas");
  EXPECT_EQ(RuleOf(Call(state_, "CreateWorkspaceResource",
                       {{"WorkspaceId", kWs}, {"Option", "Detach"},
                        {"Resources", {{{"Name", "abc"}, {"EnvType", "prod"}}}}},
                       owner_)),
            "InvalidParameter.Option");
  EXPECT_EQ(RuleOf(Call(state_, "ListResources", {{"WorkspaceId", kWs}, {"Option", "All"}},
                       owner_)),
            "InvalidParameter.Option");
  EXPECT_EQ(RuleOf(Call(state_, "ListResources",
                       {{"WorkspaceId", kWs}, {"ResourceTypes", "Quantum"}}, owner_)),
            "InvalidParameter.ResourceTypes");
  EXPECT_EQ(Decide(state_, "CreateWorkspaceResource", two, CallerOf("dev")),
            Decision::kImplicitDeny);
}

TEST_F(OpsWorkspaceTest, Configs) {
  Json update = {{"WorkspaceId", kWs},
                 {"Configs",
                  {{{"CategoryName", "CommonResourceConfig"},
                    {"ConfigKey", "tempStoragePath"},
                    {"ConfigValue", "oss://bucket/tmp/"}},
                   {{"CategoryName", "DLCAutoRecycle"},
                    {"ConfigKey", "isAutoRecycle"},
                    {"ConfigValue", "true"}}}}};
  EXPECT_EQ(Decide(state_, "UpdateConfigs", update, CallerOf("admin")), Decision::kAllow);
  EXPECT_EQ(Decide(state_, "UpdateConfigs", update, CallerOf("dev")), Decision::kImplicitDeny);
  ASSERT_TRUE(Call(state_, "UpdateConfigs", update, owner_).ok());
  StatusOr<Json> listed = Call(state_, "ListConfigs", {{"WorkspaceId", kWs}}, owner_);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ((*listed)["TotalCount"], 2);
  EXPECT_EQ((*listed)["Configs"][0]["ConfigValue"], "oss://bucket/tmp/");
  StatusOr<Json> one = Call(state_, "ListConfigs",
                           {{"WorkspaceId", kWs}, {"ConfigKeys", "isAutoRecycle"}}, owner_);
  EXPECT_EQ((*one)["TotalCount"], 1);

  // All or nothing: an unknown second config keeps the first unchanged.
  Json mixed = {{"WorkspaceId", kWs},
                {"Configs",
                 {{{"CategoryName", "DLCAutoRecycle"}, {"ConfigKey", "isAutoRecycle"},
                   {"ConfigValue", "false"}},
                  {{"CategoryName", "Nope"}, {"ConfigKey", "k"}, {"ConfigValue", "v"}}}}};
  EXPECT_EQ(RuleOf(Call(state_, "UpdateConfigs", mixed, owner_)), "workspace.config-unknown");
  one = Call(state_, "ListConfigs", {{"WorkspaceId", kWs}, {"CategoryName", "DLCAutoRecycle"}},
            owner_);
  EXPECT_EQ((*one)["Configs"][0]["ConfigValue"], "true");

  ASSERT_TRUE(Call(state_, "DeleteConfig",
                  {{"WorkspaceId", kWs}, {"CategoryName", "DLCAutoRecycle"},
                   {"ConfigKey", "isAutoRecycle"}},
                  owner_)
                  .ok());
  EXPECT_EQ((*Call(state_, "ListConfigs", {{"WorkspaceId", kWs}}, owner_))["TotalCount"], 1);
}

TEST_F(OpsWorkspaceTest, SlsForwardingNeedsTheCallersLogPermissions) {
  Json enable = {{"WorkspaceId", kWs},
                 {"Project", "pai-logs"},
                 {"Logstore", "dsw_dlc"},
                 {"Modules", {"DLC", "DSW"}}};
  workspace::PermissionProbe deny_open = [](std::string_view action, std::string_view) {
    return action != "log:OpenProductDataCollection";
  };
  StatusOr<Json> denied = Call(state_, "EnableSlsForwarding", enable, owner_, deny_open);
  EXPECT_EQ(RuleOf(denied), "workspace.sls-forwarding-denied");
  EXPECT_EQ(denied.status().message(),
            "denied by sts or ram, action: log:OpenProductDataCollection, resource: "
            "acs:log:cn-hangzhou:" +
                std::string(kAcct) + ":project/pai-logs");
  EXPECT_EQ(RuleOf(Call(state_, "DisableSlsForwarding", {{"WorkspaceId", kWs}}, owner_)),
            "workspace.sls-forwarding-not-enabled");
  ASSERT_TRUE(Call(state_, "EnableSlsForwarding", enable, owner_).ok());
  StatusOr<Json> settings = Call(state_, "GetWorkspaceSettings", {{"WorkspaceId", kWs}}, owner_);
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ((*settings)["SlsForwarding"]["Enabled"], true);
  EXPECT_EQ((*settings)["SlsForwarding"]["Modules"], Json({"DLC", "DSW"}));
  ASSERT_TRUE(Call(state_, "DisableSlsForwarding", {{"WorkspaceId", kWs}}, owner_).ok());
  EXPECT_EQ(Decide(state_, "EnableSlsForwarding", enable, CallerOf("dev")),
            Decision::kImplicitDeny);
  EXPECT_EQ(Decide(state_, "EnableSlsForwarding", enable, CallerOf("admin")), Decision::kAllow);
}

TEST_F(OpsWorkspaceTest, GeneralSettingsAndNotifications) {
  ASSERT_TRUE(Call(state_, "UpdateGeneralSettings",
                  {{"WorkspaceId", kWs}, {"DefaultVpcId", "vpc-1"}, {"DswSshFromInternet", true}},
                  owner_)
                  .ok());
  ASSERT_TRUE(Call(state_, "UpdateGeneralSettings",
                  {{"WorkspaceId", kWs}, {"DswInternetRateLimitMbps", 10}}, owner_)
                  .ok());
  EXPECT_EQ(RuleOf(Call(state_, "UpdateGeneralSettings",
                       {{"WorkspaceId", kWs}, {"DswInternetRateLimitMbps", -1}}, owner_)),
            "workspace.general-settings-invalid");
  StatusOr<Json> settings = Call(state_, "GetWorkspaceSettings", {{"WorkspaceId", kWs}}, owner_);
  ASSERT_TRUE(settings.ok());
  const Json& general = (*settings)["GeneralSettings"];
  EXPECT_EQ(general["DefaultVpcId"], "vpc-1");
  EXPECT_EQ(general["DswSshFromInternet"], true);
  EXPECT_EQ(general["DswInternetRateLimitMbps"], 10);

  Json rule = {{"WorkspaceId", kWs}, {"Name", "failures"}, {"Source", "DLCJob"},
               {"EventTypes", {"Failed"}}, {"Channels", {"Email", "Webhook"}},
               {"Targets", {"ops@example.com"}}};
  StatusOr<Json> created = Call(state_, "CreateNotificationRule", rule, owner_);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string id = (*created)["RuleId"];
  ASSERT_TRUE(Call(state_, "UpdateNotificationRule",
                  {{"WorkspaceId", kWs}, {"RuleId", id}, {"Enabled", false}}, owner_)
                  .ok());
  settings = Call(state_, "GetWorkspaceSettings", {{"WorkspaceId", kWs}}, owner_);
  EXPECT_EQ((*settings)["NotificationRules"][0]["Enabled"], false);
  EXPECT_EQ((*settings)["NotificationRules"][0]["Channels"], Json({"Email", "Webhook"}));
  EXPECT_EQ(RuleOf(Call(state_, "UpdateNotificationRule",
                       {{"WorkspaceId", kWs}, {"RuleId", "none"}, {"Enabled", true}}, owner_)),
            "workspace.notification-not-found");
  rule["Source"] = "Cron";
  EXPECT_EQ(RuleOf(Call(state_, "CreateNotificationRule", rule, owner_)), "InvalidParameter.Source");
  rule["Source"] = "DLCJob";
  rule["Channels"] = {"Pigeon"};
  EXPECT_EQ(RuleOf(Call(state_, "CreateNotificationRule", rule, owner_)),
            "InvalidParameter.Channels");
  ASSERT_TRUE(Call(state_, "DeleteNotificationRule", {{"WorkspaceId", kWs}, {"RuleId", id}}, owner_)
                  .ok());

  // Voice, SMS and email exist in three regions only.
  StatusOr<Json> sg = Call(state_, "CreateWorkspace",
                          {{"WorkspaceName", "sg_team"}, {"EnvTypes", "prod"},
                           {"RegionId", "ap-southeast-1"}},
                          owner_);
  ASSERT_TRUE(sg.ok());
  rule["WorkspaceId"] = (*sg)["WorkspaceId"];
  rule["Channels"] = {"SMS"};
  EXPECT_EQ(RuleOf(Call(state_, "CreateNotificationRule", rule, owner_)),
            "workspace.notification-channel-region");
}

}  // namespace
}  // namespace paiam::api
