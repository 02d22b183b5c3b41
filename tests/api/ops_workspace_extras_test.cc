// The AIWorkSpace calls added on top of the basic asset and workspace operations: assets named by
// id alone (src/api/ops_workspace_asset_aliases.cc), dataset and model versions and labels
// (ops_workspace_asset_extras.cc), permissions, users and the operation log
// (ops_workspace_permissions.cc), UpdateWorkspaceResource and the singular config calls
// (ops_workspace_config.cc). Each error code these files emit has a case here.
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
using testing::kAcct;
using testing::kWs;
using testing::RuleOf;
using testing::UserId;

class OpsExtrasTest : public ::testing::Test {
 protected:
  std::string Make(const char* op, const char* id_field, const char* who, Json extra = {}) {
    Json params = {{"WorkspaceId", kWs}, {"Name", "n"}};
    if (std::string(op) == "CreateModel") params = {{"WorkspaceId", kWs}, {"ModelName", "m"}};
    if (extra.is_object()) params.update(extra);
    StatusOr<Json> made = Call(state_, op, params, CallerOf(who));
    EXPECT_TRUE(made.ok()) << made.status().ToString();
    return made.ok() ? (*made)[id_field].get<std::string>() : "";
  }
  authz::State state_ = BaseState();
};

TEST_F(OpsExtrasTest, AssetsAreFoundByIdAlone) {
  const std::string ds = Make("CreateDataset", "DatasetId", "dev",
                              {{"Description", "train"}, {"Uri", "oss://b/p"},
                               {"Labels", {{{"Key", "team"}, {"Value", "nlp"}}}}});
  StatusOr<Json> got = Call(state_, "GetDataset", {{"DatasetId", ds}}, CallerOf("dev"));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ((*got)["WorkspaceId"], kWs);
  EXPECT_EQ((*got)["Description"], "train");
  EXPECT_EQ((*got)["Uri"], "oss://b/p");
  EXPECT_EQ((*got)["Labels"], (Json{{{"Key", "team"}, {"Value", "nlp"}}}));
  // Authorized on the resolved asset: another developer may not delete a private dataset.
  EXPECT_EQ(Decide(state_, "DeleteDataset", {{"DatasetId", ds}}, CallerOf("dev2")),
            Decision::kImplicitDeny);
  EXPECT_EQ(Decide(state_, "DeleteDataset", {{"DatasetId", ds}}, CallerOf("admin")),
            Decision::kAllow);
  // Update by id: name and fields; the developer may update its own private dataset.
  EXPECT_EQ(Decide(state_, "UpdateDataset", {{"DatasetId", ds}, {"Name", "x"}}, CallerOf("dev")),
            Decision::kAllow);
  ASSERT_TRUE(Call(state_, "UpdateDataset", {{"DatasetId", ds}, {"Name", "renamed"},
                                             {"Description", ""}}, CallerOf("dev")).ok());
  got = Call(state_, "GetDataset", {{"DatasetId", ds}}, CallerOf("dev"));
  EXPECT_EQ((*got)["Name"], "renamed");
  EXPECT_EQ((*got)["Description"], "");
  ASSERT_TRUE(Call(state_, "DeleteDataset", {{"DatasetId", ds}}, CallerOf("dev")).ok());
  EXPECT_EQ(RuleOf(Call(state_, "GetDataset", {{"DatasetId", ds}}, CallerOf("dev"))),
            "workspace.asset-not-found");
  EXPECT_TRUE(state_.workspaces.FindAssetsById(workspace::AssetType::kDataset, ds, kAcct).empty());
}

