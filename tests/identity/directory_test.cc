// Tests for identity::Directory: accounts, users, groups, roles, principals, and that refused
// operations leave the state untouched and copies are independent.
#include "identity/directory.h"

#include <gtest/gtest.h>

#include <string>

#include "identity/arn.h"

// g++ before 14 warns about members a designated initializer leaves to their defaults, which
// is exactly how these tests spell specs and limits.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace paiam::identity {
namespace {

constexpr char kAcct[] = "1000000000000001";
constexpr char kOther[] = "1000000000000002";
constexpr char kTrust[] =
    R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",)"
    R"("Principal":{"RAM":["acs:ram::1000000000000001:root"]}}]})";

#define EXPECT_RULE(expr, status_code, rule_id)                              \
  do {                                                                       \
    const ::paiam::Status s_ = (expr);                                       \
    EXPECT_EQ(s_.code(), ::paiam::StatusCode::status_code) << s_.ToString(); \
    EXPECT_EQ(s_.rule(), rule_id) << s_.ToString();                          \
  } while (0)

// Everything observable about a directory, for "a refusal changes nothing" checks.
std::string Dump(const Directory& d) {
  std::string out;
  for (const Account* a : d.ListAccounts()) {
    out += "account " + a->id + " " + a->alias + "\n";
    for (const User* u : d.ListUsers(a->id)) {
      out += " user " + u->id + " " + u->name + " " + u->display_name + " " + u->comments;
      for (const auto& g : u->groups) out += " g:" + g;
      for (const auto& p : u->policies) out += " p:" + p.name;
      out += "\n";
    }
    for (const Group* g : d.ListGroups(a->id)) {
      out += " group " + g->name + " " + g->comments;
      for (const auto& m : g->members) out += " m:" + m;
      for (const auto& p : g->policies) out += " p:" + p.name;
      out += "\n";
    }
    for (const Role* r : d.ListRoles(a->id)) {
      out += " role " + r->id + " " + r->name + " " + std::to_string(r->max_session_duration) +
             " " + r->trust_policy_text;
      for (const auto& p : r->policies) out += " p:" + p.name;
      out += "\n";
    }
    for (const ManagedPolicy* p : d.ListPolicies(a->id, PolicyType::kCustom)) {
      out += " policy " + p->name + " default=" + p->default_version_id + " " + p->description;
      for (const auto& v : p->versions) out += " " + v.version_id;
      out += "\n";
    }
  }
  return out;
}

class DirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.CreateAccount(kAcct, "acme").ok());
    ASSERT_TRUE(dir_.CreateAccount(kOther).ok());
  }
  User AddUser(const std::string& name) {
    StatusOr<User> u = dir_.CreateUser(kAcct, {.name = name});
    EXPECT_TRUE(u.ok()) << u.status().ToString();
    return u.ok() ? *u : User{};
  }
  Directory dir_;
};

TEST_F(DirectoryTest, AccountsAndAliases) {
  EXPECT_RULE(dir_.CreateAccount(kAcct), kAlreadyExists, "identity.account-exists");
  EXPECT_RULE(dir_.CreateAccount("12ab"), kInvalidArgument, "InvalidParameter.AccountId.Format");
  EXPECT_RULE(dir_.CreateAccount("3", "acme"), kAlreadyExists, "EntityAlreadyExists.AccountAlias");
  EXPECT_RULE(dir_.SetAccountAlias(kOther, "-bad"), kInvalidArgument,
              "InvalidParameter.AccountAlias.Format");
  EXPECT_RULE(dir_.SetAccountAlias(kOther, "a--b"), kInvalidArgument,
              "InvalidParameter.AccountAlias.Format");
  EXPECT_RULE(dir_.SetAccountAlias(kOther, "acme"), kAlreadyExists,
              "EntityAlreadyExists.AccountAlias");
  EXPECT_TRUE(dir_.SetAccountAlias(kOther, "other-co").ok());
  EXPECT_EQ(dir_.FindAccount(kOther)->alias, "other-co");
  EXPECT_RULE(dir_.SetAccountAlias("9", "zzz"), kNotFound, "identity.account-not-found");
  EXPECT_EQ(dir_.FindAccount("9"), nullptr);
}

