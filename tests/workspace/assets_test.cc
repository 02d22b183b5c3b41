// Tests for workspace assets: creation, publish, change owner, delete (with children), ARNs, the
// visibility index after every kind of write, and the asset type table against the catalog.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "catalog/catalog.h"
#include "workspace/asset_types.h"
#include "workspace/workspaces.h"
#include "workspace_fixture.h"

namespace paiam::workspace {
namespace {

using testing::Dump;
using AssetsTest = testing::WorkspaceTest;

AssetSpec Spec(AssetType type, std::string creator, std::string id = "", std::string parent = "") {
  AssetSpec spec;
  spec.type = type;
  spec.creator = std::move(creator);
  spec.id = std::move(id);
  spec.parent_id = std::move(parent);
  return spec;
}

std::set<std::string> Ids(const AssetIdSet& set) {
  std::set<std::string> out;
  for (const auto& [parent, id] : set) out.insert(parent.empty() ? id : parent + "/" + id);
  return out;
}

TEST_F(AssetsTest, CreateIsPrivateAndIndexedByCreator) {
  ws_.SetNow(10);
  StatusOr<std::string> d1 = ws_.CreateAsset(ws_id_, Spec(AssetType::kDataset, Arn("bob"), "d-1"));
  ASSERT_TRUE(d1.ok()) << d1.status().ToString();
  EXPECT_EQ(*d1, "d-1");
  StatusOr<std::string> generated = ws_.CreateAsset(ws_id_, Spec(AssetType::kDataset, Arn("bob")));
  ASSERT_TRUE(generated.ok());
  EXPECT_TRUE(generated->starts_with("dataset-")) << *generated;
  const Asset* a = ws_.FindAsset(ws_id_, AssetType::kDataset, "d-1");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->accessibility, Accessibility::kPrivate);
  EXPECT_EQ(a->creator, Arn("bob"));
  EXPECT_EQ(a->workspace_id, ws_id_);
  EXPECT_EQ(a->create_time, 10);
  EXPECT_EQ(Ids(ws_.PrivateAssetsOf(ws_id_, AssetType::kDataset, Arn("bob"))),
            (std::set<std::string>{"d-1", *generated}));
  EXPECT_TRUE(ws_.PublicAssets(ws_id_, AssetType::kDataset).empty());
  EXPECT_TRUE(ws_.PrivateAssetsOf(ws_id_, AssetType::kDataset, Arn("carol")).empty());
  EXPECT_TRUE(ws_.PublicAssets("999", AssetType::kModel).empty());
  EXPECT_EQ(ws_.AssetCount(ws_id_, AssetType::kDataset), 2u);
  EXPECT_EQ(ws_.asset_count(), 2u);
}

TEST_F(AssetsTest, CreateRules) {
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, Spec(AssetType::kModel, Arn("bob"), "m1")).ok());
  const std::string before = Dump(ws_);
  EXPECT_RULE(ws_.CreateAsset(ws_id_, Spec(AssetType::kModel, Arn("carol"), "m1")).status(),
              kAlreadyExists, "workspace.asset-exists");
  for (const char* bad : {"a/b", "a*", "a:b", "x?"}) {
    EXPECT_RULE(ws_.CreateAsset(ws_id_, Spec(AssetType::kModel, Arn("bob"), bad)).status(),
                kInvalidArgument, "workspace.asset-id-invalid");
  }
  EXPECT_RULE(
      ws_.CreateAsset(ws_id_, Spec(AssetType::kModel, Arn("bob"), std::string(129, 'm'))).status(),
      kInvalidArgument, "workspace.asset-id-invalid");
  EXPECT_RULE(ws_.CreateAsset(ws_id_, Spec(AssetType::kModelVersion, Arn("bob"), "v1")).status(),
              kInvalidArgument, "workspace.asset-parent-required");
  EXPECT_RULE(
      ws_.CreateAsset(ws_id_, Spec(AssetType::kModelVersion, Arn("bob"), "v1", "m9")).status(),
      kNotFound, "workspace.asset-parent-not-found");
  EXPECT_RULE(ws_.CreateAsset(ws_id_, Spec(AssetType::kDataset, Arn("bob"), "d", "m1")).status(),
              kInvalidArgument, "workspace.asset-parent-unexpected");
  EXPECT_RULE(ws_.CreateAsset(ws_id_, Spec(AssetType::kDataset, Arn("mallory"))).status(),
              kInvalidArgument, "workspace.asset-creator-invalid");
  EXPECT_RULE(ws_.CreateAsset(ws_id_, Spec(AssetType::kDataset, "bob")).status(), kInvalidArgument,
              "workspace.asset-creator-invalid");
  EXPECT_RULE(ws_.CreateAsset("999", Spec(AssetType::kDataset, Arn("bob"))).status(), kNotFound,
              "workspace.not-found");
  EXPECT_EQ(Dump(ws_), before);
  // Child ids are unique per parent only.
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, Spec(AssetType::kModel, Arn("bob"), "m2")).ok());
  EXPECT_TRUE(
      ws_.CreateAsset(ws_id_, Spec(AssetType::kModelVersion, Arn("bob"), "1.0", "m1")).ok());
  EXPECT_TRUE(
      ws_.CreateAsset(ws_id_, Spec(AssetType::kModelVersion, Arn("bob"), "1.0", "m2")).ok());
  EXPECT_EQ(ws_.FindAsset(ws_id_, AssetType::kModelVersion, "1.0", "m2")->parent_id, "m2");
  EXPECT_EQ(ws_.FindAsset(ws_id_, AssetType::kModelVersion, "1.0"), nullptr);
}

