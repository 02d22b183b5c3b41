// What Snapshot::Build precompiles: shared identity sets, role sets, memberships (inline and
// spilled), the lookups of the check path, and the action filter that skips sets.
#include "authz/snapshot.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "authz/action_filter.h"
#include "authz/flat_index.h"
#include "authz_test_state.h"

namespace paiam::authz {
namespace {

constexpr char kState[] = R"({
  "accounts": [{"id": "1000000000000001",
    "groups": [{"name": "g", "policies": ["AliyunPAIReadOnlyAccess"]}],
    "users": [
      {"name": "a", "policies": ["AliyunPAIFullAccess"]},
      {"name": "b", "policies": ["AliyunPAIFullAccess"]},
      {"name": "c", "groups": ["g"]},
      {"name": "d", "groups": ["g"]},
      {"name": "e"}]}],
  "workspaces": [{"id": "7", "account": "1000000000000001", "region": "cn-hangzhou",
    "name": "seven", "creator": "acs:ram::1000000000000001:user/a",
    "custom_roles": [{"id": "r1", "name": "R1", "modules": [{"module": "DLC", "level": "ReadOnly"}]}],
    "members": [
      {"principal": "acs:ram::1000000000000001:user/b",
       "roles": ["PAI.AlgoDeveloper", "PAI.LabelManager", "r1"]},
      {"principal": "acs:ram::1000000000000001:user/c", "roles": ["PAI.WorkspaceGuest"]}]}]})";

TEST(SnapshotTest, SharesIdentitySetsAndIndexesMemberships) {
  auto snapshot = testing::SnapshotFromJson(kState);
  ASSERT_NE(snapshot, nullptr);
  const Snapshot& s = *snapshot;
  const Snapshot::Stats& stats = s.stats();
  EXPECT_EQ(stats.principals, 6u);     // root + 5 users
  EXPECT_EQ(stats.identity_sets, 2u);  // {PAIFull} for a and b, {PAIReadOnly via g} for c and d
  EXPECT_EQ(stats.role_sets, s.catalog().roles().size() + 1);  // built-ins + r1
  EXPECT_EQ(stats.workspaces, 1u);
  EXPECT_EQ(stats.memberships, 3u);  // a (Owner), b, c
  EXPECT_GT(stats.index_bytes, 0u);

  auto principal = [&](const char* name) {
    const PrincipalEntry* p = s.FindPrincipal(testing::UserArn(name));
    EXPECT_NE(p, nullptr) << name;
    return p;
  };
  EXPECT_EQ(principal("a")->identity_set, principal("b")->identity_set);
  EXPECT_EQ(principal("c")->identity_set, principal("d")->identity_set);
  EXPECT_EQ(principal("e")->identity_set, kNone);
  ASSERT_EQ(s.sources(*principal("c")).size(), 1u);
  EXPECT_EQ(s.sources(*principal("c"))[0].via, identity::AttachTarget::kGroup);
  EXPECT_EQ(s.sources(*principal("c"))[0].group, "g");
  EXPECT_EQ(s.principal_info(*principal("e")).arn, testing::UserArn("e"));
  EXPECT_EQ(principal("e")->account.view(), testing::kAccount);
  EXPECT_EQ(s.FindPrincipal("acs:ram::1000000000000001:user/zz"), nullptr);
  EXPECT_NE(s.FindPrincipal("acs:ram::1000000000000001:root"), nullptr);

  uint32_t ws = s.FindWorkspace("7");
  ASSERT_NE(ws, kNone);
  EXPECT_EQ(s.FindWorkspace("8"), kNone);
  auto roles = [&](const char* name) {
    std::vector<std::string> out;
    for (uint32_t r : s.MemberRoleSets(ws, s.PrincipalIndex(*principal(name)))) {
      out.push_back(s.role_set(r).name);
    }
    return out;
  };
  EXPECT_EQ(roles("a"), std::vector<std::string>{"PAI.WorkspaceOwner"});
  EXPECT_EQ(roles("b"), (std::vector<std::string>{"PAI.AlgoDeveloper", "PAI.LabelManager", "r1"}))
      << "three roles spill out of the inline membership";
  EXPECT_EQ(roles("c"), std::vector<std::string>{"PAI.WorkspaceGuest"});
  EXPECT_TRUE(roles("d").empty());

  // The check path's hash table answers as the per-principal lists do, members or not.
  for (uint32_t p = 0; p < stats.principals; ++p) {
    for (uint32_t w : {ws, ws + 1}) {
      std::span<const uint32_t> listed = s.MemberRoleSets(w < stats.workspaces ? w : ws, p);
      std::span<const uint32_t> hashed = s.FindMemberRoleSets(w, p);
      if (w >= stats.workspaces) {
        EXPECT_TRUE(hashed.empty()) << "no such workspace";
        continue;
      }
      EXPECT_EQ(std::vector<uint32_t>(hashed.begin(), hashed.end()),
                std::vector<uint32_t>(listed.begin(), listed.end()))
          << s.principal_info(s.principal(p)).arn;
    }
    // The entry's workspace filter never says "not a member" of a workspace it belongs to.
    for (uint32_t w = 0; w < stats.workspaces; ++w) {
      if (!s.MemberRoleSets(w, p).empty()) {
        EXPECT_TRUE(s.principal(p).MayBeMemberOf(w)) << s.principal_info(s.principal(p)).arn;
      }
    }
  }
}