TEST_F(DirectoryTest, CreateUserRules) {
  dir_.SetNow(42);
  User alice = AddUser("alice");
  EXPECT_EQ(alice.display_name, "alice");
  EXPECT_EQ(alice.create_time, 42);
  EXPECT_EQ(alice.id.size(), 16u);
  EXPECT_RULE(dir_.CreateUser(kAcct, {.name = "alice"}).status(), kAlreadyExists,
              "EntityAlreadyExists.User");
  // The same name in another account is a different user.
  EXPECT_TRUE(dir_.CreateUser(kOther, {.name = "alice"}).ok());
  EXPECT_RULE(dir_.CreateUser(kAcct, {.name = "bad name"}).status(), kInvalidArgument,
              "InvalidParameter.UserName.InvalidChars");
  EXPECT_RULE(dir_.CreateUser(kAcct, {.name = std::string(65, 'a')}).status(), kInvalidArgument,
              "InvalidParameter.UserName.Length");
  EXPECT_TRUE(dir_.CreateUser(kAcct, {.name = std::string(64, 'a')}).ok());
  EXPECT_RULE(dir_.CreateUser(kAcct, {.name = "x", .display_name = std::string(129, 'd')}).status(),
              kInvalidArgument, "InvalidParameter.DisplayName.Length");
  EXPECT_RULE(dir_.CreateUser(kAcct, {.name = "x", .comments = std::string(129, 'c')}).status(),
              kInvalidArgument, "InvalidParameter.Comments.Length");
  EXPECT_RULE(dir_.CreateUser("9", {.name = "x"}).status(), kNotFound,
              "identity.account-not-found");
  // Explicit ids must be numeric and unused by any account, user or role.
  EXPECT_RULE(dir_.CreateUser(kAcct, {.name = "x", .id = alice.id}).status(), kAlreadyExists,
              "identity.id-taken");
  EXPECT_RULE(dir_.CreateUser(kAcct, {.name = "x", .id = kOther}).status(), kAlreadyExists,
              "identity.id-taken");
  EXPECT_RULE(dir_.CreateUser(kAcct, {.name = "x", .id = "u1"}).status(), kInvalidArgument,
              "InvalidParameter.Id.Format");
  EXPECT_EQ(dir_.CreateUser(kAcct, {.name = "x", .id = "77"})->id, "77");
}

TEST_F(DirectoryTest, UserLookups) {
  User alice = AddUser("alice");
  EXPECT_EQ(dir_.FindUser(kAcct, "alice")->id, alice.id);
  EXPECT_EQ(dir_.FindUserById(alice.id)->name, "alice");
  EXPECT_EQ(dir_.FindUserByArn(UserArn(kAcct, "alice"))->id, alice.id);
  EXPECT_EQ(dir_.FindUserByArn(UserArn(kOther, "alice")), nullptr);
  EXPECT_EQ(dir_.FindUserByArn(RoleArn(kAcct, "alice")), nullptr);
  EXPECT_EQ(dir_.FindUser(kAcct, "bob"), nullptr);
  EXPECT_EQ(dir_.FindUserById("5"), nullptr);
}

TEST_F(DirectoryTest, UserLimitIsPerAccount) {
  Directory small(Limits{.users_per_account = 2});
  ASSERT_TRUE(small.CreateAccount(kAcct).ok());
  ASSERT_TRUE(small.CreateAccount(kOther).ok());
  ASSERT_TRUE(small.CreateUser(kAcct, {.name = "a"}).ok());
  ASSERT_TRUE(small.CreateUser(kAcct, {.name = "b"}).ok());
  EXPECT_RULE(small.CreateUser(kAcct, {.name = "c"}).status(), kLimitExceeded,
              "LimitExceeded.User");
  EXPECT_TRUE(small.CreateUser(kOther, {.name = "c"}).ok());
  // Deleting frees the slot.
  ASSERT_TRUE(small.DeleteUser(kAcct, "a").ok());
  EXPECT_TRUE(small.CreateUser(kAcct, {.name = "c"}).ok());
}

