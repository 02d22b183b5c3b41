// Tests for activation/activation.h: activation (refused twice), quick authorization (creates
// missing service roles with trust and default policy, leaves existing ones, all or nothing),
// free trials (product first, once per account), dependency status and next steps, and that
// every refusal leaves the state as it was.
#include "activation/activation.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace paiam::activation {
namespace {

constexpr char kAcct[] = "1000000000000001";
constexpr char kRoot[] = "acs:ram::1000000000000001:root";

identity::Directory Dir(identity::Limits limits = {}) {
  StatusOr<identity::Directory> d = identity::Directory::WithSystemPolicies(limits);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_TRUE(d->CreateAccount(kAcct).ok());
  return std::move(*d);
}

TEST(Activate, RecordsWhoAndWhenAndRefusesTwice) {
  Activations a;
  StatusOr<ProductActivation> done = a.Activate(kAcct, "pai", kRoot, 1000);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->product, "PAI");
  const ProductActivation* found = a.FindActivation(kAcct, "PAI_isolate");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->by, kRoot);
  EXPECT_EQ(found->time_ms, 1000);

  StatusOr<ProductActivation> again = a.Activate(kAcct, "PAI", "someone-else", 2000);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.status().rule(), "activation.product-already-activated");
  EXPECT_EQ(a.FindActivation(kAcct, "PAI")->time_ms, 1000);  // unchanged
  EXPECT_EQ(a.FindActivation(kAcct, "PAI")->by, kRoot);

  // Per account.
  EXPECT_EQ(a.FindActivation("1000000000000002", "PAI"), nullptr);
  EXPECT_TRUE(a.Activate("1000000000000002", "PAI", "x", 1).ok());
}

TEST(Activate, UnknownProduct) {
  Activations a;
  StatusOr<ProductActivation> r = a.Activate(kAcct, "Quantum", kRoot, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().rule(), "activation.unknown-product");
  EXPECT_EQ(a.Find(kAcct), nullptr);
}

TEST(Authorize, CreatesServiceRoleWithTrustAndDefaultPolicy) {
  Activations a;
  identity::Directory d = Dir();
  StatusOr<AuthorizeResult> r = a.Authorize(d, kAcct, "LangStudio", kRoot, 5);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->created, std::vector<std::string>{"AliyunPAILangStudioDefaultRole"});
  EXPECT_TRUE(r->existing.empty());
  const identity::Role* role = d.FindRole(kAcct, "AliyunPAILangStudioDefaultRole");
  ASSERT_NE(role, nullptr);
  ASSERT_EQ(role->policies.size(), 1u);
  EXPECT_EQ(role->policies[0].type, identity::PolicyType::kSystem);
  EXPECT_EQ(role->policies[0].name, "AliyunPAILangStudioDefaultRolePolicy");
  nlohmann::json trust = nlohmann::json::parse(role->trust_policy_text);
  EXPECT_EQ(trust["Statement"][0]["Principal"]["Service"][0], "pai.aliyuncs.com");
  ASSERT_NE(a.FindAuthorization(kAcct, "langstudio"), nullptr);
  EXPECT_EQ(a.FindAuthorization(kAcct, "LangStudio")->time_ms, 5);
}

TEST(Authorize, LeavesExistingRolesAloneAndReportsThem) {
  Activations a;
  identity::Directory d = Dir();
  ASSERT_TRUE(a.Authorize(d, kAcct, "LangStudio", kRoot, 5).ok());
  // The policy was replaced on purpose (seed 003 Reference 1): a second authorization keeps it.
  identity::PolicyRef def{identity::PolicyType::kSystem, "AliyunPAILangStudioDefaultRolePolicy"};
  ASSERT_TRUE(d.DetachPolicy(kAcct, def, identity::AttachTarget::kRole,
                             "AliyunPAILangStudioDefaultRole").ok());
  StatusOr<AuthorizeResult> again = a.Authorize(d, kAcct, "LangStudio", kRoot, 9);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->created.empty());
  EXPECT_EQ(again->existing, std::vector<std::string>{"AliyunPAILangStudioDefaultRole"});
  EXPECT_TRUE(d.FindRole(kAcct, "AliyunPAILangStudioDefaultRole")->policies.empty());
  EXPECT_EQ(a.FindAuthorization(kAcct, "LangStudio")->time_ms, 5);  // the first one

  // Designer: two roles (OSS, MaxCompute); one already there.
  identity::RoleSpec spec;
  spec.name = "AliyunPAIAccessingOSSRole";
  spec.trust_policy =
      R"({"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["x.aliyuncs.com"]}}]})";
  ASSERT_TRUE(d.CreateRole(kAcct, spec).ok());
  StatusOr<AuthorizeResult> designer = a.Authorize(d, kAcct, "Designer", kRoot, 10);
  ASSERT_TRUE(designer.ok());
  EXPECT_EQ(designer->created, std::vector<std::string>{"AliyunODPSPAIDefaultRole"});
  EXPECT_EQ(designer->existing, std::vector<std::string>{"AliyunPAIAccessingOSSRole"});
  EXPECT_TRUE(d.FindRole(kAcct, "AliyunPAIAccessingOSSRole")->policies.empty());
}

