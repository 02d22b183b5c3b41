// Tests for the service-linked role table (data/service_linked_roles.csv) and the Directory's
// service-linked roles: creation, the refusals that keep them fixed (each leaves the state
// untouched), deletion tasks; and the RAM fields kept for the API: Email and MobilePhone,
// GroupId, JoinDate and AttachDate.
#include "identity/service_linked_roles.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "identity/directory.h"
#include "identity/names.h"
#include "policy/parser.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace paiam::identity {
namespace {

constexpr char kAcct[] = "1000000000000001";
constexpr char kWs[] = "aiworkspace.pai.aliyuncs.com";
constexpr char kWsRole[] = "AliyunServiceRoleForPAIWorkspace";
constexpr char kTrust[] =
    R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",)"
    R"("Principal":{"RAM":["acs:ram::1000000000000001:root"]}}]})";

Directory Fresh() {
  StatusOr<Directory> d = Directory::WithSystemPolicies();
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  Directory out = d.ok() ? std::move(*d) : Directory();
  EXPECT_TRUE(out.CreateAccount(kAcct).ok());
  out.SetNow(1000);
  return out;
}

// What a refusal must not change: the roles with their policies, trust and durations.
std::string Roles(const Directory& d) {
  std::string out;
  for (const Role* r : d.ListRoles(kAcct)) {
    out += r->name + " " + std::to_string(r->max_session_duration) + " " + r->trust_policy_text;
    for (const PolicyRef& p : r->policies) out += " p:" + p.name;
    out += "\n";
  }
  return out;
}

TEST(ServiceLinkedRoleTableTest, EveryRowNamesALoadedSystemPolicyAndAParsableTrust) {
  const auto& table = EmbeddedServiceLinkedRoles();
  ASSERT_GE(table.size(), 8u);
  Directory d = Fresh();
  std::set<std::string> services;
  for (const ServiceLinkedRoleType& t : table) {
    services.insert(t.service_name);
    EXPECT_EQ(t.role_name.rfind("AliyunServiceRoleFor", 0), 0u) << t.role_name;
    EXPECT_NE(d.FindPolicy(PolicyType::kSystem, "", t.policy_name), nullptr) << t.policy_name;
    EXPECT_FALSE(t.source.empty()) << t.service_name;
    policy::ParseOptions options;
    options.kind = policy::PolicyKind::kTrust;
    EXPECT_TRUE(policy::ParsePolicy(ServiceTrustPolicy(t.service_name), options).ok());
  }
  // PAI's own and the one seed 003 names.
  EXPECT_TRUE(services.contains(kWs));
  EXPECT_TRUE(services.contains("eas.pai.aliyuncs.com"));
  EXPECT_TRUE(services.contains("featurestore.pai.aliyuncs.com"));
  EXPECT_EQ(FindServiceLinkedRoleType("nope.aliyuncs.com"), nullptr);
}

TEST(ServiceLinkedRoleTableTest, BadDataIsRefusedWithItsLine) {
  auto load = [](std::string text) {
    return LoadServiceLinkedRoles([text](std::string_view) -> std::optional<std::string_view> {
      static std::string keep;
      keep = text;
      return std::string_view(keep);
    });
  };
  const std::string header = "service_name,role_name,policy_name,description,provenance,source\n";
  EXPECT_TRUE(load(header + "a.aliyuncs.com,AliyunServiceRoleForA,P,d,assumed,s\n").ok());
  for (const std::string row :
       {"a.aliyuncs.com,AliyunServiceRoleForA,P,d,maybe,s\n",
        "A B,AliyunServiceRoleForA,P,d,assumed,s\n", "a.aliyuncs.com,bad name,P,d,assumed,s\n",
        "a.aliyuncs.com,R,bad_policy,d,assumed,s\n"}) {
    auto loaded = load(header + row);
    ASSERT_FALSE(loaded.ok()) << row;
    EXPECT_EQ(loaded.status().rule(), "identity.service-linked-role-data");
    EXPECT_NE(loaded.status().message().find(":2:"), std::string::npos)
        << loaded.status().message();
  }
  auto twice = load(header + "a.aliyuncs.com,R,P,d,assumed,s\na.aliyuncs.com,R2,P,d,assumed,s\n");
  EXPECT_FALSE(twice.ok());
  EXPECT_FALSE(LoadServiceLinkedRoles([](std::string_view) { return std::nullopt; }).ok());
}

TEST(ServiceLinkedRoleTest, CreateTrustsTheServiceAndAttachesItsPolicy) {
  Directory d = Fresh();
  StatusOr<Role> role = d.CreateServiceLinkedRole(kAcct, {kWs});
  ASSERT_TRUE(role.ok()) << role.status().ToString();
  EXPECT_EQ(role->name, kWsRole);
  EXPECT_TRUE(role->service_linked);
  EXPECT_EQ(role->service_name, kWs);
  EXPECT_EQ(role->trust_policy_text, ServiceTrustPolicy(kWs));
  EXPECT_NE(role->trust_policy_text.find(R"("Service":["aiworkspace.pai.aliyuncs.com"])"),
            std::string::npos);
  ASSERT_EQ(role->policies.size(), 1u);
  EXPECT_EQ(role->policies[0].name, "AliyunServiceRolePolicyForPAIWorkspace");
  EXPECT_EQ(role->policies[0].attach_time, 1000);
  EXPECT_FALSE(role->description.empty());
  // Once per service (and suffix).
  EXPECT_EQ(d.CreateServiceLinkedRole(kAcct, {kWs}).status().rule(), "EntityAlreadyExists.Role");
  StatusOr<Role> suffixed = d.CreateServiceLinkedRole(kAcct, {kWs, "dev", "mine"});
  ASSERT_TRUE(suffixed.ok()) << suffixed.status().ToString();
  EXPECT_EQ(suffixed->name, std::string(kWsRole) + "_dev");
  EXPECT_EQ(suffixed->description, "mine");
  EXPECT_EQ(d.CreateServiceLinkedRole(kAcct, {"nope.aliyuncs.com"}).status().rule(),
            "InvalidParameter.ServiceName");
  EXPECT_EQ(d.CreateServiceLinkedRole(kAcct, {kWs, "a_b"}).status().rule(),
            "InvalidParameter.CustomSuffix.InvalidChars");
  EXPECT_EQ(d.CreateServiceLinkedRole(kAcct, {kWs, std::string(40, 'x')}).status().rule(),
            "InvalidParameter.CustomSuffix.Length");
  EXPECT_EQ(d.CreateServiceLinkedRole(kAcct, {kWs, "x", std::string(1025, 'd')}).status().rule(),
            "InvalidParameter.Description.Length");
  EXPECT_EQ(d.ListRoles(kAcct).size(), 2u);
}

TEST(ServiceLinkedRoleTest, MayExceedTheRoleQuotaButCountsInIt) {
  Limits limits;
  limits.roles_per_account = 1;
  StatusOr<Directory> made = Directory::WithSystemPolicies(limits);
  ASSERT_TRUE(made.ok());
  Directory& d = *made;
  ASSERT_TRUE(d.CreateAccount(kAcct).ok());
  ASSERT_TRUE(d.CreateRole(kAcct, {"ops", "", kTrust}).ok());
  EXPECT_TRUE(d.CreateServiceLinkedRole(kAcct, {kWs}).ok());
  EXPECT_EQ(d.CreateRole(kAcct, {"ops2", "", kTrust}).status().rule(), "LimitExceeded.Role");
}

TEST(ServiceLinkedRoleTest, RefusesEveryChangeAndLeavesItUntouched) {
  Directory d = Fresh();
  ASSERT_TRUE(d.CreateServiceLinkedRole(kAcct, {kWs}).ok());
  const std::string before = Roles(d);
  const PolicyRef fixed{PolicyType::kSystem, "AliyunServiceRolePolicyForPAIWorkspace"};
  const PolicyRef other{PolicyType::kSystem, "AliyunOSSFullAccess"};
  EXPECT_EQ(d.DeleteRole(kAcct, kWsRole).rule(), "DeleteConflict.Role.ServiceLinkedRole");
  EXPECT_EQ(d.DetachPolicy(kAcct, fixed, AttachTarget::kRole, kWsRole).rule(),
            "Unmodifiable.ServiceLinkedRole.Policy");
  EXPECT_EQ(d.AttachPolicy(kAcct, other, AttachTarget::kRole, kWsRole).rule(),
            "Unmodifiable.ServiceLinkedRole.Policy");
  RoleUpdate trust;
  trust.trust_policy = kTrust;
  EXPECT_EQ(d.UpdateRole(kAcct, kWsRole, trust).rule(),
            "Unmodifiable.ServiceLinkedRole.AssumeRolePolicyDocument");
  RoleUpdate duration;
  duration.max_session_duration = 7200;
  EXPECT_EQ(d.UpdateRole(kAcct, kWsRole, duration).rule(),
            "Unmodifiable.ServiceLinkedRole.MaxSessionDuration");
  EXPECT_EQ(d.UpdateRole(kAcct, kWsRole, duration).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Roles(d), before);
  // The description is not fixed.
  RoleUpdate description;
  description.description = "still ours";
  EXPECT_TRUE(d.UpdateRole(kAcct, kWsRole, description).ok());
  // Ordinary roles are unaffected.
  ASSERT_TRUE(d.CreateRole(kAcct, {"ops", "", kTrust}).ok());
  EXPECT_TRUE(d.AttachPolicy(kAcct, other, AttachTarget::kRole, "ops").ok());
  EXPECT_TRUE(d.UpdateRole(kAcct, "ops", duration).ok());
}

TEST(ServiceLinkedRoleTest, DeleteDropsTheRoleAndRecordsATask) {
  Directory d = Fresh();
  ASSERT_TRUE(d.CreateServiceLinkedRole(kAcct, {kWs}).ok());
  ASSERT_TRUE(d.CreateRole(kAcct, {"ops", "", kTrust}).ok());
  EXPECT_EQ(d.DeleteServiceLinkedRole(kAcct, "ops", "u1").status().rule(),
            "EntityNotExist.ServiceLinkedRole");
  EXPECT_EQ(d.DeleteServiceLinkedRole(kAcct, "zed", "u1").status().rule(), "EntityNotExist.Role");
  EXPECT_EQ(d.DeleteServiceLinkedRole(kAcct, kWsRole, "").status().rule(),
            "InvalidParameter.DeletionTaskId");
  StatusOr<DeletionTask> task = d.DeleteServiceLinkedRole(kAcct, kWsRole, "u1");
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  EXPECT_EQ(task->id,
            "task/acs-service-role/aiworkspace.pai.aliyuncs.com/"
            "AliyunServiceRoleForPAIWorkspace/u1");
  EXPECT_EQ(task->status, "SUCCEEDED");
  EXPECT_EQ(d.FindRole(kAcct, kWsRole), nullptr);
  ASSERT_NE(d.FindDeletionTask(kAcct, task->id), nullptr);
  EXPECT_EQ(d.FindDeletionTask("1000000000000002", task->id), nullptr);  // other accounts'
  // Re-created, then a second deletion with the same uuid collides.
  ASSERT_TRUE(d.CreateServiceLinkedRole(kAcct, {kWs}).ok());
  EXPECT_EQ(d.DeleteServiceLinkedRole(kAcct, kWsRole, "u1").status().rule(), "identity.id-taken");
  EXPECT_NE(d.FindRole(kAcct, kWsRole), nullptr);
}

// --- the RAM fields the API returns ----------------------------------------------------------

TEST(RamFieldsTest, EmailAndMobilePhoneAreValidatedAndKept) {
  Directory d = Fresh();
  UserSpec spec{"alice"};
  spec.email = "alice@example.com";
  spec.mobile_phone = "86-18600008888";
  StatusOr<User> user = d.CreateUser(kAcct, spec);
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(user->email, "alice@example.com");
  EXPECT_EQ(user->mobile_phone, "86-18600008888");
  UserUpdate bad_mail;
  bad_mail.email = "alice";
  EXPECT_EQ(d.UpdateUser(kAcct, "alice", bad_mail).rule(), "InvalidParameter.Email.Format");
  UserUpdate bad_phone;
  bad_phone.mobile_phone = "18600008888";
  EXPECT_EQ(d.UpdateUser(kAcct, "alice", bad_phone).rule(), "InvalidParameter.MobilePhone.Format");
  EXPECT_EQ(d.FindUser(kAcct, "alice")->email, "alice@example.com");
  UserUpdate clear;
  clear.email = "";
  clear.mobile_phone = "1-5550100";
  ASSERT_TRUE(d.UpdateUser(kAcct, "alice", clear).ok());
  EXPECT_EQ(d.FindUser(kAcct, "alice")->email, "");
  EXPECT_EQ(d.FindUser(kAcct, "alice")->mobile_phone, "1-5550100");
  UserSpec bad{"bob"};
  bad.mobile_phone = "+86-186";
  EXPECT_EQ(d.CreateUser(kAcct, bad).status().rule(), "InvalidParameter.MobilePhone.Format");
  EXPECT_EQ(d.FindUser(kAcct, "bob"), nullptr);
}

TEST(RamFieldsTest, EmailAndPhoneRules) {
  for (const char* ok : {"a@example.com", "first.last+tag@sub.example.co", "x_y%z@a-b.cn"}) {
    EXPECT_TRUE(ValidateEmail(ok).ok()) << ok;
  }
  for (const char* bad : {"", "a", "@example.com", "a@", "a@example", "a@@example.com",
                          "a b@example.com", "a@-x.com", "a@x-.com", "a@x..com"}) {
    EXPECT_EQ(ValidateEmail(bad).rule(), "InvalidParameter.Email.Format") << bad;
  }
  EXPECT_FALSE(ValidateEmail(std::string(120, 'a') + "@example.com").ok());  // > 128
  for (const char* ok : {"86-18600008888", "1-5550100", "8869-1234"}) {
    EXPECT_TRUE(ValidateMobilePhone(ok).ok()) << ok;
  }
  for (const char* bad : {"", "18600008888", "86-", "-186", "+86-18600008888", "86-186",
                          "86 18600008888", "12345-18600008888", "86-186000088881234567890"}) {
    EXPECT_EQ(ValidateMobilePhone(bad).rule(), "InvalidParameter.MobilePhone.Format") << bad;
  }
}

TEST(RamFieldsTest, GroupIdsJoinAndAttachDates) {
  Directory d = Fresh();
  ASSERT_TRUE(d.CreateGroup(kAcct, "dev").ok());
  ASSERT_TRUE(d.CreateGroup(kAcct, "ops").ok());
  const std::string dev = d.FindGroup(kAcct, "dev")->id;
  EXPECT_EQ(dev.size(), 15u);
  EXPECT_EQ(dev.rfind("g-", 0), 0u);
  EXPECT_NE(dev, d.FindGroup(kAcct, "ops")->id);
  // Deterministic: the same operations give the same ids.
  Directory again = Fresh();
  ASSERT_TRUE(again.CreateGroup(kAcct, "dev").ok());
  EXPECT_EQ(again.FindGroup(kAcct, "dev")->id, dev);
  // Kept across a rename; no user or role id consumed.
  ASSERT_TRUE(d.UpdateGroup(kAcct, "dev", std::string("devs"), std::nullopt).ok());
  EXPECT_EQ(d.FindGroup(kAcct, "devs")->id, dev);
  StatusOr<User> u = d.CreateUser(kAcct, {"ann"});
  EXPECT_EQ(u->id, "2000000000000001");

  d.SetNow(5000);
  ASSERT_TRUE(d.AddUserToGroup(kAcct, "ann", "devs").ok());
  EXPECT_EQ(d.FindGroup(kAcct, "devs")->join_times.at("ann"), 5000);
  ASSERT_TRUE(d.RemoveUserFromGroup(kAcct, "ann", "devs").ok());
  EXPECT_TRUE(d.FindGroup(kAcct, "devs")->join_times.empty());

  d.SetNow(7000);
  const PolicyRef oss{PolicyType::kSystem, "AliyunOSSFullAccess"};
  ASSERT_TRUE(d.AttachPolicy(kAcct, oss, AttachTarget::kUser, "ann").ok());
  EXPECT_EQ(d.FindUser(kAcct, "ann")->policies[0].attach_time, 7000);
  // Equality ignores the time: the plain reference still finds and detaches it.
  EXPECT_EQ(d.AttachPolicy(kAcct, oss, AttachTarget::kUser, "ann").rule(),
            "EntityAlreadyExists.User.Policy");
  EXPECT_TRUE(d.DetachPolicy(kAcct, oss, AttachTarget::kUser, "ann").ok());
}

TEST(RamFieldsTest, NewDisplayNameRefusalsNameTheParameter) {
  Directory d = Fresh();
  ASSERT_TRUE(d.CreateUser(kAcct, {"ann"}).ok());
  UserUpdate update;
  update.display_name = std::string(129, 'x');
  EXPECT_EQ(d.UpdateUser(kAcct, "ann", update).rule(), "InvalidParameter.NewDisplayName.Length");
  EXPECT_EQ(ForParameter(Status::Ok(), "X").rule(), "");
  EXPECT_EQ(ForParameter(Status(StatusCode::kNotFound, "EntityNotExist.User", "m"), "X").rule(),
            "EntityNotExist.User");
}

}  // namespace
}  // namespace paiam::identity
