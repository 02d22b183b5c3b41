// Requests signed with STS credentials through Service::Handle: the session acts as its role
// narrowed by the session policy, under both signatures; every token refusal has its code;
// tokens expire, die with their role and survive a restart; GetCallerIdentity and whoami.
#include <gtest/gtest.h>

#include "api/sts_fixture.h"

namespace paiam::api::testing {
namespace {

class StsSessionTest : public StsServiceTest {
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

TEST_F(StsSessionTest, TheSessionActsAsItsRoleUnderBothSignatures) {
  Key session = AssumeOk(alice_, "reader", "s1");
  for (bool v1 : {false, true}) {
    Reply r = Rpc(session, "ListUsers", {}, v1);
    EXPECT_EQ(r.status, 200) << v1 << r.body.dump();
    r = Rpc(session, "CreateUser", {{"UserName", "mallory"}}, v1);
    EXPECT_EQ(r.status, 403) << v1;
    EXPECT_EQ(r.Code(), "NoPermission");
    EXPECT_EQ(r.body["AccessDeniedDetail"]["AuthPrincipalType"], "AssumedRoleUser");
    EXPECT_EQ(r.body["AccessDeniedDetail"]["AuthPrincipalDisplayName"], "reader:s1");
  }
  // The refused write left nothing behind.
  EXPECT_EQ(Rpc(Root(), "GetUser", {{"UserName", "mallory"}}).Code(), "EntityNotExist.User");
}

TEST_F(StsSessionTest, TheSessionPolicyNarrowsTheRole) {
  Key narrow = AssumeOk(alice_, "reader", "narrow", {{"Policy", Allow({"ram:GetUser"})}});
  EXPECT_EQ(Rpc(narrow, "GetUser", {{"UserName", "alice"}}).status, 200);
  Reply r = Rpc(narrow, "ListUsers");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body["AccessDeniedDetail"]["NoPermissionType"], "ImplicitDeny");
  // A session policy cannot grant more than the role has.
  Key wide = AssumeOk(alice_, "reader", "wide", {{"Policy", Allow({"ram:*"})}});
  EXPECT_EQ(Rpc(wide, "ListUsers").status, 200);
  EXPECT_EQ(Rpc(wide, "CreateUser", {{"UserName", "x"}}).status, 403);
  // Its Deny is final and named as the session policy's.
  Key denied = AssumeOk(alice_, "reader", "deny", {{"Policy", Allow({"ram:ListUsers"}, "Deny")}});
  r = Rpc(denied, "ListUsers");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body["AccessDeniedDetail"]["NoPermissionType"], "ExplicitDeny");
  EXPECT_EQ(r.body["AccessDeniedDetail"]["PolicyType"], "SessionPolicy");
}

// An operation's own permission probes (SLS forwarding asks the engine about log:* actions)
// see the session policy too: a session that may not open SLS data collection cannot enable
// forwarding, though its role could.
TEST_F(StsSessionTest, TheSessionPolicyNarrowsAnOperationsOwnPermissionProbes) {
  Role("platform", TrustAccount());
  AttachSystem("Role", "platform", "AliyunPAIFullAccess");
  AttachSystem("Role", "platform", "AliyunLogFullAccess");
  Reply created = Rpc(Root(), "CreateWorkspace",
                      {{"WorkspaceName", "logs_team"}, {"Description", "d"},
                       {"EnvTypes", "[\"prod\"]"}});
  ASSERT_EQ(created.status, 200) << created.body.dump();
  const std::string ws = created.body["WorkspaceId"];
  std::vector<std::pair<std::string, std::string>> enable = {
      {"WorkspaceId", ws}, {"Project", "pai-logs"}, {"Logstore", "dsw"},
      {"Modules", "[\"DSW\"]"}};
  Key narrowed = AssumeOk(
      alice_, "platform", "narrowed",
      {{"Policy", Json{{"Version", "1"},
                       {"Statement",
                        {{{"Effect", "Allow"}, {"Action", {"pai:*", "paiworkspace:*", "log:*"}},
                          {"Resource", "*"}},
                         {{"Effect", "Deny"}, {"Action", "log:OpenProductDataCollection"},
                          {"Resource", "*"}}}}}
                      .dump()}});
  Reply denied = Rpc(narrowed, "EnableSlsForwarding", enable);
  EXPECT_EQ(denied.Code(), "workspace.sls-forwarding-denied") << denied.body.dump();
  EXPECT_NE(denied.body["Message"].get<std::string>().find("log:OpenProductDataCollection"),
            std::string::npos);
  Key full = AssumeOk(alice_, "platform", "full");
  Reply enabled = Rpc(full, "EnableSlsForwarding", enable);
  EXPECT_EQ(enabled.status, 200) << enabled.body.dump();
}

TEST_F(StsSessionTest, TokensExpire) {
  Key session = AssumeOk(alice_, "reader", "s1", {{"DurationSeconds", "900"}});
  now_ += 899'000;
  EXPECT_EQ(Rpc(session, "ListUsers").status, 200);
  now_ += 1'000;
  Reply r = Rpc(session, "ListUsers");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Code(), "InvalidSecurityToken.Expired");
}

