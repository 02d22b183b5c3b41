// The reference and compiled evaluators must agree on the decision and on the deciding
// statements of every request. A random sweep checks a million generated requests (override with
// PAIAM_DIFF_REQUESTS, seed with PAIAM_DIFF_SEED); targeted tests pin the rule itself, each run
// through both evaluators.

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "policy/condition.h"
#include "policy/evaluator.h"
#include "support/random_policy.h"

namespace paiam::policy {
namespace {

using testsupport::Answers;
using testsupport::OwnedRequest;
using testsupport::PolicyCase;

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  return std::strtoull(text, nullptr, 0);
}

TEST(DifferentialTest, ReferenceAndCompiledAgreeOnRandomRequests) {
  const uint64_t total = EnvOr("PAIAM_DIFF_REQUESTS", 1'000'000);
  const uint64_t seed = EnvOr("PAIAM_DIFF_SEED", 0x9a1a3);
  constexpr uint32_t kRequestsPerSet = 50;
  constexpr int kMaxReported = 3;

  testsupport::RandomSource random(seed);
  testsupport::RandomPolicyGenerator generator(&random);
  Answers answers;
  std::array<uint64_t, 3> decisions{};
  uint64_t checked = 0;
  int failures = 0;
  while (checked < total && failures < kMaxReported) {
    PolicyCase policies = generator.Case();
    CompiledPolicySet compiled(policies.identity, policies.session, policies.has_session);
    for (uint32_t i = 0; i < kRequestsPerSet && checked < total; ++i, ++checked) {
      OwnedRequest request = generator.Request();
      testsupport::EvaluateBoth(policies, compiled, request, &answers);
      ++decisions[static_cast<size_t>(answers.reference.decision)];
      if (answers.Agree()) continue;
      ADD_FAILURE() << "evaluators disagree (seed " << seed << ", request " << checked
                    << "); minimal reproducer:\n"
                    << testsupport::ShrinkAndDescribe(policies, request);
      if (++failures >= kMaxReported) break;
    }
  }
  RecordProperty("requests", std::to_string(checked));
  std::printf(
      "checked %llu requests: %llu Allow, %llu ExplicitDeny, %llu ImplicitDeny\n",
      static_cast<unsigned long long>(checked), static_cast<unsigned long long>(decisions[0]),
      static_cast<unsigned long long>(decisions[1]), static_cast<unsigned long long>(decisions[2]));
  // A generator that rarely matches would make the sweep worthless: every outcome must be common.
  if (checked >= 10'000) {
    for (uint64_t count : decisions) EXPECT_GT(count, checked / 20);
  }
}

// --- Targeted tests, each through both evaluators ---------------------------------------------

Statement MakeStatement(Effect effect, std::vector<std::string> actions,
                        std::vector<std::string> resources) {
  Statement s;
  s.effect = effect;
  s.actions = std::move(actions);
  s.has_resource = true;
  s.resources = std::move(resources);
  return s;
}

Statement Allow(std::vector<std::string> actions, std::vector<std::string> resources = {"*"}) {
  return MakeStatement(Effect::kAllow, std::move(actions), std::move(resources));
}

Statement Deny(std::vector<std::string> actions, std::vector<std::string> resources = {"*"}) {
  return MakeStatement(Effect::kDeny, std::move(actions), std::move(resources));
}

Statement Trust(std::vector<PrincipalEntry> principals) {
  Statement s;
  s.actions = {"sts:AssumeRole"};
  s.has_principal = true;
  s.principals = std::move(principals);
  return s;
}

Policy MakePolicy(std::vector<Statement> statements) {
  Policy p;
  p.name = "test";
  p.document.statements = std::move(statements);
  return p;
}

ConditionClause Clause(const std::string& op, const std::string& key,
                       const std::vector<std::string>& values) {
  ConditionClause clause;
  clause.op = *ParseConditionOperator(op);
  clause.key = key;
  for (const std::string& text : values) {
    std::string error;
    clause.values.push_back(*ParseConditionValue(clause.op.family, text, &error));
  }
  return clause;
}

OwnedRequest MakeRequest(std::string action, std::string resource = "acs:oss:*:123:bucket/obj") {
  OwnedRequest r;
  r.action = std::move(action);
  r.resource = std::move(resource);
  r.arn = "acs:ram::123:user/alice";
  r.account = "123";
  return r;
}

StatementRef Id(uint32_t policy, uint32_t statement) {
  return {PolicySetRole::kIdentity, policy, statement};
}
StatementRef Sess(uint32_t policy, uint32_t statement) {
  return {PolicySetRole::kSession, policy, statement};
}

class EvaluatorTest : public ::testing::Test {
 protected:
  // Evaluates with both evaluators, expects them to agree and returns the reference trace.
  DecisionTrace Check(OwnedRequest request) {
    Answers answers;
    bool agree = testsupport::EvaluatorsAgree(policies_, request, &answers);
    EXPECT_TRUE(agree) << testsupport::ShrinkAndDescribe(policies_, request);
    return answers.reference;
  }
  Decision Decide(OwnedRequest request) { return Check(std::move(request)).decision; }

