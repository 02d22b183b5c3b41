// Tests for catalog/products.h: the embedded data/products.json loads and says what the seeds
// say (001: Designer's per-feature products; 003: SLS through OpenTelemetry, DataWorks only for
// scheduled knowledge-base updates, the LangStudio service role), every policy it names is a
// shipped system policy, and every validation error names the bad entry.
#include "catalog/products.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "base/embedded_data.h"

namespace paiam::catalog {
namespace {

using nlohmann::json;

const Products& P() { return Products::BuiltIn(); }

TEST(ProductsData, HasTheIssueProductsAndModules) {
  for (const char* code : {"PAI", "OSS", "MaxCompute", "Flink", "DataWorks", "SLS",
                           "OpenTelemetry", "VPC", "EAS", "BSS", "GeneralComputing", "Lingjun"}) {
    EXPECT_NE(P().FindProduct(code), nullptr) << code;
  }
  for (const char* module : {"Designer", "LangStudio", "ArtLab", "DSW", "DLC", "EAS"}) {
    EXPECT_NE(P().FindModule(module), nullptr) << module;
  }
  EXPECT_EQ(P().FindProduct("oss"), P().FindProduct("OSS"));              // case-insensitive
  EXPECT_EQ(P().FindProduct("PAI_isolate"), P().FindProduct("PAI"));      // ListProducts code
  EXPECT_EQ(P().FindProduct("nope"), nullptr);
  EXPECT_EQ(P().FindModule("langstudio"), P().FindModule("LangStudio"));
}

const Dependency* DepOf(const Module& m, std::string_view product) {
  for (const Dependency& d : m.dependencies) {
    if (d.product == product) return &d;
  }
  return nullptr;
}

TEST(ProductsData, LangStudioDependenciesFollowSeed003) {
  const Module* m = P().FindModule("LangStudio");
  ASSERT_NE(m, nullptr);
  const Dependency* sls = DepOf(*m, "SLS");
  ASSERT_NE(sls, nullptr);
  EXPECT_EQ(sls->kind, DependencyKind::kIndirect);
  EXPECT_EQ(sls->through, "OpenTelemetry");
  const Dependency* dw = DepOf(*m, "DataWorks");
  ASSERT_NE(dw, nullptr);
  EXPECT_EQ(dw->kind, DependencyKind::kDirect);
  ASSERT_EQ(dw->features.size(), 1u);
  EXPECT_EQ(dw->features[0], "Scheduled knowledge base updates");
  for (const char* direct : {"PAI", "OSS", "OpenTelemetry", "VPC"}) {
    ASSERT_NE(DepOf(*m, direct), nullptr) << direct;
    EXPECT_EQ(DepOf(*m, direct)->kind, DependencyKind::kDirect) << direct;
    EXPECT_TRUE(DepOf(*m, direct)->features.empty()) << direct;
  }
  std::vector<const ServiceRole*> roles = P().RolesOf(*m);
  ASSERT_EQ(roles.size(), 1u);
  EXPECT_EQ(roles[0]->name, "AliyunPAILangStudioDefaultRole");
  EXPECT_EQ(roles[0]->policy, "AliyunPAILangStudioDefaultRolePolicy");
  // Without a role of its own, a dependency is authorized through the module's roles.
  ASSERT_EQ(P().RolesFor(*m, *sls).size(), 1u);
}

TEST(ProductsData, DesignerFeaturesFollowSeed001) {
  const Module* m = P().FindModule("Designer");
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(DepOf(*m, "OSS")->features.empty());  // every scenario needs OSS
  EXPECT_EQ(DepOf(*m, "MaxCompute")->features,
            std::vector<std::string>{"MaxCompute built-in algorithm components"});
  EXPECT_EQ(DepOf(*m, "Flink")->features, std::vector<std::string>{"Flink algorithm components"});
  EXPECT_EQ(DepOf(*m, "GeneralComputing")->features,
            std::vector<std::string>{"Custom Python Script component or general training"});
  EXPECT_EQ(DepOf(*m, "OSS")->service_role, "AliyunPAIAccessingOSSRole");
  EXPECT_TRUE(P().RolesFor(*m, *DepOf(*m, "Flink")).empty());  // nothing to authorize
  EXPECT_EQ(P().RolesOf(*m).size(), 2u);
}

TEST(ProductsData, ActivationActionsAndTrials) {
  const Product* pai = P().FindProduct("PAI");
  EXPECT_EQ(pai->full_access_policy, "AliyunPAIFullAccess");
  EXPECT_EQ(pai->activation_action.rfind("pai:", 0), 0u);
  EXPECT_EQ(pai->list_kind, ListKind::kProduct);
  EXPECT_EQ(P().FindProduct("OSS")->list_kind, ListKind::kService);
  ASSERT_NE(P().FindTrial("compute"), nullptr);
  ASSERT_NE(P().FindTrial("Storage"), nullptr);
  EXPECT_EQ(P().FindTrial("compute")->product, "PAI");
  EXPECT_EQ(P().FindTrial("gpu"), nullptr);
}

// Every policy products.json names (full-access and service-role policies) is shipped in
// data/policies/system/, so denials and quick authorization name real policies.
TEST(ProductsData, EveryNamedPolicyIsASystemPolicy) {
  std::optional<std::string_view> manifest = EmbeddedData("policies/system/manifest.csv");
  ASSERT_TRUE(manifest.has_value());
  std::set<std::string> names;
  std::string text(*manifest);
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    names.insert(text.substr(at, text.find(',', at) - at));
    at = end + 1;
  }
  for (const Product& p : P().products()) {
    EXPECT_TRUE(names.contains(p.full_access_policy)) << p.code << ": " << p.full_access_policy;
  }
  for (const ServiceRole& r : P().service_roles()) {
    EXPECT_TRUE(names.contains(r.policy)) << r.name << ": " << r.policy;
  }
}

TEST(ProductsData, TrustPolicyNamesTheService) {
  const ServiceRole* role = P().FindServiceRole("AliyunPAILangStudioDefaultRole");
  ASSERT_NE(role, nullptr);
  json trust = json::parse(ServiceTrustPolicy(*role));
  EXPECT_EQ(trust["Statement"][0]["Action"], "sts:AssumeRole");
  EXPECT_EQ(trust["Statement"][0]["Principal"]["Service"][0], role->service);
}

// --- validation ------------------------------------------------------------------------------

json Minimal() {
  return json::parse(R"({
    "products": [
      {"code": "A", "name": "A", "ram_code": "a", "activation_action": "a:Open",
       "full_access_policy": "AFull", "list_kind": "product", "list_code": "A_isolate",
       "source": "t"},
      {"code": "B", "name": "B", "ram_code": "b", "activation_action": "b:Open",
       "full_access_policy": "BFull", "list_kind": "service", "list_code": "b", "source": "t"}
    ],
    "service_roles": [
      {"name": "RoleA", "service": "a.aliyuncs.com", "policy": "RoleAPolicy",
       "description": "d", "source": "t"}
    ],
    "modules": [
      {"name": "M", "description": "d", "source": "t", "features": ["F"],
       "service_roles": ["RoleA"],
       "dependencies": [
         {"product": "A", "kind": "direct", "source": "t"},
         {"product": "B", "kind": "indirect", "through": "A", "features": ["F"], "source": "t"}
       ]}
    ],
    "trials": [{"kind": "k", "name": "K", "product": "A", "module": "M", "action": "a:Claim",
                "source": "t"}]
  })");
}