TEST_F(AssetsTest, PublishMovesToThePublicSet) {
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, Spec(AssetType::kImage, Arn("bob"), "i1")).ok());
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, Spec(AssetType::kImage, Arn("bob"), "i2")).ok());
  ASSERT_TRUE(ws_.PublishAsset(ws_id_, AssetType::kImage, "i1").ok());
  EXPECT_EQ(ws_.FindAsset(ws_id_, AssetType::kImage, "i1")->accessibility, Accessibility::kPublic);
  EXPECT_EQ(Ids(ws_.PublicAssets(ws_id_, AssetType::kImage)), std::set<std::string>{"i1"});
  EXPECT_EQ(Ids(ws_.PrivateAssetsOf(ws_id_, AssetType::kImage, Arn("bob"))),
            std::set<std::string>{"i2"});
  EXPECT_TRUE(ws_.PublishAsset(ws_id_, AssetType::kImage, "i1").ok());  // idempotent
  EXPECT_EQ(ws_.PublicAssets(ws_id_, AssetType::kImage).size(), 1u);
  ASSERT_TRUE(ws_.PublishAsset(ws_id_, AssetType::kImage, "i2").ok());
  EXPECT_TRUE(ws_.PrivateAssetsOf(ws_id_, AssetType::kImage, Arn("bob")).empty());
  EXPECT_RULE(ws_.PublishAsset(ws_id_, AssetType::kImage, "i3"), kNotFound,
              "workspace.asset-not-found");
  EXPECT_RULE(ws_.PublishAsset(ws_id_, AssetType::kDataset, "i1"), kNotFound,
              "workspace.asset-not-found");
}

