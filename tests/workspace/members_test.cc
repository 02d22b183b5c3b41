// Tests for workspace::Workspaces members and custom roles: every member rule of seed 004
// (Owner, last role, DataWorks-shared roles) and custom-role validation.
#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "workspace/workspaces.h"
#include "workspace_fixture.h"

namespace paiam::workspace {
namespace {

using testing::Dump;
using MembersTest = testing::WorkspaceTest;

MemberSpec Spec(std::string user_id, std::vector<std::string> roles) {
  return MemberSpec{std::move(user_id), std::move(roles)};
}

TEST_F(MembersTest, AddSeveralMembersWithSeveralRoles) {
  ws_.SetNow(77);
  std::vector<MemberSpec> add = {
      Spec(Id("bob"), {"PAI.AlgoDeveloper", "PAI.WorkspaceGuest", "PAI.AlgoDeveloper"}),
      Spec(Id("carol"), {"PAI.WorkspaceAdmin"}),
      Spec(dir_.FindRole(testing::kAcct, "ops")->id, {"PAI.AlgoOperator"}),
  };
  StatusOr<std::vector<Member>> added = ws_.AddMembers(ws_id_, add, dir_);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  ASSERT_EQ(added->size(), 3u);
  EXPECT_EQ((*added)[0].roles,
            (std::vector<std::string>{"PAI.AlgoDeveloper", "PAI.WorkspaceGuest"}));
  EXPECT_EQ((*added)[0].member_id, MemberId("bob"));
  EXPECT_EQ((*added)[0].arn, Arn("bob"));
  EXPECT_EQ((*added)[0].create_time, 77);
  EXPECT_EQ((*added)[2].account_type, 6);  // a RAM role
  EXPECT_EQ(ws_.MemberRoles(ws_id_, Id("carol")).front(), "PAI.WorkspaceAdmin");
}

TEST_F(MembersTest, AddMembersIsAllOrNothing) {
  const std::string before = Dump(ws_);
  struct Case {
    std::vector<MemberSpec> specs;
    StatusCode code;
    const char* rule;
  };
  const std::vector<Case> cases = {
      {{Spec(Id("bob"), {"PAI.AlgoDeveloper"}), Spec("424242", {"PAI.AlgoDeveloper"})},
       StatusCode::kNotFound,
       "workspace.member-user-not-found"},
      {{Spec(Id("bob"), {"PAI.AlgoDeveloper"}), Spec(Id("mallory"), {"PAI.AlgoDeveloper"})},
       StatusCode::kInvalidArgument,
       "workspace.member-account"},
      {{Spec(Id("bob"), {"PAI.AlgoDeveloper"}), Spec(Id("alice"), {"PAI.AlgoDeveloper"})},
       StatusCode::kAlreadyExists,
       "workspace.member-exists"},
      {{Spec(Id("bob"), {"PAI.AlgoDeveloper"}), Spec(Id("bob"), {"PAI.WorkspaceGuest"})},
       StatusCode::kInvalidArgument,
       "workspace.member-duplicate"},
      {{Spec(Id("bob"), {"PAI.AlgoDeveloper"}), Spec(Id("carol"), {})},
       StatusCode::kInvalidArgument,
       "workspace.member-needs-a-role"},
      {{Spec(Id("bob"), {"PAI.AlgoDeveloper"}), Spec(Id("carol"), {"PAI.Nobody"})},
       StatusCode::kInvalidArgument,
       "workspace.role-unknown"},
      {{Spec(Id("bob"), {"PAI.WorkspaceOwner"})},
       StatusCode::kInvalidArgument,
       "workspace.owner-role-is-assigned-at-creation"},
  };
  for (const Case& c : cases) {
    const Status s = ws_.AddMembers(ws_id_, c.specs, dir_).status();
    EXPECT_EQ(s.code(), c.code) << s.ToString();
    EXPECT_EQ(s.rule(), c.rule) << s.ToString();
    EXPECT_EQ(Dump(ws_), before) << c.rule;
  }
  EXPECT_RULE(ws_.AddMembers("999", {}, dir_).status(), kNotFound, "workspace.not-found");
}

TEST_F(MembersTest, AddAndRemoveRoles) {
  ASSERT_TRUE(
      ws_.AddMembers(ws_id_, std::vector{Spec(Id("bob"), {"PAI.AlgoDeveloper"})}, dir_).ok());
  ASSERT_TRUE(ws_.AddMemberRole(ws_id_, MemberId("bob"), "PAI.LabelManager").ok());
  EXPECT_RULE(ws_.AddMemberRole(ws_id_, MemberId("bob"), "PAI.LabelManager"), kAlreadyExists,
              "workspace.member-has-role");
  EXPECT_RULE(ws_.AddMemberRole(ws_id_, MemberId("bob"), "PAI.WorkspaceOwner"), kInvalidArgument,
              "workspace.owner-role-is-assigned-at-creation");
  EXPECT_RULE(ws_.AddMemberRole(ws_id_, MemberId("bob"), "Admin"), kInvalidArgument,
              "workspace.role-unknown");
  EXPECT_RULE(ws_.AddMemberRole(ws_id_, MemberId("carol"), "PAI.LabelManager"), kNotFound,
              "workspace.member-not-found");
  EXPECT_RULE(ws_.AddMemberRole(ws_id_, "garbage", "PAI.LabelManager"), kNotFound,
              "workspace.member-not-found");

  ASSERT_TRUE(ws_.RemoveMemberRole(ws_id_, MemberId("bob"), "PAI.AlgoDeveloper").ok());
  EXPECT_EQ(ws_.FindMember(ws_id_, Id("bob"))->roles, std::vector<std::string>{"PAI.LabelManager"});
  EXPECT_RULE(ws_.RemoveMemberRole(ws_id_, MemberId("bob"), "PAI.AlgoDeveloper"), kNotFound,
              "workspace.member-lacks-role");
  // Seed 004: "Each member must have at least one role."
  EXPECT_RULE(ws_.RemoveMemberRole(ws_id_, MemberId("bob"), "PAI.LabelManager"),
              kFailedPrecondition, "workspace.member-keeps-a-role");
  EXPECT_EQ(ws_.MemberRoles(ws_id_, Id("bob")).size(), 1u);
}

TEST_F(MembersTest, OwnerRoleIsPermanent) {
  // Even with another role beside it, the Owner role stays; and so does the Owner.
  ASSERT_TRUE(ws_.AddMemberRole(ws_id_, MemberId("alice"), "PAI.WorkspaceAdmin").ok());
  EXPECT_RULE(ws_.RemoveMemberRole(ws_id_, MemberId("alice"), "PAI.WorkspaceOwner"),
              kFailedPrecondition, "workspace.owner-role-is-permanent");
  ASSERT_TRUE(
      ws_.AddMembers(ws_id_, std::vector{Spec(Id("bob"), {"PAI.WorkspaceGuest"})}, dir_).ok());
  const std::string before = Dump(ws_);
  const std::vector<std::string> both = {MemberId("bob"), MemberId("alice")};
  EXPECT_RULE(ws_.RemoveMembers(ws_id_, both), kFailedPrecondition,
              "workspace.owner-role-is-permanent");
  EXPECT_EQ(Dump(ws_), before);  // bob was not removed either
}

TEST_F(MembersTest, RemoveMembers) {
  ASSERT_TRUE(ws_.AddMembers(ws_id_,
                             std::vector{Spec(Id("bob"), {"PAI.AlgoDeveloper"}),
                                         Spec(Id("carol"), {"PAI.AlgoOperator"})},
                             dir_)
                  .ok());
  const std::vector<std::string> missing = {MemberId("bob"), MemberId("dave")};
  EXPECT_RULE(ws_.RemoveMembers(ws_id_, missing), kNotFound, "workspace.member-not-found");
  ASSERT_NE(ws_.FindMember(ws_id_, Id("bob")), nullptr);
  const std::vector<std::string> ids = {MemberId("bob"), MemberId("carol"), MemberId("bob")};
  ASSERT_TRUE(ws_.RemoveMembers(ws_id_, ids).ok());
  EXPECT_EQ(ws_.FindMember(ws_id_, Id("bob")), nullptr);
  EXPECT_EQ(ws_.FindMember(ws_id_, Id("carol")), nullptr);
  EXPECT_TRUE(ws_.events().empty());  // neither held a DataWorks-shared role
}

TEST_F(MembersTest, LosingTheLastSharedRoleLeavesDataWorks) {
  ws_.SetNow(900);
  ASSERT_TRUE(
      ws_.AddMembers(ws_id_,
                     std::vector{Spec(Id("bob"), {"PAI.WorkspaceAdmin", "PAI.WorkspaceGuest",
                                                  "PAI.AlgoDeveloper"}),
                                 Spec(Id("carol"), {"PAI.MaxComputeDeveloper"})},
                     dir_)
          .ok());
  ASSERT_TRUE(ws_.RemoveMemberRole(ws_id_, MemberId("bob"), "PAI.WorkspaceAdmin").ok());
  EXPECT_TRUE(ws_.events().empty());  // still a Visitor, which DataWorks shares
  ASSERT_TRUE(ws_.RemoveMemberRole(ws_id_, MemberId("bob"), "PAI.WorkspaceGuest").ok());
  ASSERT_EQ(ws_.events().size(), 1u);
  const WorkspaceEvent& e = ws_.events()[0];
  EXPECT_EQ(e.kind, EventKind::kRemovedFromDataWorksWorkspace);
  EXPECT_EQ(e.workspace_id, ws_id_);
  EXPECT_EQ(e.user_id, Id("bob"));
  EXPECT_EQ(e.time, 900);
  EXPECT_NE(e.message.find("removed from DataWorks workspace"), std::string::npos);
  // Removing a member that holds a shared role takes it out of DataWorks too.
  ASSERT_TRUE(ws_.RemoveMembers(ws_id_, std::vector{MemberId("carol")}).ok());
  ASSERT_EQ(ws_.events().size(), 2u);
  EXPECT_EQ(ws_.events()[1].user_id, Id("carol"));
  ws_.ClearEvents();
  EXPECT_TRUE(ws_.events().empty());
}

TEST_F(MembersTest, SharedRolesMatchTheCatalog) {
  for (const catalog::Role& role : catalog::Catalog::BuiltIn().roles()) {
    EXPECT_EQ(IsDataWorksSharedRole(role.api_name), role.dataworks_shared) << role.api_name;
    EXPECT_TRUE(IsBuiltinRole(role.api_name)) << role.api_name;
  }
}

TEST_F(MembersTest, ListMembers) {
  ASSERT_TRUE(
      ws_.AddMembers(ws_id_,
                     std::vector{Spec(Id("bob"), {"PAI.AlgoDeveloper"}),
                                 Spec(Id("carol"), {"PAI.WorkspaceGuest"}),
                                 Spec(Id("dave"), {"PAI.AlgoDeveloper", "PAI.LabelManager"})},
                     dir_)
          .ok());
  MemberFilter f;
  EXPECT_EQ(ws_.ListMembers(ws_id_, f, dir_)->total_count, 4u);
  f.roles = {"PAI.AlgoDeveloper"};
  EXPECT_EQ(ws_.ListMembers(ws_id_, f, dir_)->total_count, 2u);
  f.roles = {};
  f.member_name_contains = "aro";
  StatusOr<Page<Member>> carol = ws_.ListMembers(ws_id_, f, dir_);
  ASSERT_EQ(carol->items.size(), 1u);
  EXPECT_EQ(carol->items[0]->user_id, Id("carol"));
  f.member_name_contains = "";
  f.user_id = Id("dave");
  EXPECT_EQ(ws_.ListMembers(ws_id_, f, dir_)->items[0]->roles.size(), 2u);
  f.user_id = "";
  f.page_size = 3;
  f.page_number = 2;
  StatusOr<Page<Member>> page2 = ws_.ListMembers(ws_id_, f, dir_);
  EXPECT_EQ(page2->total_count, 4u);
  EXPECT_EQ(page2->items.size(), 1u);
  f.page_size = 0;
  EXPECT_RULE(ws_.ListMembers(ws_id_, f, dir_).status(), kInvalidArgument,
              "workspace.paging-invalid");
  EXPECT_RULE(ws_.ListMembers("999", MemberFilter{}, dir_).status(), kNotFound,
              "workspace.not-found");
}

// --- custom roles ----------------------------------------------------------------------------

ModulePermission Level(std::string module, catalog::PermissionLevel level) {
  ModulePermission m;
  m.module = std::move(module);
  m.level = level;
  return m;
}

TEST_F(MembersTest, CustomRoles) {
  CustomRoleSpec spec;
  spec.name = "DLC reader";
  spec.modules = {Level("DLC", catalog::PermissionLevel::kReadOnly),
                  Level("Dataset", catalog::PermissionLevel::kFullAccess)};
  StatusOr<std::string> id = ws_.CreateCustomRole(ws_id_, spec);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(ws_.FindCustomRole(ws_id_, *id)->modules.size(), 2u);
  EXPECT_RULE(ws_.CreateCustomRole(ws_id_, spec).status(), kAlreadyExists,
              "workspace.custom-role.name-unique");

  // Members may hold custom roles by id.
  ASSERT_TRUE(ws_.AddMembers(ws_id_, std::vector{Spec(Id("bob"), {*id})}, dir_).ok());
  EXPECT_EQ(ws_.MemberRoles(ws_id_, Id("bob")).front(), *id);
  EXPECT_RULE(ws_.DeleteCustomRoles(ws_id_, std::vector{*id}), kFailedPrecondition,
              "workspace.custom-role.in-use");

  spec.modules.push_back(Level("DSW", catalog::PermissionLevel::kReadWrite));
  ASSERT_TRUE(ws_.UpdateCustomRole(ws_id_, *id, spec).ok());  // same name is fine for itself
  EXPECT_EQ(ws_.FindCustomRole(ws_id_, *id)->modules.size(), 3u);
  EXPECT_RULE(ws_.UpdateCustomRole(ws_id_, "role-x", spec), kNotFound,
              "workspace.custom-role.not-found");

  ASSERT_TRUE(ws_.AddMemberRole(ws_id_, MemberId("bob"), "PAI.AlgoDeveloper").ok());
  ASSERT_TRUE(ws_.RemoveMemberRole(ws_id_, MemberId("bob"), *id).ok());
  EXPECT_RULE(ws_.DeleteCustomRoles(ws_id_, std::vector<std::string>{*id, "role-x"}), kNotFound,
              "workspace.custom-role.not-found");
  EXPECT_NE(ws_.FindCustomRole(ws_id_, *id), nullptr);
  ASSERT_TRUE(ws_.DeleteCustomRoles(ws_id_, std::vector{*id}).ok());
  EXPECT_EQ(ws_.FindCustomRole(ws_id_, *id), nullptr);
  EXPECT_RULE(ws_.AddMemberRole(ws_id_, MemberId("bob"), *id), kInvalidArgument,
              "workspace.role-unknown");
}

TEST_F(MembersTest, CustomRoleValidation) {
  const std::string before = Dump(ws_);
  auto create = [&](std::vector<ModulePermission> modules, std::string name = "r") {
    CustomRoleSpec spec;
    spec.name = std::move(name);
    spec.modules = std::move(modules);
    return ws_.CreateCustomRole(ws_id_, spec).status();
  };
  using L = catalog::PermissionLevel;
  EXPECT_RULE(create({Level("EAS", L::kReadOnly)}), kInvalidArgument,
              "workspace.custom-role.unknown-module");
  EXPECT_RULE(create({Level("dlc", L::kReadOnly)}), kInvalidArgument,
              "workspace.custom-role.unknown-module");  // exact AIWorkSpace spelling
  EXPECT_RULE(create({Level("DLC", L::kReadOnly), Level("DLC", L::kFullAccess)}), kInvalidArgument,
              "workspace.custom-role.duplicate-module");
  EXPECT_RULE(create({Level("DLC", L::kCustomPermissions)}), kInvalidArgument,
              "workspace.custom-role.level-permissions-mismatch");
  ModulePermission with_codes = Level("DLC", L::kReadOnly);
  with_codes.permissions = {CustomPermission{{"PaiDLC:GetJob"}, {PermissionRule{"ANY", "ANY"}}}};
  EXPECT_RULE(create({with_codes}), kInvalidArgument,
              "workspace.custom-role.level-permissions-mismatch");
  EXPECT_RULE(create({}, ""), kInvalidArgument, "workspace.custom-role.name-invalid");
  EXPECT_RULE(create({}, std::string(65, 'n')), kInvalidArgument,
              "workspace.custom-role.name-invalid");
  // What ResolveRole checks comes back with its rule ids.
  ModulePermission unknown_code = Level("DLC", L::kCustomPermissions);
  unknown_code.permissions = {CustomPermission{{"PaiDLC:NoSuchApi"}, {PermissionRule{"ANY", ""}}}};
  EXPECT_RULE(create({unknown_code}), kInvalidArgument, "workspace.custom-role.unknown-code");
  ModulePermission outside = Level("DLC", L::kCustomPermissions);
  outside.permissions = {
      CustomPermission{{"PaiDataset:DeleteDataset"}, {PermissionRule{"PRIVATE", "CREATOR"}}}};
  EXPECT_RULE(create({outside}), kInvalidArgument, "workspace.custom-role.code-outside-module");
  EXPECT_EQ(Dump(ws_), before);

  CustomRoleSpec taken;
  taken.name = "x";
  taken.id = "PAI.AlgoDeveloper";
  EXPECT_RULE(ws_.CreateCustomRole(ws_id_, taken).status(), kAlreadyExists,
              "workspace.custom-role.id-taken");

  ModulePermission custom = Level("Dataset", L::kCustomPermissions);
  custom.permissions = {
      CustomPermission{{"PaiDataset:GetDataset"},
                       {PermissionRule{"PUBLIC", "ANY"}, PermissionRule{"PRIVATE", "CREATOR"}}}};
  EXPECT_TRUE(create({custom}).ok());
}

}  // namespace
}  // namespace paiam::workspace