  void Identity(std::vector<Statement> statements) {
    policies_.identity.push_back(MakePolicy(std::move(statements)));
  }
  void Session(std::vector<Statement> statements) {
    policies_.has_session = true;
    policies_.session.push_back(MakePolicy(std::move(statements)));
  }

  PolicyCase policies_;
};

TEST_F(EvaluatorTest, NoPoliciesIsImplicitDeny) {
  DecisionTrace trace = Check(MakeRequest("oss:GetObject"));
  EXPECT_EQ(trace.decision, Decision::kImplicitDeny);
  EXPECT_TRUE(trace.statements.empty());
}

TEST_F(EvaluatorTest, ActionsIgnoreCaseResourcesDoNot) {
  Identity({Allow({"OSS:getobject"}, {"acs:oss:*:123:bucket/*"})});
  EXPECT_EQ(Decide(MakeRequest("oss:GetObject")), Decision::kAllow);
  EXPECT_EQ(Decide(MakeRequest("Oss:GETOBJECT")), Decision::kAllow);
  EXPECT_EQ(Decide(MakeRequest("oss:GetObject", "acs:oss:*:123:Bucket/obj")),
            Decision::kImplicitDeny);
  EXPECT_EQ(Decide(MakeRequest("oss:PutObject")), Decision::kImplicitDeny);
}

TEST_F(EvaluatorTest, WildcardActionBuckets) {
  Identity({Allow({"oss:Get*"}), Allow({"*:List*"}), Allow({"o?s:Put*"})});
  EXPECT_EQ(Decide(MakeRequest("OSS:GetBucket")), Decision::kAllow);
  EXPECT_EQ(Decide(MakeRequest("ecs:ListThings")), Decision::kAllow);
  EXPECT_EQ(Decide(MakeRequest("oss:PutObject")), Decision::kAllow);
  // The ':' is literal: "pai:*" does not cover "paidataset:...".
  policies_ = {};
  Identity({Allow({"pai:*"})});
  EXPECT_EQ(Decide(MakeRequest("paidataset:ListDatasets")), Decision::kImplicitDeny);
  EXPECT_EQ(Decide(MakeRequest("PAI:ListWorkspaces")), Decision::kAllow);
}

TEST_F(EvaluatorTest, DenyWinsAndListsEveryMatchingDenySorted) {
  Identity({Allow({"oss:*"}), Deny({"oss:GetObject"})});
  Identity({Deny({"*"}, {"acs:oss:*:*:bucket/*"}), Deny({"ecs:*"})});
  Session({Deny({"oss:Get*"}), Allow({"*"})});
  DecisionTrace trace = Check(MakeRequest("oss:GetObject"));
  EXPECT_EQ(trace.decision, Decision::kExplicitDeny);
  EXPECT_EQ(trace.statements, (std::vector<StatementRef>{Id(0, 1), Id(1, 0), Sess(0, 0)}));
}

TEST_F(EvaluatorTest, AllowListsEveryMatchingAllowFromBothSets) {
  Identity({Allow({"ecs:*"}), Allow({"oss:GetObject"})});
  Identity({Allow({"*"})});
  Session({Allow({"oss:*"}), Allow({"ecs:*"})});
  DecisionTrace trace = Check(MakeRequest("oss:GetObject"));
  EXPECT_EQ(trace.decision, Decision::kAllow);
  EXPECT_EQ(trace.statements, (std::vector<StatementRef>{Id(0, 1), Id(1, 0), Sess(0, 0)}));
}

TEST_F(EvaluatorTest, SessionIntersectsIdentity) {
  Identity({Allow({"oss:*"})});
  Session({Allow({"oss:Get*", "ecs:*"})});
  EXPECT_EQ(Decide(MakeRequest("oss:GetObject")), Decision::kAllow);
  // Identity allows, session does not.
  EXPECT_EQ(Decide(MakeRequest("oss:PutObject")), Decision::kImplicitDeny);
  // Session allows, identity does not.
  DecisionTrace trace = Check(MakeRequest("ecs:DescribeInstances"));
  EXPECT_EQ(trace.decision, Decision::kImplicitDeny);
  EXPECT_TRUE(trace.statements.empty());
}

TEST_F(EvaluatorTest, EmptySessionSetAllowsNothing) {
  Identity({Allow({"*"})});
  policies_.has_session = true;
  EXPECT_EQ(Decide(MakeRequest("oss:GetObject")), Decision::kImplicitDeny);
  policies_.has_session = false;
  EXPECT_EQ(Decide(MakeRequest("oss:GetObject")), Decision::kAllow);
}

TEST_F(EvaluatorTest, SessionDenyIsExplicit) {
  Identity({Allow({"*"})});
  Session({Allow({"*"}), Deny({"oss:PutObject"})});
  DecisionTrace trace = Check(MakeRequest("oss:PutObject"));
  EXPECT_EQ(trace.decision, Decision::kExplicitDeny);
  EXPECT_EQ(trace.statements, (std::vector<StatementRef>{Sess(0, 1)}));
}

TEST_F(EvaluatorTest, NotActionAndNotResource) {
  Statement all_but_ram = Allow({"ram:*", "ims:*"});
  all_but_ram.not_action = true;
  Statement deny_outside_bucket = Deny({"oss:*"}, {"acs:oss:*:123:bucket/*"});
  deny_outside_bucket.not_resource = true;
  Identity({all_but_ram, deny_outside_bucket});
  EXPECT_EQ(Decide(MakeRequest("oss:GetObject")), Decision::kAllow);
  EXPECT_EQ(Decide(MakeRequest("RAM:CreateUser")), Decision::kImplicitDeny);
  EXPECT_EQ(Decide(MakeRequest("ecs:DescribeInstances", "acs:ecs:*:123:instance/i-1")),
            Decision::kAllow);
  DecisionTrace trace = Check(MakeRequest("oss:GetObject", "acs:oss:*:123:other/obj"));
  EXPECT_EQ(trace.decision, Decision::kExplicitDeny);
  EXPECT_EQ(trace.statements, (std::vector<StatementRef>{Id(0, 1)}));
}

TEST_F(EvaluatorTest, StatementWithSeveralMatchingEntriesIsListedOnce) {
  Identity({Allow({"oss:GetObject", "OSS:getobject", "oss:Get*", "oss:*", "*", "*:Get*"})});
  DecisionTrace trace = Check(MakeRequest("oss:GetObject"));
  EXPECT_EQ(trace.decision, Decision::kAllow);
  EXPECT_EQ(trace.statements, (std::vector<StatementRef>{Id(0, 0)}));
  EXPECT_EQ(Check(MakeRequest("ecs:GetThing")).statements, (std::vector<StatementRef>{Id(0, 0)}));
}

TEST_F(EvaluatorTest, ConditionsMustAllHold) {
  Statement s = Allow({"paidataset:*"});
  s.conditions = {Clause("StringEquals", "pai:Accessibility", {"PUBLIC"}),
                  Clause("IpAddress", "acs:SourceIp", {"10.0.0.0/8"})};
  Identity({s});
  OwnedRequest request = MakeRequest("paidataset:ListDatasets");
  request.context = {{"pai:Accessibility", "PUBLIC"}, {"acs:SourceIp", "10.1.2.3"}};
  EXPECT_EQ(Decide(request), Decision::kAllow);
  request.context = {{"pai:Accessibility", "PUBLIC"}, {"acs:SourceIp", "192.168.0.1"}};
  EXPECT_EQ(Decide(request), Decision::kImplicitDeny);
  request.context = {{"acs:SourceIp", "10.1.2.3"}};
  EXPECT_EQ(Decide(request), Decision::kImplicitDeny);
}

TEST_F(EvaluatorTest, TrustStatementWithoutResourceMatchesAnyResource) {
  Identity({Trust({{PrincipalType::kService, "pai.aliyuncs.com"}})});
  OwnedRequest request = MakeRequest("sts:AssumeRole", "acs:ram::123:role/anything");
  request.arn.clear();
  request.account.clear();
  request.service = "PAI.aliyuncs.com";
  EXPECT_EQ(Decide(request), Decision::kAllow);
  request.service = "oss.aliyuncs.com";
  EXPECT_EQ(Decide(request), Decision::kImplicitDeny);
}

TEST(PrincipalMatchesTest, RamTrustSemantics) {
  RequestPrincipal alice{"acs:ram::123:user/alice", "123", ""};
  RequestPrincipal bob{"acs:ram::456:user/bob", "456", ""};
  RequestPrincipal service{"", "", "pai.aliyuncs.com"};
  auto admits = [](PrincipalType type, const std::string& value, const RequestPrincipal& p) {
    Statement s = Trust({{type, value}});
    return PrincipalMatches(s, p);
  };
  EXPECT_TRUE(PrincipalMatches(Allow({"*"}), bob));  // no Principal element
  EXPECT_TRUE(admits(PrincipalType::kAny, "", service));
  EXPECT_TRUE(admits(PrincipalType::kRam, "*", bob));
  EXPECT_TRUE(admits(PrincipalType::kRam, "ACS:RAM::123:USER/ALICE", alice));
  EXPECT_FALSE(admits(PrincipalType::kRam, "acs:ram::123:user/alice", bob));
  EXPECT_TRUE(admits(PrincipalType::kRam, "acs:ram::123:root", alice));
  EXPECT_FALSE(admits(PrincipalType::kRam, "acs:ram::123:root", bob));
  EXPECT_TRUE(admits(PrincipalType::kRam, "456", bob));
  EXPECT_FALSE(admits(PrincipalType::kRam, "456", alice));
  EXPECT_FALSE(admits(PrincipalType::kRam, "acs:ram::123:root", service));
  EXPECT_TRUE(admits(PrincipalType::kService, "PAI.aliyuncs.com", service));
  EXPECT_FALSE(admits(PrincipalType::kService, "pai.aliyuncs.com", alice));
  RequestPrincipal federated{"acs:ram::123:saml-provider/idp", "123", ""};
  EXPECT_TRUE(admits(PrincipalType::kFederated, "acs:ram::123:saml-provider/idp", federated));
  EXPECT_FALSE(admits(PrincipalType::kFederated, "acs:ram::123:SAML-provider/idp", federated));
  Statement two = Trust(
      {{PrincipalType::kService, "oss.aliyuncs.com"}, {PrincipalType::kRam, "acs:ram::456:root"}});
  EXPECT_TRUE(PrincipalMatches(two, bob));
  EXPECT_FALSE(PrincipalMatches(two, alice));
}

TEST_F(EvaluatorTest, ResourcePolicyPrincipalIsChecked) {
  Statement s = Allow({"oss:GetObject"}, {"acs:oss:*:123:bucket/*"});
  s.has_principal = true;
  s.principals = {{PrincipalType::kRam, "456"}};
  Identity({s});
  EXPECT_EQ(Decide(MakeRequest("oss:GetObject")), Decision::kImplicitDeny);  // alice is 123
  OwnedRequest bob = MakeRequest("oss:GetObject");
  bob.arn = "acs:ram::456:user/bob";
  bob.account = "456";
  EXPECT_EQ(Decide(bob), Decision::kAllow);
}

TEST(CompiledPolicySetTest, TraceIsResetAndDecisionReturned) {
  CompiledPolicySet compiled({MakePolicy({Allow({"oss:*"}), Deny({"oss:Delete*"})})});
  DecisionTrace trace;
  trace.statements = {Sess(9, 9)};
  OwnedRequest request = MakeRequest("oss:DeleteObject");
  EXPECT_EQ(compiled.Evaluate(request.View(), &trace), Decision::kExplicitDeny);
  EXPECT_EQ(trace.decision, Decision::kExplicitDeny);
  EXPECT_EQ(trace.statements, (std::vector<StatementRef>{Id(0, 1)}));
  request.action = "oss:PutObject";
  EXPECT_EQ(compiled.Evaluate(request.View(), &trace), Decision::kAllow);
  EXPECT_EQ(trace.statements, (std::vector<StatementRef>{Id(0, 0)}));
  request.action = "ecs:PutObject";
  EXPECT_EQ(compiled.Evaluate(request.View(), &trace), Decision::kImplicitDeny);
  EXPECT_TRUE(trace.statements.empty());
  EXPECT_EQ(compiled.Evaluate(request.View(), nullptr), Decision::kImplicitDeny);
}

TEST(CompiledPolicySetTest, AccessorsFollowStatementRefs) {
  Policy identity = MakePolicy({Allow({"a:b"}), Deny({"c:d"})});
  identity.name = "id";
  Policy session = MakePolicy({Allow({"e:f"})});
  session.name = "sess";
  CompiledPolicySet compiled({identity}, {session}, true);
  EXPECT_EQ(compiled.policy(Id(0, 1)).name, "id");
  EXPECT_EQ(compiled.statement(Id(0, 1)).actions, std::vector<std::string>{"c:d"});
  EXPECT_EQ(compiled.policy(Sess(0, 0)).name, "sess");
  PolicySetView view = compiled.view();
  EXPECT_EQ(view.identity.size(), 1u);
  EXPECT_TRUE(view.has_session);
  EXPECT_EQ(view.session.size(), 1u);
  CompiledPolicySet moved = std::move(compiled);
  EXPECT_EQ(moved.statement(Sess(0, 0)).actions, std::vector<std::string>{"e:f"});
}

TEST(ShrinkTest, ReducesToTheFailingPart) {
  testsupport::RandomSource random(7);
  testsupport::RandomPolicyGenerator generator(&random);
  PolicyCase policies = generator.Case();
  while (policies.identity.empty()) policies = generator.Case();
  policies.identity[0].document.statements.push_back(Allow({"x:Marker"}));
  OwnedRequest request = generator.Request();
  // "Fails" while the marker statement survives: everything else must go.
  testsupport::Shrink(
      [](const PolicyCase& p, OwnedRequest&) {
        for (const Policy& policy : p.identity) {
          for (const Statement& s : policy.document.statements) {
            for (const std::string& a : s.actions) {
              if (a == "x:Marker") return true;
            }
          }
        }
        return false;
      },
      &policies, &request);
  ASSERT_EQ(policies.identity.size(), 1u);
  ASSERT_EQ(policies.identity[0].document.statements.size(), 1u);
  EXPECT_EQ(policies.identity[0].document.statements[0].resources.size(), 1u);
  EXPECT_FALSE(policies.has_session);
  EXPECT_TRUE(request.context.empty());
}

}  // namespace
}  // namespace paiam::policy
