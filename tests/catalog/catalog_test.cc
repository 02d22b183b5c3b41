// The built-in catalog: counts match data/README.md, lookups, the matrix as loaded equals
// role_grants.csv cell by cell, default-allow rows, the parser's name catalog, and the
// custom-role module mapping.
#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <string>

#include "base/embedded_data.h"
#include "catalog/csv.h"
#include "policy/parser.h"
#include "support/files.h"

namespace paiam::catalog {
namespace {

const Catalog& Cat() { return Catalog::BuiltIn(); }

// "name: 123" lines of the generator summary in data/README.md.
std::map<std::string, int> ReadmeSummary() {
  const std::string readme =
      testing::ReadFileOrDie(std::string(PAIAM_SOURCE_DIR) + "/data/README.md");
  const size_t begin = readme.find("<!-- summary:begin -->");
  const size_t end = readme.find("<!-- summary:end -->");
  EXPECT_NE(begin, std::string::npos);
  const std::string summary = readme.substr(begin, end - begin);
  std::map<std::string, int> out;
  std::regex line(R"(\n\s*([A-Za-z:0-9 ()-]+?): (\d+)(?=\n))");
  for (std::sregex_iterator it(summary.begin(), summary.end(), line), last; it != last; ++it) {
    out[(*it)[1]] = std::stoi((*it)[2]);
  }
  return out;
}

CsvTable EmbeddedCsv(const std::string& path) {
  StatusOr<CsvTable> table = CsvTable::Parse(*EmbeddedData(path), path);
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return std::move(table).value();
}

TEST(CatalogCounts, MatchDataReadme) {
  std::map<std::string, int> summary = ReadmeSummary();
  ASSERT_TRUE(summary.contains("rows")) << "summary block not found in data/README.md";
  EXPECT_EQ(Cat().actions().size(), static_cast<size_t>(summary["rows"]));
  EXPECT_EQ(Cat().default_allow_actions().size(),
            static_cast<size_t>(summary["default-allow rows"]));
  EXPECT_EQ(Cat().cell_count(), static_cast<size_t>(summary["cells"]));
  EXPECT_EQ(Cat().roles().size(), 7u);

  // Cells by provenance, and rows per table, against the generator's summary.
  std::map<std::string, int> provenance;
  CsvTable grants = EmbeddedCsv("catalog/role_grants.csv");
  for (const CsvRecord& r : grants.records()) ++provenance[r.fields[3]];
  EXPECT_EQ(provenance["seed"], summary["seed"]);
  int reconstructed = 0;
  for (const auto& [name, count] : provenance) {
    if (name == "seed") continue;
    EXPECT_EQ(count, summary[name]) << name;
    reconstructed += count;
  }
  EXPECT_EQ(reconstructed, summary["reconstructed"]);
  std::map<std::string, int> per_table;
  for (const Action& a : Cat().actions()) ++per_table[a.table];
  for (const auto& [table, count] : per_table) EXPECT_EQ(count, summary[table]) << table;
}

TEST(CatalogMatrix, AllowedAndProvenanceEqualRoleGrantsCsv) {
  CsvTable grants = EmbeddedCsv("catalog/role_grants.csv");
  std::map<std::pair<std::string, uint32_t>, ClassMask> expected;  // (column, action) -> mask
  for (const CsvRecord& r : grants.records()) {
    const Action* a = Cat().FindAction(r.fields[0]);
    ASSERT_NE(a, nullptr) << r.fields[0];
    ASSERT_EQ(a->id, r.fields[0]);
    const ClassMask mask = *ParseClassMask(r.fields[2]);
    expected[{r.fields[1], a->index}] |= mask;
    for (const Role& role : Cat().roles()) {
      if (role.grant_column != r.fields[1]) continue;
      for (AssetClass c : kAllClasses) {
        if (Contains(mask, c)) {
          EXPECT_EQ(Cat().Provenance(role, *a, c), r.fields[3]);
        }
      }
    }
  }
  int cells = 0;
  for (const Role& role : Cat().roles()) {
    for (const Action& a : Cat().actions()) {
      auto it = expected.find({role.grant_column, a.index});
      const ClassMask want = it == expected.end() ? kNoClass : it->second;
      EXPECT_EQ(Cat().Allowed(role, a), want) << role.api_name << " " << a.id;
      for (AssetClass c : kAllClasses) {
        EXPECT_EQ(Cat().Provenance(role, a, c).empty(), !Contains(want, c));
        ++cells;
      }
    }
  }
  EXPECT_EQ(cells, 7 * 397 * 4);
}

TEST(CatalogMatrix, EveryRowHasAsManyCellsAsSeedChecks) {
  CsvTable grants = EmbeddedCsv("catalog/role_grants.csv");
  std::map<std::string, int> cells;
  for (const CsvRecord& r : grants.records()) ++cells[r.fields[0]];
  for (const Action& a : Cat().actions()) EXPECT_EQ(cells[a.id], a.seed_checks) << a.id;
}

TEST(CatalogMatrix, OwnerSharesTheAdministratorColumn) {
  const Role* owner = Cat().FindRole("PAI.WorkspaceOwner");
  const Role* admin = Cat().FindRole("PAI.WorkspaceAdmin");
  ASSERT_NE(owner, nullptr);
  ASSERT_NE(admin, nullptr);
  EXPECT_EQ(owner->grant_column, admin->api_name);
  for (const Action& a : Cat().actions())
    EXPECT_EQ(Cat().Allowed(*owner, a), Cat().Allowed(*admin, a));
  EXPECT_EQ(Cat().Allowed(*owner, *Cat().FindAction("PaiDataset:ListAllDatasets")), kAnyClass);
}

TEST(CatalogLookup, ActionsCaseInsensitivelyByEveryName) {
  const Action* a = Cat().FindAction("PaiDataset:DeleteDataset");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a, Cat().FindAction("paidataset:deletedataset"));
  EXPECT_EQ(a, Cat().FindAction("PAIDATASET:DELETEDATASET"));
  EXPECT_EQ(a->id, "paidataset:DeleteDataset");
  EXPECT_EQ(a->ram_code, "paidataset");
  EXPECT_EQ(a->kind, ActionKind::kWrite);
  EXPECT_EQ(a->resource, "dataset/{datasetId}");

