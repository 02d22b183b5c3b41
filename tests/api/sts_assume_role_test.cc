// STS AssumeRole through Service::Handle: the response shape, every parameter rule with its
// code and status, the two authorizations (the engine's sts:AssumeRole and the role's trust
// policy), role chaining, ExternalId, and the audit entry.
#include <regex>

#include <gtest/gtest.h>

#include "api/sts_fixture.h"

namespace paiam::api::testing {
namespace {

class AssumeRoleTest : public StsServiceTest {
 protected:
  void SetUp() override {
    StsServiceTest::SetUp();
    alice_ = User("alice", "AliyunSTSAssumeRoleAccess");
    reader_id_ = Role("reader", TrustAccount());
    AttachCustom("Role", "reader", "ReadUsers", Allow({"ram:GetUser", "ram:ListUsers"}));
  }
  Key alice_;
  std::string reader_id_;
};

TEST_F(AssumeRoleTest, ResponseHasTheSpecShape) {
  Reply r = Assume(alice_, "reader", "build-42");
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_TRUE(r.body["RequestId"].is_string());
  EXPECT_EQ(r.body["AssumedRoleUser"]["Arn"], "acs:ram::" + account_ + ":role/reader/build-42");
  EXPECT_EQ(r.body["AssumedRoleUser"]["AssumedRoleId"], reader_id_ + ":build-42");
  const Json& c = r.body["Credentials"];
  std::string id = c["AccessKeyId"];
  EXPECT_TRUE(std::regex_match(id, std::regex("STS\\.[A-Za-z0-9]{24}"))) << id;
  EXPECT_GE(c["AccessKeySecret"].get<std::string>().size(), 30u);
  EXPECT_FALSE(c["SecurityToken"].get<std::string>().empty());
  // Strict YYYY-MM-DDTHH:mm:ssZ, DurationSeconds defaulting to 3600.
  EXPECT_EQ(c["Expiration"], "2023-11-14T23:13:20Z");
  EXPECT_FALSE(r.body.contains("SourceIdentity"));
}

TEST_F(AssumeRoleTest, DurationAndSourceIdentityAreHonoured) {
  Role("long", TrustAccount(), "7200");
  Reply r = Assume(alice_, "long", "s1", {{"DurationSeconds", "7200"}, {"SourceIdentity", "alice@corp"}});
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["Credentials"]["Expiration"], "2023-11-15T00:13:20Z");
  EXPECT_EQ(r.body["SourceIdentity"], "alice@corp");
  r = Assume(alice_, "long", "s1", {{"DurationSeconds", "900"}}, /*v1=*/true);
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["Credentials"]["Expiration"], "2023-11-14T22:28:20Z");
}

