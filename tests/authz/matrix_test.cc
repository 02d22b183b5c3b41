// The role matrix through the full Authorizer: for every catalog row, every built-in role and
// every creator/visibility class, a member holding only that role gets exactly what
// data/catalog/role_grants.csv says; and every custom-role module at every level grants exactly
// catalog::LevelGrant on the module's rows. Default-allow rows are allowed for every role.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "authz/authorizer.h"
#include "authz/resource_scope.h"
#include "authz_test_state.h"
#include "workspace/role_policy.h"

namespace paiam::authz {
namespace {

using catalog::AssetClass;
using policy::Decision;
using testing::ClassContext;
using testing::UserArn;

constexpr char kAcct[] = "1000000000000001";
constexpr char kWs[] = "1001";

std::string UserFor(size_t i) { return "member" + std::to_string(i); }

// One workspace; users member0.. each holding one built-in role (the Owner is the creator),
// then one custom role per (module, level).
nlohmann::json MatrixState(const catalog::Catalog& catalog,
                           const std::vector<catalog::PermissionLevel>& levels) {
  using nlohmann::json;
  json users = json::array(), members = json::array(), custom = json::array();
  const size_t roles = catalog.roles().size();
  const size_t customs = catalog.custom_role_modules().size() * levels.size();
  std::string owner;
  for (size_t i = 0; i < roles + customs; ++i) users.push_back({{"name", UserFor(i)}});
  users.push_back({{"name", "nonmember"}});
  for (size_t i = 0; i < roles; ++i) {
    const catalog::Role& role = catalog.roles()[i];
    if (role.api_name == "PAI.WorkspaceOwner") {
      owner = UserArn(UserFor(i), kAcct);
      continue;
    }
    members.push_back({{"principal", UserArn(UserFor(i), kAcct)}, {"roles", {role.api_name}}});
  }
  size_t i = roles;
  for (const catalog::CustomRoleModule& module : catalog.custom_role_modules()) {
    for (catalog::PermissionLevel level : levels) {
      std::string id = "custom-" + std::to_string(i);
      custom.push_back(
          {{"id", id},
           {"name", "Custom" + std::to_string(i)},
           {"modules",
            {{{"module", module.name}, {"level", catalog::PermissionLevelName(level)}}}}});
      members.push_back({{"principal", UserArn(UserFor(i), kAcct)}, {"roles", {id}}});
      ++i;
    }
  }
  return {{"limits", {{"users_per_account", 1000}}},
          {"accounts", {{{"id", kAcct}, {"users", users}}}},
          {"workspaces",
           {{{"id", kWs},
             {"account", kAcct},
             {"region", "cn-hangzhou"},
             {"name", "matrix"},
             {"creator", owner},
             {"custom_roles", custom},
             {"members", members}}}}};
}

class MatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    snapshot_ = testing::SnapshotFromJson(MatrixState(catalog(), kLevels).dump());
    ASSERT_NE(snapshot_, nullptr);
    authz_ = std::make_unique<Authorizer>(snapshot_);
  }

  static const catalog::Catalog& catalog() { return catalog::Catalog::BuiltIn(); }

  Decision Decide(const std::string& user, const catalog::Action& a, AssetClass c) {
    std::string resource = workspace::AssetArn(a, "cn-hangzhou", kAcct, kWs);
    ClassContext context(c);
    return authz_->Check(UserArn(user, kAcct), a.policy_action, resource, context.view());
  }

  static bool InWorkspace(const catalog::Action& a) {
    return FindWorkspaceScope(workspace::AssetArn(a, "cn-hangzhou", kAcct, kWs)).workspace == kWs;
  }

  const std::vector<catalog::PermissionLevel> kLevels = {
      catalog::PermissionLevel::kNoPrivilege, catalog::PermissionLevel::kReadOnly,
      catalog::PermissionLevel::kReadWrite, catalog::PermissionLevel::kFullAccess};
  std::shared_ptr<const Snapshot> snapshot_;
  std::unique_ptr<Authorizer> authz_;
};

TEST_F(MatrixTest, EveryRowRoleAndClassEqualsTheGrantData) {
  size_t checked = 0, allowed = 0;
  for (const catalog::Action& a : catalog().actions()) {
    for (size_t r = 0; r < catalog().roles().size(); ++r) {
      const catalog::Role& role = catalog().roles()[r];
      catalog::ClassMask granted = catalog().Allowed(role, a);
      for (AssetClass c : catalog::kAllClasses) {
        bool expect = a.default_allow || (InWorkspace(a) && catalog::Contains(granted, c));
        Decision d = Decide(UserFor(r), a, c);
        ASSERT_EQ(d == Decision::kAllow, expect)
            << a.id << " role " << role.api_name << " class " << catalog::ClassName(c) << ": "
            << policy::DecisionName(d);
        EXPECT_NE(d, Decision::kExplicitDeny);
        ++checked;
        allowed += expect;
      }
    }
  }
  EXPECT_EQ(checked, catalog().actions().size() * catalog().roles().size() * 4);
  EXPECT_GT(allowed, catalog().cell_count());  // every cell, ANY counted 4x, plus default-allow
}

TEST_F(MatrixTest, EveryCustomModuleLevelGrantsItsLevel) {
  size_t user = catalog().roles().size();
  for (const catalog::CustomRoleModule& module : catalog().custom_role_modules()) {
    std::vector<bool> in_module(catalog().actions().size(), false);
    for (uint32_t index : module.actions) in_module[index] = true;
    for (catalog::PermissionLevel level : kLevels) {
      for (const catalog::Action& a : catalog().actions()) {
        catalog::ClassMask granted =
            in_module[a.index] ? catalog::LevelGrant(level, a.kind) : catalog::kNoClass;
        for (AssetClass c : catalog::kAllClasses) {
          bool expect = a.default_allow || (InWorkspace(a) && catalog::Contains(granted, c));
          ASSERT_EQ(Decide(UserFor(user), a, c) == Decision::kAllow, expect)
              << module.name << " " << catalog::PermissionLevelName(level) << " " << a.id << " "
              << catalog::ClassName(c);
        }
      }
      ++user;
    }
  }
}

TEST_F(MatrixTest, NonMembersGetOnlyDefaultAllow) {
  for (const catalog::Action& a : catalog().actions()) {
    for (AssetClass c : catalog::kAllClasses) {
      EXPECT_EQ(Decide("nonmember", a, c) == Decision::kAllow, a.default_allow) << a.id;
      EXPECT_EQ(Decide("stranger", a, c), Decision::kImplicitDeny) << "unknown principal";
    }
  }
}

}  // namespace
}  // namespace paiam::authz
