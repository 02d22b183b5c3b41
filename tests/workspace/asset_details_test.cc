// Workspaces' asset details (src/workspace/asset_details.cc): the (type, id) index stays exact
// through create, delete and workspace delete; details go with their asset; refused writes
// change nothing; the operation log is bounded.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "identity/arn.h"
#include "workspace/workspaces.h"
#include "workspace_fixture.h"

namespace paiam::workspace {
namespace {

using DetailsTest = testing::WorkspaceTest;
using testing::kAcct;
using testing::kOtherAcct;

AssetSpec Dataset(std::string id = "") {
  return AssetSpec{AssetType::kDataset, std::move(id), "", "d", identity::UserArn(kAcct, "bob")};
}

AssetRef Ref(const std::string& ws, const std::string& id, std::string_view version = {}) {
  AssetRef ref;
  ref.workspace_id = ws;
  ref.type = AssetType::kDataset;
  ref.id = id;
  ref.version = version;
  return ref;
}

TEST_F(DetailsTest, IdIndexFollowsCreateAndDelete) {
  const std::string other = *ws_.CreateWorkspace(Request("ws_other"), Principal("alice"));
  const std::string a = *ws_.CreateAsset(ws_id_, Dataset());
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, Dataset("same")).ok());
  ASSERT_TRUE(ws_.CreateAsset(other, Dataset("same")).ok());
  ASSERT_EQ(ws_.FindAssetsById(AssetType::kDataset, a, kAcct).size(), 1u);
  EXPECT_EQ(ws_.FindAssetsById(AssetType::kDataset, a, kAcct)[0]->workspace_id, ws_id_);
  EXPECT_TRUE(ws_.FindAssetsById(AssetType::kDataset, a, kOtherAcct).empty());
  EXPECT_TRUE(ws_.FindAssetsById(AssetType::kModel, a, kAcct).empty());
  EXPECT_EQ(ws_.FindAssetsById(AssetType::kDataset, "same", kAcct).size(), 2u);
  ASSERT_TRUE(ws_.DeleteAsset(ws_id_, AssetType::kDataset, a).ok());
  EXPECT_TRUE(ws_.FindAssetsById(AssetType::kDataset, a, kAcct).empty());
  ASSERT_TRUE(ws_.DeleteWorkspace(other).ok());
  EXPECT_EQ(ws_.FindAssetsById(AssetType::kDataset, "same", kAcct).size(), 1u);
}

TEST_F(DetailsTest, DetailsGoWithTheirAssetAndRefusalsChangeNothing) {
  const std::string a = *ws_.CreateAsset(ws_id_, Dataset());
  AssetUpdate update;
  update.fields = {{"Uri", "oss://b"}};
  ASSERT_TRUE(ws_.UpdateAsset(Ref(ws_id_, a), update).ok());
  ASSERT_TRUE(ws_.SetLabels(Ref(ws_id_, a), {{"k", "v"}}).ok());
  EXPECT_EQ(*ws_.CreateDatasetVersion(Ref(ws_id_, a), {}, {}), "v1");
  const Workspaces before = ws_;
  EXPECT_EQ(ws_.SetLabels(Ref(ws_id_, a, "v7"), {{"k", "v"}}).rule(),
            "workspace.dataset-version-not-found");
  EXPECT_EQ(ws_.RemoveLabels(Ref(ws_id_, a), std::vector<std::string>{"k", "nope"}).rule(),
            "workspace.label-not-found");
  EXPECT_EQ(ws_.SetLabels(Ref(ws_id_, a), {{"", "v"}}).rule(), "workspace.label-invalid");
  EXPECT_EQ(ws_.SetLabels(Ref(ws_id_, "missing"), {{"k", "v"}}).rule(),
            "workspace.asset-not-found");
  EXPECT_EQ(ws_.UpdateDatasetVersion(Ref(ws_id_, a, "v2"), {}).rule(),
            "workspace.dataset-version-not-found");
  EXPECT_EQ(testing::Dump(ws_), testing::Dump(before));
  EXPECT_EQ(ws_.FindAssetDetails(Ref(ws_id_, a))->labels.size(), 1u);
  ASSERT_TRUE(ws_.DeleteAsset(ws_id_, AssetType::kDataset, a).ok());
  EXPECT_EQ(ws_.FindAssetDetails(Ref(ws_id_, a)), nullptr);
  // A new asset never inherits old details, even under a reused explicit id.
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, Dataset(a)).ok());
  EXPECT_TRUE(ws_.FindAssetDetails(Ref(ws_id_, a))->fields.empty());
  EXPECT_TRUE(ws_.FindAssetDetails(Ref(ws_id_, a))->versions.empty());
}

TEST_F(DetailsTest, OperationLogIsBoundedAndGoesWithItsWorkspace) {
  for (size_t i = 0; i < kOperationLogLimit + 5; ++i) {
    OperationLogEntry entry;
    entry.operation = "Op" + std::to_string(i);
    ws_.AppendOperationLog(ws_id_, entry);
  }
  ws_.AppendOperationLog("no-such-workspace", OperationLogEntry{});
  ASSERT_EQ(ws_.OperationLogs(ws_id_).size(), kOperationLogLimit);
  EXPECT_EQ(ws_.OperationLogs(ws_id_).front().operation, "Op5");
  EXPECT_TRUE(ws_.OperationLogs("no-such-workspace").empty());
  ASSERT_TRUE(ws_.DeleteWorkspace(ws_id_).ok());
  EXPECT_TRUE(ws_.OperationLogs(ws_id_).empty());
}

TEST_F(DetailsTest, UpdateResourcesIsAllOrNothing) {
  ResourceSpec spec;
  spec.name = "gpu-a";
  const std::string a = *ws_.AssociateResource(ws_id_, spec);
  ResourceUpdate update;
  update.is_default = true;
  EXPECT_EQ(ws_.UpdateResources(ws_id_, std::vector<std::string>{a, "nope"}, update).rule(),
            "workspace.resource-not-found");
  EXPECT_FALSE(ws_.ListResources(ws_id_)[0]->is_default);
  ASSERT_TRUE(ws_.UpdateResources(ws_id_, std::vector<std::string>{a}, update).ok());
  EXPECT_TRUE(ws_.ListResources(ws_id_)[0]->is_default);
}

}  // namespace
}  // namespace paiam::workspace