  // Workspace action name differs from the RAM name.
  const Action* artlab = Cat().FindAction("PaiArtLab:CreateService");
  ASSERT_NE(artlab, nullptr);
  EXPECT_EQ(artlab->id, "paiartlab:CreateAI4DService");
  EXPECT_EQ(artlab->policy_action, "PaiArtLab:CreateAI4DService");
  // Only a workspace action name: it is the policy name.
  EXPECT_EQ(Cat().FindAction("pailangstudio:createflow")->policy_action,
            "PaiLangStudio:CreateFlow");
  // No action name at all: the id stands in.
  const Action* itag = Cat().FindAction("itag:labeling-job-management");
  ASSERT_NE(itag, nullptr);
  EXPECT_EQ(itag->policy_action, itag->id);
  EXPECT_EQ(Cat().FindAction("paidataset:NoSuchAction"), nullptr);
  EXPECT_EQ(Cat().FindAction(""), nullptr);
}

TEST(CatalogLookup, SharedNamesPreferTheWorkspaceRowAndIdsPickEither) {
  const Action* workspace_row = Cat().FindAction("PaiImage:GetImage");
  ASSERT_NE(workspace_row, nullptr);
  EXPECT_EQ(workspace_row->id, "paiimage:GetImage");
  EXPECT_FALSE(workspace_row->default_allow);
  const Action* official = Cat().FindAction("paiimage:getimage#2");
  ASSERT_NE(official, nullptr);
  EXPECT_TRUE(official->default_allow);
  EXPECT_EQ(official->resource, "provider/pai/image/{imageId}");
  std::vector<const Action*> both = Cat().FindActions("paiimage:GetImage");
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0], workspace_row);
  EXPECT_EQ(both[1], official);
}

TEST(CatalogLookup, TypoAliases) {
  // The seed's misspelling is the row's name; the correction is its alias.
  const Action* typo = Cat().FindAction("PaiImage:Listlmages");
  ASSERT_NE(typo, nullptr);
  EXPECT_EQ(typo->alias, "PaiImage:ListImages");
  EXPECT_TRUE(typo->default_allow);
  // The corrected spelling is also a real row's name, and a name beats an alias.
  const Action* real = Cat().FindAction("paiimage:listimages");
  ASSERT_NE(real, nullptr);
  EXPECT_EQ(real->id, "paiimage:ListImages");
  std::vector<const Action*> named = Cat().FindActions("PaiImage:ListImages");
  ASSERT_EQ(named.size(), 2u);
  EXPECT_EQ(named[1], typo);
  // Resource-path corrections.
  const Action* draft = Cat().FindAction("PaiDesigner:GetPipelineDraft");
  EXPECT_EQ(draft->resource, "pipelinedraft/{pipeineDraftId}");
  EXPECT_EQ(draft->resource_path(), "pipelinedraft/{pipelineDraftId}");
  EXPECT_EQ(Cat().FindAction("PaiDLC:GetJob")->resource_path(), "dlcjob/{jobId}");
}

TEST(CatalogLookup, RolesByApiShortAndDisplayName) {
  const Role* dev = Cat().FindRole("PAI.AlgoDeveloper");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev, Cat().FindRole("pai.algodeveloper"));
  EXPECT_EQ(dev, Cat().FindRole("AlgoDeveloper"));
  EXPECT_EQ(dev, Cat().FindRole("Algorithm Developer"));
  EXPECT_EQ(dev, Cat().FindRole("ALGORITHM DEVELOPER"));
  EXPECT_EQ(dev->short_name, "AlgoDeveloper");
  EXPECT_EQ(dev->sub_columns.size(), 4u);
  EXPECT_EQ(Cat().FindRole("Visitor")->api_name, "PAI.WorkspaceGuest");
  EXPECT_EQ(Cat().FindRole("visitor")->sub_columns,
            (std::vector<ClassMask>{kPrivateCreator, kPrivateOthers, kPublic}));
  EXPECT_EQ(Cat().FindRole("Workspace Administrator/Owner")->api_name, "PAI.WorkspaceAdmin");
  EXPECT_EQ(Cat().FindRole("MaxCompute Developer")->role_type, "compute-resource");
  EXPECT_EQ(Cat().FindRole("Owner"), nullptr);
  EXPECT_EQ(Cat().FindRole("PAI.Nobody"), nullptr);
}

