// Every validation rule of shared/spec/alibaba-api.md §2.2 and every error code of §2.3 that
// paiam can produce, with the limits of §2.4 and the delete conflicts, driven through the
// operations the way the service drives them (target, then prepare + apply, or read). One row
// per rule: the operation, its parameters, the expected code and StatusCode; every refused row
// must leave the state exactly as it was.
//
// HTTP statuses: the mapping is HttpStatusFor in src/api/service.cc, which is not exported, so
// this test asserts the code and the StatusCode only. HttpStatusFor maps the families by prefix
// (EntityNotExist → 404; EntityAlreadyExists, DeleteConflict, LimitExceeded → 409) and the rest
// by StatusCode (InvalidArgument → 400, NotFound → 404, FailedPrecondition → 409, ...); the SDK
// tests (tests/sdk/errors_test.js, resourcemanager_test.js) check real statuses on the wire.
//
// Codes of §2.3 paiam never produces (login profiles, passwords, MFA are not implemented):
//   EntityNotExist.User.LoginProfile, EntityNotExist.User.MFADevice,
//   EntityNotExist.VirtualMFADevice, EntityAlreadyExists.User.LoginProfile,
//   EntityAlreadyExists.User.MFADevice, EntityAlreadyExists.VirtualMFADevice,
//   DeleteConflict.User.LoginProfile, DeleteConflict.User.MFADevice,
//   LimitExceeded.VirtualMFADevice, InvalidParameter.VirtualMFADeviceName.{InvalidChars,Length},
//   InvalidParameter.Password.TooWeak, CheckAuthenticationCodeFail, Inactive (an inactive
//   AccessKey is refused at authentication as InvalidAccessKeyId.Inactive);
//   InternalError has no input that reaches it. NoPermission is Service::Authorize's answer,
//   checked on the wire by tests/sdk/seed_flow_test.js.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "identity/names.h"
#include "ops_identity_fixture.h"

namespace paiam::api::testing {
namespace {

constexpr char kOtherAcct[] = "1000000000000002";
constexpr char kDoc[] =
    R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]})";
constexpr char kTrust[] =
    R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",)"
    R"("Principal":{"RAM":["acs:ram::1000000000000001:root"]}}]})";

// Small quotas so that every LimitExceeded row is one step away from its limit.
identity::Limits SmallLimits() {
  identity::Limits l;
  l.users_per_account = 3;
  l.groups_per_account = 4;
  l.roles_per_account = 3;
  l.custom_policies_per_account = 5;
  l.groups_per_user = 2;
  l.versions_per_policy = 3;
  l.custom_policies_per_user = 2;
  l.system_policies_per_user = 1;
  l.custom_policies_per_group = 2;
  l.system_policies_per_group = 1;
  l.custom_policies_per_role = 2;
  l.system_policies_per_role = 1;
  l.access_keys_per_user = 2;
  return l;
}

Json Attach(const char* type, const char* policy, const char* holder_key, const char* holder) {
  return Json{{"PolicyType", type}, {"PolicyName", policy}, {holder_key, holder}};
}
std::string Chars(size_t n) { return std::string(n, 'a'); }

// Everything the rows could change.
std::string Dump(const identity::Directory& d) {
  std::string out;
  for (const identity::Account* a : d.ListAccounts()) {
    out += "account " + a->id + " " + a->alias + "\n";
    for (const identity::User* u : d.ListUsers(a->id)) {
      out += " user " + u->name + "|" + u->display_name + "|" + u->comments + "|" + u->email + "|" +
             u->mobile_phone;
      for (const auto& g : u->groups) out += " g:" + g;
      for (const auto& p : u->policies) out += " p:" + p.name;
      for (const identity::AccessKey* k : d.ListAccessKeys(a->id, u->name)) out += " k:" + k->id;
      out += "\n";
    }
    for (const identity::Group* g : d.ListGroups(a->id)) {
      out += " group " + g->name + "|" + g->comments;
      for (const auto& m : g->members) out += " m:" + m;
      for (const auto& p : g->policies) out += " p:" + p.name;
      out += "\n";
    }
    for (const identity::Role* r : d.ListRoles(a->id)) {
      out += " role " + r->name + "|" + r->description + "|" +
             std::to_string(r->max_session_duration) + "|" + r->trust_policy_text;
      for (const auto& p : r->policies) out += " p:" + p.name;
      out += "\n";
    }
    for (const identity::ManagedPolicy* p : d.ListPolicies(a->id, identity::PolicyType::kCustom)) {
      out += " policy " + p->name + "|" + p->description + "|" + p->default_version_id;
      for (const auto& v : p->versions) out += " " + v.version_id;
      out += "\n";
    }
  }
  return out;
}

