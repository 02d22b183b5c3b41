// Scenarios from the seeds (002 role matrix, 004 workspaces) decided by the full Authorizer on
// examples/state.json: who may view, delete, list and create what, and which statement decided.
#include <gtest/gtest.h>

#include "identity/arn.h"

#include <algorithm>
#include <string>
#include <vector>

#include "authz/authorizer.h"
#include "authz/explain.h"
#include "authz_test_state.h"
#include "workspace/workspaces.h"

namespace paiam::authz {
namespace {

using catalog::AssetClass;
using policy::Decision;
using testing::ClassContext;
using testing::DatasetArn;
using testing::UserArn;

class ScenarioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    snapshot_ = testing::ExampleSnapshot();
    ASSERT_NE(snapshot_, nullptr);
    authz_ = std::make_unique<Authorizer>(snapshot_);
  }

  const workspace::Asset& Dataset(std::string_view id, std::string_view ws = "1001") {
    const workspace::Asset* a =
        snapshot_->workspaces().FindAsset(ws, workspace::AssetType::kDataset, id);
    EXPECT_NE(a, nullptr) << id;
    return *a;
  }

  Decision OnDataset(std::string_view user, std::string_view action, std::string_view id,
                     std::string_view ws = "1001", Explanation* out = nullptr) {
    return authz_->CheckAsset(UserArn(user), action, Dataset(id, ws), out);
  }

