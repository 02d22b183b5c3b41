// The generic asset operations and their AIWorkSpace aliases (src/api/ops_workspace_assets.cc,
// ops_workspace_asset_aliases.cc): the type -> action table against the catalog, the targets
// decided for each role, list filtering, and determinism.
#include <gtest/gtest.h>

#include <string>

#include "api/ops_workspace_internal.h"
#include "ops_workspace_fixture.h"

namespace paiam::api {
namespace {

using policy::Decision;
using testing::BaseState;
using testing::Call;
using testing::CallerOf;
using testing::Decide;
using testing::kWs;
using testing::RuleOf;
using testing::UserId;
using workspace::AssetType;

TEST(AssetActionTable, EveryActionIsACatalogActionOfTheType) {
  const catalog::Catalog& c = catalog::Catalog::BuiltIn();
  ASSERT_EQ(internal::ws::AllAssetActions().size(), workspace::kAssetTypeCount);
  for (const internal::ws::AssetActions& a : internal::ws::AllAssetActions()) {
    const workspace::AssetTypeInfo& info = workspace::Info(a.type);
    EXPECT_EQ(&internal::ws::ActionsOf(a.type), &a) << info.name << ": table out of enum order";
    for (std::string_view name :
         {a.create, a.get, a.list, a.list_all, a.del, a.publish, a.change_owner}) {
      if (name.empty()) continue;
      const catalog::Action* action = c.FindAction(name);
      ASSERT_NE(action, nullptr) << info.name << ": " << name;
      EXPECT_EQ(action->policy_action, name) << "spelled as the catalog's RAM form";
      EXPECT_TRUE(action->ram_code == info.ram_code || action->ram_code == info.alt_ram_code)
          << info.name << ": " << name;
    }
  }
}

class OpsAssetTest : public ::testing::Test {
 protected:
  // dev owns a private and a public dataset, dev2 a private one.
  void SetUp() override {
    dev_private_ = Create("dev", "dataset", "PRIVATE");
    dev_public_ = Create("dev", "dataset", "PUBLIC");
    dev2_private_ = Create("dev2", "dataset", "PRIVATE");
  }

  std::string Create(const char* who, const char* type, const char* accessibility,
                     std::string parent = "") {
    Json params = {{"WorkspaceId", kWs},
                   {"AssetType", type},
                   {"Name", std::string(who) + "-asset"},
                   {"Accessibility", accessibility}};
    if (!parent.empty()) params["ParentId"] = parent;
    StatusOr<Json> created = Call(state_, "CreateAsset", params, CallerOf(who));
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? (*created)["AssetId"].get<std::string>() : "";
  }

  Json On(const std::string& id, const char* type = "dataset") {
    return {{"WorkspaceId", kWs}, {"AssetType", type}, {"AssetId", id}};
  }

  std::vector<std::string> Listed(const char* who, const char* type = "dataset") {
    StatusOr<Json> listed =
        Call(state_, "ListAssets", {{"WorkspaceId", kWs}, {"AssetType", type}}, CallerOf(who));
    EXPECT_TRUE(listed.ok()) << listed.status().ToString();
    std::vector<std::string> ids;
    if (listed.ok()) {
      for (const Json& item : (*listed)["Assets"]) ids.push_back(item["AssetId"]);
    }
    return ids;
  }