TEST_F(AssetsTest, ChangeOwnerMovesPrivateAssets) {
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, Spec(AssetType::kCodeSource, Arn("bob"), "c1")).ok());
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, Spec(AssetType::kCodeSource, Arn("bob"), "c2")).ok());
  ASSERT_TRUE(ws_.ChangeAssetOwner(ws_id_, AssetType::kCodeSource, "c1", "", Arn("carol")).ok());
  EXPECT_EQ(ws_.FindAsset(ws_id_, AssetType::kCodeSource, "c1")->creator, Arn("carol"));
  EXPECT_EQ(Ids(ws_.PrivateAssetsOf(ws_id_, AssetType::kCodeSource, Arn("carol"))),
            std::set<std::string>{"c1"});
  EXPECT_EQ(Ids(ws_.PrivateAssetsOf(ws_id_, AssetType::kCodeSource, Arn("bob"))),
            std::set<std::string>{"c2"});
  // A public asset stays public, under its new owner.
  ASSERT_TRUE(ws_.PublishAsset(ws_id_, AssetType::kCodeSource, "c2").ok());
  ASSERT_TRUE(
      ws_.ChangeAssetOwner(ws_id_, AssetType::kCodeSource, "c2", "", Principal("root").arn).ok());
  EXPECT_EQ(Ids(ws_.PublicAssets(ws_id_, AssetType::kCodeSource)), std::set<std::string>{"c2"});
  EXPECT_TRUE(ws_.PrivateAssetsOf(ws_id_, AssetType::kCodeSource, Arn("bob")).empty());
  EXPECT_RULE(ws_.ChangeAssetOwner(ws_id_, AssetType::kCodeSource, "c1", "", Arn("mallory")),
              kInvalidArgument, "workspace.asset-creator-invalid");
  EXPECT_EQ(ws_.FindAsset(ws_id_, AssetType::kCodeSource, "c1")->creator, Arn("carol"));
  EXPECT_RULE(ws_.ChangeAssetOwner(ws_id_, AssetType::kCodeSource, "c9", "", Arn("bob")), kNotFound,
              "workspace.asset-not-found");
}

TEST_F(AssetsTest, DeleteRemovesChildrenAndIndexEntries) {
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, Spec(AssetType::kDlcJob, Arn("bob"), "job1")).ok());
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, Spec(AssetType::kDlcJob, Arn("bob"), "job2")).ok());
  for (const char* pod : {"p1", "p2"}) {
    ASSERT_TRUE(ws_.CreateAsset(ws_id_, Spec(AssetType::kDlcPod, Arn("bob"), pod, "job1")).ok());
  }
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, Spec(AssetType::kDlcPod, Arn("carol"), "p1", "job2")).ok());
  ASSERT_TRUE(ws_.PublishAsset(ws_id_, AssetType::kDlcPod, "p2", "job1").ok());
  EXPECT_EQ(ws_.asset_count(), 5u);

  ASSERT_TRUE(ws_.DeleteAsset(ws_id_, AssetType::kDlcJob, "job1").ok());
  EXPECT_EQ(ws_.asset_count(), 2u);
  EXPECT_EQ(ws_.FindAsset(ws_id_, AssetType::kDlcPod, "p1", "job1"), nullptr);
  EXPECT_NE(ws_.FindAsset(ws_id_, AssetType::kDlcPod, "p1", "job2"), nullptr);
  EXPECT_TRUE(ws_.PublicAssets(ws_id_, AssetType::kDlcPod).empty());
  EXPECT_TRUE(ws_.PrivateAssetsOf(ws_id_, AssetType::kDlcPod, Arn("bob")).empty());
  EXPECT_EQ(Ids(ws_.PrivateAssetsOf(ws_id_, AssetType::kDlcPod, Arn("carol"))),
            std::set<std::string>{"job2/p1"});
  EXPECT_EQ(Ids(ws_.PrivateAssetsOf(ws_id_, AssetType::kDlcJob, Arn("bob"))),
            std::set<std::string>{"job2"});
  EXPECT_RULE(ws_.DeleteAsset(ws_id_, AssetType::kDlcJob, "job1"), kNotFound,
              "workspace.asset-not-found");
  ASSERT_TRUE(ws_.DeleteAsset(ws_id_, AssetType::kDlcPod, "p1", "job2").ok());
  EXPECT_EQ(ws_.asset_count(), 1u);
}

