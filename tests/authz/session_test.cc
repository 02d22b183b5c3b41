// A role session's policy (STS AssumeRole's Policy) narrows what the principal's identity
// policies and workspace roles allow; its Deny is final; the catalog's default-allow actions
// stay allowed unless denied. The session set is given to Check/CheckAsset/CheckCreate.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "authz/authorizer.h"
#include "authz_test_state.h"
#include "policy/parser.h"

namespace paiam::authz {
namespace {

using policy::Decision;

policy::CompiledPolicySet Session(const std::string& json) {
  policy::ParseResult parsed = policy::ParsePolicy(json);
  EXPECT_TRUE(parsed.ok()) << json;
  std::vector<policy::Policy> policies;
  policies.push_back({"session", "v1", *parsed.document});
  return policy::CompiledPolicySet(std::move(policies));
}

std::string Statement(const std::string& effect, const std::string& action) {
  return R"({"Version":"1","Statement":[{"Effect":")" + effect + R"(","Action":")" + action +
         R"(","Resource":"*"}]})";
}

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    snapshot_ = testing::ExampleSnapshot();
    ASSERT_NE(snapshot_, nullptr);
    authz_ = std::make_unique<Authorizer>(snapshot_);
  }

  Decision GetPublicDataset(const policy::CompiledPolicySet* session,
                            Explanation* out = nullptr) {
    testing::ClassContext context(catalog::AssetClass::kPublicOthers);
    return authz_->Check(testing::UserArn("dev1"), "paidataset:GetDataset",
                         testing::DatasetArn("ds-public"), context.view(), out, session);
  }

  std::shared_ptr<const Snapshot> snapshot_;
  std::unique_ptr<Authorizer> authz_;
};

TEST_F(SessionTest, WithoutSessionTheWorkspaceRoleAllows) {
  EXPECT_EQ(GetPublicDataset(nullptr), Decision::kAllow);
}

TEST_F(SessionTest, SessionThatDoesNotListTheActionTakesTheAllowAway) {
  auto session = Session(Statement("Allow", "paidataset:ListDatasets"));
  Explanation out;
  EXPECT_EQ(GetPublicDataset(&session, &out), Decision::kImplicitDeny);
  EXPECT_EQ(out.decision, Decision::kImplicitDeny);
  EXPECT_TRUE(out.statements.empty());
}

TEST_F(SessionTest, BothAllowingAllowsAndBothAreNamed) {
  auto session = Session(Statement("Allow", "paidataset:*"));
  Explanation out;
  EXPECT_EQ(GetPublicDataset(&session, &out), Decision::kAllow);
  bool role = false, from_session = false;
  for (const DecidingStatement& d : out.statements) {
    role |= d.source == Source::kWorkspaceRole;
    from_session |= d.source == Source::kSession;
  }
  EXPECT_TRUE(role);
  EXPECT_TRUE(from_session);
  EXPECT_EQ(authz_->Describe(out.statements.back()).source, "session");
}

TEST_F(SessionTest, SessionAloneGrantsNothing) {
  // The session allows everything, but the visitor's role does not allow deleting others'
  // private datasets: the intersection is empty.
  auto session = Session(Statement("Allow", "*"));
  testing::ClassContext context(catalog::AssetClass::kPrivateOthers);
  EXPECT_EQ(authz_->Check(testing::UserArn("visitor"), "paidataset:DeleteDataset",
                          testing::DatasetArn("ds-dev2-private"), context.view(), nullptr,
                          &session),
            Decision::kImplicitDeny);
}

TEST_F(SessionTest, SessionDenyIsFinal) {
  auto session = Session(R"({"Version":"1","Statement":[
      {"Effect":"Allow","Action":"*","Resource":"*"},
      {"Effect":"Deny","Action":"paidataset:GetDataset","Resource":"*"}]})");
  Explanation out;
  EXPECT_EQ(GetPublicDataset(&session, &out), Decision::kExplicitDeny);
  ASSERT_FALSE(out.statements.empty());
  for (const DecidingStatement& d : out.statements) EXPECT_EQ(d.source, Source::kSession);
  EXPECT_EQ(GetPublicDataset(&session), Decision::kExplicitDeny);
}

TEST_F(SessionTest, DefaultAllowActionsStayAllowedUnlessTheSessionDenies) {
  const catalog::Action* open = nullptr;
  for (const catalog::Action& a : snapshot_->catalog().actions()) {
    if (a.default_allow) {
      open = &a;
      break;
    }
  }
  ASSERT_NE(open, nullptr);
  auto narrow = Session(Statement("Allow", "paidataset:ListDatasets"));
  EXPECT_EQ(authz_->Check(testing::UserArn("visitor"), open->policy_action, "*", {}, nullptr,
                          &narrow),
            Decision::kAllow);
  auto deny = Session(Statement("Deny", open->policy_action));
  EXPECT_EQ(authz_->Check(testing::UserArn("visitor"), open->policy_action, "*", {}, nullptr,
                          &deny),
            Decision::kExplicitDeny);
}

TEST_F(SessionTest, AssetAndCreateChecksHonourTheSession) {
  auto narrow = Session(Statement("Allow", "paidataset:ListDatasets"));
  const workspace::Asset* asset = snapshot_->workspaces().FindAsset(
      "1001", workspace::AssetType::kDataset, "ds-dev1-private");
  ASSERT_NE(asset, nullptr);
  EXPECT_EQ(authz_->CheckAsset(testing::UserArn("dev1"), "paidataset:DeleteDataset", *asset),
            Decision::kAllow);
  EXPECT_EQ(authz_->CheckAsset(testing::UserArn("dev1"), "paidataset:DeleteDataset", *asset,
                               nullptr, {}, &narrow),
            Decision::kImplicitDeny);
  EXPECT_EQ(authz_->CheckCreate(testing::UserArn("dev1"), "paidataset:CreateDataset", "1001",
                                workspace::AssetType::kDataset),
            Decision::kAllow);
  EXPECT_EQ(authz_->CheckCreate(testing::UserArn("dev1"), "paidataset:CreateDataset", "1001",
                                workspace::AssetType::kDataset, {},
                                workspace::Accessibility::kPrivate, nullptr, &narrow),
            Decision::kImplicitDeny);
}

}  // namespace
}  // namespace paiam::authz