TEST(Authorize, AllOrNothing) {
  Activations a;
  identity::Limits limits;
  limits.roles_per_account = 1;  // Designer needs two roles: the second one fails
  identity::Directory d = Dir(limits);
  StatusOr<AuthorizeResult> r = a.Authorize(d, kAcct, "Designer", kRoot, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().rule().rfind("LimitExceeded", 0), 0u) << r.status().ToString();
  EXPECT_TRUE(d.ListRoles(kAcct).empty());
  EXPECT_EQ(a.FindAuthorization(kAcct, "Designer"), nullptr);

  // A directory without the system policies: the role would be created, the attach fails.
  identity::Directory bare;
  ASSERT_TRUE(bare.CreateAccount(kAcct).ok());
  r = a.Authorize(bare, kAcct, "LangStudio", kRoot, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(bare.ListRoles(kAcct).empty());
}

TEST(Authorize, UnknownModule) {
  Activations a;
  identity::Directory d = Dir();
  StatusOr<AuthorizeResult> r = a.Authorize(d, kAcct, "Photoshop", kRoot, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().rule(), "activation.unknown-module");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(Trials, NeedTheProductAndAreClaimedOnce) {
  Activations a;
  StatusOr<TrialClaim> early = a.ClaimTrial(kAcct, "compute", kRoot, 1);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().rule(), "activation.product-not-activated");
  EXPECT_EQ(early.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(a.ResourceCenter(kAcct).empty());

  ASSERT_TRUE(a.Activate(kAcct, "PAI", kRoot, 2).ok());
  StatusOr<TrialClaim> storage = a.ClaimTrial(kAcct, "storage", kRoot, 3);
  ASSERT_TRUE(storage.ok()) << storage.status().ToString();
  StatusOr<TrialClaim> compute = a.ClaimTrial(kAcct, "COMPUTE", kRoot, 4);
  ASSERT_TRUE(compute.ok());
  EXPECT_EQ(compute->kind, "compute");
  EXPECT_EQ(compute->resource_id, std::string("ft-compute-") + kAcct);

  StatusOr<TrialClaim> twice = a.ClaimTrial(kAcct, "compute", "other", 5);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().rule(), "activation.trial-already-claimed");
  EXPECT_EQ(twice.status().code(), StatusCode::kAlreadyExists);

  std::vector<TrialClaim> center = a.ResourceCenter(kAcct);
  ASSERT_EQ(center.size(), 2u);
  EXPECT_EQ(center[0].kind, "compute");  // products.json order
  EXPECT_EQ(center[0].time_ms, 4);
  EXPECT_EQ(center[1].kind, "storage");

  StatusOr<TrialClaim> unknown = a.ClaimTrial(kAcct, "gpu", kRoot, 6);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().rule(), "activation.unknown-trial");
  EXPECT_NE(unknown.status().message().find("compute"), std::string::npos);
}

const DependencyStatus* StatusOf(const std::vector<DependencyStatus>& all, std::string_view p) {
  for (const DependencyStatus& s : all) {
    if (s.product->code == p) return &s;
  }
  return nullptr;
}

TEST(Dependencies, NextStepFollowsActivationThenAuthorization) {
  Activations a;
  identity::Directory d = Dir();
  StatusOr<std::vector<DependencyStatus>> deps = a.Dependencies(d, kAcct, "LangStudio");
  ASSERT_TRUE(deps.ok());
  ASSERT_EQ(deps->size(), 7u);
  const DependencyStatus* sls = StatusOf(*deps, "SLS");
  ASSERT_NE(sls, nullptr);
  EXPECT_EQ(sls->dependency->kind, catalog::DependencyKind::kIndirect);
  EXPECT_EQ(sls->dependency->through, "OpenTelemetry");
  EXPECT_FALSE(sls->activated);
  EXPECT_EQ(sls->next, NextStep::kActivate);

  ASSERT_TRUE(a.Activate(kAcct, "SLS", kRoot, 1).ok());
  deps = a.Dependencies(d, kAcct, "LangStudio");
  sls = StatusOf(*deps, "SLS");
  EXPECT_TRUE(sls->activated);
  EXPECT_FALSE(sls->authorized());
  EXPECT_EQ(sls->missing_roles, std::vector<std::string>{"AliyunPAILangStudioDefaultRole"});
  EXPECT_EQ(sls->next, NextStep::kAuthorize);
  EXPECT_EQ(NextStepName(sls->next), "Authorize");

  ASSERT_TRUE(a.Authorize(d, kAcct, "LangStudio", kRoot, 2).ok());
  deps = a.Dependencies(d, kAcct, "LangStudio");
  sls = StatusOf(*deps, "SLS");
  EXPECT_TRUE(sls->authorized());
  EXPECT_EQ(sls->next, NextStep::kViewAuthorization);
  EXPECT_EQ(NextStepName(sls->next), "View authorization information");

  // Designer's Flink needs no authorization: activating it is the whole story.
  ASSERT_TRUE(a.Activate(kAcct, "Flink", kRoot, 3).ok());
  deps = a.Dependencies(d, kAcct, "Designer");
  const DependencyStatus* flink = StatusOf(*deps, "Flink");
  EXPECT_TRUE(flink->roles.empty());
  EXPECT_EQ(flink->next, NextStep::kViewAuthorization);
  EXPECT_EQ(StatusOf(*deps, "OSS")->next, NextStep::kActivate);

  EXPECT_EQ(a.Dependencies(d, kAcct, "Nope").status().rule(), "activation.unknown-module");
}

}  // namespace
}  // namespace paiam::activation