TEST_F(OpsExtrasTest, AnIdInSeveralWorkspacesNeedsTheWorkspace) {
  for (const char* ws : {"2001", "2002"}) {
    workspace::CreateWorkspaceRequest request;
    request.account_id = kAcct;
    request.region = "cn-hangzhou";
    request.name = std::string("ws_") + ws;
    request.id = ws;
    auto owner = state_.directory.PrincipalByArn(testing::UserArn("owner"));
    ASSERT_TRUE(state_.workspaces.CreateWorkspace(request, *owner).ok());
    workspace::AssetSpec spec{workspace::AssetType::kDataset, "same", "", "d",
                              testing::UserArn("owner")};
    ASSERT_TRUE(state_.workspaces.CreateAsset(ws, spec).ok());
  }
  EXPECT_EQ(RuleOf(Call(state_, "GetDataset", {{"DatasetId", "same"}}, CallerOf("owner"))),
            "MissingParameter.WorkspaceId");
  EXPECT_TRUE(Call(state_, "GetDataset", {{"DatasetId", "same"}, {"WorkspaceId", "2002"}},
                   CallerOf("owner")).ok());
  // Deleting a workspace drops its ids from the index.
  ASSERT_TRUE(state_.workspaces.DeleteWorkspace("2001").ok());
  StatusOr<Json> got = Call(state_, "GetDataset", {{"DatasetId", "same"}}, CallerOf("owner"));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ((*got)["WorkspaceId"], "2002");
  // Another account does not see the id at all.
  Caller stranger{"999", "acs:ram::999:root", identity::PrincipalType::kRoot};
  EXPECT_EQ(RuleOf(Call(state_, "GetDataset", {{"DatasetId", "same"}}, stranger)),
            "workspace.asset-not-found");
}

TEST_F(OpsExtrasTest, DatasetVersionsAndLabels) {
  const std::string ds = Make("CreateDataset", "DatasetId", "dev");
  Json on = {{"DatasetId", ds}};
  Json create = on;
  create["Uri"] = "oss://b/v1";
  create["DataCount"] = 10;
  StatusOr<Json> v = Call(state_, "CreateDatasetVersion", create, CallerOf("dev"));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ((*v)["VersionName"], "v1");
  EXPECT_EQ((*Call(state_, "CreateDatasetVersion", on, CallerOf("dev")))["VersionName"], "v2");
  EXPECT_EQ(Decide(state_, "CreateDatasetVersion", on, CallerOf("dev2")), Decision::kImplicitDeny);
  Json v1 = {{"DatasetId", ds}, {"VersionName", "v1"}};
  StatusOr<Json> got = Call(state_, "GetDatasetVersion", v1, CallerOf("dev"));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*got)["Uri"], "oss://b/v1");
  EXPECT_EQ((*got)["DataCount"], "10");
  Json update = v1;
  update["Uri"] = "oss://b/v1b";
  ASSERT_TRUE(Call(state_, "UpdateDatasetVersion", update, CallerOf("dev")).ok());
  Json labels = v1;
  labels["Labels"] = {{{"Key", "k"}, {"Value", "v"}}};
  ASSERT_TRUE(Call(state_, "CreateDatasetVersionLabels", labels, CallerOf("dev")).ok());
  got = Call(state_, "GetDatasetVersion", v1, CallerOf("dev"));
  EXPECT_EQ((*got)["Uri"], "oss://b/v1b");
  EXPECT_EQ((*got)["Labels"].size(), 1u);
  Json unlabel = v1;
  unlabel["Keys"] = "k";
  ASSERT_TRUE(Call(state_, "DeleteDatasetVersionLabels", unlabel, CallerOf("dev")).ok());
  EXPECT_EQ(RuleOf(Call(state_, "DeleteDatasetVersionLabels", unlabel, CallerOf("dev"))),
            "workspace.label-not-found");
  Json no_keys = v1;
  EXPECT_EQ(RuleOf(Call(state_, "DeleteDatasetVersionLabels", no_keys, CallerOf("dev"))),
            "MissingParameter.LabelKeys");
  StatusOr<Json> listed =
      Call(state_, "ListDatasetVersions", {{"DatasetId", ds}, {"PageSize", 1}}, CallerOf("dev"));
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ((*listed)["TotalCount"], 2);
  EXPECT_EQ((*listed)["DatasetVersions"].size(), 1u);
  ASSERT_TRUE(Call(state_, "DeleteDatasetVersion", v1, CallerOf("dev")).ok());
  EXPECT_EQ(RuleOf(Call(state_, "GetDatasetVersion", v1, CallerOf("dev"))),
            "workspace.dataset-version-not-found");
  EXPECT_EQ(RuleOf(Call(state_, "DeleteDatasetVersion", v1, CallerOf("dev"))),
            "workspace.dataset-version-not-found");
  // The next version is v3: names are never reused.
  EXPECT_EQ((*Call(state_, "CreateDatasetVersion", on, CallerOf("dev")))["VersionName"], "v3");
  // Dataset labels; a bad label refuses the whole call and changes nothing.
  Json ds_labels = {{"DatasetId", ds}, {"Labels", {{{"Key", "a"}, {"Value", "1"}}}}};
  ASSERT_TRUE(Call(state_, "CreateDatasetLabels", ds_labels, CallerOf("dev")).ok());
  ds_labels["Labels"] = {{{"Key", "b"}, {"Value", "2"}}, {{"Key", std::string(129, 'k')}}};
  EXPECT_EQ(RuleOf(Call(state_, "CreateDatasetLabels", ds_labels, CallerOf("dev"))),
            "workspace.label-invalid");
  ds_labels["Labels"] = {{{"Key", ""}, {"Value", "3"}}};
  EXPECT_EQ(RuleOf(Call(state_, "CreateDatasetLabels", ds_labels, CallerOf("dev"))),
            "MissingParameter.Key");
  got = Call(state_, "GetDataset", on, CallerOf("dev"));
  EXPECT_EQ((*got)["Labels"], (Json{{{"Key", "a"}, {"Value", "1"}}}));
  ASSERT_TRUE(
      Call(state_, "DeleteDatasetLabels", {{"DatasetId", ds}, {"LabelKeys", "a"}}, CallerOf("dev"))
          .ok());
}