TEST_F(StsSessionTest, DeletingOrRecreatingTheRoleRevokesItsTokens) {
  Role("temp", TrustAccount());
  Key session = AssumeOk(alice_, "temp", "s1");
  EXPECT_EQ(Rpc(session, "GetCallerIdentity").status, 200);
  RootOk("DeleteRole", {{"RoleName", "temp"}});
  Reply r = Rpc(session, "GetCallerIdentity");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Code(), "InvalidSecurityToken.Revoked");
  Role("temp", TrustAccount());  // same name, new RoleId
  EXPECT_EQ(Rpc(session, "GetCallerIdentity").Code(), "InvalidSecurityToken.Revoked");
  EXPECT_EQ(Rpc(AssumeOk(alice_, "temp", "s2"), "GetCallerIdentity").status, 200);
}

TEST_F(StsSessionTest, TokensSurviveARestart) {
  Key session = AssumeOk(alice_, "reader", "s1");
  Open();
  EXPECT_EQ(Rpc(session, "ListUsers").status, 200);
}

TEST_F(StsSessionTest, TokenRefusalsHaveTheirCodes) {
  Key session = AssumeOk(alice_, "reader", "s1");
  Key other = AssumeOk(alice_, "reader", "s2");
  struct Case {
    Key key;
    std::string code;
    int status;
  };
  std::string tampered = session.token;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  const Case cases[] = {
      {{session.id, session.secret, ""}, "MissingSecurityToken", 400},
      {{alice_.id, alice_.secret, session.token}, "InvalidSecurityToken.MismatchWithAccessKey",
       400},
      {{other.id, other.secret, session.token}, "InvalidSecurityToken.MismatchWithAccessKey",
       400},
      {{session.id, session.secret, tampered}, "InvalidSecurityToken.Malformed", 400},
      {{session.id, session.secret, "CAIS-not-ours"}, "InvalidSecurityToken.Malformed", 400},
      {{session.id, session.secret + "x", session.token}, "SignatureDoesNotMatch", 400},
  };
  for (const Case& c : cases) {
    Reply r = Rpc(c.key, "ListUsers");
    EXPECT_EQ(r.status, c.status) << c.code << ": " << r.body.dump();
    EXPECT_EQ(r.Code(), c.code) << r.body.dump();
  }
}

TEST_F(StsSessionTest, TokensOfAnotherServerAreMalformed) {
  Key session = AssumeOk(alice_, "reader", "s1");
  std::string first_dir = dir_;
  char pattern[] = "/tmp/paiam-sts2-XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  Open(pattern);  // another data directory: another sealing key
  Reply r = Rpc(session, "GetCallerIdentity");
  EXPECT_EQ(r.Code(), "InvalidSecurityToken.Malformed") << r.body.dump();
  Open(first_dir);
  std::filesystem::remove_all(pattern);
}