TEST_F(AssumeRoleTest, ParameterErrorsHaveTheirCodes) {
  struct Case {
    std::vector<std::pair<std::string, std::string>> params;
    std::string code;
  };
  std::string arn = RoleArn("reader");
  std::string big_policy = Allow({"ram:GetUser"});
  big_policy.insert(big_policy.size() - 2, std::string(2100, ' '));
  const Case cases[] = {
      {{{"RoleSessionName", "s1"}}, "MissingParameter.RoleArn"},
      {{{"RoleArn", arn}}, "MissingParameter.RoleSessionName"},
      {{{"RoleArn", "acs:ram::" + account_ + ":user/reader"}, {"RoleSessionName", "s1"}},
       "InvalidParameter.RoleArn"},
      {{{"RoleArn", "acs:ram::*:role/reader"}, {"RoleSessionName", "s1"}},
       "InvalidParameter.RoleArn"},
      {{{"RoleArn", "acs:ram::" + account_ + ":role/"}, {"RoleSessionName", "s1"}},
       "InvalidParameter.RoleArn"},
      {{{"RoleArn", arn}, {"RoleSessionName", "s"}}, "InvalidParameter.RoleSessionName"},
      {{{"RoleArn", arn}, {"RoleSessionName", std::string(65, 'a')}},
       "InvalidParameter.RoleSessionName"},
      {{{"RoleArn", arn}, {"RoleSessionName", "a b"}}, "InvalidParameter.RoleSessionName"},
      {{{"RoleArn", arn}, {"RoleSessionName", "s1"}, {"DurationSeconds", "899"}},
       "InvalidParameter.DurationSeconds"},
      {{{"RoleArn", arn}, {"RoleSessionName", "s1"}, {"DurationSeconds", "3601"}},
       "InvalidParameter.DurationSeconds"},  // above the role's MaxSessionDuration (3600)
      {{{"RoleArn", arn}, {"RoleSessionName", "s1"}, {"DurationSeconds", "1h"}},
       "InvalidParameter.DurationSeconds"},
      {{{"RoleArn", arn}, {"RoleSessionName", "s1"}, {"Policy", big_policy}},
       "InvalidParameter.PolicySize"},
      {{{"RoleArn", arn}, {"RoleSessionName", "s1"}, {"Policy", ""}},
       "InvalidParameter.PolicySize"},
      {{{"RoleArn", arn}, {"RoleSessionName", "s1"}, {"Policy", "{\"Version\":\"1\"}"}},
       "InvalidParameter.PolicyGrammar"},
      {{{"RoleArn", arn},
        {"RoleSessionName", "s1"},
        {"Policy", R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser"}]})"}},
       "InvalidParameter.PolicyGrammar"},  // no Resource: not a session policy
      {{{"RoleArn", arn}, {"RoleSessionName", "s1"}, {"ExternalId", "x"}},
       "InvalidParameter.ExternalId"},
      {{{"RoleArn", arn}, {"RoleSessionName", "s1"}, {"ExternalId", "a b"}},
       "InvalidParameter.ExternalId"},
      {{{"RoleArn", arn}, {"RoleSessionName", "s1"}, {"SourceIdentity", "acs:me"}},
       "InvalidParameter.SourceIdentity"},
      {{{"RoleArn", arn}, {"RoleSessionName", "s1"}, {"SourceIdentity", "a/b"}},
       "InvalidParameter.SourceIdentity"},
      {{{"RoleArn", arn}, {"RoleSessionName", "s1"}, {"Bogus", "1"}}, "InvalidParameter.Bogus"},
  };
  for (const Case& c : cases) {
    Reply r = Rpc(alice_, "AssumeRole", c.params);
    EXPECT_EQ(r.status, 400) << c.code << ": " << r.body.dump();
    EXPECT_EQ(r.Code(), c.code) << r.body.dump();
  }
}

TEST_F(AssumeRoleTest, UnknownRoleIsNotFoundForAnAuthorizedCaller) {
  Reply r = Assume(alice_, "ghost", "s1");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Code(), "EntityNotExist.Role");
  // Without sts:AssumeRole the caller learns nothing about which roles exist.
  Key bob = User("bob");
  r = Assume(bob, "ghost", "s1");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.Code(), "NoPermission");
}

TEST_F(AssumeRoleTest, RootCannotAssumeRoles) {
  Reply r = Assume(Root(), "reader", "s1");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.Code(), "NoPermission");
  EXPECT_EQ(r.body["Message"].get<std::string>().rfind(
                "You are not authorized to do this action. You should be authorized by RAM.", 0),
            0u);
}

TEST_F(AssumeRoleTest, TheEngineMustAllowStsAssumeRoleOnTheRole) {
  Key bob = User("bob");
  Reply r = Assume(bob, "reader", "s1");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.Code(), "NoPermission");
  EXPECT_EQ(r.body["AccessDeniedDetail"]["AuthAction"], "sts:AssumeRole");
  EXPECT_EQ(r.body["AccessDeniedDetail"]["NoPermissionType"], "ImplicitDeny");
  // Allowed on another role only: still denied on this one.
  AttachCustom("User", "bob", "AssumeOther",
               Json{{"Version", "1"},
                    {"Statement",
                     {{{"Effect", "Allow"},
                       {"Action", "sts:AssumeRole"},
                       {"Resource", RoleArn("other")}}}}}
                   .dump());
  EXPECT_EQ(Assume(bob, "reader", "s1").status, 403);
  // An explicit Deny beats AliyunSTSAssumeRoleAccess, and is named.
  AttachCustom("User", "alice", "NoAssume", Allow({"sts:AssumeRole"}, "Deny"));
  r = Assume(alice_, "reader", "s1");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body["AccessDeniedDetail"]["NoPermissionType"], "ExplicitDeny");
  EXPECT_NE(r.body["Message"].get<std::string>().find("NoAssume"), std::string::npos);
}

