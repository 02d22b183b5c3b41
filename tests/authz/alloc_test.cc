// The check path allocates nothing once the caller's Explanation has grown to size: Check,
// CheckAsset and CheckCreate, with and without an Explanation, for every kind of outcome.
// Allocations are counted by replacing the global operator new in this test binary; only the
// current thread's allocations count, and only while counting is on.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "authz/authorizer.h"
#include "authz_test_state.h"
#include "support/counting_new.h"

namespace paiam::authz {
namespace {

using testing::ClassContext;
using testing::DatasetArn;
using testing::UserArn;

struct Probe {
  std::string principal, action, resource;
  catalog::AssetClass c;
};

TEST(AllocTest, ChecksDoNotAllocateAfterWarmUp) {
  auto snapshot = testing::ExampleSnapshot();
  ASSERT_NE(snapshot, nullptr);
  Authorizer authz(snapshot);
  const std::string root = "acs:ram::" + std::string(testing::kAccount) + ":root";
  // Allow by role, by identity policy, by default-allow and by root; explicit deny; implicit
  // deny; unknown principal; role session lookup.
  const std::vector<Probe> probes = {
      {UserArn("dev1"), "paidataset:DeleteDataset", DatasetArn("ds-dev1-private"),
       catalog::AssetClass::kPrivateCreator},
      {UserArn("platform"), "paidataset:DeleteDataset", DatasetArn("ds-public"),
       catalog::AssetClass::kPublicOthers},
      {UserArn("visitor"), "pai:ListProducts", "*", catalog::AssetClass::kPublicOthers},
      {root, "paidataset:DeleteDataset", DatasetArn("ds-public"),
       catalog::AssetClass::kPublicOthers},
      {UserArn("keeper"), "paidataset:DeleteDataset", DatasetArn("ds-archive", "1002"),
       catalog::AssetClass::kPrivateCreator},
      {UserArn("visitor"), "paidataset:DeleteDataset", DatasetArn("ds-public"),
       catalog::AssetClass::kPublicOthers},
      {UserArn("ghost"), "paidataset:GetDataset", DatasetArn("ds-public"),
       catalog::AssetClass::kPublicOthers},
      {"acs:ram::1000000000000001:assumed-role/none/s", "paidataset:GetDataset", "*",
       catalog::AssetClass::kPublicOthers},
  };
  std::vector<ClassContext> contexts;
  for (const Probe& p : probes) contexts.emplace_back(p.c);
  const workspace::Asset* asset =
      snapshot->workspaces().FindAsset("1001", workspace::AssetType::kDataset, "ds-dev1-private");
  ASSERT_NE(asset, nullptr);

  Explanation explanation;
  auto run_all = [&] {
    size_t allowed = 0;
    for (size_t i = 0; i < probes.size(); ++i) {
      const Probe& p = probes[i];
      for (Explanation* out : {&explanation, static_cast<Explanation*>(nullptr)}) {
        allowed += authz.Check(p.principal, p.action, p.resource, contexts[i].view(), out) ==
                   policy::Decision::kAllow;
        allowed += authz.CheckAsset(p.principal, p.action, *asset, out) == policy::Decision::kAllow;
        allowed +=
            authz.CheckCreate(p.principal, "paidataset:CreateDataset", "1001",
                              workspace::AssetType::kDataset, {},
                              workspace::Accessibility::kPrivate, out) == policy::Decision::kAllow;
      }
    }
    return allowed;
  };
  size_t warm = run_all();  // grows the explanation's vectors
  g_allocations = 0;
  g_counting = true;
  size_t counted = run_all();
  g_counting = false;
  EXPECT_EQ(g_allocations, 0u);
  EXPECT_EQ(counted, warm);
  EXPECT_GT(counted, 8u);
}

}  // namespace
}  // namespace paiam::authz
