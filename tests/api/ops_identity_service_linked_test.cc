// Tests for ResourceManager's service-linked role operations (ops_resourcemanager.cc) and the RAM
// operations' refusals on such roles: targets (ram:<Operation> on the role ARN with
// ram:ServiceName in the request context), that seed 003's conditioned policy allows exactly
// its service, replies, deletion tasks, and that refusals leave the state untouched.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "identity/service_linked_roles.h"
#include "ops_identity_fixture.h"

namespace paiam::api::testing {
namespace {

constexpr char kWs[] = "aiworkspace.pai.aliyuncs.com";
constexpr char kWsRole[] = "AliyunServiceRoleForPAIWorkspace";

// Seed 003's statement: ram:CreateServiceLinkedRole on * when ram:ServiceName is EAS's.
constexpr char kSeed003Policy[] = R"({"Version":"1","Statement":[{
  "Action":"ram:CreateServiceLinkedRole","Resource":"*","Effect":"Allow",
  "Condition":{"StringEquals":{"ram:ServiceName":"eas.pai.aliyuncs.com"}}}]})";

class ServiceLinkedOpsTest : public OpsIdentityTest {
 protected:
  // The engine's decision for `caller` on the operation's target, with the target's context.
  policy::Decision Decide(std::string_view op, const Json& params, const Caller& caller) {
    StatusOr<AuthzTarget> target = Target(op, params, caller);
    EXPECT_TRUE(target.ok()) << target.status().ToString();
    if (!target.ok()) return policy::Decision::kImplicitDeny;
    std::vector<policy::ContextEntry> context;
    for (const auto& [k, v] : target->context) context.push_back({k, v});
    auto snapshot = SnapshotOf(state_);
    authz::Authorizer authorizer(snapshot);
    return authorizer.Check(caller.arn, target->action, target->resource, context);
  }
  std::string Dump() {
    std::string out;
    for (const identity::Role* r : state_.directory.ListRoles(kAcct)) {
      out += r->name + " " + std::to_string(r->max_session_duration) + " " + r->trust_policy_text +
             " " + r->description;
      for (const auto& p : r->policies) out += " p:" + p.name;
      out += "\n";
    }
    return out;
  }
};

TEST_F(ServiceLinkedOpsTest, TheOperationsAreInTheTable) {
  for (const char* name : {"CreateServiceLinkedRole", "DeleteServiceLinkedRole"}) {
    const Operation* op = FindOperation(name);
    ASSERT_NE(op, nullptr) << name;
    EXPECT_TRUE(op->writes);
    EXPECT_NE(op->apply, nullptr);
  }
  EXPECT_NE(FindOperation("DeleteServiceLinkedRole")->prepare, nullptr);
  const Operation* status = FindOperation("GetServiceLinkedRoleDeletionStatus");
  ASSERT_NE(status, nullptr);
  EXPECT_FALSE(status->writes);
  EXPECT_NE(status->read, nullptr);
}

TEST_F(ServiceLinkedOpsTest, TargetsCarryTheServiceName) {
  StatusOr<AuthzTarget> create = Target("CreateServiceLinkedRole", {{"ServiceName", kWs}});
  ASSERT_TRUE(create.ok());
  EXPECT_EQ(create->action, "ram:CreateServiceLinkedRole");
  EXPECT_EQ(create->resource, "acs:ram:*:1000000000000001:role/AliyunServiceRoleForPAIWorkspace");
  ASSERT_EQ(create->context.size(), 1u);
  EXPECT_EQ(create->context[0].first, "ram:ServiceName");
  EXPECT_EQ(create->context[0].second, kWs);
  StatusOr<AuthzTarget> suffixed =
      Target("CreateServiceLinkedRole", {{"ServiceName", kWs}, {"CustomSuffix", "x"}});
  EXPECT_EQ(suffixed->resource, std::string("acs:ram:*:1000000000000001:role/") + kWsRole + "_x");
  EXPECT_EQ(Target("CreateServiceLinkedRole", {{"ServiceName", "no.aliyuncs.com"}}).status().rule(),
            "InvalidParameter.ServiceName");
  EXPECT_EQ(Target("CreateServiceLinkedRole", Json::object()).status().rule(),
            "MissingParameter.ServiceName");

  Ok("CreateServiceLinkedRole", {{"ServiceName", kWs}});
  StatusOr<AuthzTarget> del = Target("DeleteServiceLinkedRole", {{"RoleName", kWsRole}});
  ASSERT_TRUE(del.ok());
  EXPECT_EQ(del->action, "ram:DeleteServiceLinkedRole");
  ASSERT_EQ(del->context.size(), 1u);
  EXPECT_EQ(del->context[0].second, kWs);
  // An unknown role has no service to name; apply refuses it after authorization.
  EXPECT_TRUE(Target("DeleteServiceLinkedRole", {{"RoleName", "zed"}})->context.empty());
  // Clients may not choose the task's id.
  EXPECT_EQ(Target("DeleteServiceLinkedRole", {{"RoleName", kWsRole}, {"DeletionTaskUuid", "x"}})
                .status()
                .rule(),
            "InvalidParameter.DeletionTaskUuid");
}