// Members with one, two and many roles, and a membership with no role at all.
TEST(SnapshotTest, MemberHashTableKeepsEveryRoleCount) {
  auto snapshot = testing::SnapshotFromJson(R"({
    "accounts": [{"id": "1000000000000001", "users": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}],
    "workspaces": [{"id": "7", "account": "1000000000000001", "region": "cn-hangzhou",
      "name": "seven", "creator": "acs:ram::1000000000000001:user/a",
      "members": [
        {"principal": "acs:ram::1000000000000001:user/b",
         "roles": ["PAI.AlgoDeveloper", "PAI.LabelManager"]},
        {"principal": "acs:ram::1000000000000001:user/c",
         "roles": ["PAI.AlgoDeveloper", "PAI.LabelManager", "PAI.AlgoOperator",
                   "PAI.WorkspaceGuest"]}]}]})");
  ASSERT_NE(snapshot, nullptr);
  const Snapshot& s = *snapshot;
  uint32_t ws = s.FindWorkspace("7");
  ASSERT_NE(ws, kNone);
  for (const char* name : {"a", "b", "c"}) {
    uint32_t p = s.PrincipalIndex(*s.FindPrincipal(testing::UserArn(name)));
    std::span<const uint32_t> listed = s.MemberRoleSets(ws, p);
    std::span<const uint32_t> hashed = s.FindMemberRoleSets(ws, p);
    EXPECT_EQ(std::vector<uint32_t>(hashed.begin(), hashed.end()),
              std::vector<uint32_t>(listed.begin(), listed.end()))
        << name;
  }
  uint32_t c = s.PrincipalIndex(*s.FindPrincipal(testing::UserArn("c")));
  EXPECT_EQ(s.FindMemberRoleSets(ws, c).size(), 4u);
  uint32_t b = s.PrincipalIndex(*s.FindPrincipal(testing::UserArn("b")));
  EXPECT_EQ(s.FindMemberRoleSets(ws, b).size(), 2u);
}

TEST(SnapshotTest, ActionFilterSkipsOnlySetsThatCannotMatch) {
  auto snapshot = testing::SnapshotFromJson(kState);
  ASSERT_NE(snapshot, nullptr);
  const Snapshot& s = *snapshot;
  const internal::ActionFilter& filter = s.action_filter();
  uint32_t guest = kNone, developer = kNone;
  for (uint32_t r = 0; r < s.stats().role_sets; ++r) {
    if (s.role_set(r).name == "PAI.WorkspaceGuest") guest = r;
    if (s.role_set(r).name == "PAI.AlgoDeveloper") developer = r;
    EXPECT_FALSE(s.role_set(r).can_deny);
  }
  ASSERT_NE(guest, kNone);
  internal::ActionFilter::Hits del = filter.Lookup("PAIDATASET:deletedataset");
  EXPECT_TRUE(del.known);
  EXPECT_FALSE(filter.MayMatch(guest, del)) << "visitors are never granted deletes";
  EXPECT_TRUE(filter.MayMatch(developer, del));
  EXPECT_FALSE(filter.MayMatch(s.default_allow_filter_id(), del));
  internal::ActionFilter::Hits products = filter.Lookup("pai:ListProducts");
  EXPECT_TRUE(filter.MayMatch(s.default_allow_filter_id(), products));
  internal::ActionFilter::Hits unknown = filter.Lookup("oss:GetObject");
  EXPECT_TRUE(unknown.known);
  EXPECT_FALSE(filter.MayMatch(developer, unknown));
  internal::ActionFilter::Hits too_long = filter.Lookup(std::string(300, 'x'));
  EXPECT_FALSE(too_long.known);
  EXPECT_TRUE(filter.MayMatch(guest, too_long)) << "unfoldable actions filter nothing";
}

TEST(SnapshotTest, ActionFilterNeverFiltersWildcardSets) {
  policy::ParseResult parsed = policy::ParsePolicy(
      R"({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "pai*:Get*", "Resource": "*"}]})");
  ASSERT_TRUE(parsed.ok());
  policy::CompiledPolicySet wildcard({policy::Policy{"W", "v1", *parsed.document}});
  internal::ActionFilter filter;
  filter.Build({&wildcard});
  EXPECT_TRUE(filter.MayMatch(0, filter.Lookup("paidataset:GetDataset")));
  EXPECT_TRUE(filter.MayMatch(0, filter.Lookup("oss:GetObject")));
}

TEST(SnapshotTest, FlatIndexFindsInlineAndLongKeys) {
  std::vector<std::string> keys;
  for (int i = 0; i < 1000; ++i) keys.push_back("key-" + std::to_string(i));
  keys.push_back(std::string(200, 'k'));  // longer than a slot holds inline
  std::vector<std::string_view> views(keys.begin(), keys.end());
  internal::FlatIndex index;
  index.Build(views);
  for (uint32_t i = 0; i < keys.size(); ++i) EXPECT_EQ(index.Find(keys[i]), i);
  EXPECT_EQ(index.Find("key-1000"), internal::FlatIndex::kMissing);
  EXPECT_EQ(index.Find(std::string(199, 'k')), internal::FlatIndex::kMissing);
  EXPECT_EQ(index.Find(""), internal::FlatIndex::kMissing);
  internal::FlatIndex empty;
  EXPECT_EQ(empty.Find("x"), internal::FlatIndex::kMissing);
}

}  // namespace
}  // namespace paiam::authz