TEST_F(AssumeRoleTest, TheTrustPolicyMustAdmitTheCaller) {
  Role("only-bob", Trust("RAM", "acs:ram::" + account_ + ":user/bob"));
  Role("service", Trust("Service", "pai.aliyuncs.com"));
  Role("other-account", Trust("RAM", "acs:ram::1999999999999999:root"));
  for (const char* role : {"only-bob", "service", "other-account"}) {
    Reply r = Assume(alice_, role, "s1");
    EXPECT_EQ(r.status, 403) << role;
    EXPECT_EQ(r.Code(), "NoPermission") << role;
    EXPECT_EQ(r.body["AccessDeniedDetail"]["PolicyType"], "AssumeRolePolicy") << role;
  }
  Key bob = User("bob", "AliyunSTSAssumeRoleAccess");
  EXPECT_EQ(Assume(bob, "only-bob", "s1").status, 200);
}

TEST_F(AssumeRoleTest, ExternalIdIsAConditionKeyOfTheTrustPolicy) {
  Json trust = Json::parse(TrustAccount());
  trust["Statement"][0]["Condition"] = {{"StringEquals", {{"sts:ExternalId", "abc-123"}}}};
  Role("partner", trust.dump());
  EXPECT_EQ(Assume(alice_, "partner", "s1").status, 403);
  EXPECT_EQ(Assume(alice_, "partner", "s1", {{"ExternalId", "wrong-id"}}).status, 403);
  EXPECT_EQ(Assume(alice_, "partner", "s1", {{"ExternalId", "abc-123"}}).status, 200);
}

TEST_F(AssumeRoleTest, ARoleSessionAssumesARoleThatTrustsItsRole) {
  AttachSystem("Role", "reader", "AliyunSTSAssumeRoleAccess");
  Role("deployer", Trust("RAM", RoleArn("reader")));
  Key session = AssumeOk(alice_, "reader", "first", {{"SourceIdentity", "alice"}});
  // The chained session keeps the first one's SourceIdentity and may not change it.
  Reply r = Assume(session, "deployer", "second");
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["SourceIdentity"], "alice");
  r = Assume(session, "deployer", "second", {{"SourceIdentity", "mallory"}});
  EXPECT_EQ(r.Code(), "InvalidParameter.SourceIdentity");
  // alice herself is not the trusted principal of deployer.
  EXPECT_EQ(Assume(alice_, "deployer", "x1").status, 403);
}

TEST_F(AssumeRoleTest, AssumeRoleIsAuditedWithoutSecrets) {
  Reply r = Assume(alice_, "reader", "audited");
  ASSERT_EQ(r.status, 200);
  std::string key_id = r.body["Credentials"]["AccessKeyId"];
  EXPECT_EQ(Assume(User("carol"), "reader", "denied").status, 403);
  Reply audit = Get(Root(), "/v1/audit", {{"action", "sts:AssumeRole"}});
  ASSERT_EQ(audit.status, 200) << audit.body.dump();
  const Json& entries = audit.body["entries"];
  ASSERT_EQ(entries.size(), 2u) << audit.body.dump();
  EXPECT_EQ(entries[0]["caller"], "acs:ram::" + account_ + ":user/alice");
  EXPECT_EQ(entries[0]["resource"], RoleArn("reader"));
  EXPECT_EQ(entries[0]["operation"], "AssumeRole");
  EXPECT_EQ(entries[0]["result"], "Success");
  EXPECT_EQ(entries[0]["parameters"]["AccessKeyId"], key_id);
  EXPECT_EQ(entries[0]["parameters"]["RoleSessionName"], "audited");
  EXPECT_EQ(entries[1]["caller"], "acs:ram::" + account_ + ":user/carol");
  EXPECT_EQ(entries[1]["result"], "NoPermission");
  std::string text = audit.body.dump();
  EXPECT_EQ(text.find(r.body["Credentials"]["AccessKeySecret"].get<std::string>()),
            std::string::npos);
  EXPECT_EQ(text.find(r.body["Credentials"]["SecurityToken"].get<std::string>()),
            std::string::npos);
}

TEST_F(AssumeRoleTest, NativeOpsEndpointReachesAssumeRoleToo) {
  auth::OutgoingRequest out;
  out.method = "POST";
  out.raw_path = "/v1/ops/AssumeRole";
  out.headers = {{"host", "127.0.0.1:8080"}, {"content-type", "application/json"}};
  out.body = Json{{"RoleArn", RoleArn("reader")},
                  {"RoleSessionName", "native"},
                  {"Policy", Json::parse(Allow({"ram:GetUser"}))}}
                 .dump();
  auth::SignAcs3(out, alice_.id, alice_.secret, "nonce-native", auth::FormatIso8601(now_));
  Reply r = Send(out);
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["AssumedRoleUser"]["AssumedRoleId"], reader_id_ + ":native");
}

}  // namespace
}  // namespace paiam::api::testing