  authz::State state_ = BaseState();
  std::string dev_private_, dev_public_, dev2_private_;
};

TEST_F(OpsAssetTest, CreateGetPublishChangeOwnerDelete) {
  StatusOr<Json> got = Call(state_, "GetAsset", On(dev_public_), CallerOf("dev"));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ((*got)["Accessibility"], "PUBLIC");
  EXPECT_EQ((*got)["Owner"], testing::UserArn("dev"));
  EXPECT_EQ((*got)["OwnerId"], UserId(3));
  EXPECT_EQ((*got)["Name"], "dev-asset");

  ASSERT_TRUE(Call(state_, "PublishAsset", On(dev_private_), CallerOf("dev")).ok());
  EXPECT_EQ((*Call(state_, "GetAsset", On(dev_private_), CallerOf("dev")))["Accessibility"],
            "PUBLIC");

  Json change = On(dev2_private_);
  change["NewOwnerId"] = UserId(3);
  EXPECT_EQ(Decide(state_, "ChangeAssetOwner", change, CallerOf("dev2")), Decision::kImplicitDeny)
      << "changing an owner is the administrator's";
  EXPECT_EQ(Decide(state_, "ChangeAssetOwner", change, CallerOf("admin")), Decision::kAllow);
  ASSERT_TRUE(Call(state_, "ChangeAssetOwner", change, CallerOf("admin")).ok());
  EXPECT_EQ((*Call(state_, "GetAsset", On(dev2_private_), CallerOf("dev")))["OwnerId"], UserId(3));
  change["NewOwnerId"] = "42";
  EXPECT_EQ(RuleOf(Call(state_, "ChangeAssetOwner", change, CallerOf("admin"))),
            "workspace.member-user-not-found");

  ASSERT_TRUE(Call(state_, "DeleteAsset", On(dev_public_), CallerOf("dev")).ok());
  EXPECT_EQ(RuleOf(Call(state_, "GetAsset", On(dev_public_), CallerOf("dev"))),
            "workspace.asset-not-found");
}

TEST_F(OpsAssetTest, ChildAssetsAndRefusals) {
  const std::string model = Create("dev", "model", "PRIVATE");
  const std::string version = Create("dev", "model_version", "PRIVATE", model);
  Json on_version = On(version, "model_version");
  on_version["ParentId"] = model;
  StatusOr<Json> got = Call(state_, "GetAsset", on_version, CallerOf("dev"));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ((*got)["ParentId"], model);
  const Operation* op = FindOperation("GetAsset");
  StatusOr<AuthzTarget> target = op->target(StateView::Of(state_), on_version, CallerOf("dev"));
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(target->action, "PaiModel:GetModelVersion");
  EXPECT_NE(target->resource.find("/model/" + model + "/modelVersion/" + version),
            std::string::npos);

  EXPECT_EQ(RuleOf(Call(state_, "CreateAsset",
                        {{"WorkspaceId", kWs}, {"AssetType", "model_version"}, {"Name", "v"}},
                        CallerOf("dev"))),
            "workspace.asset-parent-required");
  EXPECT_EQ(RuleOf(Call(state_, "PublishAsset", on_version, CallerOf("dev"))),
            "InvalidParameter.AssetType")
      << "the catalog has no action to publish a model version";
  EXPECT_EQ(RuleOf(Call(state_, "GetAsset", On("x", "spaceship"), CallerOf("dev"))),
            "InvalidParameter.AssetType");
  EXPECT_EQ(RuleOf(Call(state_, "GetAsset", On("missing"), CallerOf("dev"))),
            "workspace.asset-not-found");
  EXPECT_EQ(RuleOf(Call(state_, "CreateAsset",
                        {{"WorkspaceId", kWs}, {"AssetType", "dataset"}, {"Name", "d"},
                         {"Accessibility", "SECRET"}},
                        CallerOf("dev"))),
            "InvalidParameter.Accessibility");
  EXPECT_EQ(RuleOf(Call(state_, "CreateAsset",
                        {{"WorkspaceId", "9"}, {"AssetType", "dataset"}, {"Name", "d"}},
                        CallerOf("dev"))),
            "workspace.not-found");
  // Deleting the model deletes its versions.
  ASSERT_TRUE(Call(state_, "DeleteAsset", On(model, "model"), CallerOf("dev")).ok());
  EXPECT_EQ(RuleOf(Call(state_, "GetAsset", on_version, CallerOf("dev"))),
            "workspace.asset-not-found");
}

TEST_F(OpsAssetTest, TargetsFollowTheRoleMatrix) {
  EXPECT_EQ(Decide(state_, "DeleteAsset", On(dev_public_), CallerOf("visitor")),
            Decision::kImplicitDeny);
  EXPECT_EQ(Decide(state_, "GetAsset", On(dev_public_), CallerOf("visitor")), Decision::kAllow);
  EXPECT_EQ(Decide(state_, "GetAsset", On(dev_private_), CallerOf("visitor")),
            Decision::kImplicitDeny);
  EXPECT_EQ(Decide(state_, "DeleteAsset", On(dev_private_), CallerOf("dev")), Decision::kAllow);
  EXPECT_EQ(Decide(state_, "DeleteAsset", On(dev2_private_), CallerOf("dev")),
            Decision::kImplicitDeny);
  EXPECT_EQ(Decide(state_, "DeleteAsset", On(dev2_private_), CallerOf("admin")),
            Decision::kAllow);
  EXPECT_EQ(Decide(state_, "DeleteAsset", On(dev2_private_), CallerOf("platform")),
            Decision::kAllow)
      << "AliyunPAIFullAccess reaches every asset";
  Json create = {{"WorkspaceId", kWs}, {"AssetType", "dataset"}, {"Name", "n"}};
  EXPECT_EQ(Decide(state_, "CreateAsset", create, CallerOf("visitor")), Decision::kImplicitDeny);
  EXPECT_EQ(Decide(state_, "CreateAsset", create, CallerOf("dev")), Decision::kAllow);
  create["Accessibility"] = "PUBLIC";
  EXPECT_EQ(Decide(state_, "CreateAsset", create, CallerOf("dev")), Decision::kAllow);
  EXPECT_EQ(Decide(state_, "CreateAsset", create, CallerOf("outsider")), Decision::kImplicitDeny);
}

TEST_F(OpsAssetTest, ListAssetsIsPublicAndOwnOrAll) {
  const std::vector<std::string> all = {dev_private_, dev_public_, dev2_private_};
  EXPECT_EQ(Listed("admin"), all);
  EXPECT_EQ(Listed("dev"), (std::vector<std::string>{dev_private_, dev_public_}));
  EXPECT_EQ(Listed("dev2"), (std::vector<std::string>{dev_public_, dev2_private_}));
  EXPECT_EQ(Listed("visitor"), (std::vector<std::string>{dev_public_}));
  EXPECT_EQ(Listed("outsider"), std::vector<std::string>{});
  EXPECT_EQ(Decide(state_, "ListAssets", {{"WorkspaceId", kWs}, {"AssetType", "dataset"}},
                   CallerOf("visitor")),
            Decision::kAllow);

  StatusOr<Json> page = Call(
      state_, "ListAssets",
      {{"WorkspaceId", kWs}, {"AssetType", "dataset"}, {"PageSize", 2}, {"PageNumber", 2}},
      CallerOf("admin"));
  ASSERT_TRUE(page.ok());
  EXPECT_EQ((*page)["TotalCount"], 3);
  ASSERT_EQ((*page)["Assets"].size(), 1u);
  EXPECT_EQ((*page)["Assets"][0]["AssetId"], dev2_private_);
  EXPECT_EQ(RuleOf(Call(state_, "ListAssets",
                        {{"WorkspaceId", kWs}, {"AssetType", "dataset"}, {"PageSize", 101}},
                        CallerOf("admin"))),
            "InvalidParameter.PageSize");
  EXPECT_EQ(RuleOf(Call(state_, "ListAssets",
                        {{"WorkspaceId", kWs}, {"AssetType", "dataset"}, {"AssetId", "x"}},
                        CallerOf("admin"))),
            "InvalidParameter.AssetId");
}

TEST_F(OpsAssetTest, AiWorkSpaceAliases) {
  StatusOr<Json> created = Call(state_, "CreateDataset",
                                {{"WorkspaceId", kWs}, {"Name", "train"},
                                 {"Description", "not stored"}, {"Accessibility", "PUBLIC"}},
                                CallerOf("dev2"));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string id = (*created)["DatasetId"];
  StatusOr<Json> got =
      Call(state_, "GetDataset", {{"WorkspaceId", kWs}, {"DatasetId", id}}, CallerOf("visitor"));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ((*got)["DatasetId"], id);
  EXPECT_EQ((*got)["Name"], "train");
  EXPECT_FALSE(got->contains("AssetId"));
  StatusOr<Json> listed = Call(state_, "ListDatasets", {{"WorkspaceId", kWs}}, CallerOf("visitor"));
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ((*listed)["TotalCount"], 2);
  EXPECT_EQ((*listed)["Datasets"].size(), 2u);
  EXPECT_EQ(RuleOf(Call(state_, "GetDataset", {{"WorkspaceId", kWs}}, CallerOf("dev"))),
            "MissingParameter.DatasetId");
  EXPECT_EQ(RuleOf(Call(state_, "CreateDataset",
                        {{"WorkspaceId", kWs}, {"Name", "x"}, {"AssetType", "model"}},
                        CallerOf("dev"))),
            "InvalidParameter.AssetType");

  StatusOr<Json> code = Call(state_, "CreateCodeSource",
                             {{"WorkspaceId", kWs}, {"DisplayName", "repo"}}, CallerOf("dev"));
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  StatusOr<Json> repo = Call(state_, "GetCodeSource",
                             {{"WorkspaceId", kWs}, {"CodeSourceId", (*code)["CodeSourceId"]}},
                             CallerOf("dev"));
  ASSERT_TRUE(repo.ok());
  EXPECT_EQ((*repo)["DisplayName"], "repo");
  StatusOr<Json> image =
      Call(state_, "AddImage", {{"WorkspaceId", kWs}, {"Name", "torch"}}, CallerOf("dev"));
  ASSERT_TRUE(image.ok());
  Json on_image = {{"WorkspaceId", kWs}, {"ImageId", (*image)["ImageId"]}};
  EXPECT_EQ(Decide(state_, "RemoveImage", on_image, CallerOf("visitor")), Decision::kImplicitDeny);
  ASSERT_TRUE(Call(state_, "PublishImage", on_image, CallerOf("dev")).ok());
  ASSERT_TRUE(Call(state_, "RemoveImage", on_image, CallerOf("dev")).ok());
  EXPECT_EQ(RuleOf(Call(state_, "GetImage", on_image, CallerOf("dev"))),
            "workspace.asset-not-found");
  StatusOr<Json> model =
      Call(state_, "CreateModel", {{"WorkspaceId", kWs}, {"ModelName", "bert"}}, CallerOf("dev"));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_TRUE(Call(state_, "PublishModel",
                   {{"WorkspaceId", kWs}, {"ModelId", (*model)["ModelId"]}}, CallerOf("dev"))
                  .ok());
}

TEST(OpsAssetDeterminism, SameParamsOnTwoFreshStatesGiveTheSameResults) {
  auto script = [](authz::State& state) {
    Json out = Json::array();
    const Caller owner = CallerOf("owner");
    auto run = [&](const char* op, const Json& params, const Caller& who) {
      StatusOr<Json> r = Call(state, op, params, who);
      out.push_back(r.ok() ? *r : Json(r.status().rule()));
    };
    run("CreateWorkspace", {{"WorkspaceName", "ws_two"}, {"EnvTypes", "prod"}}, owner);
    run("CreateWorkspaceRole",
        {{"WorkspaceId", kWs}, {"RoleName", "R"},
         {"ModulePermissions", {{{"ModuleName", "Model"}, {"PermissionType", "ReadOnly"}}}}},
        owner);
    run("CreateAsset", {{"WorkspaceId", kWs}, {"AssetType", "dataset"}, {"Name", "a"}},
        CallerOf("dev"));
    run("CreateWorkspaceResource",
        {{"WorkspaceId", kWs}, {"Resources", {{{"Name", "pool"}, {"EnvType", "prod"}}}}}, owner);
    run("ListAssets", {{"WorkspaceId", kWs}, {"AssetType", "dataset"}}, CallerOf("admin"));
    run("ListWorkspaces", Json::object(), owner);
    return out;
  };
  authz::State a = BaseState();
  authz::State b = BaseState();
  const Json first = script(a);
  EXPECT_EQ(first, script(b));
  EXPECT_TRUE(first[0].contains("WorkspaceId")) << first.dump();
}

}  // namespace
}  // namespace paiam::api