  std::vector<std::string> Listed(std::string_view user, std::string_view action) {
    auto listing =
        authz_->ListAllowed(UserArn(user), "1001", workspace::AssetType::kDataset, action);
    EXPECT_TRUE(listing.ok());
    std::vector<std::string> ids;
    for (const AssetRef& a : listing->assets) ids.emplace_back(a.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::shared_ptr<const Snapshot> snapshot_;
  std::unique_ptr<Authorizer> authz_;
};

TEST_F(ScenarioTest, VisitorViewsButCannotDeleteAPublicDataset) {
  EXPECT_EQ(OnDataset("visitor", "paidataset:GetDataset", "ds-public"), Decision::kAllow);
  EXPECT_EQ(OnDataset("visitor", "paidataset:DeleteDataset", "ds-public"), Decision::kImplicitDeny);
  EXPECT_EQ(OnDataset("visitor", "paidataset:GetDataset", "ds-dev1-private"),
            Decision::kImplicitDeny);
}

TEST_F(ScenarioTest, DeveloperDeletesOwnPrivateDatasetsOnly) {
  EXPECT_EQ(OnDataset("dev1", "paidataset:DeleteDataset", "ds-dev1-private"), Decision::kAllow);
  EXPECT_EQ(OnDataset("dev1", "paidataset:DeleteDataset", "ds-dev2-private"),
            Decision::kImplicitDeny);
  EXPECT_EQ(OnDataset("dev1", "paidataset:DeleteDataset", "ds-dev2-public"),
            Decision::kImplicitDeny);
  EXPECT_EQ(OnDataset("dev1", "paidataset:DeleteDataset", "ds-public"), Decision::kImplicitDeny)
      << "own but public: the matrix grants deletes on own private assets only";
}

TEST_F(ScenarioTest, OnlyAdministratorsListAll) {
  const std::vector<std::string> all = {"ds-dev1-private", "ds-dev2-private", "ds-dev2-public",
                                        "ds-public"};
  for (const char* admin : {"adam", "olivia"}) {
    EXPECT_EQ(Listed(admin, "paidataset:ListDatasets"), all) << admin;
    EXPECT_EQ(Listed(admin, "paidataset:ListAllDatasets"), all) << admin;
  }
  for (const char* user : {"dev1", "dev2", "ops", "labeler", "visitor", "mcdev", "reader"}) {
    EXPECT_LT(Listed(user, "paidataset:ListDatasets").size(), all.size()) << user;
    EXPECT_LT(Listed(user, "paidataset:ListAllDatasets").size(), all.size()) << user;
  }
  for (const char* user : {"dev1", "dev2", "ops", "labeler", "visitor", "mcdev"}) {
    EXPECT_TRUE(Listed(user, "paidataset:ListAllDatasets").empty())
        << user << ": the matrix grants ListAllDatasets to administrators only";
  }
  EXPECT_EQ(Listed("dev2", "paidataset:ListDatasets"),
            (std::vector<std::string>{"ds-dev2-private", "ds-dev2-public", "ds-public"}));
}

TEST_F(ScenarioTest, PaiFullAccessCreatesWorkspacesWithoutMembership) {
  std::string resource =
      "acs:paiworkspace:cn-hangzhou:" + std::string(testing::kAccount) + ":workspace/*";
  Explanation why;
  EXPECT_EQ(authz_->Check(UserArn("platform"), "paiworkspace:CreateWorkspace", resource, {}, &why),
            Decision::kAllow);
  ASSERT_EQ(why.statements.size(), 1u);
  StatementInfo info = authz_->Describe(why.statements[0]);
  EXPECT_EQ(info.policy, "AliyunPAIFullAccess");
  EXPECT_EQ(info.source, "user");
  EXPECT_EQ(authz_->Check(UserArn("dev1"), "paiworkspace:CreateWorkspace", resource, {}),
            Decision::kImplicitDeny)
      << "a workspace role grants nothing outside its workspace";
  // Not a member of 1001, yet PAI full access reaches every asset in it.
  EXPECT_EQ(OnDataset("platform", "paidataset:DeleteDataset", "ds-dev1-private"), Decision::kAllow);
}

// System policies are shared by every account (acs:ram:*:system:policy/<name>): the root reads
// and attaches them, while other accounts' custom policies stay out of reach. (Regression: the
// root was denied ram:ListEntitiesForPolicy on a system policy.)
TEST_F(ScenarioTest, SystemPolicyArnsCountAsInsideEveryAccount) {
  std::string root = identity::RootArn(testing::kAccount);
  EXPECT_EQ(authz_->Check(root, "ram:ListEntitiesForPolicy",
                          "acs:ram:*:system:policy/AliyunPAIFullAccess", {}),
            Decision::kAllow);
  EXPECT_EQ(authz_->Check(root, "ram:GetPolicy", "acs:ram:*:9999999999999999:policy/Theirs", {}),
            Decision::kImplicitDeny);
  EXPECT_EQ(authz_->Check(UserArn("dev1"), "ram:GetPolicy",
                          "acs:ram:*:system:policy/AliyunPAIFullAccess", {}),
            Decision::kImplicitDeny)
      << "shared does not mean granted: a user still needs a policy";
}

TEST_F(ScenarioTest, DenyBeatsPaiFullAccessAndOwner) {
  Explanation why;
  EXPECT_EQ(OnDataset("keeper", "paidataset:DeleteDataset", "ds-archive", "1002", &why),
            Decision::kExplicitDeny);
  ASSERT_EQ(why.statements.size(), 1u);
  StatementInfo info = authz_->Describe(why.statements[0]);
  EXPECT_EQ(info.policy, "DenyDatasetDeletion");
  EXPECT_EQ(info.sid, "KeepDatasets");
  EXPECT_EQ(info.source, "group");
  EXPECT_EQ(info.group, "keepers");
  EXPECT_EQ(info.version, "v1");
  EXPECT_EQ(info.index, 0u);
  // Everything else the Owner and PAI full access allow stays allowed.
  EXPECT_EQ(OnDataset("keeper", "paidataset:UpdateDataset", "ds-archive", "1002"),
            Decision::kAllow);
}

TEST_F(ScenarioTest, RoleStatementsNameWorkspaceAndRole) {
  Explanation why;
  EXPECT_EQ(OnDataset("dev1", "paidataset:DeleteDataset", "ds-dev1-private", "1001", &why),
            Decision::kAllow);
  ASSERT_EQ(why.statements.size(), 1u);
  StatementInfo info = authz_->Describe(why.statements[0]);
  EXPECT_EQ(info.source, "workspace-role");
  EXPECT_EQ(info.workspace, "1001");
  EXPECT_EQ(info.role, "PAI.AlgoDeveloper");
  EXPECT_EQ(info.policy, "PaiWorkspaceRole-AlgoDeveloper");
  EXPECT_EQ(info.sid, "AlgoDeveloperPrivateCreator");
}

TEST_F(ScenarioTest, RootMayDoAnythingInItsAccountOnly) {
  std::string root = "acs:ram::" + std::string(testing::kAccount) + ":root";
  std::string other_root = "acs:ram::" + std::string(testing::kOtherAccount) + ":root";
  Explanation why;
  EXPECT_EQ(authz_->Check(root, "paidataset:DeleteDataset", DatasetArn("ds-public"), {}, &why),
            Decision::kAllow);
  EXPECT_TRUE(why.by_root);
  EXPECT_EQ(authz_->Check(root, "ram:DeleteUser", "*", {}), Decision::kAllow);
  EXPECT_EQ(authz_->Check(other_root, "paidataset:DeleteDataset", DatasetArn("ds-public"), {}),
            Decision::kImplicitDeny);
}

// RAM identities act inside their own account: another account's AliyunPAIFullAccess
// (`Resource: "*"`) does not reach this account's assets.
TEST_F(ScenarioTest, IdentityPoliciesDoNotCrossAccounts) {
  std::string outsider = UserArn("outsider", testing::kOtherAccount);
  EXPECT_EQ(authz_->Check(outsider, "paidataset:DeleteDataset", DatasetArn("ds-public"), {}),
            Decision::kImplicitDeny);
  EXPECT_EQ(authz_->CheckAsset(outsider, "paidataset:GetDataset", Dataset("ds-public")),
            Decision::kImplicitDeny);
  // ... while inside its own account the same policy allows, as does an account-less ARN.
  std::string own = "acs:paidataset:cn-hangzhou:" + std::string(testing::kOtherAccount) +
                    ":workspace/9/dataset/d";
  EXPECT_EQ(authz_->Check(outsider, "paidataset:DeleteDataset", own, {}), Decision::kAllow);
  EXPECT_EQ(authz_->Check(outsider, "paidataset:DeleteDataset", "*", {}), Decision::kAllow);
}

TEST_F(ScenarioTest, CreateChecksRequestedAccessibilityAsCreator) {
  using workspace::Accessibility;
  using workspace::AssetType;
  EXPECT_EQ(
      authz_->CheckCreate(UserArn("dev1"), "paidataset:CreateDataset", "1001", AssetType::kDataset),
      Decision::kAllow);
  EXPECT_EQ(authz_->CheckCreate(UserArn("visitor"), "paidataset:CreateDataset", "1001",
                                AssetType::kDataset),
            Decision::kImplicitDeny);
  EXPECT_EQ(authz_->CheckCreate(UserArn("labeler"), "paidataset:CreateDataset", "1001",
                                AssetType::kDataset, {}, Accessibility::kPublic),
            Decision::kImplicitDeny)
      << "the labeling administrator creates private datasets only";
  EXPECT_EQ(authz_->CheckCreate(UserArn("dev1"), "paidataset:CreateDataset", "no-such-ws",
                                AssetType::kDataset),
            Decision::kImplicitDeny);
}

TEST_F(ScenarioTest, ChildAssetsCarryTheirParentInTheArn) {
  const workspace::Asset* version =
      snapshot_->workspaces().FindAsset("1001", workspace::AssetType::kModelVersion, "v1", "m-1");
  ASSERT_NE(version, nullptr);
  EXPECT_EQ(authz_->CheckAsset(UserArn("dev1"), "paimodel:GetModelVersion", *version),
            Decision::kAllow);
  EXPECT_EQ(authz_->CheckAsset(UserArn("dev2"), "paimodel:GetModelVersion", *version),
            Decision::kImplicitDeny);
}

TEST_F(ScenarioTest, DefaultAllowActionsForEveryoneUnlessDenied) {
  const catalog::Catalog& catalog = snapshot_->catalog();
  ASSERT_FALSE(catalog.default_allow_actions().empty());
  for (const catalog::Action* a : catalog.default_allow_actions()) {
    std::string resource = workspace::AssetArn(*a, "cn-hangzhou", testing::kAccount, "1001");
    for (const char* user : {"visitor", "platform", "olivia"}) {
      EXPECT_EQ(authz_->Check(UserArn(user), a->policy_action, resource, {}), Decision::kAllow)
          << user << " " << a->id << " on " << resource;
    }
    EXPECT_EQ(authz_->Check(UserArn("nobody"), a->policy_action, resource, {}),
              Decision::kImplicitDeny)
        << "an unknown caller is no one's 'everyone'";
  }
}

TEST(DefaultAllowDenyTest, AnExplicitDenyOverridesDefaultAllow) {
  auto snapshot = testing::SnapshotFromJson(R"({
    "accounts": [{"id": "1000000000000001",
      "policies": [{"name": "NoPricing", "document": {"Version": "1", "Statement": [
        {"Effect": "Deny", "Action": "pai:GetPayAsYouGoPrice", "Resource": "*"}]}}],
      "users": [{"name": "frugal", "policies": ["NoPricing"]}, {"name": "free"}]}]})");
  ASSERT_NE(snapshot, nullptr);
  Authorizer authz(snapshot);
  Explanation why;
  EXPECT_EQ(authz.Check(UserArn("frugal"), "pai:GetPayAsYouGoPrice", "*", {}, &why),
            Decision::kExplicitDeny);
  ASSERT_EQ(why.statements.size(), 1u);
  EXPECT_EQ(authz.Describe(why.statements[0]).policy, "NoPricing");
  EXPECT_EQ(authz.Check(UserArn("free"), "pai:GetPayAsYouGoPrice", "*", {}, &why),
            Decision::kAllow);
  ASSERT_EQ(why.statements.size(), 1u);
  EXPECT_EQ(authz.Describe(why.statements[0]).source, "default-allow");
}

// Seed 004: "denied by sts or ram, action: log:ListProject, resource: acs:log....".
TEST_F(ScenarioTest, SlsForwardingDeniedWithoutLogActions) {
  workspace::Workspaces workspaces = snapshot_->workspaces();  // a writer's copy
  workspace::SlsForwardingSpec spec{"nlp-logs", "dsw-store", {"DSW"}};
  auto probe_as = [this](std::string user) {
    return [this, arn = UserArn(user)](std::string_view action, std::string_view resource) {
      return authz_->Check(arn, action, resource, {}) == Decision::kAllow;
    };
  };
  Status denied = workspaces.EnableSlsForwarding("1001", spec, probe_as("dev1"));
  EXPECT_EQ(denied.rule(), "workspace.sls-forwarding-denied");
  EXPECT_EQ(denied.message(),
            "denied by sts or ram, action: log:ListProject, resource: acs:log:cn-hangzhou:" +
                std::string(testing::kAccount) + ":project/nlp-logs");
  Status allowed = workspaces.EnableSlsForwarding("1001", spec, probe_as("adam"));
  EXPECT_TRUE(allowed.ok()) << allowed.ToString();
}

TEST_F(ScenarioTest, RoleSessionsActAsTheirRole) {
  auto snapshot = testing::SnapshotFromJson(R"({
    "accounts": [{"id": "1000000000000001",
      "roles": [{"name": "trainer", "trust_policy": {"Version": "1", "Statement": [
          {"Effect": "Allow", "Action": "sts:AssumeRole",
           "Principal": {"RAM": ["acs:ram::1000000000000001:root"]}}]},
        "policies": ["AliyunPAIFullAccess"]}]}]})");
  ASSERT_NE(snapshot, nullptr);
  Authorizer authz(snapshot);
  Explanation why;
  for (const char* arn : {"acs:ram::1000000000000001:role/trainer",
                          "acs:ram::1000000000000001:assumed-role/trainer/session-1"}) {
    EXPECT_EQ(authz.Check(arn, "paidlc:CreateJob", "*", {}, &why), Decision::kAllow) << arn;
    ASSERT_EQ(why.statements.size(), 1u);
    EXPECT_EQ(authz.Describe(why.statements[0]).source, "ram-role");
  }
  EXPECT_EQ(authz.Check("acs:ram::1000000000000001:role/other", "paidlc:CreateJob", "*", {}),
            Decision::kImplicitDeny);
}

