// Tests for workspace::Workspaces: creating, updating, deleting and listing workspaces, name
// rules (including the DataWorks namespace), the default workspace, and copy semantics.
#include "workspace/workspaces.h"

#include <gtest/gtest.h>

#include "workspace_fixture.h"

namespace paiam::workspace {
namespace {

using testing::Dump;
using testing::kAcct;
using testing::kRegion;
using WorkspacesTest = testing::WorkspaceTest;

TEST_F(WorkspacesTest, CreatorBecomesOwner) {
  const Workspace* ws = ws_.FindWorkspace(ws_id_);
  ASSERT_NE(ws, nullptr);
  EXPECT_EQ(ws->name, "ws_main");
  EXPECT_EQ(ws->display_name, "ws_main");
  EXPECT_EQ(ws->env_types, std::vector<std::string>{"prod"});
  EXPECT_EQ(ws->status, "ENABLED");
  EXPECT_EQ(ws->creator_arn, Arn("alice"));
  const Member* owner = ws_.FindMember(ws_id_, Id("alice"));
  ASSERT_NE(owner, nullptr);
  EXPECT_EQ(owner->roles, std::vector<std::string>{"PAI.WorkspaceOwner"});
  EXPECT_EQ(owner->member_id, ws_id_ + "-" + Id("alice"));
  EXPECT_EQ(owner->account_type, 5);
  EXPECT_EQ(ws_.FindMemberById(ws_id_, owner->member_id), owner);
  ASSERT_EQ(ws_.MemberRoles(ws_id_, Id("alice")).size(), 1u);
  EXPECT_TRUE(ws_.MemberRoles(ws_id_, Id("bob")).empty());
  EXPECT_TRUE(ws_.MemberRoles("nope", Id("alice")).empty());

  // The root account as creator is a member of AccountType 1.
  StatusOr<std::string> root_ws = ws_.CreateWorkspace(Request("by_root"), Principal("root"));
  ASSERT_TRUE(root_ws.ok());
  EXPECT_EQ(ws_.FindMember(*root_ws, kAcct)->account_type, 1);
  EXPECT_EQ(ws_.FindMember(*root_ws, kAcct)->arn, "acs:ram::1000000000000001:root");
}

TEST_F(WorkspacesTest, NameRules) {
  // 3-23 letters, digits and underscores, starting with a letter (alibaba-api.md §4.1).
  for (const char* good : {"abc", "a_1", "A23456789012345678901_x", "Ws_2024"}) {
    EXPECT_TRUE(ws_.CreateWorkspace(Request(good), Principal("bob")).ok()) << good;
  }
  for (const char* bad :
       {"ab", "1abc", "_abc", "a-bc", "a bc", "abcdefghijklmnopqrstuvwx", "", "工作空间"}) {
    EXPECT_RULE(ws_.CreateWorkspace(Request(bad), Principal("bob")).status(), kInvalidArgument,
                "workspace.name-invalid");
  }
}

TEST_F(WorkspacesTest, NamesAreUniquePerAccountAndRegion) {
  const Status again = ws_.CreateWorkspace(Request("ws_main"), Principal("bob")).status();
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.rule(), "workspace.name-unique");
  EXPECT_TRUE(again.message().starts_with("Name already exists")) << again.message();
  // Another region, or another account, may use the name.
  EXPECT_TRUE(ws_.CreateWorkspace(Request("ws_main", "cn-beijing"), Principal("bob")).ok());
  CreateWorkspaceRequest other = Request("ws_main");
  other.account_id = testing::kOtherAcct;
  EXPECT_TRUE(ws_.CreateWorkspace(other, Principal("mallory")).ok());
  // Deleting frees the name.
  ASSERT_TRUE(ws_.DeleteWorkspace(ws_id_).ok());
  EXPECT_TRUE(ws_.CreateWorkspace(Request("ws_main"), Principal("bob")).ok());
}

TEST_F(WorkspacesTest, DataWorksNamesAreTaken) {
  ASSERT_TRUE(ws_.ReserveDataWorksName(kAcct, kRegion, "dw_project").ok());
  const Status s = ws_.CreateWorkspace(Request("dw_project"), Principal("bob")).status();
  EXPECT_EQ(s.rule(), "workspace.name-unique");
  EXPECT_TRUE(s.message().starts_with("Name already exists")) << s.message();
  // The FAQ's hint: the clash is with DataWorks, and names should be unique across both.
  EXPECT_NE(s.message().find("DataWorks"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("unique across both"), std::string::npos) << s.message();
  EXPECT_RULE(ws_.ReserveDataWorksName(kAcct, kRegion, "ws_main"), kAlreadyExists,
              "workspace.name-unique");
  EXPECT_RULE(ws_.ReserveDataWorksName(kAcct, kRegion, "x"), kInvalidArgument,
              "workspace.name-invalid");
  ws_.ReleaseDataWorksName(kAcct, kRegion, "dw_project");
  EXPECT_TRUE(ws_.CreateWorkspace(Request("dw_project"), Principal("bob")).ok());
}

TEST_F(WorkspacesTest, CreateValidatesEverythingFirst) {
  const std::string before = Dump(ws_);
  CreateWorkspaceRequest r = Request("fresh");
  r.description = std::string(81, 'd');
  EXPECT_RULE(ws_.CreateWorkspace(r, Principal("bob")).status(), kInvalidArgument,
              "workspace.description-invalid");
  r = Request("fresh");
  r.display_name = std::string(81, 'n');
  EXPECT_RULE(ws_.CreateWorkspace(r, Principal("bob")).status(), kInvalidArgument,
              "workspace.display-name-invalid");
  for (std::vector<std::string> env : std::vector<std::vector<std::string>>{
           {}, {"dev"}, {"prod", "prod"}, {"prod", "test"}, {"dev", "prod", "dev"}}) {
    r = Request("fresh");
    r.env_types = env;
    EXPECT_RULE(ws_.CreateWorkspace(r, Principal("bob")).status(), kInvalidArgument,
                "workspace.env-types-invalid");
  }
  r = Request("fresh", "");
  EXPECT_RULE(ws_.CreateWorkspace(r, Principal("bob")).status(), kInvalidArgument,
              "workspace.region-invalid");
  EXPECT_RULE(ws_.CreateWorkspace(Request("fresh"), Principal("mallory")).status(),
              kInvalidArgument, "workspace.creator-account");
  r = Request("fresh");
  r.id = ws_id_;
  EXPECT_RULE(ws_.CreateWorkspace(r, Principal("bob")).status(), kAlreadyExists,
              "workspace.id-taken");
  EXPECT_EQ(Dump(ws_), before);

  r = Request("fresh");
  r.env_types = {"prod", "dev"};
  r.id = "4242";
  ASSERT_EQ(*ws_.CreateWorkspace(r, Principal("bob")), "4242");
  EXPECT_EQ(ws_.FindWorkspace("4242")->env_types, (std::vector<std::string>{"dev", "prod"}));
}

TEST_F(WorkspacesTest, UpdateAndDelete) {
  ws_.SetNow(500);
  WorkspaceUpdate update;
  update.display_name = "Main workspace";
  update.description = "for tests";
  ASSERT_TRUE(ws_.UpdateWorkspace(ws_id_, update).ok());
  const Workspace* ws = ws_.FindWorkspace(ws_id_);
  EXPECT_EQ(ws->display_name, "Main workspace");
  EXPECT_EQ(ws->description, "for tests");
  EXPECT_EQ(ws->modify_time, 500);
  update.description = std::string(81, 'x');
  EXPECT_RULE(ws_.UpdateWorkspace(ws_id_, update), kInvalidArgument,
              "workspace.description-invalid");
  EXPECT_EQ(ws_.FindWorkspace(ws_id_)->description, "for tests");
  EXPECT_RULE(ws_.UpdateWorkspace("999", {}), kNotFound, "workspace.not-found");

  AssetSpec dataset;
  dataset.creator = Arn("alice");
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, dataset).ok());
  EXPECT_EQ(ws_.asset_count(), 1u);
  ASSERT_TRUE(ws_.DeleteWorkspace(ws_id_).ok());
  EXPECT_EQ(ws_.FindWorkspace(ws_id_), nullptr);
  EXPECT_EQ(ws_.asset_count(), 0u);
  EXPECT_EQ(ws_.AssetCount(ws_id_, AssetType::kDataset), 0u);
  EXPECT_RULE(ws_.DeleteWorkspace(ws_id_), kNotFound, "workspace.not-found");
}