TEST_F(OpsExtrasTest, ModelVersionsAreAssetsUnderTheirModel) {
  const std::string model = Make("CreateModel", "ModelId", "dev");
  StatusOr<Json> v = Call(state_, "CreateModelVersion",
                          {{"ModelId", model}, {"VersionName", "1.0.0"}, {"Uri", "oss://m"}},
                          CallerOf("dev"));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ((*v)["VersionName"], "1.0.0");
  EXPECT_EQ((*Call(state_, "CreateModelVersion", {{"ModelId", model}}, CallerOf("dev")))
                ["VersionName"], "v1");
  EXPECT_EQ(RuleOf(Call(state_, "CreateModelVersion",
                        {{"ModelId", model}, {"VersionName", "1.0.0"}}, CallerOf("dev"))),
            "workspace.asset-exists");
  Json on = {{"ModelId", model}, {"VersionName", "1.0.0"}};
  StatusOr<Json> got = Call(state_, "GetModelVersion", on, CallerOf("dev"));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ((*got)["Uri"], "oss://m");
  EXPECT_EQ(Decide(state_, "DeleteModelVersion", on, CallerOf("dev2")), Decision::kImplicitDeny);
  Json labels = on;
  labels["Labels"] = {{{"Key", "stage"}, {"Value", "prod"}}};
  ASSERT_TRUE(Call(state_, "CreateModelVersionLabels", labels, CallerOf("dev")).ok());
  Json update = on;
  update["VersionDescription"] = "first";
  ASSERT_TRUE(Call(state_, "UpdateModelVersion", update, CallerOf("dev")).ok());
  StatusOr<Json> listed = Call(state_, "ListModelVersions", {{"ModelId", model}}, CallerOf("dev"));
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ((*listed)["TotalCount"], 2);
  ASSERT_TRUE(Call(state_, "DeleteModelVersion", on, CallerOf("dev")).ok());
  EXPECT_EQ(RuleOf(Call(state_, "GetModelVersion", on, CallerOf("dev"))),
            "workspace.asset-not-found");
  ASSERT_TRUE(Call(state_, "CreateModelLabels",
                   {{"ModelId", model}, {"Labels", {{{"Key", "k"}, {"Value", ""}}}}},
                   CallerOf("dev")).ok());
  ASSERT_TRUE(Call(state_, "UpdateModel", {{"ModelId", model}, {"ModelDescription", "d"}},
                   CallerOf("dev")).ok());
  EXPECT_EQ((*Call(state_, "GetModel", {{"ModelId", model}}, CallerOf("dev")))["ModelDescription"],
            "d");
}