TEST_F(DirectoryTest, UpdateAndDeleteUser) {
  AddUser("alice");
  EXPECT_TRUE(dir_.UpdateUser(kAcct, "alice", {.display_name = "Alice A."}).ok());
  EXPECT_EQ(dir_.FindUser(kAcct, "alice")->display_name, "Alice A.");
  const std::string before = Dump(dir_);
  EXPECT_RULE(
      dir_.UpdateUser(kAcct, "alice", {.display_name = "ok", .comments = std::string(200, 'c')}),
      kInvalidArgument, "InvalidParameter.Comments.Length");
  EXPECT_EQ(Dump(dir_), before);  // nothing half-applied
  EXPECT_RULE(dir_.UpdateUser(kAcct, "bob", {}), kNotFound, "EntityNotExist.User");

  ASSERT_TRUE(dir_.CreateGroup(kAcct, "devs").ok());
  ASSERT_TRUE(dir_.AddUserToGroup(kAcct, "alice", "devs").ok());
  EXPECT_RULE(dir_.DeleteUser(kAcct, "alice"), kFailedPrecondition, "DeleteConflict.User.Group");
  ASSERT_TRUE(dir_.RemoveUserFromGroup(kAcct, "alice", "devs").ok());
  ASSERT_TRUE(dir_.AddSystemPolicy(ManagedPolicy{.name = "Sys",
                                                 .default_version_id = "v1",
                                                 .versions = {PolicyVersion{.version_id = "v1"}}})
                  .ok());
  ASSERT_TRUE(
      dir_.AttachPolicy(kAcct, {PolicyType::kSystem, "Sys"}, AttachTarget::kUser, "alice").ok());
  EXPECT_RULE(dir_.DeleteUser(kAcct, "alice"), kFailedPrecondition, "DeleteConflict.User.Policy");
  ASSERT_TRUE(
      dir_.DetachPolicy(kAcct, {PolicyType::kSystem, "Sys"}, AttachTarget::kUser, "alice").ok());
  const std::string id = dir_.FindUser(kAcct, "alice")->id;
  EXPECT_TRUE(dir_.DeleteUser(kAcct, "alice").ok());
  EXPECT_EQ(dir_.FindUserById(id), nullptr);
  EXPECT_RULE(dir_.DeleteUser(kAcct, "alice"), kNotFound, "EntityNotExist.User");
}