TEST_F(WorkspacesTest, ListFiltersSortsAndPages) {
  for (int i = 0; i < 5; ++i) {
    ws_.SetNow(1000 + i);
    CreateWorkspaceRequest r = Request("team_" + std::to_string(i));
    if (i % 2 == 0) r.resource_group_id = "rg-even";
    ASSERT_TRUE(ws_.CreateWorkspace(r, Principal(i < 3 ? "bob" : "carol")).ok());
  }
  WorkspaceFilter f;
  f.account_id = kAcct;
  StatusOr<Page<Workspace>> all = ws_.ListWorkspaces(f);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total_count, 6u);
  EXPECT_EQ(all->items.front()->name, "team_4");  // newest first by default

  f.name_contains = "team_";
  f.ascending = true;
  f.page_size = 2;
  f.page_number = 2;
  StatusOr<Page<Workspace>> page = ws_.ListWorkspaces(f);
  EXPECT_EQ(page->total_count, 5u);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0]->name, "team_2");
  EXPECT_EQ(page->items[1]->name, "team_3");
  f.page_number = 4;
  EXPECT_TRUE(ws_.ListWorkspaces(f)->items.empty());

  WorkspaceFilter by_member;
  by_member.member_user_id = Id("carol");
  EXPECT_EQ(ws_.ListWorkspaces(by_member)->total_count, 2u);
  WorkspaceFilter by_group;
  by_group.resource_group_id = "rg-even";
  EXPECT_EQ(ws_.ListWorkspaces(by_group)->total_count, 3u);
  WorkspaceFilter by_ids;
  by_ids.ids = {ws_id_, "nope"};
  EXPECT_EQ(ws_.ListWorkspaces(by_ids)->total_count, 1u);
  WorkspaceFilter by_region;
  by_region.region = "cn-beijing";
  EXPECT_EQ(ws_.ListWorkspaces(by_region)->total_count, 0u);

  WorkspaceFilter bad;
  bad.page_size = 101;
  EXPECT_RULE(ws_.ListWorkspaces(bad).status(), kInvalidArgument, "workspace.paging-invalid");
  bad.page_size = 10;
  bad.page_number = 0;
  EXPECT_RULE(ws_.ListWorkspaces(bad).status(), kInvalidArgument, "workspace.paging-invalid");
}