TEST_F(AssetsTest, ArnsRoundTrip) {
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, Spec(AssetType::kModel, Arn("bob"), "m1")).ok());
  ASSERT_TRUE(
      ws_.CreateAsset(ws_id_, Spec(AssetType::kModelVersion, Arn("bob"), "1.0.0", "m1")).ok());
  ASSERT_TRUE(ws_.CreateAsset(ws_id_, Spec(AssetType::kInstanceJob, Arn("bob"), "ij1")).ok());
  const Asset& version = *ws_.FindAsset(ws_id_, AssetType::kModelVersion, "1.0.0", "m1");
  const std::string arn = ws_.AssetArn(version);
  EXPECT_EQ(arn, "acs:paimodel:cn-hangzhou:1000000000000001:workspace/" + ws_id_ +
                     "/model/m1/modelVersion/1.0.0");
  EXPECT_EQ(ws_.FindAssetByArn(arn), &version);
  const Asset& job = *ws_.FindAsset(ws_id_, AssetType::kInstanceJob, "ij1");
  EXPECT_EQ(ws_.FindAssetByArn(ws_.AssetArn(job)), &job);
  // The alternative ram-code of instance jobs addresses the same asset.
  const std::string designer = ws_.AssetArn(job, "paidesigner");
  EXPECT_TRUE(designer.starts_with("acs:paidesigner:")) << designer;
  EXPECT_EQ(ws_.FindAssetByArn(designer), &job);

  const std::string prefix = "acs:paimodel:cn-hangzhou:1000000000000001:workspace/" + ws_id_;
  for (const std::string& bad :
       {prefix + "/model/m1/modelVersion/*", prefix + "/model/m2", prefix + "/model/m1/x",
        prefix + "/model/", prefix,
        "acs:paimodel:cn-beijing:1000000000000001:workspace/" + ws_id_ + "/model/m1",
        "acs:paimodel:cn-hangzhou:1000000000000002:workspace/" + ws_id_ + "/model/m1",
        "acs:paidataset:cn-hangzhou:1000000000000001:workspace/" + ws_id_ + "/model/m1",
        std::string("acs:paimodel:cn-hangzhou:1000000000000001:workspace/999/model/m1"),
        std::string("x")}) {
    EXPECT_EQ(ws_.FindAssetByArn(bad), nullptr) << bad;
  }
  EXPECT_NE(ws_.FindAssetByArn(prefix + "/model/m1"), nullptr);
}

TEST_F(AssetsTest, EveryTypeCanBeCreatedAddressedAndDeleted) {
  for (const AssetTypeInfo& info : AllAssetTypes()) {
    std::string parent;
    if (info.parent) {
      parent = "parent-of-" + std::string(info.name);
      ASSERT_TRUE(ws_.CreateAsset(ws_id_, Spec(*info.parent, Arn("bob"), parent)).ok());
    }
    StatusOr<std::string> id = ws_.CreateAsset(ws_id_, Spec(info.type, Arn("bob"), "", parent));
    ASSERT_TRUE(id.ok()) << info.name << ": " << id.status().ToString();
    const Asset* asset = ws_.FindAsset(ws_id_, info.type, *id, parent);
    ASSERT_NE(asset, nullptr) << info.name;
    const std::string arn = ws_.AssetArn(*asset);
    EXPECT_TRUE(arn.starts_with("acs:" + std::string(info.ram_code) + ":cn-hangzhou:")) << arn;
    EXPECT_EQ(ws_.FindAssetByArn(arn), asset) << arn;
    EXPECT_EQ(ParseAssetType(info.name), info.type);
    ASSERT_TRUE(ws_.PublishAsset(ws_id_, info.type, *id, parent).ok());
    ASSERT_TRUE(ws_.DeleteAsset(ws_id_, info.type, *id, parent).ok());
    EXPECT_TRUE(ws_.PublicAssets(ws_id_, info.type).empty()) << info.name;
  }
}