TEST_F(DirectoryTest, GroupsAndMemberships) {
  AddUser("alice");
  AddUser("bob");
  ASSERT_TRUE(dir_.CreateGroup(kAcct, "devs", "developers").ok());
  EXPECT_RULE(dir_.CreateGroup(kAcct, "devs"), kAlreadyExists, "EntityAlreadyExists.Group");
  EXPECT_RULE(dir_.CreateGroup(kAcct, "a/b"), kInvalidArgument,
              "InvalidParameter.GroupName.InvalidChars");
  EXPECT_RULE(dir_.CreateGroup(kAcct, ""), kInvalidArgument, "InvalidParameter.GroupName.Length");
  ASSERT_TRUE(dir_.AddUserToGroup(kAcct, "bob", "devs").ok());
  ASSERT_TRUE(dir_.AddUserToGroup(kAcct, "alice", "devs").ok());
  EXPECT_RULE(dir_.AddUserToGroup(kAcct, "alice", "devs"), kAlreadyExists,
              "EntityAlreadyExists.User.Group");
  EXPECT_RULE(dir_.AddUserToGroup(kAcct, "carol", "devs"), kNotFound, "EntityNotExist.User");
  EXPECT_RULE(dir_.AddUserToGroup(kAcct, "alice", "ops"), kNotFound, "EntityNotExist.Group");
  EXPECT_EQ(dir_.FindGroup(kAcct, "devs")->members, (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(dir_.FindUser(kAcct, "alice")->groups, std::vector<std::string>{"devs"});
  EXPECT_RULE(dir_.DeleteGroup(kAcct, "devs"), kFailedPrecondition, "DeleteConflict.Group.User");
  EXPECT_RULE(dir_.RemoveUserFromGroup(kAcct, "alice", "ops"), kNotFound, "EntityNotExist.Group");
  ASSERT_TRUE(dir_.CreateGroup(kAcct, "ops").ok());
  EXPECT_RULE(dir_.RemoveUserFromGroup(kAcct, "alice", "ops"), kNotFound,
              "EntityNotExist.User.Group");

  // Renaming a group rewrites its members' lists.
  ASSERT_TRUE(dir_.UpdateGroup(kAcct, "devs", "builders", std::nullopt).ok());
  EXPECT_EQ(dir_.FindGroup(kAcct, "devs"), nullptr);
  EXPECT_EQ(dir_.FindUser(kAcct, "alice")->groups, std::vector<std::string>{"builders"});
  EXPECT_EQ(dir_.FindGroup(kAcct, "builders")->comments, "developers");
  EXPECT_RULE(dir_.UpdateGroup(kAcct, "builders", "ops", std::nullopt), kAlreadyExists,
              "EntityAlreadyExists.Group");
  EXPECT_RULE(dir_.UpdateGroup(kAcct, "builders", "no way", std::nullopt), kInvalidArgument,
              "InvalidParameter.NewGroupName.InvalidChars");

  ASSERT_TRUE(dir_.RemoveUserFromGroup(kAcct, "alice", "builders").ok());
  ASSERT_TRUE(dir_.RemoveUserFromGroup(kAcct, "bob", "builders").ok());
  EXPECT_TRUE(dir_.FindUser(kAcct, "alice")->groups.empty());
  EXPECT_TRUE(dir_.DeleteGroup(kAcct, "builders").ok());
  EXPECT_RULE(dir_.DeleteGroup(kAcct, "builders"), kNotFound, "EntityNotExist.Group");
}

TEST_F(DirectoryTest, GroupLimits) {
  Directory small(Limits{.groups_per_account = 3, .groups_per_user = 2});
  ASSERT_TRUE(small.CreateAccount(kAcct).ok());
  ASSERT_TRUE(small.CreateUser(kAcct, {.name = "u"}).ok());
  for (const char* g : {"g1", "g2", "g3"}) ASSERT_TRUE(small.CreateGroup(kAcct, g).ok());
  EXPECT_RULE(small.CreateGroup(kAcct, "g4"), kLimitExceeded, "LimitExceeded.Group");
  ASSERT_TRUE(small.AddUserToGroup(kAcct, "u", "g1").ok());
  ASSERT_TRUE(small.AddUserToGroup(kAcct, "u", "g2").ok());
  EXPECT_RULE(small.AddUserToGroup(kAcct, "u", "g3"), kLimitExceeded, "LimitExceeded.User.Group");
}

TEST_F(DirectoryTest, RolesAndTrustPolicies) {
  dir_.SetNow(7);
  StatusOr<Role> role = dir_.CreateRole(kAcct, {.name = "ops.role", .trust_policy = kTrust});
  ASSERT_TRUE(role.ok()) << role.status().ToString();
  EXPECT_EQ(role->max_session_duration, 3600);
  EXPECT_EQ(role->trust_policy.statements.size(), 1u);
  EXPECT_EQ(dir_.FindRoleById(role->id)->name, "ops.role");
  EXPECT_EQ(dir_.FindRoleByArn(RoleArn(kAcct, "ops.role"))->id, role->id);
  EXPECT_EQ(dir_.FindRoleByArn("acs:ram::" + std::string(kAcct) + ":assumed-role/ops.role/s1")->id,
            role->id);
  EXPECT_RULE(dir_.CreateRole(kAcct, {.name = "ops.role", .trust_policy = kTrust}).status(),
              kAlreadyExists, "EntityAlreadyExists.Role");
  EXPECT_RULE(dir_.CreateRole(kAcct, {.name = "a_b", .trust_policy = kTrust}).status(),
              kInvalidArgument, "InvalidParameter.RoleName.InvalidChars");
  for (int bad : {3599, 43201, 0}) {
    EXPECT_RULE(
        dir_.CreateRole(kAcct, {.name = "r2", .trust_policy = kTrust, .max_session_duration = bad})
            .status(),
        kInvalidArgument, "InvalidParameter.MaxSessionDuration");
  }
  EXPECT_TRUE(
      dir_.CreateRole(kAcct,
                      {.name = "r43200", .trust_policy = kTrust, .max_session_duration = 43200})
          .ok());
  // A trust policy needs a Principal; an identity-style document is malformed here.
  const Status malformed =
      dir_.CreateRole(kAcct, {.name = "r3",
                              .trust_policy = R"({"Version":"1","Statement":[)"
                                              R"({"Effect":"Allow","Action":"*",)"
                                              R"("Resource":"*"}]})"})
          .status();
  EXPECT_EQ(malformed.rule(), "MalformedPolicyDocument");
  EXPECT_NE(malformed.message().find("Statement[0]"), std::string::npos) << malformed.message();

  const std::string before = Dump(dir_);
  EXPECT_RULE(
      dir_.UpdateRole(kAcct, "ops.role", {.trust_policy = kTrust, .max_session_duration = 100}),
      kInvalidArgument, "InvalidParameter.MaxSessionDuration");
  EXPECT_EQ(Dump(dir_), before);
  EXPECT_TRUE(dir_.UpdateRole(kAcct, "ops.role", {.max_session_duration = 7200}).ok());
  EXPECT_EQ(dir_.FindRole(kAcct, "ops.role")->max_session_duration, 7200);
  EXPECT_RULE(dir_.UpdateRole(kAcct, "nope", {}), kNotFound, "EntityNotExist.Role");

  ASSERT_TRUE(dir_.AddSystemPolicy(ManagedPolicy{.name = "Sys",
                                                 .default_version_id = "v1",
                                                 .versions = {PolicyVersion{.version_id = "v1"}}})
                  .ok());
  ASSERT_TRUE(
      dir_.AttachPolicy(kAcct, {PolicyType::kSystem, "Sys"}, AttachTarget::kRole, "ops.role").ok());
  EXPECT_RULE(dir_.DeleteRole(kAcct, "ops.role"), kFailedPrecondition,
              "DeleteConflict.Role.Policy");
  std::vector<EffectivePolicy> policies;
  dir_.AppendRolePolicies(*dir_.FindRole(kAcct, "ops.role"), &policies);
  ASSERT_EQ(policies.size(), 1u);
  EXPECT_EQ(policies[0].via, AttachTarget::kRole);
  ASSERT_TRUE(
      dir_.DetachPolicy(kAcct, {PolicyType::kSystem, "Sys"}, AttachTarget::kRole, "ops.role").ok());
  EXPECT_TRUE(dir_.DeleteRole(kAcct, "ops.role").ok());
  EXPECT_EQ(dir_.FindRoleById(role->id), nullptr);
}

TEST_F(DirectoryTest, RoleLimit) {
  Directory small(Limits{.roles_per_account = 1});
  ASSERT_TRUE(small.CreateAccount(kAcct).ok());
  ASSERT_TRUE(small.CreateRole(kAcct, {.name = "a", .trust_policy = kTrust}).ok());
  EXPECT_RULE(small.CreateRole(kAcct, {.name = "b", .trust_policy = kTrust}).status(),
              kLimitExceeded, "LimitExceeded.Role");
}

TEST_F(DirectoryTest, Principals) {
  User alice = AddUser("alice");
  StatusOr<Role> role = dir_.CreateRole(kAcct, {.name = "r", .trust_policy = kTrust});
  ASSERT_TRUE(role.ok());

  std::optional<Principal> root = dir_.PrincipalById(kAcct);
  ASSERT_TRUE(root);
  EXPECT_EQ(root->type, PrincipalType::kRoot);
  EXPECT_EQ(root->arn, "acs:ram::1000000000000001:root");
  EXPECT_EQ(root->account_type(), 1);

  std::optional<Principal> user = dir_.PrincipalById(alice.id);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->arn, "acs:ram::1000000000000001:user/alice");
  EXPECT_EQ(user->account_type(), 5);

  std::optional<Principal> r = dir_.PrincipalByArn(RoleArn(kAcct, "r") + "/session-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->id, role->id);
  EXPECT_EQ(r->arn, "acs:ram::1000000000000001:role/r");
  EXPECT_EQ(r->account_type(), 6);

  EXPECT_EQ(dir_.PrincipalByArn(RootArn(kAcct))->id, kAcct);
  EXPECT_FALSE(dir_.PrincipalByArn(RootArn("5")));
  EXPECT_FALSE(dir_.PrincipalByArn(UserArn(kAcct, "nobody")));
  EXPECT_FALSE(dir_.PrincipalById("5"));
}

TEST_F(DirectoryTest, CopiesAreIndependent) {
  AddUser("alice");
  Directory copy = dir_;
  ASSERT_TRUE(copy.CreateUser(kAcct, {.name = "bob"}).ok());
  ASSERT_TRUE(copy.CreateGroup(kAcct, "g").ok());
  EXPECT_EQ(dir_.FindUser(kAcct, "bob"), nullptr);
  EXPECT_EQ(dir_.FindGroup(kAcct, "g"), nullptr);
  EXPECT_NE(copy.FindUser(kAcct, "alice"), dir_.FindUser(kAcct, "alice"));
  // The id sequence continues in both, independently and identically.
  EXPECT_EQ(copy.FindUser(kAcct, "bob")->id, dir_.CreateUser(kAcct, {.name = "bob"})->id);
  EXPECT_EQ(Dump(dir_).find(" group g"), std::string::npos);
}

}  // namespace
}  // namespace paiam::identity
