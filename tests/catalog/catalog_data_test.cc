// Loading catalog data from text: the CSV reader, precise errors (file:line) for bad data, the
// custom-role module mapping, and the meaning of custom-role levels and rules.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "base/embedded_data.h"
#include "catalog/catalog.h"
#include "catalog/csv.h"

namespace paiam::catalog {
namespace {

// The embedded files as editable strings.
struct Sources {
  std::string actions = std::string(*EmbeddedData("catalog/actions.csv"));
  std::string grants = std::string(*EmbeddedData("catalog/role_grants.csv"));
  std::string roles = std::string(*EmbeddedData("catalog/roles.csv"));
  std::string modules = std::string(*EmbeddedData("custom_role_modules.csv"));

  StatusOr<Catalog> Load() const {
    CsvSources s;
    s.actions = actions;
    s.role_grants = grants;
    s.roles = roles;
    s.custom_role_modules = modules;
    return Catalog::FromCsv(s);
  }
};

// Replaces the first occurrence of `from` (which must exist).
void Replace(std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

// 1-based line number of the first line containing `needle`.
int LineOf(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

std::string LoadError(const Sources& s) {
  StatusOr<Catalog> c = s.Load();
  EXPECT_FALSE(c.ok());
  if (c.ok()) return "";
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().rule(), "catalog.bad-data");
  return c.status().message();
}

TEST(Csv, QuotesCommasNewlinesAndLineNumbers) {
  StatusOr<CsvTable> t = CsvTable::Parse(
      "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\n2,\"two\nlines\",\n3,,z", "t.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->records().size(), 3u);
  EXPECT_EQ(t->records()[0].fields, (std::vector<std::string>{"1", "x, y", "say \"hi\""}));
  EXPECT_EQ(t->records()[0].line, 2u);
  EXPECT_EQ(t->records()[1].fields, (std::vector<std::string>{"2", "two\nlines", ""}));
  EXPECT_EQ(t->records()[1].line, 4u);
  EXPECT_EQ(t->records()[2].line, 6u);
  EXPECT_EQ(*t->Column("c"), 2u);
  EXPECT_EQ(t->Column("d").status().message(), "t.csv:1: missing column \"d\"");
}

TEST(Csv, ErrorsSayFileAndLine) {
  EXPECT_EQ(CsvTable::Parse("a,b\n1,2\n3\n", "t.csv").status().message(),
            "t.csv:3: expected 2 fields, found 1");
  EXPECT_EQ(CsvTable::Parse("a,b\n1,2\n\"3,4\n", "t.csv").status().message(),
            "t.csv:3: unterminated quoted field");
  EXPECT_EQ(CsvTable::Parse("a,b\n1,x\"y\n", "t.csv").status().message(),
            "t.csv:2: stray quote or text after a quoted field");
  EXPECT_EQ(CsvTable::Parse("a,b\n\"1\"x,2\n", "t.csv").status().message(),
            "t.csv:2: stray quote or text after a quoted field");
  EXPECT_EQ(CsvTable::Parse("", "t.csv").status().message(),
            "t.csv:1: empty file: expected a header line");
}

TEST(CatalogData, EmbeddedSourcesLoad) {
  StatusOr<Catalog> c = Sources().Load();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->actions().size(), Catalog::BuiltIn().actions().size());
}

TEST(CatalogData, BadActionRows) {
  Sources s;
  Replace(s.actions, ",false,WRITE,1,19\n", ",false,WRIT,1,19\n");
  EXPECT_EQ(LoadError(s), "catalog/actions.csv:" + std::to_string(LineOf(s.actions, "WRIT,")) +
                              ": kind must be READ or WRITE");
  s = Sources();
  Replace(s.actions, "paiworkspace:DeleteWorkspace,", "paiworkspace:CreateWorkspace,");
  EXPECT_EQ(LoadError(s),
            "catalog/actions.csv:12: id \"paiworkspace:CreateWorkspace\" is used twice");
  s = Sources();
  Replace(s.actions, ",PaiWorkspace:DeleteWorkspace,,paiworkspace,",
          ",PaiWorkspace:DeleteWorkspace,,paidlc,");
  EXPECT_EQ(LoadError(s),
            "catalog/actions.csv:12: action \"PaiWorkspace:DeleteWorkspace\" does not "
            "have ram_code \"paidlc\"");
  s = Sources();
  Replace(s.actions, ",false,WRITE,1,19\n", ",no,WRITE,1,19\n");
  EXPECT_EQ(LoadError(s), "catalog/actions.csv:12: default_allow must be true or false");
  s = Sources();
  Replace(s.actions, ",false,WRITE,1,19\n", ",false,WRITE,one,19\n");
  EXPECT_EQ(LoadError(s), "catalog/actions.csv:12: seed_checks and seed_line must be integers");
  s = Sources();
  Replace(s.actions, "id,module,", "identifier,module,");
  EXPECT_EQ(LoadError(s), "catalog/actions.csv:1: missing column \"id\"");
}

TEST(CatalogData, BadGrantRows) {
  Sources s;
  Replace(s.grants, "paiworkspace:DeleteWorkspace,PAI.WorkspaceAdmin",
          "paiworkspace:DropWorkspace,PAI.WorkspaceAdmin");
  EXPECT_EQ(LoadError(s),
            "catalog/role_grants.csv:3: unknown action_id \"paiworkspace:DropWorkspace\"");
  s = Sources();
  Replace(s.grants, "paiworkspace:DeleteWorkspace,PAI.WorkspaceAdmin",
          "paiworkspace:DeleteWorkspace,PAI.Nobody");
  EXPECT_EQ(LoadError(s),
            "catalog/role_grants.csv:3: \"PAI.Nobody\" is no role's grant_column in roles.csv");
  s = Sources();
  Replace(s.grants, "paiworkspace:DeleteWorkspace,PAI.WorkspaceAdmin,ANY",
          "paiworkspace:DeleteWorkspace,PAI.WorkspaceAdmin,PUBLIC");
  EXPECT_EQ(LoadError(s),
            "catalog/role_grants.csv:3: class \"PUBLIC\" is not a column of PAI.WorkspaceAdmin");
  s = Sources();
  Replace(s.grants, "paiworkspace:DeleteWorkspace,PAI.WorkspaceAdmin,ANY,seed",
          "paiworkspace:DeleteWorkspace,PAI.WorkspaceAdmin,ANY,guess");
  EXPECT_EQ(LoadError(s),
            "catalog/role_grants.csv:3: provenance must be seed or rule:N, got \"guess\"");
  s = Sources();
  s.grants += "paiworkspace:DeleteWorkspace,PAI.WorkspaceAdmin,ANY,seed\n";
  const int last = static_cast<int>(std::count(s.grants.begin(), s.grants.end(), '\n'));
  EXPECT_EQ(LoadError(s), "catalog/role_grants.csv:" + std::to_string(last) +
                              ": cell overlaps an earlier cell of PAI.WorkspaceAdmin on "
                              "paiworkspace:DeleteWorkspace");
  s = Sources();
  s.grants += "pai:ListProducts,PAI.WorkspaceAdmin,ANY,seed\n";
  EXPECT_EQ(LoadError(s), "catalog/role_grants.csv:" + std::to_string(last) +
                              ": \"pai:ListProducts\" is default-allow and takes no cells");
}

TEST(CatalogData, BadRoleAndModuleRows) {
  Sources s;
  Replace(s.roles, "PRIVATE_CREATOR;PRIVATE_OTHERS;PUBLIC,false,basic",
          "PRIVATE_CREATOR;PRIVATE_OTHERS;PUBLIK,false,basic");
  EXPECT_EQ(LoadError(s), "catalog/roles.csv:5: unknown class \"PUBLIK\"");
  s = Sources();
  Replace(s.modules, "DLC,ram_code,paidlc,", "DLC,ram_code,paidcl,");
  EXPECT_EQ(LoadError(s), "custom_role_modules.csv:5: ram_code \"paidcl\" names no catalog row");
  s = Sources();
  Replace(s.modules, "DLC,ram_code,paidlc,", "DLC,prefix,paidlc,");
  EXPECT_EQ(LoadError(s), "custom_role_modules.csv:5: match must be ram_code, table or action");
  s = Sources();
  s.modules +=
      "Model,action,PaiDataset:GetDataset,conflict\nDataset,action,PaiDataset:GetDataset,"
      "conflict\n";
  const int last = static_cast<int>(std::count(s.modules.begin(), s.modules.end(), '\n'));
  EXPECT_EQ(LoadError(s), "custom_role_modules.csv:" + std::to_string(last) +
                              ": \"paidataset:GetDataset\" is already in module Model (line " +
                              std::to_string(last - 1) + ")");
}

TEST(CustomRoleModules, CoverTheAiWorkspaceModules) {
  const Catalog& cat = Catalog::BuiltIn();
  std::vector<std::string> names;
  for (const CustomRoleModule& m : cat.custom_role_modules()) names.push_back(m.name);
  EXPECT_EQ(names, (std::vector<std::string>{"PaiDesigner", "Paiflow", "DSW", "DLC", "Dataset",
                                             "Model", "Image", "CodeSource", "ArtLab",
                                             "PaiWorkspace@@Workspace", "PaiWorkspace@@MemberRole",
                                             "PaiWorkspace@@Resource", "PaiWorkspace@@Config"}));
  std::set<uint32_t> covered;
  for (const CustomRoleModule& m : cat.custom_role_modules()) {
    EXPECT_FALSE(m.actions.empty()) << m.name;
    for (uint32_t i : m.actions) {
      EXPECT_TRUE(covered.insert(i).second) << "row in two modules: " << cat.actions()[i].id;
      EXPECT_FALSE(cat.actions()[i].default_allow) << cat.actions()[i].id;
      EXPECT_NE(cat.actions()[i].table, "Workspace management: Off-workspace resources");
    }
  }
  // Every non-default-allow paidlc row is in DLC, and only those.
  const CustomRoleModule* dlc = cat.FindCustomRoleModule("dlc");
  ASSERT_NE(dlc, nullptr);
  size_t paidlc = 0;
  for (const Action& a : cat.actions()) paidlc += a.ram_code == "paidlc" && !a.default_allow;
  EXPECT_EQ(dlc->actions.size(), paidlc);
  for (uint32_t i : dlc->actions) EXPECT_EQ(cat.actions()[i].ram_code, "paidlc");

  auto ids = [&cat](std::string_view module) {
    std::set<std::string> out;
    for (uint32_t i : cat.FindCustomRoleModule(module)->actions) out.insert(cat.actions()[i].id);
    return out;
  };
  EXPECT_EQ(
      ids("PaiWorkspace@@Workspace"),
      (std::set<std::string>{"paiworkspace:GetWorkspace", "paiworkspace:UpdateWorkspace",
                             "paiworkspace:ListOperationLogs", "paiworkspace:GetInstanceJob"}));
  EXPECT_EQ(ids("PaiWorkspace@@Config"),
            (std::set<std::string>{"paiworkspace:ListConfigs", "paiworkspace:UpdateConfigs",
                                   "paiworkspace:DeleteConfig"}));
  EXPECT_EQ(ids("paiworkspace@@memberrole").size(), 13u);
  EXPECT_EQ(ids("PaiWorkspace@@Resource").size(), 7u);
  EXPECT_EQ(cat.FindCustomRoleModule("EAS"), nullptr);
}

TEST(CustomRoleLevels, WhatEachLevelGrants) {
  EXPECT_EQ(LevelGrant(PermissionLevel::kNoPrivilege, ActionKind::kRead), kNoClass);
  EXPECT_EQ(LevelGrant(PermissionLevel::kReadOnly, ActionKind::kRead), kPrivateCreator | kPublic);
  EXPECT_EQ(LevelGrant(PermissionLevel::kReadOnly, ActionKind::kWrite), kNoClass);
  EXPECT_EQ(LevelGrant(PermissionLevel::kReadWrite, ActionKind::kRead), kPrivateCreator | kPublic);
  EXPECT_EQ(LevelGrant(PermissionLevel::kReadWrite, ActionKind::kWrite), kPrivateCreator);
  EXPECT_EQ(LevelGrant(PermissionLevel::kFullAccess, ActionKind::kWrite), kAnyClass);
  EXPECT_EQ(LevelGrant(PermissionLevel::kCustomPermissions, ActionKind::kRead), kNoClass);
  for (std::string_view name :
       {"NoPrivilege", "ReadOnly", "ReadWrite", "FullAccess", "CustomPermissions"}) {
    std::optional<PermissionLevel> level = ParsePermissionLevel(name);
    ASSERT_TRUE(level.has_value()) << name;
    EXPECT_EQ(PermissionLevelName(*level), name);
  }
  EXPECT_EQ(ParsePermissionLevel("readonly"), PermissionLevel::kReadOnly);
  EXPECT_EQ(ParsePermissionLevel("Read"), std::nullopt);
}

TEST(CustomRoleLevels, PermissionRules) {
  EXPECT_EQ(*PermissionRuleMask("PRIVATE", "CREATOR"), kPrivateCreator);
  EXPECT_EQ(*PermissionRuleMask("private", "any"), kPrivate);
  EXPECT_EQ(*PermissionRuleMask("PUBLIC", ""), kPublic);
  EXPECT_EQ(*PermissionRuleMask("ANY", "CREATOR"), kCreator);
  EXPECT_EQ(*PermissionRuleMask("ANY", "OTHERS"), kOthers);
  EXPECT_EQ(*PermissionRuleMask("", ""), kAnyClass);
  StatusOr<ClassMask> bad = PermissionRuleMask("SHARED", "CREATOR");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().rule(), "workspace.custom-role.bad-permission-rule");
  EXPECT_FALSE(PermissionRuleMask("PUBLIC", "ME").ok());
}

}  // namespace
}  // namespace paiam::catalog