TEST_F(ServiceLinkedOpsTest, Seed003PolicyAllowsExactlyItsService) {
  Ok("CreateUser", {{"UserName", "dev"}});
  Ok("CreatePolicy", {{"PolicyName", "eas-slr"}, {"PolicyDocument", kSeed003Policy}});
  Ok("AttachPolicyToUser",
     {{"PolicyType", "Custom"}, {"PolicyName", "eas-slr"}, {"UserName", "dev"}});
  const Caller dev = UserCaller("dev");
  EXPECT_EQ(Decide("CreateServiceLinkedRole", {{"ServiceName", "eas.pai.aliyuncs.com"}}, dev),
            policy::Decision::kAllow);
  EXPECT_EQ(Decide("CreateServiceLinkedRole", {{"ServiceName", kWs}}, dev),
            policy::Decision::kImplicitDeny);
  EXPECT_EQ(
      Decide("CreateServiceLinkedRole", {{"ServiceName", "featurestore.pai.aliyuncs.com"}}, dev),
      policy::Decision::kImplicitDeny);
  // The service-linked role's own policy lets it delete itself, and nothing else.
  Ok("CreateServiceLinkedRole", {{"ServiceName", kWs}});
  Ok("CreateServiceLinkedRole", {{"ServiceName", "featurestore.pai.aliyuncs.com"}});
  const Caller self{kAcct, identity::RoleArn(kAcct, kWsRole), identity::PrincipalType::kRole};
  EXPECT_EQ(Decide("DeleteServiceLinkedRole", {{"RoleName", kWsRole}}, self),
            policy::Decision::kAllow);
  EXPECT_EQ(Decide("DeleteServiceLinkedRole", {{"RoleName", "AliyunServiceRoleForPaiFeatureStore"}},
                   self),
            policy::Decision::kImplicitDeny);
}

TEST_F(ServiceLinkedOpsTest, CreateAnswersTheRoleAndGetRoleShowsIt) {
  Json out = Ok("CreateServiceLinkedRole", {{"ServiceName", kWs}});
  const Json& role = out["Role"];
  EXPECT_EQ(role["RoleName"], kWsRole);
  EXPECT_EQ(role["Arn"], std::string("acs:ram::1000000000000001:role/") + kWsRole);
  EXPECT_EQ(role["AssumeRolePolicyDocument"], identity::ServiceTrustPolicy(kWs));
  EXPECT_EQ(role["IsServiceLinkedRole"], true);
  EXPECT_EQ(role["RolePrincipalName"],
            std::string(kWsRole) + "@role.1000000000000001.onaliyunservice.com");
  EXPECT_EQ(role["CreateDate"], "2015-01-23T12:33:18Z");
  EXPECT_TRUE(std::regex_match(role["RoleId"].get<std::string>(), std::regex("[0-9]{16}")));
  EXPECT_FALSE(role["Description"].get<std::string>().empty());
  Json got = Ok("GetRole", {{"RoleName", kWsRole}});
  EXPECT_EQ(got["Role"]["RoleId"], role["RoleId"]);
  Json policies = Ok("ListPoliciesForRole", {{"RoleName", kWsRole}});
  ASSERT_EQ(policies["Policies"]["Policy"].size(), 1u);
  EXPECT_EQ(policies["Policies"]["Policy"][0]["PolicyName"],
            "AliyunServiceRolePolicyForPAIWorkspace");
  EXPECT_EQ(policies["Policies"]["Policy"][0]["AttachDate"], "2015-01-23T12:33:18Z");
  EXPECT_EQ(Rule("CreateServiceLinkedRole", {{"ServiceName", kWs}}), "EntityAlreadyExists.Role");
}

