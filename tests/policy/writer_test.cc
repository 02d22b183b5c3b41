// The writer's output parses back to the same model: checked on every valid document of the
// conformance corpus (write → parse → write gives identical text).
#include "policy/writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "policy/parser.h"
#include "support/files.h"

namespace paiam::policy {
namespace {

PolicyKind KindOf(const std::string& name) {
  if (name == "trust") return PolicyKind::kTrust;
  if (name == "resource") return PolicyKind::kResource;
  if (name == "session") return PolicyKind::kSession;
  return PolicyKind::kIdentity;
}

TEST(Writer, RoundTripsEveryValidCorpusDocument) {
  int checked = 0;
  for (const std::string& file : testing::ListFiles(PAIAM_CASES_DIR, ".json")) {
    nlohmann::json c = nlohmann::json::parse(testing::ReadFileOrDie(file));
    ParseOptions options;
    options.kind = KindOf(c.value("kind", "identity"));
    for (const auto& p : c["policies"]) {
      if (!p["document"].is_object()) continue;  // raw text: an invalid-document case
      ParseResult first = ParsePolicy(p["document"].dump(), options);
      if (!first.ok()) continue;
      const std::string written = FormatPolicyDocument(*first.document);
      ParseResult second = ParsePolicy(written, options);
      ASSERT_TRUE(second.ok()) << file << ": " << second.diagnostics.front().ToString() << "\n"
                               << written;
      EXPECT_EQ(FormatPolicyDocument(*second.document), written) << file;
      ++checked;
    }
  }
  EXPECT_GT(checked, 300);
}

TEST(Writer, PrincipalAndSingleConditionValueShapes) {
  ParseOptions options;
  options.kind = PolicyKind::kTrust;
  ParseResult parsed = ParsePolicy(
      R"({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",)"
      R"("Principal":{"Service":"pai.aliyuncs.com"},)"
      R"("Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}]})",
      options);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(FormatPolicyDocument(*parsed.document),
            R"({"Version":"1","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole"],)"
            R"("Principal":{"Service":["pai.aliyuncs.com"]},)"
            R"("Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}]})");
}

}  // namespace
}  // namespace paiam::policy