TEST_F(ScenarioTest, CustomRoleGrantsItsModuleLevels) {
  EXPECT_EQ(OnDataset("reader", "paidataset:GetDataset", "ds-public"), Decision::kAllow);
  EXPECT_EQ(OnDataset("reader", "paidataset:UpdateDataset", "ds-public"), Decision::kImplicitDeny);
  Explanation why;
  OnDataset("reader", "paidataset:GetDataset", "ds-public", "1001", &why);
  ASSERT_FALSE(why.statements.empty());
  EXPECT_EQ(authz_->Describe(why.statements[0]).role, "dataset-readers");
}

TEST_F(ScenarioTest, ExplainSaysWhyEachStatementFailed) {
  std::string resource = DatasetArn("ds-dev2-private");
  ClassContext context(AssetClass::kPrivateOthers);
  ExplainReport report =
      Explain(*authz_, UserArn("dev1"), "paidataset:DeleteDataset", resource, context.view());
  EXPECT_EQ(report.decision, Decision::kImplicitDeny);
  bool saw_condition = false;
  for (const PolicyTrace& p : report.policies) {
    for (const StatementTrace& t : p.statements) {
      EXPECT_FALSE(t.matched);
      for (const std::string& r : t.reasons) {
        if (r.find("pai:EntityAccessType") != std::string::npos &&
            r.find("\"OTHERS\"") != std::string::npos) {
          saw_condition = true;
        }
      }
    }
  }
  EXPECT_TRUE(saw_condition) << FormatExplainReport(report);
  ExplainReport outside = Explain(*authz_, UserArn("dev1"), "paidataset:GetDataset",
                                  DatasetArn("x", "1002", "cn-shanghai"), context.view());
  EXPECT_NE(FormatExplainReport(outside).find("not a member of workspace 1002"), std::string::npos);
}

}  // namespace
}  // namespace paiam::authz