TEST_F(WorkspacesTest, DefaultWorkspace) {
  EXPECT_EQ(ws_.GetDefaultWorkspace(kAcct, kRegion), nullptr);
  StatusOr<std::string> def = ws_.CreateDefaultWorkspace(Request("default_ws"), Principal("root"));
  ASSERT_TRUE(def.ok()) << def.status().ToString();
  EXPECT_EQ(ws_.GetDefaultWorkspace(kAcct, kRegion)->id, *def);
  EXPECT_TRUE(ws_.FindWorkspace(*def)->is_default);
  EXPECT_RULE(ws_.CreateDefaultWorkspace(Request("default_2"), Principal("root")).status(),
              kAlreadyExists, "workspace.default-exists");
  EXPECT_EQ(ws_.FindWorkspace("default_2"), nullptr);
  // One default per region.
  EXPECT_TRUE(
      ws_.CreateDefaultWorkspace(Request("default_bj", "cn-beijing"), Principal("root")).ok());

  ASSERT_TRUE(ws_.UpdateDefaultWorkspace(kAcct, ws_id_).ok());
  EXPECT_EQ(ws_.GetDefaultWorkspace(kAcct, kRegion)->id, ws_id_);
  EXPECT_FALSE(ws_.FindWorkspace(*def)->is_default);
  EXPECT_TRUE(ws_.FindWorkspace(ws_id_)->is_default);
  EXPECT_RULE(ws_.UpdateDefaultWorkspace(testing::kOtherAcct, ws_id_), kInvalidArgument,
              "workspace.account-mismatch");
  EXPECT_RULE(ws_.UpdateDefaultWorkspace(kAcct, "999"), kNotFound, "workspace.not-found");

  ASSERT_TRUE(ws_.DeleteWorkspace(ws_id_).ok());
  EXPECT_EQ(ws_.GetDefaultWorkspace(kAcct, kRegion), nullptr);
  EXPECT_TRUE(ws_.CreateDefaultWorkspace(Request("default_3"), Principal("root")).ok());
}

TEST_F(WorkspacesTest, CopiesAreIndependent) {
  Workspaces copy = ws_;
  ASSERT_TRUE(copy.CreateWorkspace(Request("only_in_copy"), Principal("bob")).ok());
  MemberSpec bob{Id("bob"), {"PAI.AlgoDeveloper"}};
  ASSERT_TRUE(copy.AddMembers(ws_id_, std::span(&bob, 1), dir_).ok());
  AssetSpec dataset;
  dataset.creator = Arn("bob");
  ASSERT_TRUE(copy.CreateAsset(ws_id_, dataset).ok());

  EXPECT_EQ(ws_.FindMember(ws_id_, Id("bob")), nullptr);
  EXPECT_EQ(ws_.workspace_count(), 1u);
  EXPECT_EQ(ws_.asset_count(), 0u);
  EXPECT_TRUE(ws_.PrivateAssetsOf(ws_id_, AssetType::kDataset, Arn("bob")).empty());
  EXPECT_EQ(copy.PrivateAssetsOf(ws_id_, AssetType::kDataset, Arn("bob")).size(), 1u);
  EXPECT_NE(copy.FindWorkspace(ws_id_), ws_.FindWorkspace(ws_id_));
  // Copy-assigning back makes them equal again.
  ws_ = copy;
  EXPECT_EQ(Dump(ws_), Dump(copy));
}

}  // namespace
}  // namespace paiam::workspace