TEST(AssetTypesTest, CatalogResourcePatternsMapToTypes) {
  // Every catalog resource path that names an asset or a collection of them maps to a type; the
  // rest are listed here, so a new catalog path fails this test until it is classified.
  const std::set<std::string> not_assets = {
      "provider/pai/image/{imageId}",  // official images live outside any workspace
      "image/{imageId}/imagelabel/*",
      "image/{imageId}/imagelabel/{imageLabelKey}",
      "imagelabel/*",
      "pipelinedrafttemplate/{pipelineDraftTemplateId}/label/*",
      "dswinstance/{instanceId}/labels",
      "dswinstance/{instanceId}/share/*",
      "ecsspec/*",
      "userconfig/*"};
  std::set<AssetType> seen;
  for (const catalog::Action& action : catalog::Catalog::BuiltIn().actions()) {
    const std::string& path = action.resource_path();
    if (path.empty()) continue;
    std::optional<ResourcePatternMatch> match = MatchResourcePattern(path);
    if (not_assets.contains(path)) {
      EXPECT_FALSE(match) << path;
      continue;
    }
    ASSERT_TRUE(match) << action.id << ": " << path;
    EXPECT_EQ(match->collection, path.ends_with("/*")) << path;
    EXPECT_EQ(Info(match->type).ram_code == action.ram_code ||
                  Info(match->type).alt_ram_code == action.ram_code,
              true)
        << action.id << " -> " << AssetTypeName(match->type);
    seen.insert(match->type);
  }
  // The seed's own spellings are read too.
  EXPECT_EQ(MatchResourcePattern("dlcjob/jobid/pod/podid")->type, AssetType::kDlcPod);
  EXPECT_EQ(MatchResourcePattern("pipelinedraft/{pipeineDraftId}")->type,
            AssetType::kPipelineDraft);
  EXPECT_EQ(MatchResourcePattern("ai4dServices/*")->type, AssetType::kAi4dService);
  EXPECT_TRUE(MatchResourcePattern("/dataset/*")->collection);
  EXPECT_FALSE(MatchResourcePattern(""));
  EXPECT_FALSE(MatchResourcePattern("dataset"));
  EXPECT_FALSE(MatchResourcePattern("dataset/*/x"));
  // Every type the seed gives a resource for was seen; the others are marked reconstructed.
  for (const AssetTypeInfo& info : AllAssetTypes()) {
    EXPECT_EQ(seen.contains(info.type), !info.reconstructed) << info.name;
  }
}

// Random publishes, owner changes and deletes; after each, the index equals what a full scan
// computes.
TEST_F(AssetsTest, IndexMatchesAScanAfterRandomWrites) {
  std::mt19937 rng(7);
  const std::vector<std::string> owners = {Arn("alice"), Arn("bob"), Arn("carol")};
  std::vector<std::string> ids;
  for (int i = 0; i < 60; ++i) {
    ids.push_back("a" + std::to_string(i));
    ASSERT_TRUE(
        ws_.CreateAsset(ws_id_, Spec(AssetType::kPipeline, owners[i % 3], ids.back())).ok());
  }
  for (int step = 0; step < 400; ++step) {
    const std::string& id = ids[rng() % ids.size()];
    switch (rng() % 4) {
      case 0:
        (void)ws_.PublishAsset(ws_id_, AssetType::kPipeline, id);
        break;
      case 1:
        (void)ws_.ChangeAssetOwner(ws_id_, AssetType::kPipeline, id, "", owners[rng() % 3]);
        break;
      case 2:
        (void)ws_.DeleteAsset(ws_id_, AssetType::kPipeline, id);
        break;
      case 3:
        (void)ws_.CreateAsset(ws_id_, Spec(AssetType::kPipeline, owners[rng() % 3], id));
        break;
    }
    std::set<std::string> pub;
    std::map<std::string, std::set<std::string>> priv;
    ws_.ForEachAsset(ws_id_, AssetType::kPipeline, [&](const Asset& a) {
      (a.accessibility == Accessibility::kPublic ? pub : priv[a.creator]).insert(a.id);
    });
    ASSERT_EQ(Ids(ws_.PublicAssets(ws_id_, AssetType::kPipeline)), pub) << step;
    for (const std::string& owner : owners) {
      ASSERT_EQ(Ids(ws_.PrivateAssetsOf(ws_id_, AssetType::kPipeline, owner)), priv[owner]) << step;
    }
    ASSERT_EQ(ws_.AssetCount(ws_id_, AssetType::kPipeline), ws_.asset_count()) << step;
  }
}

}  // namespace
}  // namespace paiam::workspace