TEST_F(OpsExtrasTest, ImageLabelsListOnlyVisibleImages) {
  const std::string mine = Make("AddImage", "ImageId", "dev");
  const std::string theirs = Make("AddImage", "ImageId", "dev2");
  for (const std::string& id : {mine, theirs}) {
    ASSERT_TRUE(Call(state_, "AddImageLabels",
                     {{"ImageId", id}, {"Labels", {{{"Key", "owner"}, {"Value", id}}}}},
                     CallerOf(id == mine ? "dev" : "dev2")).ok());
  }
  StatusOr<Json> listed = Call(state_, "ListImageLabels", {{"WorkspaceId", kWs}}, CallerOf("dev"));
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ((*listed)["Labels"], (Json{{{"Key", "owner"}, {"Value", mine}}}));
  listed = Call(state_, "ListImageLabels", {{"WorkspaceId", kWs}}, CallerOf("admin"));
  EXPECT_EQ((*listed)["TotalCount"], 2);
  ASSERT_TRUE(
      Call(state_, "RemoveImageLabels", {{"ImageId", mine}, {"LabelKey", "owner"}}, CallerOf("dev"))
          .ok());
}

TEST_F(OpsExtrasTest, ExperimentsPageWithTokens) {
  for (int i = 0; i < 3; ++i) Make("CreateExperiment", "ExperimentId", "dev");
  Json params = {{"WorkspaceId", kWs}, {"MaxResults", 2}};
  StatusOr<Json> page = Call(state_, "ListExperiments", params, CallerOf("dev"));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ((*page)["Experiments"].size(), 2u);
  EXPECT_EQ((*page)["NextPageToken"], "2");
  params["PageToken"] = (*page)["NextPageToken"];
  page = Call(state_, "ListExperiments", params, CallerOf("dev"));
  EXPECT_EQ((*page)["Experiments"].size(), 1u);
  EXPECT_EQ((*page)["NextPageToken"], "");
  params["PageToken"] = "1";
  EXPECT_EQ(RuleOf(Call(state_, "ListExperiments", params, CallerOf("dev"))),
            "InvalidParameter.PageToken");
  params["PageToken"] = "0";
  params["MaxResults"] = 0;
  EXPECT_EQ(RuleOf(Call(state_, "ListExperiments", params, CallerOf("dev"))),
            "InvalidParameter.MaxResults");
  const std::string exp = (*page)["Experiments"][0]["ExperimentId"];
  ASSERT_TRUE(Call(state_, "SetExperimentLabels",
                   {{"ExperimentId", exp}, {"Labels", {{{"Key", "k"}, {"Value", "v"}}}}},
                   CallerOf("dev")).ok());
  ASSERT_TRUE(
      Call(state_, "DeleteExperimentLabel", {{"ExperimentId", exp}, {"Key", "k"}}, CallerOf("dev"))
          .ok());
  ASSERT_TRUE(Call(state_, "UpdateExperiment", {{"ExperimentId", exp}, {"Name", "e2"}},
                   CallerOf("dev")).ok());
  EXPECT_EQ((*Call(state_, "GetExperiment", {{"ExperimentId", exp}}, CallerOf("dev")))["Name"],
            "e2");
}