struct Step {
  const char* op;
  Json params;
};

struct Row {
  const char* rule;  // the spec rule the row checks
  std::vector<Step> setup;
  const char* op;
  Json params;
  const char* code;
  StatusCode status;
};

class RamSpecRulesTest : public OpsIdentityTest {
 protected:
  void SetUp() override {
    StatusOr<identity::Directory> d = identity::Directory::WithSystemPolicies(SmallLimits());
    ASSERT_TRUE(d.ok());
    state_ = State{std::move(*d), {}};
    ASSERT_TRUE(state_.directory.CreateAccount(kAcct).ok());
    ASSERT_TRUE(state_.directory.CreateAccount(kOtherAcct, "other").ok());
    state_.directory.SetNow(kNow);
    for (const Step& s : Base()) Ok(s.op, s.params);
  }

  // ann (in dev, p1 attached, one key), bob; groups dev, pg (p1), empty; p1, p2 (v1, v2
  // default), p3; roles r1 (p1), r2; alias acme.
  static std::vector<Step> Base() {
    return {
        {"CreateUser", {{"UserName", "ann"}}},
        {"CreateUser", {{"UserName", "bob"}}},
        {"CreateGroup", {{"GroupName", "dev"}}},
        {"CreateGroup", {{"GroupName", "pg"}}},
        {"CreateGroup", {{"GroupName", "empty"}}},
        {"AddUserToGroup", {{"GroupName", "dev"}, {"UserName", "ann"}}},
        {"CreatePolicy", {{"PolicyName", "p1"}, {"PolicyDocument", kDoc}}},
        {"CreatePolicy", {{"PolicyName", "p2"}, {"PolicyDocument", kDoc}}},
        {"CreatePolicyVersion",
         {{"PolicyName", "p2"}, {"PolicyDocument", kDoc}, {"SetAsDefault", true}}},
        {"CreatePolicy", {{"PolicyName", "p3"}, {"PolicyDocument", kDoc}}},
        {"CreateRole", {{"RoleName", "r1"}, {"AssumeRolePolicyDocument", kTrust}}},
        {"CreateRole", {{"RoleName", "r2"}, {"AssumeRolePolicyDocument", kTrust}}},
        {"AttachPolicyToUser", Attach("Custom", "p1", "UserName", "ann")},
        {"AttachPolicyToGroup", Attach("Custom", "p1", "GroupName", "pg")},
        {"AttachPolicyToRole", Attach("Custom", "p1", "RoleName", "r1")},
        {"CreateAccessKey", {{"UserName", "ann"}}},
        {"SetAccountAlias", {{"AccountAlias", "acme"}}},
    };
  }

  void Check(const Row& row) {
    SCOPED_TRACE(std::string(row.rule) + ": " + row.op + " " + row.params.dump());
    for (const Step& s : row.setup) Ok(s.op, s.params);
    const std::string before = Dump(state_.directory);
    StatusOr<Json> out = Call(row.op, row.params);
    ASSERT_FALSE(out.ok()) << out->dump();
    EXPECT_EQ(out.status().rule(), row.code) << out.status().ToString();
    EXPECT_EQ(out.status().code(), row.status) << out.status().ToString();
    EXPECT_FALSE(out.status().message().empty());
    EXPECT_EQ(Dump(state_.directory), before) << "a refusal changed the state";
  }

  void CheckAll(const std::vector<Row>& rows) {
    const State base = state_;
    for (const Row& row : rows) {
      state_ = base;
      Check(row);
    }
  }
};

