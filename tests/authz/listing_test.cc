// List filtering for every role, built-in and custom: ListAllowed (index-based) returns exactly
// the assets a per-asset CheckAsset of the list action allows — the slow oracle it replaces —
// and names the right scope ("all", "public and self-created", nothing).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "authz/authorizer.h"
#include "authz_test_state.h"

namespace paiam::authz {
namespace {

using nlohmann::json;
using workspace::AssetType;

constexpr char kAcct[] = "1000000000000001";

const std::vector<std::string> kRoles = {
    "PAI.WorkspaceAdmin", "PAI.AlgoDeveloper",  "PAI.AlgoOperator",
    "PAI.LabelManager",   "PAI.WorkspaceGuest", "PAI.MaxComputeDeveloper",
    "public-others",      "others-private",     "readonly"};

json Rule(const char* accessibility, const char* entity) {
  return {{"accessibility", accessibility}, {"entity", entity}};
}

json CustomRoles() {
  auto codes = [](json rules) {
    return json{{{"module", "Dataset"},
                 {"level", "CustomPermissions"},
                 {"permissions", {{{"codes", {"PaiDataset:ListDatasets"}}, {"rules", rules}}}}}};
  };
  return {{{"id", "public-others"},
           {"name", "PublicOthers"},
           {"modules", codes(json::array({Rule("PUBLIC", "OTHERS")}))}},
          {{"id", "others-private"},
           {"name", "OthersPrivate"},
           {"modules", codes(json::array({Rule("PRIVATE", "OTHERS")}))}},
          {{"id", "readonly"},
           {"name", "ReadOnly"},
           {"modules",
            {{{"module", "Dataset"}, {"level", "ReadOnly"}},
             {{"module", "Model"}, {"level", "ReadOnly"}}}}}};
}

// u0 owns the workspace; u1..u9 hold kRoles[i-1]; u10 is no member. Datasets and model
// versions are created by random users, half of them published.
json ListingState() {
  std::mt19937 rng(11);
  json users = json::array(), members = json::array(), assets = json::array();
  for (int u = 0; u <= 10; ++u) users.push_back({{"name", "u" + std::to_string(u)}});
  for (size_t r = 0; r < kRoles.size(); ++r) {
    members.push_back({{"principal", testing::UserArn("u" + std::to_string(r + 1), kAcct)},
                       {"roles", {kRoles[r]}}});
  }
  auto creator = [&] { return testing::UserArn("u" + std::to_string(rng() % 11), kAcct); };
  auto visibility = [&] { return rng() % 2 ? "PUBLIC" : "PRIVATE"; };
  for (int i = 0; i < 80; ++i) {
    assets.push_back({{"type", "dataset"},
                      {"id", "d" + std::to_string(i)},
                      {"creator", creator()},
                      {"accessibility", visibility()}});
  }
  for (const char* model : {"m1", "m2"}) {
    assets.push_back({{"type", "model"}, {"id", model}, {"creator", creator()}});
    for (int v = 0; v < 10; ++v) {
      assets.push_back({{"type", "model_version"},
                        {"parent", model},
                        {"id", "v" + std::to_string(v)},
                        {"creator", creator()},
                        {"accessibility", visibility()}});
    }
  }
  return {{"limits", {{"users_per_account", 100}}},
          {"accounts", {{{"id", kAcct}, {"users", users}}}},
          {"workspaces",
           {{{"id", "1001"},
             {"account", kAcct},
             {"region", "cn-hangzhou"},
             {"name", "lists"},
             {"creator", testing::UserArn("u0", kAcct)},
             {"custom_roles", CustomRoles()},
             {"members", members},
             {"assets", assets}}}}};
}

using Ids = std::vector<std::pair<std::string, std::string>>;

class ListingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    snapshot_ = testing::SnapshotFromJson(ListingState().dump());
    ASSERT_NE(snapshot_, nullptr);
    authz_ = std::make_unique<Authorizer>(snapshot_);
  }

