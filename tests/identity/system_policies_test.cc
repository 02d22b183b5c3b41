// Tests for identity/system_policies.h (the data under data/policies/system/), and for the ARN
// and name helpers.
#include "identity/system_policies.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>

#include "base/embedded_data.h"
#include "identity/arn.h"
#include "identity/directory.h"
#include "identity/names.h"

namespace paiam::identity {
namespace {

const ManagedPolicy* Find(const std::vector<ManagedPolicy>& all, std::string_view name) {
  for (const ManagedPolicy& p : all) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::set<std::string> Actions(const ManagedPolicy& p) {
  std::set<std::string> out;
  for (const auto& s : p.DefaultVersion().document.statements) {
    out.insert(s.actions.begin(), s.actions.end());
  }
  return out;
}

TEST(SystemPoliciesTest, EmbeddedDataLoads) {
  StatusOr<std::vector<ManagedPolicy>> all = LoadEmbeddedSystemPolicies();
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  for (const char* name : {"AdministratorAccess", "AliyunPAIFullAccess", "AliyunPAIReadOnlyAccess",
                           "AliyunOSSFullAccess", "AliyunOSSReadOnlyAccess", "AliyunLogFullAccess",
                           "AliyunSTSAssumeRoleAccess", "AliyunRAMFullAccess",
                           "AliyunRAMReadOnlyAccess", "AliyunBSSFullAccess", "AliyunVPCFullAccess",
                           "AliyunARMSFullAccess", "AliyunDataWorksFullAccess"}) {
    const ManagedPolicy* p = Find(*all, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_EQ(p->type, PolicyType::kSystem);
    EXPECT_FALSE(p->description.empty()) << name;
    EXPECT_FALSE(p->source.empty()) << name;
  }
  // Confirmed texts (ram-policy.md §5) are marked so, with their documented versions.
  EXPECT_EQ(Find(*all, "AliyunOSSReadOnlyAccess")->provenance, Provenance::kConfirmed);
  EXPECT_EQ(Find(*all, "AliyunRAMReadOnlyAccess")->default_version_id, "v3");
  EXPECT_EQ(Find(*all, "AliyunVPCFullAccess")->default_version_id, "v12");
  EXPECT_EQ(Find(*all, "AliyunVPCFullAccess")->next_version_number, 13u);
  EXPECT_EQ(Find(*all, "AdministratorAccess")->provenance, Provenance::kAssumed);
  EXPECT_EQ(Actions(*Find(*all, "AliyunOSSReadOnlyAccess")),
            (std::set<std::string>{"oss:Get*", "oss:List*"}));
  EXPECT_EQ(Actions(*Find(*all, "AliyunSTSAssumeRoleAccess")),
            std::set<std::string>{"sts:AssumeRole"});
}

TEST(SystemPoliciesTest, PaiFullAccessCoversEveryPaiCode) {
  StatusOr<std::vector<ManagedPolicy>> all = LoadEmbeddedSystemPolicies();
  ASSERT_TRUE(all.ok());
  const std::set<std::string> actions = Actions(*Find(*all, "AliyunPAIFullAccess"));
  // ram-policy.md Decisions 7 plus paitraining, which the catalog uses.
  for (const char* code : {"pai",
                           "paiplugin",
                           "eas",
                           "paiflow",
                           "paidesigner",
                           "paidlc",
                           "paidsw",
                           "paiimage",
                           "paicodesource",
                           "paidataset",
                           "paitrainingservice",
                           "paimodel",
                           "paicomponentmanagement",
                           "paiautoml",
                           "paillmtrace",
                           "pailangstudio",
                           "paiartlab",
                           "paiexperiment",
                           "paiworkspace",
                           "paiitag",
                           "featurestore",
                           "paiabtest",
                           "pairec",
                           "modelservice",
                           "agenticpai",
                           "paitraining"}) {
    EXPECT_TRUE(actions.contains(std::string(code) + ":*")) << code;
  }
  EXPECT_EQ(actions.size(), 26u);
}

TEST(SystemPoliciesTest, DirectoryWithSystemPolicies) {
  StatusOr<Directory> dir = Directory::WithSystemPolicies();
  ASSERT_TRUE(dir.ok()) << dir.status().ToString();
  // One per manifest row (other helpers append rows, so count them rather than fix a number).
  std::optional<std::string_view> manifest = EmbeddedData("policies/system/manifest.csv");
  ASSERT_TRUE(manifest.has_value());
  size_t rows = 0;
  for (char c : *manifest) rows += c == '\n';
  if (!manifest->empty() && manifest->back() != '\n') ++rows;
  EXPECT_EQ(dir->ListPolicies("", PolicyType::kSystem).size(), rows - 1);  // minus the header
  EXPECT_GE(rows - 1, 13u);
  EXPECT_NE(dir->FindPolicy(PolicyType::kSystem, "", "AliyunPAIFullAccess"), nullptr);
}

TEST(SystemPoliciesTest, BadDataIsReportedWithItsPlace) {
  std::map<std::string, std::string, std::less<>> files = {
      {"policies/system/manifest.csv",
       "name,version,description,provenance,source\nA,v1,d,confirmed,s\nB,v1,d,guessed,s\n"},
      {"policies/system/A.json",
       R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"a:*","Resource":"*"}]})"},
  };
  auto reader = [&](std::string_view path) -> std::optional<std::string_view> {
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return std::string_view(it->second);
  };
  StatusOr<std::vector<ManagedPolicy>> got = LoadSystemPolicies(reader);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().rule(), "identity.system-policy-data");
  EXPECT_NE(got.status().message().find("manifest.csv:3"), std::string::npos)
      << got.status().message();