TEST_F(StsSessionTest, ASessionRequestCannotBeReplayed) {
  Key session = AssumeOk(alice_, "reader", "s1");
  auth::OutgoingRequest out;
  out.method = "POST";
  out.raw_path = "/";
  out.headers = {{"host", "127.0.0.1:8080"}, {"x-acs-action", "ListUsers"},
                 {"x-acs-version", "2015-05-01"}};
  auth::SignAcs3(out, session.id, session.secret, "replayed-nonce", auth::FormatIso8601(now_),
                 session.token);
  EXPECT_EQ(Send(out).status, 200);
  Reply again = Send(out);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.Code(), "SignatureNonceUsed");
}

TEST_F(StsSessionTest, GetCallerIdentityForEachKindOfCaller) {
  Reply r = Rpc(AssumeOk(alice_, "reader", "ci"), "GetCallerIdentity");
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["IdentityType"], "AssumedRoleUser");
  EXPECT_EQ(r.body["AccountId"], account_);
  EXPECT_EQ(r.body["Arn"], "acs:ram::" + account_ + ":assumed-role/reader/ci");
  EXPECT_EQ(r.body["RoleId"], reader_id_);
  EXPECT_EQ(r.body["PrincipalId"], reader_id_ + ":ci");
  EXPECT_FALSE(r.body.contains("UserId"));

  std::string alice_id = RootOk("GetUser", {{"UserName", "alice"}})["User"]["UserId"];
  r = Rpc(alice_, "GetCallerIdentity", {}, /*v1=*/true);
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["IdentityType"], "RAMUser");
  EXPECT_EQ(r.body["Arn"], "acs:ram::" + account_ + ":user/alice");
  EXPECT_EQ(r.body["UserId"], alice_id);
  EXPECT_EQ(r.body["PrincipalId"], alice_id);

  // No RAM action is needed: a user without any policy may ask too.
  EXPECT_EQ(Rpc(User("nobody"), "GetCallerIdentity").status, 200);

  r = Rpc(Root(), "GetCallerIdentity");
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["IdentityType"], "Account");
  EXPECT_EQ(r.body["Arn"], "acs:ram::" + account_ + ":root");
  EXPECT_EQ(r.body["PrincipalId"], account_);
  EXPECT_FALSE(r.body.contains("UserId"));

  EXPECT_EQ(Rpc(Root(), "GetCallerIdentity", {{"Extra", "1"}}).Code(), "InvalidParameter.Extra");
}

TEST_F(StsSessionTest, WhoAmIShowsTheSession) {
  Key session = AssumeOk(alice_, "reader", "who", {{"SourceIdentity", "alice"},
                                                   {"Policy", Allow({"ram:GetUser"})}});
  Reply r = Get(session, "/v1/whoami");
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["identity_type"], "AssumedRoleUser");
  EXPECT_EQ(r.body["arn"], "acs:ram::" + account_ + ":assumed-role/reader/who");
  EXPECT_EQ(r.body["access_key_id"], session.id);
  EXPECT_EQ(r.body["session"]["role_name"], "reader");
  EXPECT_EQ(r.body["session"]["role_id"], reader_id_);
  EXPECT_EQ(r.body["session"]["session_name"], "who");
  EXPECT_EQ(r.body["session"]["expiration"], "2023-11-14T23:13:20Z");
  EXPECT_EQ(r.body["session"]["source_identity"], "alice");
  EXPECT_EQ(r.body["session"]["has_policy"], true);
  EXPECT_FALSE(Get(alice_, "/v1/whoami").body.contains("session"));
}

}  // namespace
}  // namespace paiam::api::testing