TEST(CatalogDefaultAllow, RowsHaveNoCellsAndAreListed) {
  std::set<std::string> ids;
  for (const Action* a : Cat().default_allow_actions()) {
    EXPECT_TRUE(a->default_allow);
    EXPECT_EQ(a->seed_checks, 0);
    for (const Role& role : Cat().roles()) EXPECT_EQ(Cat().Allowed(role, *a), kNoClass);
    ids.insert(a->id);
  }
  EXPECT_TRUE(ids.contains("pai:ListProducts"));
  EXPECT_TRUE(ids.contains("paiimage:GetImage#2"));
  EXPECT_TRUE(ids.contains("paidsw:CreateTempFile"));
  EXPECT_FALSE(ids.contains("paiimage:GetImage"));
  size_t count = 0;
  for (const Action& a : Cat().actions()) count += a.default_allow;
  EXPECT_EQ(count, Cat().default_allow_actions().size());
}

TEST(CatalogNames, ParserWarnsOnlyAboutUnknownNames) {
  policy::NameCatalog names = Cat().AsNameCatalog();
  EXPECT_TRUE(names.knows_ram_code("PaiDLC"));
  EXPECT_TRUE(names.knows_ram_code("oss"));
  EXPECT_TRUE(names.knows_ram_code("Log"));
  EXPECT_TRUE(names.knows_ram_code("paitrainingservice"));
  EXPECT_FALSE(names.knows_ram_code("paidlcx"));
  EXPECT_TRUE(names.knows_action("paidlc:getjob"));
  EXPECT_TRUE(names.knows_action("PaiImage:Listlmages"));
  EXPECT_FALSE(names.knows_action("paidlc:GetJobs"));
  EXPECT_TRUE(names.knows_action("oss:GetObject"));  // no list of OSS APIs: never warned about

  policy::ParseOptions options;
  options.catalog = &names;
  policy::ParseResult result = policy::ParsePolicy(
      R"({"Version":"1","Statement":[{"Effect":"Allow","Action":["PaiDLC:GetJob","oss:GetObject",
          "paidlc:NoSuchApi","nosuchcode:Get","paidsw:*"],"Resource":"*"}]})",
      options);
  ASSERT_TRUE(result.ok());
  std::vector<std::string> warnings;
  for (const policy::Diagnostic& d : result.diagnostics) warnings.push_back(d.message);
  ASSERT_EQ(warnings.size(), 2u) << ::testing::PrintToString(warnings);
  EXPECT_NE(warnings[0].find("unknown action \"paidlc:NoSuchApi\""), std::string::npos);
  EXPECT_NE(warnings[1].find("unknown ram-code \"nosuchcode\""), std::string::npos);

  // The callbacks keep working after the catalog object they came from is gone.
  policy::NameCatalog detached;
  {
    Catalog copy = Cat();
    detached = copy.AsNameCatalog();
  }
  EXPECT_TRUE(detached.knows_action("PaiDataset:GetDataset"));
  for (std::string_view code : kKnownExternalRamCodes) EXPECT_TRUE(detached.knows_ram_code(code));
}

TEST(AssetClasses, NamesAndParsing) {
  EXPECT_EQ(ClassName(AssetClass::kPublicOthers), "PUBLIC_OTHERS");
  EXPECT_EQ(AccessibilityValue(AssetClass::kPrivateOthers), "PRIVATE");
  EXPECT_EQ(EntityAccessTypeValue(AssetClass::kPublicCreator), "CREATOR");
  EXPECT_EQ(ClassOf(/*is_public=*/true, /*caller_is_creator=*/false), AssetClass::kPublicOthers);
  EXPECT_EQ(ClassOf(false, true), AssetClass::kPrivateCreator);
  EXPECT_EQ(ParseClass("public", "Creator"), AssetClass::kPublicCreator);
  EXPECT_EQ(ParseClass("ANY", "CREATOR"), std::nullopt);
  EXPECT_EQ(ParseClass("PUBLIC", ""), std::nullopt);
  EXPECT_EQ(ParseClassMask("PUBLIC"), kPublic);
  EXPECT_EQ(ParseClassMask("ANY"), kAnyClass);
  EXPECT_EQ(ParseClassMask("PRIVATE"), std::nullopt);  // not a role_grants.csv class
  EXPECT_EQ(ClassMaskName(kPrivateCreator | kPublic), "PRIVATE_CREATOR|PUBLIC");
  EXPECT_EQ(ClassMaskName(kPrivateOthers | kPublicCreator), "PRIVATE_OTHERS|PUBLIC_CREATOR");
  EXPECT_EQ(ClassMaskName(kAnyClass), "ANY");
  EXPECT_EQ(ClassMaskName(kNoClass), "");
}

}  // namespace
}  // namespace paiam::catalog