  files["policies/system/manifest.csv"] =
      "name,version,description,provenance,source\n\"A\",v1,\"d, with comma\",confirmed,s\n"
      "C,v1,d,assumed,s\n";
  got = LoadSystemPolicies(reader);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("policies/system/C.json"), std::string::npos)
      << got.status().message();

  files["policies/system/C.json"] =
      R"({"Version":"2","Statement":[{"Effect":"Allow","Action":"a:*","Resource":"*"}]})";
  got = LoadSystemPolicies(reader);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("C.json"), std::string::npos) << got.status().message();

  files["policies/system/C.json"] = files["policies/system/A.json"];
  got = LoadSystemPolicies(reader);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ((*got)[0].description, "d, with comma");
}

TEST(ArnTest, BuildAndParse) {
  EXPECT_EQ(RootArn("123"), "acs:ram::123:root");
  EXPECT_EQ(UserArn("123", "alice"), "acs:ram::123:user/alice");
  EXPECT_EQ(RoleArn("123", "ops"), "acs:ram::123:role/ops");
  EXPECT_EQ(GroupArn("123", "devs"), "acs:ram:*:123:group/devs");
  EXPECT_EQ(PolicyArn(PolicyType::kSystem, "123", "P"), "acs:ram:*:system:policy/P");
  EXPECT_EQ(PolicyArn(PolicyType::kCustom, "123", "P"), "acs:ram:*:123:policy/P");

  auto user = ParsePrincipalArn("acs:ram::123:user/alice");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->type, PrincipalType::kUser);
  EXPECT_EQ(user->account_id, "123");
  EXPECT_EQ(user->name, "alice");
  auto session = ParsePrincipalArn("acs:ram::123:assumed-role/ops/s1");
  ASSERT_TRUE(session);
  EXPECT_EQ(session->type, PrincipalType::kRole);
  EXPECT_EQ(session->name, "ops");
  EXPECT_EQ(session->session, "s1");
  EXPECT_EQ(ParsePrincipalArn("acs:ram::123:role/ops/s2")->session, "s2");
  EXPECT_EQ(ParsePrincipalArn("acs:ram::123:root")->type, PrincipalType::kRoot);
  for (const char* bad :
       {"acs:ram::*:root", "acs:ram:::root", "acs:ram::123:group/devs", "acs:ram::123:user/",
        "acs:ram::123:user/a/b", "acs:ram::123:assumed-role/ops", "acs:oss::123:root",
        "acs:ram::123:user/a*"}) {
    EXPECT_FALSE(ParsePrincipalArn(bad)) << bad;
  }
}

TEST(NamesTest, Rules) {
  EXPECT_TRUE(ValidateUserName("a.b_c-d9").ok());
  EXPECT_TRUE(ValidateRoleName("a.b-c").ok());
  EXPECT_EQ(ValidateRoleName("a_b").rule(), "InvalidParameter.RoleName.InvalidChars");
  EXPECT_EQ(ValidatePolicyName("a.b").rule(), "InvalidParameter.PolicyName.InvalidChars");
  EXPECT_TRUE(ValidateAccountAlias("abc").ok());
  EXPECT_FALSE(ValidateAccountAlias("ab").ok());
  EXPECT_FALSE(ValidateAccountAlias("Abc").ok());
  EXPECT_FALSE(ValidateAccountAlias("abc-").ok());
  EXPECT_EQ(CountChars("\xE4\xB8\xAD\xE6\x96\x87"), 2u);  // two CJK characters
  EXPECT_TRUE(ValidateDisplayName(std::string(128, 'x')).ok());
  // Display names count characters: 128 three-byte characters fit.
  std::string cjk;
  for (int i = 0; i < 128; ++i) cjk += "\xE4\xB8\xAD";
  EXPECT_TRUE(ValidateDisplayName(cjk).ok());
  EXPECT_FALSE(ValidateDisplayName(cjk + "x").ok());
}

}  // namespace
}  // namespace paiam::identity