TEST_F(OpsExtrasTest, PermissionsComeFromTheCallersRoles) {
  Json on = {{"WorkspaceId", kWs}};
  // The seed grants ListPermissions to no role: RAM policies and the root only.
  EXPECT_EQ(Decide(state_, "ListPermissions", on, CallerOf("dev")), Decision::kImplicitDeny);
  EXPECT_EQ(Decide(state_, "ListPermissions", on, CallerOf("platform")), Decision::kAllow);
  StatusOr<Json> dev = Call(state_, "ListPermissions", on, CallerOf("dev"));
  ASSERT_TRUE(dev.ok()) << dev.status().ToString();
  Json rules;
  for (const Json& p : (*dev)["Permissions"]) {
    if (p["PermissionCode"] == "PaiDataset:DeleteDataset") rules = p["PermissionRules"];
  }
  // The matrix: a developer deletes only its own private datasets.
  EXPECT_EQ(rules, (Json{{{"Accessibility", "PRIVATE"}, {"EntityAccessType", "CREATOR"}}}));
  StatusOr<Json> outsider = Call(state_, "ListPermissions", on, CallerOf("outsider"));
  EXPECT_EQ((*outsider)["TotalCount"], 0);
  Json get = {{"WorkspaceId", kWs}, {"PermissionCode", "PaiDataset:DeleteDataset"},
              {"Accessibility", "PRIVATE"}, {"Creator", UserId(4)}};
  EXPECT_EQ((*Call(state_, "GetPermission", get, CallerOf("dev")))["PermissionRules"], Json::array());
  EXPECT_EQ((*Call(state_, "GetPermission", get, CallerOf("admin")))["PermissionRules"],
            (Json{{{"Accessibility", "ANY"}, {"EntityAccessType", "ANY"}}}));
  get["Creator"] = UserId(3);
  EXPECT_EQ((*Call(state_, "GetPermission", get, CallerOf("dev")))["PermissionRules"], rules);
  get["Accessibility"] = "SHARED";
  EXPECT_EQ(RuleOf(Call(state_, "GetPermission", get, CallerOf("dev"))),
            "InvalidParameter.Accessibility");
  get["Accessibility"] = "PUBLIC";
  get["PermissionCode"] = "Nope:Nothing";
  EXPECT_EQ(RuleOf(Call(state_, "GetPermission", get, CallerOf("dev"))),
            "InvalidParameter.PermissionCode");
}

TEST_F(OpsExtrasTest, WorkspaceUsersAreTheNonMembers) {
  StatusOr<Json> users = Call(state_, "ListWorkspaceUsers", {{"WorkspaceId", kWs}}, CallerOf("dev"));
  ASSERT_TRUE(users.ok()) << users.status().ToString();
  EXPECT_EQ((*users)["TotalCount"], 2);  // platform and outsider
  users = Call(state_, "ListWorkspaceUsers", {{"WorkspaceId", kWs}, {"UserName", "out"}},
               CallerOf("dev"));
  EXPECT_EQ((*users)["Users"], (Json{{{"UserId", UserId(7)}, {"UserName", "outsider"}}}));
}