constexpr StatusCode kBad = StatusCode::kInvalidArgument;
constexpr StatusCode kNotFound = StatusCode::kNotFound;
constexpr StatusCode kExists = StatusCode::kAlreadyExists;
constexpr StatusCode kConflict = StatusCode::kFailedPrecondition;
constexpr StatusCode kLimit = StatusCode::kLimitExceeded;

TEST_F(RamSpecRulesTest, BaseStateIsAsDescribed) {
  EXPECT_EQ(Dump(state_.directory).find("user ann|ann|||"), Dump(state_.directory).find("user"));
  EXPECT_EQ(
      state_.directory.FindPolicy(identity::PolicyType::kCustom, kAcct, "p2")->default_version_id,
      "v2");
  EXPECT_EQ(state_.directory.ListAccessKeys(kAcct, "ann").size(), 1u);
}

// §2.2: names, lengths and formats.
TEST_F(RamSpecRulesTest, ValidationRules) {
  // clang-format off
  CheckAll({
      {"UserName 1-64", {}, "CreateUser", {{"UserName", Chars(65)}},
       "InvalidParameter.UserName.Length", kBad},
      {"UserName [A-Za-z0-9._-]", {}, "CreateUser", {{"UserName", "al ice"}},
       "InvalidParameter.UserName.InvalidChars", kBad},
      {"UserName required", {}, "CreateUser", Json::object(), "MissingParameter.UserName", kBad},
      {"NewUserName [A-Za-z0-9._-]", {}, "UpdateUser", {{"UserName", "ann"}, {"NewUserName",
       "a/b"}}, "InvalidParameter.NewUserName.InvalidChars", kBad},
      {"NewUserName 1-64", {}, "UpdateUser", {{"UserName", "ann"}, {"NewUserName", Chars(65)}},
       "InvalidParameter.NewUserName.Length", kBad},
      {"NewUserName: users are not renamed", {}, "UpdateUser", {{"UserName", "ann"}, {"NewUserName",
       "anna"}}, "InvalidParameter.NewUserName", kBad},
      {"DisplayName 1-128", {}, "CreateUser", {{"UserName", "c"}, {"DisplayName", Chars(129)}},
       "InvalidParameter.DisplayName.Length", kBad},
      {"NewDisplayName 1-128", {}, "UpdateUser", {{"UserName", "ann"}, {"NewDisplayName",
       Chars(129)}}, "InvalidParameter.NewDisplayName.Length", kBad},
      {"NewDisplayName not empty", {}, "UpdateUser", {{"UserName", "ann"}, {"NewDisplayName", ""}},
       "InvalidParameter.NewDisplayName.Length", kBad},
      {"Comments <= 128 (user)", {}, "CreateUser", {{"UserName", "c"}, {"Comments", Chars(129)}},
       "InvalidParameter.Comments.Length", kBad},
      {"Comments <= 128 (NewComments)", {}, "UpdateUser", {{"UserName", "ann"}, {"NewComments",
       Chars(129)}}, "InvalidParameter.Comments.Length", kBad},
      {"Comments <= 128 (group)", {}, "CreateGroup", {{"GroupName", "g"}, {"Comments", Chars(129)}},
       "InvalidParameter.Comments.Length", kBad},
      {"Comments <= 128 (UpdateGroup)", {}, "UpdateGroup", {{"GroupName", "dev"}, {"NewComments",
       Chars(129)}}, "InvalidParameter.Comments.Length", kBad},
      {"Email format", {}, "CreateUser", {{"UserName", "c"}, {"Email", "c.example.com"}},
       "InvalidParameter.Email.Format", kBad},
      {"NewEmail format", {}, "UpdateUser", {{"UserName", "ann"}, {"NewEmail", "ann@example"}},
       "InvalidParameter.Email.Format", kBad},
      {"MobilePhone format", {}, "CreateUser", {{"UserName", "c"}, {"MobilePhone", "18600008888"}},
       "InvalidParameter.MobilePhone.Format", kBad},
      {"NewMobilePhone format", {}, "UpdateUser", {{"UserName", "ann"}, {"NewMobilePhone",
       "+86-18600008888"}}, "InvalidParameter.MobilePhone.Format", kBad},
      {"GroupName 1-64", {}, "CreateGroup", {{"GroupName", Chars(65)}},
       "InvalidParameter.GroupName.Length", kBad},
      {"GroupName [A-Za-z0-9._-]", {}, "CreateGroup", {{"GroupName", "a b"}},
       "InvalidParameter.GroupName.InvalidChars", kBad},
      {"NewGroupName 1-64", {}, "UpdateGroup", {{"GroupName", "dev"}, {"NewGroupName", Chars(65)}},
       "InvalidParameter.NewGroupName.Length", kBad},
      {"NewGroupName chars", {}, "UpdateGroup", {{"GroupName", "dev"}, {"NewGroupName", "d v"}},
       "InvalidParameter.NewGroupName.InvalidChars", kBad},
      {"PolicyName 1-128", {}, "CreatePolicy", {{"PolicyName", Chars(129)}, {"PolicyDocument",
       kDoc}}, "InvalidParameter.PolicyName.Length", kBad},
      {"PolicyName [A-Za-z0-9-]", {}, "CreatePolicy", {{"PolicyName", "p_4"}, {"PolicyDocument",
       kDoc}}, "InvalidParameter.PolicyName.InvalidChars", kBad},
      {"PolicyDocument <= 6144", {}, "CreatePolicy", {{"PolicyName", "p4"}, {"PolicyDocument",
       Chars(6145)}}, "InvalidParameter.PolicyDocument.Length", kBad},
      {"PolicyDocument <= 6144 (version)", {}, "CreatePolicyVersion", {{"PolicyName", "p3"},
       {"PolicyDocument", Chars(6145)}}, "InvalidParameter.PolicyDocument.Length", kBad},
      {"PolicyDocument must be a policy", {}, "CreatePolicy", {{"PolicyName", "p4"},
       {"PolicyDocument", R"({"Version":"1"})"}}, "MalformedPolicyDocument", kBad},
      {"PolicyDocument must be JSON (version)", {}, "CreatePolicyVersion", {{"PolicyName", "p3"},
       {"PolicyDocument", "{"}}, "MalformedPolicyDocument", kBad},
      {"AssumeRolePolicyDocument must be a trust policy", {}, "CreateRole", {{"RoleName", "r3"},
       {"AssumeRolePolicyDocument", kDoc}}, "MalformedPolicyDocument", kBad},
      {"NewAssumeRolePolicyDocument must be a trust policy", {}, "UpdateRole", {{"RoleName", "r1"},
       {"NewAssumeRolePolicyDocument", "[]"}}, "MalformedPolicyDocument", kBad},
      {"Description <= 1024 (policy)", {}, "CreatePolicy", {{"PolicyName", "p4"}, {"PolicyDocument",
       kDoc}, {"Description", Chars(1025)}}, "InvalidParameter.Description.Length", kBad},
      {"Description <= 1024 (UpdatePolicyDescription)", {}, "UpdatePolicyDescription",
       {{"PolicyName", "p1"}, {"NewDescription", Chars(1025)}},
       "InvalidParameter.Description.Length", kBad},
      {"Description <= 1024 (role)", {}, "CreateRole", {{"RoleName", "r3"},
       {"AssumeRolePolicyDocument", kTrust}, {"Description", Chars(1025)}},
       "InvalidParameter.Description.Length", kBad},
      {"Description <= 1024 (UpdateRole)", {}, "UpdateRole", {{"RoleName", "r1"}, {"NewDescription",
       Chars(1025)}}, "InvalidParameter.Description.Length", kBad},
      {"RoleName 1-64", {}, "CreateRole", {{"RoleName", Chars(65)}, {"AssumeRolePolicyDocument",
       kTrust}}, "InvalidParameter.RoleName.Length", kBad},
      {"RoleName [A-Za-z0-9.-]", {}, "CreateRole", {{"RoleName", "r_3"},
       {"AssumeRolePolicyDocument", kTrust}}, "InvalidParameter.RoleName.InvalidChars", kBad},
      {"MaxSessionDuration >= 3600", {}, "CreateRole", {{"RoleName", "r3"},
       {"AssumeRolePolicyDocument", kTrust}, {"MaxSessionDuration", 3599}},
       "InvalidParameter.MaxSessionDuration", kBad},
      {"NewMaxSessionDuration <= 43200", {}, "UpdateRole", {{"RoleName", "r1"},
       {"NewMaxSessionDuration", 43201}}, "InvalidParameter.MaxSessionDuration", kBad},
      {"AccountAlias 3-63", {}, "SetAccountAlias", {{"AccountAlias", "ab"}},
       "InvalidParameter.AccountAlias.Format", kBad},
      {"AccountAlias no leading '-'", {}, "SetAccountAlias", {{"AccountAlias", "-abc"}},
       "InvalidParameter.AccountAlias.Format", kBad},
      {"AccountAlias no doubled '-'", {}, "SetAccountAlias", {{"AccountAlias", "a--b"}},
       "InvalidParameter.AccountAlias.Format", kBad},
      {"AccountAlias lower case", {}, "SetAccountAlias", {{"AccountAlias", "Acme"}},
       "InvalidParameter.AccountAlias.Format", kBad},
      {"VersionId format (get)", {}, "GetPolicyVersion", {{"PolicyName", "p2"}, {"PolicyType",
       "Custom"}, {"VersionId", "1"}}, "InvalidParameter.VersionId.Format", kBad},
      {"VersionId format (delete)", {}, "DeletePolicyVersion", {{"PolicyName", "p2"}, {"VersionId",
       "vx"}}, "InvalidParameter.VersionId.Format", kBad},
      {"VersionId format (set default)", {}, "SetDefaultPolicyVersion", {{"PolicyName", "p2"},
       {"VersionId", "v01"}}, "InvalidParameter.VersionId.Format", kBad},
      {"PolicyType System or Custom", {}, "GetPolicy", {{"PolicyName", "p1"}, {"PolicyType",
       "custom"}}, "InvalidParameter.PolicyType", kBad},
      {"MaxItems 1-1000", {}, "ListUsers", {{"MaxItems", 1001}}, "InvalidParameter.MaxItems", kBad},
  });
  // clang-format on
}

