// Explain agrees with Check: on many requests, the statements Explain marks as matched with the
// deciding effect are exactly the statements Check names, and every unmatched statement says
// why.
#include "authz/explain.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "authz/authorizer.h"
#include "authz_test_state.h"

namespace paiam::authz {
namespace {

using policy::Decision;

TEST(ExplainTest, MatchedStatementsAreTheDecidingOnes) {
  auto snapshot = testing::ExampleSnapshot();
  ASSERT_NE(snapshot, nullptr);
  Authorizer authz(snapshot);
  const std::vector<std::string> users = {"olivia", "adam",     "dev1",  "visitor",
                                          "reader", "platform", "keeper"};
  const std::vector<std::string> resources = {
      testing::DatasetArn("ds-public"), testing::DatasetArn("ds-archive", "1002", "cn-shanghai"),
      "acs:paidataset:cn-hangzhou:2000000000000002:workspace/1001/dataset/x", "*",
      "acs:log:cn-hangzhou:1000000000000001:project/p"};
  size_t checked = 0;
  for (const std::string& user : users) {
    for (const catalog::Action& a : snapshot->catalog().actions()) {
      if (a.ram_code != "paidataset" && !a.default_allow) continue;
      for (const std::string& resource : resources) {
        for (catalog::AssetClass c : catalog::kAllClasses) {
          testing::ClassContext context(c);
          ExplainReport report =
              Explain(authz, testing::UserArn(user), a.policy_action, resource, context.view());
          Decision decision =
              authz.Check(testing::UserArn(user), a.policy_action, resource, context.view());
          ASSERT_EQ(report.decision, decision);
          std::vector<std::tuple<std::string, std::string, uint32_t>> matched, deciding;
          for (const PolicyTrace& p : report.policies) {
            for (const StatementTrace& t : p.statements) {
              EXPECT_EQ(t.matched, t.reasons.empty());
              bool decides = decision == Decision::kExplicitDeny ? t.effect == policy::Effect::kDeny
                                                                 : decision == Decision::kAllow;
              if (t.matched && decides) matched.emplace_back(p.policy, p.role, t.index);
            }
          }
          for (const StatementInfo& s : report.deciding) {
            deciding.emplace_back(std::string(s.policy), std::string(s.role), s.index);
          }
          std::sort(matched.begin(), matched.end());
          std::sort(deciding.begin(), deciding.end());
          ASSERT_EQ(matched, deciding) << user << " " << a.id << " " << resource << "\n"
                                       << FormatExplainReport(report);
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 1000u);
}

TEST(ExplainTest, NotesSayHowPoliciesWereGathered) {
  auto snapshot = testing::ExampleSnapshot();
  ASSERT_NE(snapshot, nullptr);
  Authorizer authz(snapshot);
  auto text = [&](const std::string& principal, const std::string& resource) {
    return FormatExplainReport(Explain(authz, principal, "paidataset:GetDataset", resource, {}));
  };
  EXPECT_NE(text(testing::UserArn("dev1"), "*").find("in no workspace"), std::string::npos);
  EXPECT_NE(text(testing::UserArn("dev1"), testing::DatasetArn("d", "4242")).find("does not exist"),
            std::string::npos);
  EXPECT_NE(text(testing::UserArn("dev1"),
                 "acs:paidataset:cn-hangzhou:2000000000000002:workspace/1001/dataset/d")
                .find("belongs to account 1000000000000001"),
            std::string::npos);
  EXPECT_NE(text(testing::UserArn("ghost"), "*").find("unknown principal"), std::string::npos);
  std::string root = text("acs:ram::1000000000000001:root", testing::DatasetArn("d"));
  EXPECT_NE(root.find("root may do anything"), std::string::npos);
  std::string other_root = text("acs:ram::2000000000000002:root", testing::DatasetArn("d"));
  EXPECT_NE(other_root.find("root rule does not apply"), std::string::npos);
}

}  // namespace
}  // namespace paiam::authz