TEST_F(OpsExtrasTest, AcceptedWritesAreLogged) {
  const std::string ds = Make("CreateDataset", "DatasetId", "dev");
  ASSERT_TRUE(Call(state_, "PublishDataset", {{"DatasetId", ds}}, CallerOf("dev")).ok());
  // A refused write is not logged.
  EXPECT_FALSE(Call(state_, "DeleteMembers", {{"WorkspaceId", kWs}, {"MemberIds", "nobody"}},
                    CallerOf("admin")).ok());
  StatusOr<Json> logs = Call(state_, "ListOperationLogs", {{"WorkspaceId", kWs}}, CallerOf("dev"));
  ASSERT_TRUE(logs.ok()) << logs.status().ToString();
  ASSERT_EQ((*logs)["TotalCount"], 2);
  const Json& newest = (*logs)["Logs"][0];
  EXPECT_EQ(newest["Operation"], "PublishDataset");
  EXPECT_EQ(newest["EntityType"], "Dataset");
  EXPECT_EQ(newest["EntityId"], ds);
  EXPECT_EQ(newest["Operator"], UserId(3));
  EXPECT_EQ(newest["OperationStatus"], "SUCCEEDED");
  logs = Call(state_, "ListOperationLogs",
              {{"WorkspaceId", kWs}, {"Operations", "CreateDataset"}, {"Order", "ASC"}},
              CallerOf("dev"));
  EXPECT_EQ((*logs)["TotalCount"], 1);
  EXPECT_EQ(RuleOf(Call(state_, "ListOperationLogs", {{"WorkspaceId", kWs}, {"SortBy", "Name"}},
                        CallerOf("dev"))),
            "InvalidParameter.SortBy");
  EXPECT_EQ(RuleOf(Call(state_, "ListOperationLogs", {{"WorkspaceId", kWs}, {"Order", "UP"}},
                        CallerOf("dev"))),
            "InvalidParameter.Order");
  EXPECT_EQ(Decide(state_, "ListOperationLogs", {{"WorkspaceId", kWs}}, CallerOf("outsider")),
            Decision::kImplicitDeny);
}

TEST_F(OpsExtrasTest, ResourcesAndSingularConfigs) {
  StatusOr<Json> made = Call(state_, "CreateWorkspaceResource",
                             {{"WorkspaceId", kWs},
                              {"Resources", {{{"Name", "gpu-a"}, {"EnvType", "prod"}},
                                             {{"Name", "gpu-b"}, {"EnvType", "prod"}}}}},
                             CallerOf("admin"));
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  const std::string a = (*made)["Resources"][0]["Id"], b = (*made)["Resources"][1]["Id"];
  Json update = {{"WorkspaceId", kWs}, {"ResourceIds", {b}}, {"IsDefault", true},
                 {"GroupName", "g1"}};
  EXPECT_EQ(Decide(state_, "UpdateWorkspaceResource", update, CallerOf("dev")),
            Decision::kImplicitDeny);
  StatusOr<Json> updated = Call(state_, "UpdateWorkspaceResource", update, CallerOf("admin"));
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ((*updated)["ResourceIds"], (Json{b}));
  auto resources = state_.workspaces.ListResources(kWs);
  EXPECT_FALSE(resources[0]->is_default);
  EXPECT_TRUE(resources[1]->is_default);
  EXPECT_EQ(resources[1]->group_name, "g1");
  EXPECT_EQ(RuleOf(Call(state_, "UpdateWorkspaceResource",
                        {{"WorkspaceId", kWs}, {"ResourceIds", {a, "nope"}}, {"IsDefault", true}},
                        CallerOf("admin"))),
            "workspace.resource-not-found");
  EXPECT_FALSE(state_.workspaces.ListResources(kWs)[0]->is_default);  // untouched
  EXPECT_EQ(RuleOf(Call(state_, "UpdateWorkspaceResource", {{"WorkspaceId", kWs}},
                        CallerOf("admin"))),
            "MissingParameter.ResourceIds");

  Json key = {{"WorkspaceId", kWs}, {"CategoryName", "DLCAutoRecycle"},
              {"ConfigKey", "isAutoRecycle"}};
  EXPECT_EQ(RuleOf(Call(state_, "GetConfig", key, CallerOf("admin"))), "workspace.config-not-found");
  Json set = key;
  set["ConfigValue"] = "true";
  ASSERT_TRUE(Call(state_, "UpdateConfig", set, CallerOf("admin")).ok());
  EXPECT_EQ((*Call(state_, "GetConfig", key, CallerOf("admin")))["ConfigValue"], "true");
}

}  // namespace
}  // namespace paiam::api
