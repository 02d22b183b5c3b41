// Role compilation decided by the one engine: the generated matrix test (every action row x
// every built-in role x every class), the policy shape, JSON round trips through the parser,
// the default-allow policy, custom-role levels, and scenarios from the seeds.
#include "policy/writer.h"
#include "workspace/role_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "policy/evaluator.h"
#include "policy/parser.h"

namespace paiam::workspace {
namespace {

using catalog::Action;
using catalog::AssetClass;
using catalog::Catalog;
using catalog::ClassMask;
using catalog::PermissionLevel;

constexpr char kAccount[] = "1234567890123456";
constexpr char kWorkspace[] = "8888";

const Catalog& Cat() { return Catalog::BuiltIn(); }

std::string WorkspaceArn(std::string_view workspace = kWorkspace) {
  return "acs:paiworkspace:cn-hangzhou:" + std::string(kAccount) + ":workspace/" +
         std::string(workspace);
}

policy::Policy MustCompile(const RoleDefinition& role) {
  StatusOr<policy::Policy> p = CompileRolePolicy(Cat(), role, kAccount, kWorkspace);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? std::move(p).value() : policy::Policy{};
}

// Decides (action, resource, class) against a compiled set.
policy::Decision Decide(const policy::CompiledPolicySet& set, std::string_view action,
                        std::string_view resource, AssetClass c,
                        policy::DecisionTrace* trace = nullptr) {
  const policy::ContextEntry context[] = {
      {catalog::kAccessibilityKey, catalog::AccessibilityValue(c)},
      {catalog::kEntityAccessTypeKey, catalog::EntityAccessTypeValue(c)}};
  policy::DecisionTrace local;
  return set.Evaluate({action, resource, context, {}}, trace ? trace : &local);
}

// --- the generated matrix test ------------------------------------------------------------

// For every row the roles grant (default-allow rows are decided by PaiDefaultAllow, below), every
// built-in role and every class: the compiled role policy allows exactly the cells of the data,
// on the workspace ARN and on the row's own asset ARN, in the scoped and the "*" variant.
TEST(RoleMatrix, EngineDecisionEqualsGrantDataForEveryCell) {
  size_t assertions = 0;
  for (const catalog::Role& role : Cat().roles()) {
    const RoleDefinition def = RoleDefinition::BuiltIn(role.api_name);
    policy::CompiledPolicySet scoped({MustCompile(def)});
    policy::CompiledPolicySet anywhere({*CompileRolePolicyAnyWorkspace(Cat(), def)});
    for (const Action& a : Cat().actions()) {
      if (a.default_allow) continue;
      const ClassMask mask = Cat().Allowed(role, a);
      const std::string asset = AssetArn(a, "cn-hangzhou", kAccount, kWorkspace);
      for (AssetClass c : catalog::kAllClasses) {
        const policy::Decision want =
            catalog::Contains(mask, c) ? policy::Decision::kAllow : policy::Decision::kImplicitDeny;
        const std::string where = role.api_name + " " + a.id + " " + std::string(ClassName(c));
        EXPECT_EQ(Decide(scoped, a.policy_action, WorkspaceArn(), c), want) << where;
        EXPECT_EQ(Decide(scoped, a.policy_action, asset, c), want) << where;
        EXPECT_EQ(Decide(anywhere, a.policy_action, asset, c), want) << where;
        // Another workspace of the same account, including one whose id extends this one's.
        EXPECT_EQ(Decide(scoped, a.policy_action, WorkspaceArn("88881") + "/x", c),
                  policy::Decision::kImplicitDeny)
            << where;
        assertions += 4;
      }
    }
  }
  EXPECT_EQ(assertions, 7u * (397u - 20u) * 4u * 4u);
}

TEST(RoleMatrix, ActionNamesMatchCaseInsensitivelyAndByWorkspaceName) {
  policy::CompiledPolicySet dev({MustCompile(RoleDefinition::BuiltIn("PAI.AlgoDeveloper"))});
  EXPECT_EQ(Decide(dev, "paidataset:deletedataset", WorkspaceArn(), AssetClass::kPrivateCreator),
            policy::Decision::kAllow);
  // The catalog's policy name of a row whose workspace name differs (ArtLab).
  const Action* artlab = Cat().FindAction("PaiArtLab:CreateService");
  EXPECT_EQ(Decide(dev, artlab->policy_action, WorkspaceArn(), AssetClass::kPrivateCreator),
            catalog::Contains(Cat().Allowed(*Cat().FindRole("AlgoDeveloper"), *artlab),
                              AssetClass::kPrivateCreator)
                ? policy::Decision::kAllow
                : policy::Decision::kImplicitDeny);
}

// --- shape ----------------------------------------------------------------------------------

std::vector<std::string> Sids(const policy::Policy& p) {
  std::vector<std::string> out;
  for (const policy::Statement& s : p.document.statements) out.push_back(s.sid);
  return out;
}

TEST(RolePolicyShape, StatementsPerColumnWithConditions) {
  policy::Policy dev = MustCompile(RoleDefinition::BuiltIn("Algorithm Developer"));
  EXPECT_EQ(dev.name, "PaiWorkspaceRole-AlgoDeveloper");
  EXPECT_EQ(dev.version_id, "v1");
  EXPECT_EQ(Sids(dev),
            (std::vector<std::string>{"AlgoDeveloperAny", "AlgoDeveloperPrivateCreator",
                                      "AlgoDeveloperPublicCreator", "AlgoDeveloperPublicOthers"}));
  for (const policy::Statement& s : dev.document.statements) {
    EXPECT_EQ(s.effect, policy::Effect::kAllow);
    EXPECT_EQ(s.resources, WorkspaceResources(kAccount, kWorkspace));
    EXPECT_EQ(s.conditions.size(), s.sid == "AlgoDeveloperAny" ? 0u : 2u) << s.sid;
  }
  EXPECT_EQ(WorkspaceResources(kAccount, kWorkspace),
            (std::vector<std::string>{"acs:*:*:1234567890123456:workspace/8888",
                                      "acs:*:*:1234567890123456:workspace/8888/*"}));

  policy::Policy ops = MustCompile(RoleDefinition::BuiltIn("PAI.AlgoOperator"));
  // No row gives the O&M engineer others' private assets without all three columns (Any), so
  // its PrivateOthers statement would be empty and is left out.
  EXPECT_EQ(Sids(ops), (std::vector<std::string>{"AlgoOperatorAny", "AlgoOperatorPrivateCreator",
                                                 "AlgoOperatorPublic"}));
  const policy::Statement& pub = ops.document.statements.back();
  ASSERT_EQ(pub.conditions.size(), 1u);  // the Public column: accessibility only
  EXPECT_EQ(pub.conditions[0].key, "pai:Accessibility");
  EXPECT_EQ(pub.conditions[0].op.Name(), "StringEquals");
  EXPECT_EQ(pub.conditions[0].values[0].text, "PUBLIC");

  policy::Policy admin = MustCompile(RoleDefinition::BuiltIn("PAI.WorkspaceAdmin"));
  policy::Policy owner = MustCompile(RoleDefinition::BuiltIn("PAI.WorkspaceOwner"));
  EXPECT_EQ(Sids(admin), std::vector<std::string>{"WorkspaceAdminAny"});
  EXPECT_EQ(owner.name, "PaiWorkspaceRole-WorkspaceOwner");
  ASSERT_EQ(owner.document.statements.size(), 1u);
  EXPECT_EQ(owner.document.statements[0].actions, admin.document.statements[0].actions);
}

TEST(RolePolicyShape, UnknownRoleIsRefused) {
  StatusOr<policy::Policy> p =
      CompileRolePolicy(Cat(), RoleDefinition::BuiltIn("PAI.Nobody"), kAccount, kWorkspace);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().rule(), "workspace.unknown-role");
  EXPECT_NE(p.status().message().find("PAI.AlgoDeveloper"), std::string::npos);
}

// Serialises every policy and parses it back. Role policies are longer than RAM's 6,144-character
// limit for custom policies (they are not RAM custom policies), so each statement's actions are
// re-parsed in documents of at most 40 actions; together they must give back the statement.
void ExpectRoundTrip(const policy::Policy& p) {
  const policy::NameCatalog names = Cat().AsNameCatalog();
  policy::ParseOptions options;
  options.catalog = &names;
  for (const policy::Statement& s : p.document.statements) {
    std::vector<std::string> actions;
    for (size_t from = 0; from < s.actions.size(); from += 40) {
      policy::PolicyDocument chunk;
      chunk.statements.push_back(s);
      chunk.statements[0].actions.assign(s.actions.begin() + from,
                                         s.actions.begin() + std::min(from + 40, s.actions.size()));
      const std::string json = policy::FormatPolicyDocument(chunk, from == 0 ? 2 : -1);
      policy::ParseResult parsed = policy::ParsePolicy(json, options);
      ASSERT_TRUE(parsed.ok()) << json;
      for (const policy::Diagnostic& d : parsed.diagnostics)
        ADD_FAILURE() << p.name << ": " << d.ToString();
      const policy::Statement& back = parsed.document->statements.at(0);
      EXPECT_EQ(back.sid, s.sid);
      EXPECT_EQ(back.effect, s.effect);
      EXPECT_EQ(back.resources, s.resources);
      ASSERT_EQ(back.conditions.size(), s.conditions.size());
      for (size_t i = 0; i < s.conditions.size(); ++i) {
        EXPECT_EQ(back.conditions[i].op.Name(), s.conditions[i].op.Name());
        EXPECT_EQ(back.conditions[i].key, s.conditions[i].key);
        EXPECT_EQ(back.conditions[i].values.size(), s.conditions[i].values.size());
      }
      actions.insert(actions.end(), back.actions.begin(), back.actions.end());
      EXPECT_EQ(policy::FormatPolicyDocument(*parsed.document), policy::FormatPolicyDocument(chunk));
    }
    EXPECT_EQ(actions, s.actions);
  }
}

TEST(RolePolicyJson, EveryBuiltInRoleAndDefaultAllowRoundTrip) {
  for (const catalog::Role& role : Cat().roles()) {
    ExpectRoundTrip(MustCompile(RoleDefinition::BuiltIn(role.api_name)));
    ExpectRoundTrip(*CompileRolePolicyAnyWorkspace(Cat(), RoleDefinition::BuiltIn(role.api_name)));
  }
  ExpectRoundTrip(CompileDefaultAllowPolicy(Cat()));
}

TEST(RolePolicyJson, Layout) {
  policy::PolicyDocument doc;
  policy::Statement s;
  s.sid = "S";
  s.actions = {"paidlc:GetJob"};
  s.has_resource = true;
  s.resources = {"*"};
  policy::ConditionClause clause;
  clause.op = *policy::ParseConditionOperator("StringEquals");
  clause.key = "pai:Accessibility";
  clause.values.resize(2);
  clause.values[0].text = "PUBLIC";
  clause.values[1].text = "PRIVATE";
  s.conditions.push_back(clause);
  doc.statements.push_back(s);
  EXPECT_EQ(policy::FormatPolicyDocument(doc),
            R"({"Version":"1","Statement":[{"Sid":"S","Effect":"Allow","Action":["paidlc:GetJob"],)"
            R"("Resource":["*"],"Condition":{"StringEquals":)"
            R"({"pai:Accessibility":["PUBLIC","PRIVATE"]}}}]})");
}

// --- default allow --------------------------------------------------------------------------

TEST(DefaultAllow, EveryRowIsAllowedOnItsResourceForEveryClass) {
  policy::Policy p = CompileDefaultAllowPolicy(Cat());
  EXPECT_EQ(p.name, "PaiDefaultAllow");
  EXPECT_EQ(p.document.statements.at(0).sid, "AllowedUnlessDenied");
  EXPECT_EQ(p.document.statements.at(0).resources, std::vector<std::string>{"*"});
  policy::CompiledPolicySet set({p});
  size_t rows = 0;
  for (const Action* a : Cat().default_allow_actions()) {
    const std::string arn = AssetArn(*a, "cn-shanghai", kAccount, kWorkspace);
    for (AssetClass c : catalog::kAllClasses) {
      EXPECT_EQ(Decide(set, a->policy_action, arn, c), policy::Decision::kAllow) << a->id;
      if (!a->alias.empty()) {
        EXPECT_EQ(Decide(set, a->alias, arn, c), policy::Decision::kAllow);
      }
    }
    ++rows;
  }
  EXPECT_EQ(rows, 20u);
  // Unshared names hold on any resource; role-granted rows stay closed.
  EXPECT_EQ(Decide(set, "pai:listproducts", "acs:pai:*:*:anything", AssetClass::kPrivateOthers),
            policy::Decision::kAllow);
  EXPECT_EQ(Decide(set, "PaiDataset:GetDataset", WorkspaceArn() + "/dataset/d1",
                   AssetClass::kPublicOthers),
            policy::Decision::kImplicitDeny);
}

TEST(DefaultAllow, SharedNamesDoNotOpenWorkspaceAssets) {
  policy::CompiledPolicySet set({CompileDefaultAllowPolicy(Cat())});
  const std::string official =
      "acs:paiimage:cn-hangzhou:" + std::string(kAccount) + ":provider/pai/image/img-1";
  const std::string own = WorkspaceArn() + "/image/img-2";
  for (const char* name :
       {"PaiImage:GetImage", "PaiImage:ListImages", "PaiImage:GetImagesStatistics"}) {
    EXPECT_EQ(Decide(set, name, official, AssetClass::kPublicOthers), policy::Decision::kAllow)
        << name;
    EXPECT_EQ(Decide(set, name, own, AssetClass::kPrivateOthers), policy::Decision::kImplicitDeny)
        << name;
  }
  EXPECT_EQ(Decide(set, "PaiImage:Listlmages", own, AssetClass::kPrivateOthers),
            policy::Decision::kAllow);
}

// --- custom roles -----------------------------------------------------------------------------

RoleDefinition OneModule(std::string module, PermissionLevel level,
                         std::vector<CustomPermission> permissions = {}) {
  return RoleDefinition::Custom("role-1", "Data Team",
                                {{std::move(module), level, std::move(permissions)}});
}

// Every module at every level: exactly the module's rows, on the level's classes.
TEST(CustomRoles, EveryModuleAtEveryLevelGrantsItsRowsOnly) {
  size_t assertions = 0;
  for (const catalog::CustomRoleModule& module : Cat().custom_role_modules()) {
    for (PermissionLevel level : {PermissionLevel::kNoPrivilege, PermissionLevel::kReadOnly,
                                  PermissionLevel::kReadWrite, PermissionLevel::kFullAccess}) {
      policy::Policy p = MustCompile(OneModule(module.name, level));
      EXPECT_EQ(p.name, "PaiWorkspaceRole-DataTeam");
      policy::CompiledPolicySet set({p});
      for (const Action& a : Cat().actions()) {
        const bool in_module =
            std::binary_search(module.actions.begin(), module.actions.end(), a.index);
        // Rows sharing a name with an in-module row are decided by that row.
        bool named_in_module = in_module;
        for (const Action* other : Cat().FindActions(a.policy_action)) {
          named_in_module |=
              std::binary_search(module.actions.begin(), module.actions.end(), other->index);
        }
        if (named_in_module && !in_module) continue;
        const ClassMask want = in_module ? catalog::LevelGrant(level, a.kind) : catalog::kNoClass;
        for (AssetClass c : catalog::kAllClasses) {
          EXPECT_EQ(Decide(set, a.policy_action, WorkspaceArn(), c) == policy::Decision::kAllow,
                    catalog::Contains(want, c))
              << module.name << " " << PermissionLevelName(level) << " " << a.id << " "
              << ClassName(c);
          ++assertions;
        }
      }
    }
  }
  // 13 modules x 4 levels x 397 rows x 4 classes, less the two official-image rows that share
  // their names with Image rows, at each level.
  EXPECT_EQ(assertions, 13u * 4u * 397u * 4u - 4u * 2u * 4u);
}

TEST(CustomRoles, ReadWriteShapes) {
  policy::Policy p = MustCompile(OneModule("Dataset", PermissionLevel::kReadWrite));
  EXPECT_EQ(Sids(p), (std::vector<std::string>{"DataTeamPublic", "DataTeamPrivateCreator"}));
  EXPECT_TRUE(
      MustCompile(OneModule("DLC", PermissionLevel::kNoPrivilege)).document.statements.empty());
  EXPECT_EQ(Sids(MustCompile(OneModule("DLC", PermissionLevel::kFullAccess))),
            std::vector<std::string>{"DataTeamAny"});
}

TEST(CustomRoles, CustomPermissionsGrantTheirCodesOnTheirRules) {
  policy::Policy p = MustCompile(
      OneModule("DLC", PermissionLevel::kCustomPermissions,
                {{{"PaiDLC:GetJob", "paidlc:StopJob"}, {{"PRIVATE", "ANY"}}},
                 {{"PaiDLC:ListJobs"}, {{"PUBLIC", "CREATOR"}, {"PRIVATE", "CREATOR"}}}}));
  policy::CompiledPolicySet set({p});
  using D = policy::Decision;
  for (const char* action : {"PaiDLC:GetJob", "PaiDLC:StopJob"}) {
    EXPECT_EQ(Decide(set, action, WorkspaceArn(), AssetClass::kPrivateCreator), D::kAllow);
    EXPECT_EQ(Decide(set, action, WorkspaceArn(), AssetClass::kPrivateOthers), D::kAllow);
    EXPECT_EQ(Decide(set, action, WorkspaceArn(), AssetClass::kPublicCreator), D::kImplicitDeny);
  }
  EXPECT_EQ(Decide(set, "PaiDLC:ListJobs", WorkspaceArn(), AssetClass::kPublicCreator), D::kAllow);
  EXPECT_EQ(Decide(set, "PaiDLC:ListJobs", WorkspaceArn(), AssetClass::kPrivateCreator), D::kAllow);
  EXPECT_EQ(Decide(set, "PaiDLC:ListJobs", WorkspaceArn(), AssetClass::kPublicOthers),
            D::kImplicitDeny);
  EXPECT_EQ(Decide(set, "PaiDLC:DeleteJob", WorkspaceArn(), AssetClass::kPrivateCreator),
            D::kImplicitDeny);
}

TEST(CustomRoles, RefusalsNameTheirRule) {
  auto rule = [](const RoleDefinition& role) {
    StatusOr<RoleGrants> g = ResolveRole(Cat(), role);
    return g.ok() ? std::string("ok") : g.status().rule();
  };
  EXPECT_EQ(rule(OneModule("EAS", PermissionLevel::kReadOnly)),
            "workspace.custom-role.unknown-module");
  EXPECT_EQ(rule(RoleDefinition::Custom("r", "n",
                                        {{"DLC", PermissionLevel::kReadOnly, {}},
                                         {"dlc", PermissionLevel::kFullAccess, {}}})),
            "workspace.custom-role.duplicate-module");
  EXPECT_EQ(rule(OneModule("DLC", PermissionLevel::kCustomPermissions,
                           {{{"PaiDLC:NoSuchApi"}, {{"ANY", "ANY"}}}})),
            "workspace.custom-role.unknown-code");
  EXPECT_EQ(rule(OneModule("DSW", PermissionLevel::kCustomPermissions,
                           {{{"PaiDLC:GetJob"}, {{"ANY", "ANY"}}}})),
            "workspace.custom-role.code-outside-module");
  EXPECT_EQ(rule(OneModule("DLC", PermissionLevel::kCustomPermissions, {{{"PaiDLC:GetJob"}, {}}})),
            "workspace.custom-role.no-permission-rules");
  EXPECT_EQ(rule(OneModule("DLC", PermissionLevel::kCustomPermissions,
                           {{{"PaiDLC:GetJob"}, {{"SHARED", "ANY"}}}})),
            "workspace.custom-role.bad-permission-rule");
  EXPECT_EQ(rule(OneModule("PaiWorkspace@@Config", PermissionLevel::kCustomPermissions,
                           {{{"paiworkspace:UpdateConfigs"}, {{"ANY", "ANY"}}}})),
            "ok");
}

// --- seed scenarios ---------------------------------------------------------------------------

class SeedScenario : public ::testing::Test {
 protected:
  policy::Decision As(const char* role, const char* action, AssetClass c) {
    policy::CompiledPolicySet set(
        {MustCompile(RoleDefinition::BuiltIn(role)), CompileDefaultAllowPolicy(Cat())});
    return Decide(set, action, WorkspaceArn() + "/dataset/d-1", c);
  }
  static constexpr policy::Decision kAllow = policy::Decision::kAllow;
  static constexpr policy::Decision kDeny = policy::Decision::kImplicitDeny;
};

TEST_F(SeedScenario, VisitorViewsButCannotDeleteAPublicDataset) {
  EXPECT_EQ(As("Visitor", "PaiDataset:GetDataset", AssetClass::kPublicOthers), kAllow);
  EXPECT_EQ(As("Visitor", "PaiDataset:DeleteDataset", AssetClass::kPublicOthers), kDeny);
  EXPECT_EQ(As("Visitor", "PaiDataset:UpdateDataset", AssetClass::kPublicOthers), kDeny);
}

TEST_F(SeedScenario, DeveloperDeletesOwnPrivateDatasetsOnly) {
  EXPECT_EQ(As("PAI.AlgoDeveloper", "PaiDataset:DeleteDataset", AssetClass::kPrivateCreator),
            kAllow);
  EXPECT_EQ(As("PAI.AlgoDeveloper", "PaiDataset:DeleteDataset", AssetClass::kPrivateOthers), kDeny);
  EXPECT_EQ(As("PAI.AlgoDeveloper", "PaiDataset:DeleteDataset", AssetClass::kPublicOthers), kDeny);
}

TEST_F(SeedScenario, OnlyAdministratorsListAll) {
  for (const char* action :
       {"PaiDataset:ListAllDatasets", "PaiModel:ListAllModels", "PaiImage:ListAllImages",
        "PaiCodeSource:ListAllCodeSources", "PaiDesigner:ListAllPipelineDrafts",
        "PaiExperiment:ListAllExperiments"}) {
    for (const catalog::Role& role : Cat().roles()) {
      const bool admin = role.grant_column == "PAI.WorkspaceAdmin";
      for (AssetClass c : catalog::kAllClasses) {
        EXPECT_EQ(As(role.api_name.c_str(), action, c), admin ? kAllow : kDeny)
            << role.api_name << " " << action;
      }
    }
  }
}

TEST_F(SeedScenario, EveryRoleGetsDefaultAllowActions) {
  for (const catalog::Role& role : Cat().roles()) {
    EXPECT_EQ(As(role.api_name.c_str(), "Pai:ListProducts", AssetClass::kPrivateOthers), kAllow);
  }
}

TEST_F(SeedScenario, ExplicitDenyBeatsTheOwnerRole) {
  policy::ParseResult deny = policy::ParsePolicy(
      R"({"Version":"1","Statement":[{"Effect":"Deny","Action":"paidataset:DeleteDataset",)"
      R"("Resource":"*"}]})");
  ASSERT_TRUE(deny.ok());
  policy::CompiledPolicySet set({MustCompile(RoleDefinition::BuiltIn("PAI.WorkspaceOwner")),
                                 policy::Policy{"DenyDatasetDeletion", "v1", *deny.document}});
  policy::DecisionTrace trace;
  EXPECT_EQ(Decide(set, "PaiDataset:DeleteDataset", WorkspaceArn() + "/dataset/d-1",
                   AssetClass::kPrivateCreator, &trace),
            policy::Decision::kExplicitDeny);
  ASSERT_EQ(trace.statements.size(), 1u);
  EXPECT_EQ(set.policy(trace.statements[0]).name, "DenyDatasetDeletion");
  EXPECT_EQ(Decide(set, "PaiDataset:GetDataset", WorkspaceArn() + "/dataset/d-1",
                   AssetClass::kPrivateOthers, &trace),
            policy::Decision::kAllow);
  EXPECT_EQ(set.statement(trace.statements[0]).sid, "WorkspaceOwnerAny");
}

}  // namespace
}  // namespace paiam::workspace