// §2.3: EntityNotExist.* (404) and EntityAlreadyExists.* (409).
TEST_F(RamSpecRulesTest, NotFoundAndAlreadyExists) {
  // clang-format off
  CheckAll({
      {"EntityNotExist.User", {}, "GetUser", {{"UserName", "zed"}}, "EntityNotExist.User",
       kNotFound},
      {"EntityNotExist.User (membership)", {}, "AddUserToGroup", {{"GroupName", "dev"}, {"UserName",
       "zed"}}, "EntityNotExist.User", kNotFound},
      {"EntityNotExist.User.AccessKey", {}, "UpdateAccessKey", {{"UserName", "ann"},
       {"UserAccessKeyId", "LTAInope"}, {"Status", "Inactive"}}, "EntityNotExist.User.AccessKey",
       kNotFound},
      {"EntityNotExist.User.AccessKey (delete)", {}, "DeleteAccessKey", {{"UserName", "bob"},
       {"UserAccessKeyId", "LTAInope"}}, "EntityNotExist.User.AccessKey", kNotFound},
      {"EntityNotExist.User.Policy", {}, "DetachPolicyFromUser", Attach("Custom", "p3", "UserName",
       "ann"), "EntityNotExist.User.Policy", kNotFound},
      {"EntityNotExist.User.Group", {}, "RemoveUserFromGroup", {{"GroupName", "dev"}, {"UserName",
       "bob"}}, "EntityNotExist.User.Group", kNotFound},
      {"EntityNotExist.Group", {}, "GetGroup", {{"GroupName", "zed"}}, "EntityNotExist.Group",
       kNotFound},
      {"EntityNotExist.Group.Policy", {}, "DetachPolicyFromGroup", Attach("Custom", "p3",
       "GroupName", "dev"), "EntityNotExist.Group.Policy", kNotFound},
      {"EntityNotExist.Policy (custom)", {}, "GetPolicy", {{"PolicyName", "zed"}, {"PolicyType",
       "Custom"}}, "EntityNotExist.Policy", kNotFound},
      {"EntityNotExist.Policy (system)", {}, "AttachPolicyToUser", Attach("System", "AliyunNope",
       "UserName", "ann"), "EntityNotExist.Policy", kNotFound},
      {"EntityNotExist.Policy.Version", {}, "GetPolicyVersion", {{"PolicyName", "p2"},
       {"PolicyType", "Custom"}, {"VersionId", "v9"}}, "EntityNotExist.Policy.Version", kNotFound},
      {"EntityNotExist.Policy.Version (delete)", {}, "DeletePolicyVersion", {{"PolicyName", "p2"},
       {"VersionId", "v9"}}, "EntityNotExist.Policy.Version", kNotFound},
      {"EntityNotExist.Role", {}, "DeleteRole", {{"RoleName", "zed"}}, "EntityNotExist.Role",
       kNotFound},
      {"EntityNotExist.Role.Policy", {}, "DetachPolicyFromRole", Attach("Custom", "p3", "RoleName",
       "r2"), "EntityNotExist.Role.Policy", kNotFound},
      {"EntityAlreadyExists.User", {}, "CreateUser", {{"UserName", "ann"}},
       "EntityAlreadyExists.User", kExists},
      {"EntityAlreadyExists.User.Group", {}, "AddUserToGroup", {{"GroupName", "dev"}, {"UserName",
       "ann"}}, "EntityAlreadyExists.User.Group", kExists},
      {"EntityAlreadyExists.User.Policy", {}, "AttachPolicyToUser", Attach("Custom", "p1",
       "UserName", "ann"), "EntityAlreadyExists.User.Policy", kExists},
      {"EntityAlreadyExists.Group", {}, "CreateGroup", {{"GroupName", "dev"}},
       "EntityAlreadyExists.Group", kExists},
      {"EntityAlreadyExists.Group (rename)", {}, "UpdateGroup", {{"GroupName", "dev"},
       {"NewGroupName", "pg"}}, "EntityAlreadyExists.Group", kExists},
      {"EntityAlreadyExists.Group.Policy", {}, "AttachPolicyToGroup", Attach("Custom", "p1",
       "GroupName", "pg"), "EntityAlreadyExists.Group.Policy", kExists},
      {"EntityAlreadyExists.Policy", {}, "CreatePolicy", {{"PolicyName", "p1"}, {"PolicyDocument",
       kDoc}}, "EntityAlreadyExists.Policy", kExists},
      {"EntityAlreadyExists.AccountAlias", {}, "SetAccountAlias", {{"AccountAlias", "other"}},
       "EntityAlreadyExists.AccountAlias", kExists},
      {"EntityAlreadyExists.Role", {}, "CreateRole", {{"RoleName", "r1"},
       {"AssumeRolePolicyDocument", kTrust}}, "EntityAlreadyExists.Role", kExists},
      {"EntityAlreadyExists.Role.Policy", {}, "AttachPolicyToRole", Attach("Custom", "p1",
       "RoleName", "r1"), "EntityAlreadyExists.Role.Policy", kExists},
  });
  // clang-format on
}

