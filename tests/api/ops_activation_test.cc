// Tests for the activation operations (ops_activation.cc) driven as the server drives them
// (ops_workspace_fixture.h): ListProducts in the AIWorkSpace shape with filters, activation by
// root and by RAM users with and without the product's …FullAccess policy (the denial names
// it), quick authorization (root only, even against AdministratorAccess), the engine's answer
// for the service role before and after its policy is replaced with seed 003's custom one,
// dependency status, free trials and the Resource Center, refused writes leaving the state
// untouched, and replay determinism.
#include <gtest/gtest.h>

#include <string>

#include "identity/arn.h"
#include "ops_workspace_fixture.h"

namespace paiam::api::testing {
namespace {

Caller Root() { return Caller{kAcct, identity::RootArn(kAcct), identity::PrincipalType::kRoot}; }

// The state as every read sees it: products, dependencies and trials of the account.
Json Snapshot(authz::State& s) {
  Json out;
  out["products"] = *Call(s, "ListProducts", {{"Verbose", true}}, Root());
  out["deps"] = *Call(s, "GetModuleDependencies", {{"ModuleName", "LangStudio"}}, Root());
  out["trials"] = *Call(s, "ListResourceCenter", Json::object(), Root());
  out["roles"] = s.directory.ListRoles(kAcct).size();
  return out;
}

const Json* Item(const Json& list, const char* key, std::string_view value) {
  for (const Json& item : list) {
    if (item.value(key, "") == value) return &item;
  }
  return nullptr;
}

TEST(ListProducts, AiWorkspaceShapeAndFilters) {
  authz::State s = BaseState();
  StatusOr<Json> all = Call(s, "ListProducts", Json::object(), Root());
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  const Json* pai = Item((*all)["Products"], "ProductCode", "PAI_isolate");
  ASSERT_NE(pai, nullptr) << all->dump();
  EXPECT_EQ((*pai)["IsPurchased"], false);
  EXPECT_EQ((*pai)["HasPermissionToPurchase"], true);  // root
  EXPECT_TRUE(pai->contains("PurchaseUrl"));
  EXPECT_FALSE(pai->contains("Name"));  // only with Verbose
  const Json* oss = Item((*all)["Services"], "ServiceCode", "oss");
  ASSERT_NE(oss, nullptr);
  EXPECT_EQ((*oss)["IsOpen"], false);
  EXPECT_EQ((*all)["Products"].size() + (*all)["Services"].size(), 12u);

  // ROA sends query strings: comma-separated codes, "true".
  StatusOr<Json> some = Call(s, "ListProducts",
                             {{"ProductCodes", "PAI_isolate,DataWorks_isolate,Nope"},
                              {"Verbose", "true"}},
                             Root());
  ASSERT_TRUE(some.ok());
  EXPECT_EQ((*some)["Products"].size(), 2u);
  EXPECT_TRUE((*some)["Services"].empty());
  EXPECT_EQ((*some)["Products"][0]["Name"], "Platform for AI (PAI)");
  EXPECT_EQ((*some)["Products"][0]["FullAccessPolicy"], "AliyunPAIFullAccess");
  StatusOr<Json> svc = Call(s, "ListProducts", {{"ServiceCodes", "oss"}}, Root());
  EXPECT_TRUE((*svc)["Products"].empty());
  EXPECT_EQ((*svc)["Services"].size(), 1u);

  EXPECT_EQ(RuleOf(Call(s, "ListProducts", {{"Colour", "red"}}, Root())),
            "InvalidParameter.Colour");
}

TEST(ListProducts, PermissionToPurchaseComesFromTheEngine) {
  authz::State s = BaseState();
  StatusOr<Json> platform = Call(s, "ListProducts", Json::object(), CallerOf("platform"));
  ASSERT_TRUE(platform.ok());
  EXPECT_EQ((*Item((*platform)["Products"], "ProductCode", "PAI_isolate"))["HasPermissionToPurchase"],
            true);  // AliyunPAIFullAccess
  EXPECT_EQ((*Item((*platform)["Products"], "ProductCode", "EAS_isolate"))["HasPermissionToPurchase"],
            true);  // eas:* is in AliyunPAIFullAccess
  EXPECT_EQ((*Item((*platform)["Products"], "ProductCode", "DataWorks_isolate"))
                ["HasPermissionToPurchase"],
            false);
  StatusOr<Json> outsider = Call(s, "ListProducts", Json::object(), CallerOf("outsider"));
  EXPECT_EQ((*Item((*outsider)["Products"], "ProductCode", "PAI_isolate"))["HasPermissionToPurchase"],
            false);
  // Listing itself is the catalog's default-allow pai:ListProducts: anyone in the account.
  EXPECT_EQ(Decide(s, "ListProducts", Json::object(), CallerOf("outsider")),
            policy::Decision::kAllow);
}

TEST(ActivateProduct, RootOrTheFullAccessPolicy) {
  authz::State s = BaseState();
  const Json pai = {{"ProductCode", "PAI"}};
  EXPECT_EQ(Decide(s, "ActivateProduct", pai, Root()), policy::Decision::kAllow);
  EXPECT_EQ(Decide(s, "ActivateProduct", pai, CallerOf("platform")), policy::Decision::kAllow);
  EXPECT_EQ(Decide(s, "ActivateProduct", pai, CallerOf("outsider")),
            policy::Decision::kImplicitDeny);
  EXPECT_EQ(Decide(s, "ActivateProduct", {{"ProductCode", "OSS"}}, CallerOf("platform")),
            policy::Decision::kImplicitDeny);
  // The denial names the policy to attach.
  StatusOr<AuthzTarget> target =
      FindOperation("ActivateProduct")->target(StateView::Of(s), pai, CallerOf("outsider"));
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(target->action, "pai:OpenPaiService");
  EXPECT_EQ(target->resource, std::string("acs:pai:*:") + kAcct + ":product/PAI");
  EXPECT_NE(target->denial_hint.find("attach AliyunPAIFullAccess"), std::string::npos);
  target = FindOperation("ActivateProduct")
               ->target(StateView::Of(s), {{"ProductCode", "sls"}}, CallerOf("outsider"));
  EXPECT_NE(target->denial_hint.find("attach AliyunLogFullAccess"), std::string::npos);

  // Granting AliyunOSSFullAccess lifts the OSS denial (seed 003: "attach AliyunOSSFullAccess").
  ASSERT_TRUE(s.directory.AttachPolicy(kAcct, {identity::PolicyType::kSystem, "AliyunOSSFullAccess"},
                                       identity::AttachTarget::kUser, "outsider").ok());
  EXPECT_EQ(Decide(s, "ActivateProduct", {{"ProductCode", "OSS"}}, CallerOf("outsider")),
            policy::Decision::kAllow);

  StatusOr<Json> done = Call(s, "ActivateProduct", pai, CallerOf("platform"));
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ((*done)["ActivatedBy"], UserArn("platform"));
  EXPECT_EQ((*done)["ProductCode"], "PAI");
  EXPECT_NE((*done)["ActivateTime"].get<std::string>().find('T'), std::string::npos);
  StatusOr<Json> listed = Call(s, "ListProducts", {{"ProductCodes", "PAI"}}, Root());
  EXPECT_EQ((*listed)["Products"][0]["IsPurchased"], true);
}

TEST(ActivateProduct, RefusalsLeaveTheStateAlone) {
  authz::State s = BaseState();
  ASSERT_TRUE(Call(s, "ActivateProduct", {{"ProductCode", "PAI"}}, Root()).ok());
  const Json before = Snapshot(s);
  StatusOr<Json> again = Call(s, "ActivateProduct", {{"ProductCode", "pai_isolate"}}, Root());
  EXPECT_EQ(RuleOf(again), "activation.product-already-activated");
  EXPECT_EQ(RuleOf(Call(s, "ActivateProduct", {{"ProductCode", "Quantum"}}, Root())),
            "activation.unknown-product");
  EXPECT_EQ(RuleOf(Call(s, "ActivateProduct", Json::object(), Root())),
            "MissingParameter.ProductCode");
  EXPECT_EQ(RuleOf(Call(s, "ActivateProduct", {{"ProductCode", "OSS"}, {"RequestTime", "soon"}},
                        Root())),
            "InvalidParameter.RequestTime");
  EXPECT_EQ(Snapshot(s), before);
  // The time is the server's: prepare replaces one a client sends (an import carries one).
  StatusOr<Json> oss = Call(s, "ActivateProduct", {{"ProductCode", "OSS"}, {"RequestTime", 1}},
                            Root());
  ASSERT_TRUE(oss.ok()) << oss.status().ToString();
  EXPECT_NE((*oss)["ActivateTime"], "1970-01-01T00:00:00.001Z");
}

TEST(AuthorizeModule, RootOnlyEvenAgainstAdministratorAccess) {
  authz::State s = BaseState();
  ASSERT_TRUE(s.directory.AttachPolicy(kAcct, {identity::PolicyType::kSystem, "AdministratorAccess"},
                                       identity::AttachTarget::kUser, "outsider").ok());
  const Json before = Snapshot(s);
  StatusOr<Json> refused = Call(s, "AuthorizeModule", {{"ModuleName", "LangStudio"}},
                                CallerOf("outsider"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().rule(), "activation.quick-authorization-needs-root");
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  Caller role{kAcct, "acs:ram::" + std::string(kAcct) + ":assumed-role/ops/s1",
              identity::PrincipalType::kRole};
  EXPECT_EQ(RuleOf(Call(s, "AuthorizeModule", {{"ModuleName", "LangStudio"}}, role)),
            "activation.quick-authorization-needs-root");
  EXPECT_EQ(RuleOf(Call(s, "AuthorizeModule", {{"ModuleName", "Nope"}}, Root())),
            "activation.unknown-module");
  EXPECT_EQ(Snapshot(s), before);
}

policy::Decision RoleCheck(const authz::State& s, std::string_view action,
                           std::string_view resource, policy::RequestContext context = {}) {
  return AuthorizerOf(s)->Check(identity::RoleArn(kAcct, "AliyunPAILangStudioDefaultRole"),
                                action, resource, context);
}

// Seed 003 Reference 1: replace the service role's default policy with a custom one through
// the RAM operations; the engine then answers for the role with the custom policy only.
TEST(AuthorizeModule, CreatesTheServiceRoleAndItsPolicyCanBeReplaced) {
  authz::State s = BaseState();
  StatusOr<Json> done = Call(s, "AuthorizeModule", {{"ModuleName", "langstudio"}}, Root());
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ((*done)["ModuleName"], "LangStudio");
  EXPECT_EQ((*done)["CreatedRoles"], Json::array({"AliyunPAILangStudioDefaultRole"}));
  EXPECT_EQ((*done)["ExistingRoles"], Json::array());
  StatusOr<Json> again = Call(s, "AuthorizeModule", {{"ModuleName", "LangStudio"}}, Root());
  EXPECT_EQ((*again)["ExistingRoles"], Json::array({"AliyunPAILangStudioDefaultRole"}));

  const std::string bucket = "acs:oss:*:" + std::string(kAcct) + ":langstudio-data/flow.json";
  EXPECT_EQ(RoleCheck(s, "oss:GetObject", bucket), policy::Decision::kAllow);
  EXPECT_EQ(RoleCheck(s, "eas:CreateService", "*"), policy::Decision::kAllow);
  EXPECT_EQ(RoleCheck(s, "ram:CreateServiceLinkedRole", "*"),
            policy::Decision::kImplicitDeny);  // only with ram:ServiceName = eas.pai...
  EXPECT_EQ(RoleCheck(s, "oss:DeleteBucket", bucket), policy::Decision::kImplicitDeny);

  const Json custom = {
      {"Version", "1"},
      {"Statement",
       {{{"Action", {"oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:ListObjects"}},
         {"Resource", "*"},
         {"Effect", "Allow"},
         {"Condition", {{"StringEquals", {{"oss:BucketTag/Product", "PaiLangStudio"}}}}}}}}};
  const std::string name = "CustomAliyunPAILangStudioDefaultRolePolicy";
  ASSERT_TRUE(Call(s, "CreatePolicy", {{"PolicyName", name}, {"PolicyDocument", custom.dump()}},
                   Root()).ok());
  ASSERT_TRUE(Call(s, "AttachPolicyToRole",
                   {{"PolicyName", name},
                    {"PolicyType", "Custom"},
                    {"RoleName", "AliyunPAILangStudioDefaultRole"}},
                   Root()).ok());
  StatusOr<Json> detached = Call(s, "DetachPolicyFromRole",
                                 {{"PolicyName", "AliyunPAILangStudioDefaultRolePolicy"},
                                  {"PolicyType", "System"},
                                  {"RoleName", "AliyunPAILangStudioDefaultRole"}},
                                 Root());
  ASSERT_TRUE(detached.ok()) << detached.status().ToString();

  const policy::ContextEntry tagged[] = {{"oss:BucketTag/Product", "PaiLangStudio"}};
  const policy::ContextEntry other[] = {{"oss:BucketTag/Product", "Other"}};
  EXPECT_EQ(RoleCheck(s, "oss:GetObject", bucket, tagged), policy::Decision::kAllow);
  EXPECT_EQ(RoleCheck(s, "oss:GetObject", bucket, other), policy::Decision::kImplicitDeny);
  EXPECT_EQ(RoleCheck(s, "oss:GetObject", bucket), policy::Decision::kImplicitDeny);
  EXPECT_EQ(RoleCheck(s, "eas:CreateService", "*"), policy::Decision::kImplicitDeny);

  // The role still exists, so the dependencies stay authorized, and authorizing again does
  // not put the default policy back.
  StatusOr<Json> third = Call(s, "AuthorizeModule", {{"ModuleName", "LangStudio"}}, Root());
  EXPECT_TRUE((*third)["CreatedRoles"].empty());
  EXPECT_EQ(RoleCheck(s, "eas:CreateService", "*"), policy::Decision::kImplicitDeny);
}

TEST(GetModuleDependencies, LangStudioShowsSlsThroughOpenTelemetry) {
  authz::State s = BaseState();
  StatusOr<Json> deps = Call(s, "GetModuleDependencies", {{"ModuleName", "LangStudio"}},
                             CallerOf("outsider"));
  ASSERT_TRUE(deps.ok()) << deps.status().ToString();
  EXPECT_EQ((*deps)["Authorized"], false);
  const Json* sls = Item((*deps)["Dependencies"], "ProductCode", "SLS");
  ASSERT_NE(sls, nullptr);
  EXPECT_EQ((*sls)["DependencyType"], "Indirect");
  EXPECT_EQ((*sls)["Through"], "OpenTelemetry");
  EXPECT_EQ((*sls)["NextStep"], "Activate");
  const Json* dw = Item((*deps)["Dependencies"], "ProductCode", "DataWorks");
  EXPECT_EQ((*dw)["RequiredFor"], "Scheduled knowledge base updates");
  EXPECT_EQ((*Item((*deps)["Dependencies"], "ProductCode", "OSS"))["RequiredFor"],
            "All features");

  ASSERT_TRUE(Call(s, "ActivateProduct", {{"ProductCode", "SLS"}}, Root()).ok());
  deps = Call(s, "GetModuleDependencies", {{"ModuleName", "LangStudio"}}, Root());
  EXPECT_EQ((*Item((*deps)["Dependencies"], "ProductCode", "SLS"))["NextStep"], "Authorize");
  ASSERT_TRUE(Call(s, "AuthorizeModule", {{"ModuleName", "LangStudio"}}, Root()).ok());
  deps = Call(s, "GetModuleDependencies", {{"ModuleName", "LangStudio"}}, Root());
  EXPECT_EQ((*deps)["Authorized"], true);
  EXPECT_EQ((*Item((*deps)["Dependencies"], "ProductCode", "SLS"))["NextStep"],
            "View authorization information");

  // Designer (seed 001): MaxCompute only for its algorithm components.
  deps = Call(s, "GetModuleDependencies", {{"ModuleName", "Designer"}}, Root());
  EXPECT_EQ((*Item((*deps)["Dependencies"], "ProductCode", "MaxCompute"))["RequiredFor"],
            "MaxCompute built-in algorithm components");
  EXPECT_EQ(RuleOf(Call(s, "GetModuleDependencies", {{"ModuleName", "Nope"}}, Root())),
            "activation.unknown-module");
}

TEST(FreeTrials, Seed000Flow) {
  authz::State s = BaseState();
  const Json compute = {{"TrialType", "compute"}};
  EXPECT_EQ(RuleOf(Call(s, "ClaimFreeTrial", compute, Root())),
            "activation.product-not-activated");
  ASSERT_TRUE(Call(s, "ActivateProduct", {{"ProductCode", "PAI"}}, Root()).ok());
  StatusOr<Json> c = Call(s, "ClaimFreeTrial", compute, Root());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ((*c)["TrialType"], "compute");
  EXPECT_EQ((*c)["Name"], "Free trial for computing power");
  ASSERT_TRUE(Call(s, "ClaimFreeTrial", {{"TrialType", "storage"}}, Root()).ok());

  const Json before = Snapshot(s);
  StatusOr<Json> twice = Call(s, "ClaimFreeTrial", compute, CallerOf("platform"));
  EXPECT_EQ(RuleOf(twice), "activation.trial-already-claimed");
  EXPECT_NE(twice.status().message().find("once per account"), std::string::npos);
  EXPECT_EQ(RuleOf(Call(s, "ClaimFreeTrial", {{"TrialType", "gpu"}}, Root())),
            "activation.unknown-trial");
  EXPECT_EQ(Snapshot(s), before);

  StatusOr<Json> center = Call(s, "ListResourceCenter", Json::object(), Root());
  ASSERT_TRUE(center.ok());
  EXPECT_EQ((*center)["TotalCount"], 2);
  EXPECT_EQ((*center)["Resources"][0]["TrialType"], "compute");
  EXPECT_EQ((*center)["Resources"][1]["Name"], "Free trial for storage and traffic");

  EXPECT_EQ(Decide(s, "ClaimFreeTrial", compute, CallerOf("outsider")),
            policy::Decision::kImplicitDeny);
  EXPECT_EQ(Decide(s, "ClaimFreeTrial", compute, CallerOf("platform")), policy::Decision::kAllow);
  EXPECT_EQ(Decide(s, "ListResourceCenter", Json::object(), CallerOf("outsider")),
            policy::Decision::kImplicitDeny);
  EXPECT_EQ(Decide(s, "ListResourceCenter", Json::object(), CallerOf("platform")),
            policy::Decision::kAllow);
}

// The log holds the prepared parameters; applying them again rebuilds the same state.
TEST(Replay, SameParametersSameState) {
  auto run = [] {
    authz::State s = BaseState();
    ApplyContext ctx{Root(), AllowAll()};
    EXPECT_TRUE(FindOperation("ActivateProduct")
                    ->apply(s, {{"ProductCode", "PAI"}, {"RequestTime", 1700000000123}}, ctx)
                    .ok());
    EXPECT_TRUE(FindOperation("AuthorizeModule")
                    ->apply(s, {{"ModuleName", "Designer"}, {"RequestTime", 1700000001000}}, ctx)
                    .ok());
    EXPECT_TRUE(FindOperation("ClaimFreeTrial")
                    ->apply(s, {{"TrialType", "storage"}, {"RequestTime", 1700000002000}}, ctx)
                    .ok());
    return Snapshot(s);
  };
  const Json first = run();
  EXPECT_EQ(first, run());
  EXPECT_EQ(first["trials"]["Resources"][0]["ClaimTime"], "2023-11-14T22:13:22.000Z");
  EXPECT_EQ(first["roles"], 2);
  // Apply without the prepared time is refused (the log always carries it).
  authz::State s = BaseState();
  ApplyContext ctx{Root(), AllowAll()};
  EXPECT_EQ(RuleOf(FindOperation("ActivateProduct")->apply(s, {{"ProductCode", "PAI"}}, ctx)),
            "MissingParameter.RequestTime");
}

}  // namespace
}  // namespace paiam::api::testing