std::string ErrorOf(const json& doc) {
  StatusOr<Products> p = Products::FromJson(doc.dump());
  if (p.ok()) return "";
  EXPECT_EQ(p.status().rule(), "catalog.bad-products");
  return p.status().message();
}

TEST(ProductsValidation, MinimalLoads) {
  StatusOr<Products> p = Products::FromJson(Minimal().dump());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->FindModule("M")->dependencies[1].through, "A");
}

TEST(ProductsValidation, ErrorsNameTheEntry) {
  EXPECT_EQ(ErrorOf(json("not an object")), "products.json: must be an object");
  EXPECT_NE(Products::FromJson("{").status().message().find("not valid JSON"),
            std::string::npos);

  json d = Minimal();
  d["products"][1]["code"] = "a";
  EXPECT_EQ(ErrorOf(d), "products.json: products[a]: code or list_code repeats product A");

  d = Minimal();
  d["products"][0]["activation_action"] = "b:Open";
  EXPECT_EQ(ErrorOf(d),
            "products.json: products[A]: \"activation_action\" must be \"a:<Name>\", got "
            "\"b:Open\"");

  d = Minimal();
  d["products"][0]["list_kind"] = "thing";
  EXPECT_NE(ErrorOf(d).find("products[A]: \"list_kind\""), std::string::npos);

  d = Minimal();
  d["products"][0].erase("name");
  EXPECT_EQ(ErrorOf(d), "products.json: products[A]: missing \"name\"");

  d = Minimal();
  d["products"][0]["colour"] = "red";
  EXPECT_EQ(ErrorOf(d), "products.json: products[A]: unknown key \"colour\"");

  d = Minimal();
  d["service_roles"][0]["service"] = "a.example.com";
  EXPECT_NE(ErrorOf(d).find("service_roles[RoleA]: \"service\""), std::string::npos);

  d = Minimal();
  d["modules"][0]["service_roles"] = {"Nope"};
  EXPECT_EQ(ErrorOf(d), "products.json: modules[M]: unknown service role \"Nope\"");

  d = Minimal();
  d["modules"][0]["dependencies"][0]["product"] = "Z";
  EXPECT_EQ(ErrorOf(d), "products.json: modules[M].dependencies[Z]: unknown product \"Z\"");

  d = Minimal();
  d["modules"][0]["dependencies"][1]["through"] = "B";
  EXPECT_EQ(ErrorOf(d),
            "products.json: modules[M].dependencies[B]: \"through\" names B, which is not a "
            "dependency of the module");

  d = Minimal();
  d["modules"][0]["dependencies"][1].erase("through");
  EXPECT_EQ(ErrorOf(d),
            "products.json: modules[M].dependencies[B]: an indirect dependency needs "
            "\"through\"");

  d = Minimal();
  d["modules"][0]["dependencies"][0]["through"] = "B";
  EXPECT_EQ(ErrorOf(d),
            "products.json: modules[M].dependencies[A]: a direct dependency has no \"through\"");

  d = Minimal();
  d["modules"][0]["dependencies"][1]["features"] = {"G"};
  EXPECT_EQ(ErrorOf(d),
            "products.json: modules[M].dependencies[B]: feature \"G\" is not a feature of the "
            "module");

  d = Minimal();
  d["modules"][0]["dependencies"][1]["product"] = "A";
  d["modules"][0]["dependencies"][1]["kind"] = "direct";
  d["modules"][0]["dependencies"][1].erase("through");
  EXPECT_EQ(ErrorOf(d), "products.json: modules[M].dependencies[A]: repeats product A");

  d = Minimal();
  d["trials"][0]["product"] = "Z";
  EXPECT_EQ(ErrorOf(d), "products.json: trials[k]: unknown product \"Z\"");

  d = Minimal();
  d["trials"].push_back(d["trials"][0]);
  EXPECT_EQ(ErrorOf(d), "products.json: trials[k]: repeats an earlier trial");

  d = Minimal();
  d.erase("modules");
  EXPECT_EQ(ErrorOf(d), "products.json: \"products\" and \"modules\" are required");
}

}  // namespace
}  // namespace paiam::catalog