// §2.3 "Implied delete rules": DeleteConflict.* (409).
TEST_F(RamSpecRulesTest, DeleteConflicts) {
  const Step leave_dev{"RemoveUserFromGroup", {{"GroupName", "dev"}, {"UserName", "ann"}}};
  const Step detach_ann{"DetachPolicyFromUser", Attach("Custom", "p1", "UserName", "ann")};
  const Step detach_pg{"DetachPolicyFromGroup", Attach("Custom", "p1", "GroupName", "pg")};
  // clang-format off
  CheckAll({
      {"DeleteUser while in a group", {}, "DeleteUser", {{"UserName", "ann"}},
       "DeleteConflict.User.Group", kConflict},
      {"DeleteUser while policies are attached", {leave_dev}, "DeleteUser", {{"UserName", "ann"}},
       "DeleteConflict.User.Policy", kConflict},
      {"DeleteUser while it holds keys", {leave_dev, detach_ann}, "DeleteUser", {{"UserName",
       "ann"}}, "DeleteConflict.User.AccessKey", kConflict},
      {"DeleteGroup while it has members", {}, "DeleteGroup", {{"GroupName", "dev"}},
       "DeleteConflict.Group.User", kConflict},
      {"DeleteGroup while policies are attached", {}, "DeleteGroup", {{"GroupName", "pg"}},
       "DeleteConflict.Group.Policy", kConflict},
      {"DeletePolicy while attached to a user", {}, "DeletePolicy", {{"PolicyName", "p1"}},
       "DeleteConflict.Policy.User", kConflict},
      {"DeletePolicy while attached to a group", {detach_ann}, "DeletePolicy", {{"PolicyName",
       "p1"}}, "DeleteConflict.Policy.Group", kConflict},
      {"DeletePolicy while attached to a role", {detach_ann, detach_pg}, "DeletePolicy",
       {{"PolicyName", "p1"}}, "DeleteConflict.Policy.Role", kConflict},
      {"DeletePolicy while non-default versions exist", {}, "DeletePolicy", {{"PolicyName", "p2"}},
       "DeleteConflict.Policy.Version", kConflict},
      {"the default version cannot be deleted", {}, "DeletePolicyVersion", {{"PolicyName", "p2"},
       {"VersionId", "v2"}}, "DeleteConflict.Policy.Version.Default", kConflict},
      {"DeleteRole while policies are attached", {}, "DeleteRole", {{"RoleName", "r1"}},
       "DeleteConflict.Role.Policy", kConflict},
  });
  // clang-format on
  // And CascadingDelete lifts the version conflict.
  Ok("DeletePolicy", {{"PolicyName", "p2"}, {"CascadingDelete", true}});
}