TEST_F(ServiceLinkedOpsTest, RamOperationsCannotChangeIt) {
  Ok("CreateServiceLinkedRole", {{"ServiceName", kWs}});
  const std::string before = Dump();
  const Json role = {{"RoleName", kWsRole}};
  EXPECT_EQ(Rule("DeleteRole", role), "DeleteConflict.Role.ServiceLinkedRole");
  EXPECT_EQ(
      Rule("DetachPolicyFromRole", {{"RoleName", kWsRole},
                                    {"PolicyType", "System"},
                                    {"PolicyName", "AliyunServiceRolePolicyForPAIWorkspace"}}),
      "Unmodifiable.ServiceLinkedRole.Policy");
  EXPECT_EQ(Rule("AttachPolicyToRole", {{"RoleName", kWsRole},
                                        {"PolicyType", "System"},
                                        {"PolicyName", "AliyunOSSFullAccess"}}),
            "Unmodifiable.ServiceLinkedRole.Policy");
  EXPECT_EQ(Rule("UpdateRole", {{"RoleName", kWsRole}, {"NewMaxSessionDuration", 7200}}),
            "Unmodifiable.ServiceLinkedRole.MaxSessionDuration");
  EXPECT_EQ(Rule("UpdateRole", {{"RoleName", kWsRole},
                                {"NewAssumeRolePolicyDocument",
                                 identity::ServiceTrustPolicy("eas.pai.aliyuncs.com")}}),
            "Unmodifiable.ServiceLinkedRole.AssumeRolePolicyDocument");
  EXPECT_EQ(Dump(), before);
}

TEST_F(ServiceLinkedOpsTest, DeleteRecordsATaskWhoseStatusIsSucceeded) {
  Ok("CreateServiceLinkedRole", {{"ServiceName", kWs}});
  Ok("CreateRole",
     {{"RoleName", "ops"},
      {"AssumeRolePolicyDocument", identity::ServiceTrustPolicy("ecs.aliyuncs.com")}});
  EXPECT_EQ(Rule("DeleteServiceLinkedRole", {{"RoleName", "ops"}}),
            "EntityNotExist.ServiceLinkedRole");
  EXPECT_EQ(Rule("DeleteServiceLinkedRole", {{"RoleName", "zed"}}), "EntityNotExist.Role");
  Json out = Ok("DeleteServiceLinkedRole", {{"RoleName", kWsRole}});
  const std::string id = out["DeletionTaskId"];
  EXPECT_TRUE(std::regex_match(
      id, std::regex("task/acs-service-role/aiworkspace\\.pai\\.aliyuncs\\.com/"
                     "AliyunServiceRoleForPAIWorkspace/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-"
                     "[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << id;
  // Replay: apply with the logged (prepared) parameters rebuilds the same task id.
  EXPECT_EQ(id.substr(id.rfind('/') + 1), last_prepared_["DeletionTaskUuid"]);
  EXPECT_EQ(Rule("GetRole", {{"RoleName", kWsRole}}), "EntityNotExist.Role");

  StatusOr<AuthzTarget> target =
      Target("GetServiceLinkedRoleDeletionStatus", {{"DeletionTaskId", id}});
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(target->action, "ram:GetServiceLinkedRoleDeletionStatus");
  EXPECT_EQ(target->resource, std::string("acs:ram:*:1000000000000001:role/") + kWsRole);
  EXPECT_EQ(target->context[0].second, kWs);
  EXPECT_EQ(Ok("GetServiceLinkedRoleDeletionStatus", {{"DeletionTaskId", id}}),
            (Json{{"Status", "SUCCEEDED"}}));
  // The task belongs to its account.
  ASSERT_TRUE(state_.directory.CreateAccount("1000000000000002").ok());
  EXPECT_EQ(Rule("GetServiceLinkedRoleDeletionStatus", {{"DeletionTaskId", id}},
                 RootCaller("1000000000000002")),
            "EntityNotExist.DeletionTask");
  EXPECT_EQ(Rule("GetServiceLinkedRoleDeletionStatus",
                 {{"DeletionTaskId", "task/acs-service-role/a.aliyuncs.com/R/none"}}),
            "EntityNotExist.DeletionTask");
  for (const char* bad :
       {"x", "task/acs-service-role/", "task/acs-service-role/a/b", "task/acs-service-role//R/u",
        "task/acs-service-role/a//u", "task/acs-service-role/a/R/"}) {
    EXPECT_EQ(Rule("GetServiceLinkedRoleDeletionStatus", {{"DeletionTaskId", bad}}),
              "InvalidParameter.DeletionTaskId")
        << bad;
  }
}

}  // namespace
}  // namespace paiam::api::testing