  Ids Listed(const std::string& arn, AssetType type, const std::string& action,
             std::string_view parent, catalog::ClassMask* classes) {
    auto listing = authz_->ListAllowed(arn, "1001", type, action, parent);
    EXPECT_TRUE(listing.ok()) << listing.status().ToString();
    Ids ids;
    for (const AssetRef& a : listing->assets) ids.emplace_back(a.parent_id, a.id);
    std::sort(ids.begin(), ids.end());
    EXPECT_TRUE(std::adjacent_find(ids.begin(), ids.end()) == ids.end()) << "duplicates";
    *classes = listing->classes;
    return ids;
  }

  Ids Oracle(const std::string& arn, AssetType type, const std::string& action,
             std::string_view parent) {
    Ids ids;
    snapshot_->workspaces().ForEachAsset("1001", type, [&](const workspace::Asset& a) {
      if (!parent.empty() && a.parent_id != parent) return;
      if (authz_->CheckAsset(arn, action, a) == policy::Decision::kAllow) {
        ids.emplace_back(a.parent_id, a.id);
      }
    });
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::shared_ptr<const Snapshot> snapshot_;
  std::unique_ptr<Authorizer> authz_;
};

TEST_F(ListingTest, EveryRoleSeesExactlyWhatItMayList) {
  for (int u = 0; u <= 10; ++u) {
    std::string arn = testing::UserArn("u" + std::to_string(u), kAcct);
    for (const char* action : {"paidataset:ListDatasets", "paidataset:ListAllDatasets"}) {
      catalog::ClassMask classes;
      Ids ids = Listed(arn, AssetType::kDataset, action, {}, &classes);
      EXPECT_EQ(ids, Oracle(arn, AssetType::kDataset, action, {})) << arn << " " << action;
    }
    for (std::string_view parent : {"", "m1", "m2"}) {
      catalog::ClassMask classes;
      Ids ids =
          Listed(arn, AssetType::kModelVersion, "paimodel:ListModelVersions", parent, &classes);
      EXPECT_EQ(ids, Oracle(arn, AssetType::kModelVersion, "paimodel:ListModelVersions", parent))
          << arn << " parent " << parent;
    }
  }
}

TEST_F(ListingTest, ScopesFollowTheRole) {
  auto classes_of = [&](int user, const char* action) {
    catalog::ClassMask classes;
    Listed(testing::UserArn("u" + std::to_string(user), kAcct), AssetType::kDataset, action, {},
           &classes);
    return classes;
  };
  const catalog::ClassMask public_and_own = catalog::kPrivateCreator | catalog::kPublic;
  EXPECT_EQ(classes_of(0, "paidataset:ListDatasets"), catalog::kAnyClass);  // Owner
  EXPECT_EQ(classes_of(1, "paidataset:ListDatasets"), catalog::kAnyClass);  // Administrator
  EXPECT_EQ(classes_of(2, "paidataset:ListDatasets"), public_and_own);      // Developer
  EXPECT_EQ(classes_of(5, "paidataset:ListDatasets"), catalog::kPublic);    // Visitor
  EXPECT_EQ(classes_of(7, "paidataset:ListDatasets"), catalog::kPublicOthers);
  EXPECT_EQ(classes_of(8, "paidataset:ListDatasets"), catalog::kPrivateOthers);
  EXPECT_EQ(classes_of(9, "paidataset:ListDatasets"), public_and_own);      // ReadOnly
  EXPECT_EQ(classes_of(10, "paidataset:ListDatasets"), catalog::kNoClass);  // not a member
  EXPECT_EQ(classes_of(2, "paidataset:ListAllDatasets"), catalog::kNoClass);
}

TEST_F(ListingTest, UnknownWorkspaceIsNotFound) {
  auto listing = authz_->ListAllowed(testing::UserArn("u1", kAcct), "nope", AssetType::kDataset,
                                     "paidataset:ListDatasets");
  EXPECT_FALSE(listing.ok());
  EXPECT_EQ(listing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace paiam::authz