// §2.4 quotas (SmallLimits above): LimitExceeded.* (409), one step past each.
TEST_F(RamSpecRulesTest, Limits) {
  // clang-format off
  CheckAll({
      {"users per account", {{"CreateUser", {{"UserName", "carl"}}}}, "CreateUser", {{"UserName",
       "dan"}}, "LimitExceeded.User", kLimit},
      {"access keys per user", {{"CreateAccessKey", {{"UserName", "ann"}}}}, "CreateAccessKey",
       {{"UserName", "ann"}}, "LimitExceeded.User.AccessKey", kLimit},
      {"groups per user", {{"AddUserToGroup", {{"GroupName", "empty"}, {"UserName", "ann"}}}},
       "AddUserToGroup", {{"GroupName", "pg"}, {"UserName", "ann"}}, "LimitExceeded.User.Group",
       kLimit},
      {"custom policies per user", {{"AttachPolicyToUser", Attach("Custom", "p2", "UserName",
       "ann")}}, "AttachPolicyToUser", Attach("Custom", "p3", "UserName", "ann"),
       "LimitExceeded.User.Policy", kLimit},
      {"system policies per user", {{"AttachPolicyToUser", Attach("System", "AliyunOSSFullAccess",
       "UserName", "bob")}}, "AttachPolicyToUser", Attach("System", "AliyunPAIFullAccess",
       "UserName", "bob"), "LimitExceeded.User.Policy", kLimit},
      {"groups per account", {{"CreateGroup", {{"GroupName", "g4"}}}}, "CreateGroup", {{"GroupName",
       "g5"}}, "LimitExceeded.Group", kLimit},
      {"custom policies per group", {{"AttachPolicyToGroup", Attach("Custom", "p2", "GroupName",
       "pg")}}, "AttachPolicyToGroup", Attach("Custom", "p3", "GroupName", "pg"),
       "LimitExceeded.Group.Policy", kLimit},
      {"system policies per group", {{"AttachPolicyToGroup", Attach("System", "AliyunOSSFullAccess",
       "GroupName", "dev")}}, "AttachPolicyToGroup", Attach("System", "AliyunPAIFullAccess",
       "GroupName", "dev"), "LimitExceeded.Group.Policy", kLimit},
      {"custom policies per account", {{"CreatePolicy", {{"PolicyName", "p4"}, {"PolicyDocument",
       kDoc}}}, {"CreatePolicy", {{"PolicyName", "p5"}, {"PolicyDocument", kDoc}}}}, "CreatePolicy",
       {{"PolicyName", "p6"}, {"PolicyDocument", kDoc}}, "LimitExceeded.Policy", kLimit},
      {"versions per policy", {{"CreatePolicyVersion", {{"PolicyName", "p2"}, {"PolicyDocument",
       kDoc}}}}, "CreatePolicyVersion", {{"PolicyName", "p2"}, {"PolicyDocument", kDoc}},
       "LimitExceeded.Policy.Version", kLimit},
      {"roles per account", {{"CreateRole", {{"RoleName", "r3"}, {"AssumeRolePolicyDocument",
       kTrust}}}}, "CreateRole", {{"RoleName", "r4"}, {"AssumeRolePolicyDocument", kTrust}},
       "LimitExceeded.Role", kLimit},
      {"custom policies per role", {{"AttachPolicyToRole", Attach("Custom", "p2", "RoleName",
       "r1")}}, "AttachPolicyToRole", Attach("Custom", "p3", "RoleName", "r1"),
       "LimitExceeded.Role.Policy", kLimit},
      {"system policies per role", {{"AttachPolicyToRole", Attach("System", "AliyunOSSFullAccess",
       "RoleName", "r2")}}, "AttachPolicyToRole", Attach("System", "AliyunPAIFullAccess",
       "RoleName", "r2"), "LimitExceeded.Role.Policy", kLimit},
  });
  // clang-format on
}

// The production defaults are the documented current quotas (ram-policy.md Limits, LIM25;
// alibaba-api.md §2.4 gives the 2021 figures).
TEST(RamSpecLimitsTest, DefaultsAreTheDocumentedQuotas) {
  const identity::Limits l;
  EXPECT_EQ(l.users_per_account, 5000u);
  EXPECT_EQ(l.groups_per_account, 300u);
  EXPECT_EQ(l.roles_per_account, 1000u);
  EXPECT_EQ(l.custom_policies_per_account, 1500u);
  EXPECT_EQ(l.groups_per_user, 10u);
  EXPECT_EQ(l.access_keys_per_user, 2u);
  EXPECT_EQ(l.versions_per_policy, 5u);
  EXPECT_EQ(l.system_policies_per_user, 20u);
  EXPECT_EQ(l.custom_policies_per_user, 10u);
  EXPECT_EQ(l.system_policies_per_group, 20u);
  EXPECT_EQ(l.custom_policies_per_group, 10u);
  EXPECT_EQ(l.system_policies_per_role, 20u);
  EXPECT_EQ(l.custom_policies_per_role, 10u);
}

// The service-linked role refusals (ResourceManager; codes chosen by paiam, see
// identity/service_linked_roles.h) belong to the same families.
TEST_F(RamSpecRulesTest, ServiceLinkedRoleRefusals) {
  Ok("CreateServiceLinkedRole", {{"ServiceName", "aiworkspace.pai.aliyuncs.com"}});
  const char* slr = "AliyunServiceRoleForPAIWorkspace";
  // clang-format off
  CheckAll({
      {"DeleteRole on a service-linked role", {}, "DeleteRole", {{"RoleName", slr}},
       "DeleteConflict.Role.ServiceLinkedRole", kConflict},
      {"its policy is fixed", {}, "DetachPolicyFromRole", Attach("System",
       "AliyunServiceRolePolicyForPAIWorkspace", "RoleName", slr),
       "Unmodifiable.ServiceLinkedRole.Policy", kConflict},
      {"its MaxSessionDuration is fixed", {}, "UpdateRole", {{"RoleName", slr},
       {"NewMaxSessionDuration", 3600}}, "Unmodifiable.ServiceLinkedRole.MaxSessionDuration",
       kConflict},
      {"its trust policy is fixed", {}, "UpdateRole", {{"RoleName", slr},
       {"NewAssumeRolePolicyDocument", kTrust}},
       "Unmodifiable.ServiceLinkedRole.AssumeRolePolicyDocument", kConflict},
      {"DeleteServiceLinkedRole on an ordinary role", {}, "DeleteServiceLinkedRole", {{"RoleName",
       "r2"}}, "EntityNotExist.ServiceLinkedRole", kNotFound},
      {"unknown service", {}, "CreateServiceLinkedRole", {{"ServiceName", "x.aliyuncs.com"}},
       "InvalidParameter.ServiceName", kBad},
  });
  // clang-format on
}

}  // namespace
}  // namespace paiam::api::testing
