// Tests for policy/parser.h: every validation rule with its exact message and position, the
// model the seed policies produce, JSON syntax errors and the rendering helpers.
#include "policy/parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace paiam::policy {
namespace {

using Lines = std::vector<std::string>;

Lines Render(const ParseResult& result) {
  Lines lines;
  for (const Diagnostic& d : result.diagnostics) {
    lines.push_back((d.severity == Severity::kError ? "error: " : "warning: ") + d.ToString());
  }
  return lines;
}

Lines Diagnose(std::string_view json, PolicyKind kind = PolicyKind::kIdentity) {
  return Render(ParsePolicy(json, {kind, nullptr}));
}

// Wraps statement members so that they start on line 2, column 1: positions in the expected
// messages can then be read off the argument.
std::string Stmt(std::string_view members) {
  return R"({"Version": "1", "Statement": [{)"
         "\n" +
         std::string(members) + "\n}]}";
}

constexpr std::string_view kAllowAll = R"("Effect": "Allow", "Action": "oss:GetObject")";

// ---- Seed policies --------------------------------------------------------------------------

// Seed 001 (Machine Learning Designer OSS policy); it really does list GetBucketCors twice.
constexpr std::string_view kSeed001 = R"({
  "Version": "1",
  "Statement": [
    {
      "Action": [
        "oss:GetObject",
        "oss:ListObjects",
        "oss:DeleteObject",
        "oss:ListParts",
        "oss:PutObject",
        "oss:AbortMultipartUpload",
        "oss:GetBucketCors",
        "oss:GetBucketCors",
        "oss:DeleteBucketCors"
      ],
      "Resource": [
        "acs:oss:*:*:<yourBucketName>",
        "acs:oss:*:*:<yourBucketName>/*"
      ],
      "Effect": "Allow"
    },
    {
      "Action": [
        "oss:ListBuckets"
      ],
      "Resource": "*",
      "Effect": "Allow"
    }
  ]
})";

// Seed 003: the LangStudio default role policy (abridged to its distinct shapes).
constexpr std::string_view kSeed003 = R"({
  "Version": "1",
  "Statement": [
    {
      "Action": [
        "eas:CreateService",
        "eas:ListServices",
        "eas:DescribeService"
      ],
      "Resource": "*",
      "Effect": "Allow"
    },
    {
      "Action": "pai:AssumeUser",
      "Resource": "acs:pai:*:*:users/*",
      "Effect": "Allow"
    },
    {
      "Action": "ram:CreateServiceLinkedRole",
      "Resource": "*",
      "Effect": "Allow",
      "Condition": {
        "StringEquals": {
          "ram:ServiceName": "eas.pai.aliyuncs.com"
        }
      }
    },
    {
      "Action": [
        "paiflow:CreatePipelineRun",
        "paidataset:CreateDataset",
        "paidataset:ListDatasetVersions"
      ],
      "Resource": "*",
      "Effect": "Allow"
    }
  ]
})";

// Seed 003's customisation sample, which the page says to strip of comments before use.
constexpr std::string_view kSeed003Commented = R"({
    "Version": "1", 
    "Statement": [
        //Do not modify the permissions on other services.

        //Add a tag to configure access permissions on OSS buckets.
        {
            "Action": [
                "oss:GetObject", 
                "oss:PutObject", 
                "oss:DeleteObject", 
                "oss:ListObjects"
            ], 
            "Resource": "*", 
            "Effect": "Allow", 
            "Condition": {
                "StringEquals": {
                    "oss:BucketTag/Product": "PaiLangStudio"
                }
            }
        }
    ]
})";

// Seed 004: the SLS log-forwarding policy, written without indentation.
constexpr std::string_view kSeed004 = R"({
"Version": "1",
"Statement": [
{
"Effect": "Allow",
"Action": [
"log:GetProductDataCollection",
"log:CloseProductDataCollection",
"log:OpenProductDataCollection"
],
"Resource": "*"
}
]
})";

TEST(ParserSeedTest, Seed001WarnsAboutTheRepeatedAction) {
  const ParseResult result = ParsePolicy(kSeed001);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(Render(result),
            Lines{R"(warning: Statement[0].Action[7]: "oss:GetBucketCors" is listed twice )"
                  "(line 13, column 9)"});
  EXPECT_EQ(result.diagnostics[0].pointer, "/Statement/0/Action/7");
  const PolicyDocument& doc = *result.document;
  ASSERT_EQ(doc.statements.size(), 2u);
  EXPECT_EQ(doc.statements[0].actions.size(), 9u);  // kept as written, duplicates included
  EXPECT_EQ(
      doc.statements[0].resources,
      (std::vector<std::string>{"acs:oss:*:*:<yourBucketName>", "acs:oss:*:*:<yourBucketName>/*"}));
  EXPECT_EQ(doc.statements[1].actions, std::vector<std::string>{"oss:ListBuckets"});
  EXPECT_EQ(doc.statements[1].resources, std::vector<std::string>{"*"});
  EXPECT_EQ(doc.statements[1].effect, Effect::kAllow);
  EXPECT_TRUE(doc.statements[1].has_resource);
  EXPECT_FALSE(doc.statements[1].has_principal);
}

TEST(ParserSeedTest, Seed003ParsesWithItsCondition) {
  const ParseResult result = ParsePolicy(kSeed003);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.diagnostics.empty());
  const PolicyDocument& doc = *result.document;
  EXPECT_EQ(doc.version, "1");
  ASSERT_EQ(doc.statements.size(), 4u);
  EXPECT_EQ(doc.statements[1].resources, std::vector<std::string>{"acs:pai:*:*:users/*"});
  const Statement& slr = doc.statements[2];
  EXPECT_EQ(slr.actions, std::vector<std::string>{"ram:CreateServiceLinkedRole"});
  ASSERT_EQ(slr.conditions.size(), 1u);
  EXPECT_EQ(slr.conditions[0].op.family, OperatorFamily::kString);
  EXPECT_EQ(slr.conditions[0].op.comparison, Comparison::kEquals);
  EXPECT_FALSE(slr.conditions[0].op.negated);
  EXPECT_EQ(slr.conditions[0].key, "ram:ServiceName");
  ASSERT_EQ(slr.conditions[0].values.size(), 1u);
  EXPECT_EQ(slr.conditions[0].values[0].text, "eas.pai.aliyuncs.com");
  EXPECT_EQ(doc.statements[3].actions[2], "paidataset:ListDatasetVersions");
}

TEST(ParserSeedTest, Seed003SampleWithCommentsIsRejectedAtTheComment) {
  EXPECT_EQ(Diagnose(kSeed003Commented),
            Lines{"error: invalid JSON: JSON does not allow comments (line 4, column 9)"});
}

TEST(ParserSeedTest, Seed003SampleWithoutCommentsKeepsTheSlashInTheKey) {
  std::string text(kSeed003Commented);
  for (std::string_view comment : {"//Do not modify the permissions on other services.",
                                   "//Add a tag to configure access permissions on OSS buckets."}) {
    text.erase(text.find(comment), comment.size());
  }
  const ParseResult result = ParsePolicy(text);
  ASSERT_TRUE(result.ok()) << Render(result)[0];
  const ConditionClause& clause = result.document->statements[0].conditions.at(0);
  EXPECT_EQ(clause.key, "oss:BucketTag/Product");
  EXPECT_EQ(clause.values.at(0).text, "PaiLangStudio");
}

TEST(ParserSeedTest, Seed004) {
  const ParseResult result = ParsePolicy(kSeed004);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.diagnostics.empty());
  EXPECT_EQ(result.document->statements.at(0).actions.at(1), "log:CloseProductDataCollection");
}

// ---- Document structure ---------------------------------------------------------------------

TEST(ParserTest, EffectIsCaseSensitive) {
  constexpr std::string_view kText = R"({
  "Version": "1",
  "Statement": [
    {"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"},
    {
      "Action": "oss:PutObject",
      "Effect": "allow",
      "Resource": "*"
    }
  ]
})";
  const ParseResult result = ParsePolicy(kText);
  EXPECT_FALSE(result.ok());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  const Diagnostic& d = result.diagnostics[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.pointer, "/Statement/1/Effect");
  EXPECT_EQ(d.line, 7u);
  EXPECT_EQ(d.column, 17u);
  EXPECT_EQ(d.message, R"(expected "Allow" or "Deny", got "allow")");
  EXPECT_EQ(d.ToString(),
            R"(Statement[1].Effect: expected "Allow" or "Deny", got "allow" (line 7, column 17))");
}

TEST(ParserTest, EffectOfTheWrongType) {
  EXPECT_EQ(Diagnose(Stmt(R"("Effect": true, "Action": "a:b", "Resource": "*")")),
            Lines{R"(error: Statement[0].Effect: expected "Allow" or "Deny", got a boolean )"
                  "(line 2, column 11)"});
}

TEST(ParserTest, VersionMustBeTheString1) {
  EXPECT_EQ(Diagnose(R"({"Version": 1, "Statement": [{"Effect": "Deny", "Action": "*", )"
                     R"("Resource": "*"}]})"),
            Lines{R"(error: Version: expected the string "1", got the number 1; )"
                  R"(write "1" in quotes (line 1, column 13))"});
  EXPECT_EQ(Diagnose(R"({"Version": "2", "Statement": [{"Effect": "Deny", "Action": "*", )"
                     R"("Resource": "*"}]})"),
            Lines{R"(error: Version: expected "1", got "2" (line 1, column 13))"});
  EXPECT_EQ(Diagnose(R"({"Version": ["1"], "Statement": [{"Effect": "Deny", "Action": "*", )"
                     R"("Resource": "*"}]})"),
            Lines{R"(error: Version: expected the string "1", got an array (line 1, column 13))"});
}

TEST(ParserTest, MissingTopLevelElements) {
  EXPECT_EQ(Diagnose("{}"), (Lines{R"(error: missing "Version" (line 1, column 1))",
                                   R"(error: missing "Statement" (line 1, column 1))"}));
}

TEST(ParserTest, TopLevelMustBeAnObject) {
  EXPECT_EQ(Diagnose(R"(  ["Version"])"),
            Lines{"error: expected a policy object, got an array (line 1, column 3)"});
  EXPECT_EQ(Diagnose("42"),
            Lines{"error: expected a policy object, got a number (line 1, column 1)"});
}

TEST(ParserTest, UnknownElementsAndDidYouMean) {
  EXPECT_EQ(
      Diagnose(R"({"Version": "1", "version": "1", "Id": 7, "Statement": [{)"
               "\n"
               R"("effect": "Allow", "Effect": "Allow", "Action": "a:b", "Resource": "*", )"
               R"("Foo": {}}]})"),
      (Lines{R"(error: version: unknown element "version"; did you mean "Version"? )"
             "(line 1, column 18)",
             R"(error: Id: unknown element "Id" (line 1, column 34))",
             R"(error: Statement[0].effect: unknown element "effect"; did you mean "Effect"? )"
             "(line 2, column 1)",
             R"(error: Statement[0].Foo: unknown element "Foo" (line 2, column 73))"}));
}

TEST(ParserTest, DuplicateKeysAnywhere) {
  EXPECT_EQ(
      Diagnose(
          R"({"Version": "1", "Version": "1", "Statement": [{)"
          "\n"
          R"("Effect": "Allow", "Action": "a:b", "Resource": "*", "Effect": "Deny", )"
          R"("Condition": {"Bool": {"acs:MFAPresent": "true", "acs:MFAPresent": "false"}}}]})"),
      (Lines{R"(error: Version: duplicate key "Version" (line 1, column 18))",
             R"(error: Statement[0].Effect: duplicate key "Effect" (line 2, column 54))",
             R"(error: Statement[0].Condition.Bool.acs:MFAPresent: duplicate key )"
             R"("acs:MFAPresent" (line 2, column 121))"}));
  // Inside a value the grammar does not use, too.
  EXPECT_EQ(Diagnose(R"({"Version": "1", "X": {"a": 1, "a": 2}, "Statement": []})"),
            (Lines{R"(error: X: unknown element "X" (line 1, column 18))",
                   R"(error: X.a: duplicate key "a" (line 1, column 32))",
                   "error: Statement: expected at least one statement (line 1, column 54)"}));
}

TEST(ParserTest, StatementShapes) {
  EXPECT_EQ(Diagnose(R"({"Version": "1", "Statement": []})"),
            Lines{"error: Statement: expected at least one statement (line 1, column 31)"});
  EXPECT_EQ(Diagnose(R"({"Version": "1", "Statement": "Allow"})"),
            Lines{"error: Statement: expected an array of statements, got a string "
                  "(line 1, column 31)"});
  EXPECT_EQ(
      Diagnose(R"({"Version": "1", "Statement": [null]})"),
      Lines{"error: Statement[0]: expected a statement object, got null (line 1, column 32)"});
}

TEST(ParserTest, BareStatementObjectIsAcceptedWithAWarning) {
  const ParseResult result = ParsePolicy(
      R"({"Version": "1", "Statement": {"Effect": "Deny", "Action": "a:b", "Resource": "*"}})");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(Render(result),
            Lines{"warning: Statement: expected an array of statements; a single statement object "
                  "is accepted (line 1, column 31)"});
  EXPECT_EQ(result.document->statements.at(0).effect, Effect::kDeny);
}

TEST(ParserTest, MissingStatementElementsPointAtTheStatement) {
  EXPECT_EQ(
      Diagnose(Stmt(R"("Sid": "x")")),
      (Lines{R"(error: Statement[0]: missing "Effect" (line 1, column 32))",
             R"(error: Statement[0]: missing "Action" or "NotAction" (line 1, column 32))",
             R"(error: Statement[0]: missing "Resource" or "NotResource" (line 1, column 32))"}));
  EXPECT_EQ(Diagnose(Stmt(R"("Effect": "Allow", "Action": "sts:AssumeRole")"), PolicyKind::kTrust),
            Lines{R"(error: Statement[0]: missing "Principal" (line 1, column 32))"});
  EXPECT_EQ(Diagnose(Stmt(R"("Effect": "Allow", "Action": "oss:GetObject", "Resource": "*")"),
                     PolicyKind::kResource),
            Lines{R"(error: Statement[0]: missing "Principal" (line 1, column 32))"});
}

TEST(ParserTest, ActionAndNotActionAreExclusive) {
  EXPECT_EQ(
      Diagnose(Stmt(R"("Effect": "Deny", "Action": "a:b", "NotAction": "c:d", "Resource": "*")")),
      Lines{R"(error: Statement[0].NotAction: "Action" and "NotAction" cannot both be present )"
            "(line 2, column 36)"});
  EXPECT_EQ(
      Diagnose(Stmt(R"("Effect": "Deny", "Action": "a:b", "NotResource": "*", "Resource": "*")")),
      Lines{R"(error: Statement[0].Resource: "Resource" and "NotResource" cannot both be present )"
            "(line 2, column 56)"});
}

TEST(ParserTest, NotActionAndNotResourceAreKept) {
  const ParseResult result = ParsePolicy(Stmt(
      R"("Effect": "Allow", "NotAction": ["ram:*", "ims:*"], "NotResource": "acs:ram:*:*:*")"));
  ASSERT_TRUE(result.ok());
  const Statement& s = result.document->statements.at(0);
  EXPECT_TRUE(s.not_action);
  EXPECT_EQ(s.actions, (std::vector<std::string>{"ram:*", "ims:*"}));
  EXPECT_TRUE(s.has_resource);
  EXPECT_TRUE(s.not_resource);
  EXPECT_EQ(s.resources, std::vector<std::string>{"acs:ram:*:*:*"});
}

TEST(ParserTest, ElementsForbiddenByThePolicyKind) {
  const std::string with_principal =
      Stmt(R"("Effect": "Allow", "Action": "a:b", "Resource": "*", "Principal": "*")");
  EXPECT_EQ(Diagnose(with_principal, PolicyKind::kIdentity),
            Lines{R"(error: Statement[0].Principal: "Principal" is not allowed in identity )"
                  "policies (line 2, column 54)"});
  EXPECT_EQ(Diagnose(with_principal, PolicyKind::kSession),
            Lines{R"(error: Statement[0].Principal: "Principal" is not allowed in session )"
                  "policies (line 2, column 54)"});
  EXPECT_EQ(Diagnose(with_principal, PolicyKind::kTrust),
            Lines{R"(error: Statement[0].Resource: "Resource" is not allowed in trust policies )"
                  "(line 2, column 37)"});
}

TEST(ParserTest, ListShapes) {
  EXPECT_EQ(
      Diagnose(Stmt(R"("Effect": "Allow", "Action": [], "Resource": "")")),
      (Lines{"error: Statement[0].Action: expected at least one entry (line 2, column 30)",
             "error: Statement[0].Resource: expected a non-empty string (line 2, column 46)"}));
  EXPECT_EQ(Diagnose(Stmt(R"("Effect": "Allow", "Action": ["a:b", 7, ""], "Resource": {})")),
            (Lines{"error: Statement[0].Action[1]: expected a string, got a number "
                   "(line 2, column 38)",
                   "error: Statement[0].Action[2]: expected a non-empty string (line 2, column 41)",
                   "error: Statement[0].Resource: expected a string or an array of strings, "
                   "got an object (line 2, column 58)"}));
}

TEST(ParserTest, ActionSyntax) {
  const ParseResult ok = ParsePolicy(
      Stmt(R"("Effect": "Deny", "Resource": "*", "Action": ["*", "**", "?", "oss:*", "*:Get*", )"
           R"("PaiDataset:DeleteDataset", "vpc:*Vpc*"])"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.document->statements[0].actions[5], "PaiDataset:DeleteDataset");  // as written
  EXPECT_EQ(Diagnose(Stmt(R"("Effect": "Deny", "Resource": "*", )"
                          R"("Action": ["ossGetObject", "oss:", ":GetObject"])")),
            (Lines{R"(error: Statement[0].Action[0]: expected "*" or "<ram-code>:<action>", )"
                   R"(got "ossGetObject" (line 2, column 47))",
                   R"(error: Statement[0].Action[1]: expected "*" or "<ram-code>:<action>", )"
                   R"(got "oss:" (line 2, column 63))",
                   R"(error: Statement[0].Action[2]: expected "*" or "<ram-code>:<action>", )"
                   R"(got ":GetObject" (line 2, column 71))"}));
  EXPECT_EQ(Diagnose(Stmt(R"("Effect": "Deny", "Resource": "*", "Action": "GetObject")")),
            Lines{R"(error: Statement[0].Action: expected "*" or "<ram-code>:<action>", )"
                  R"(got "GetObject" (line 2, column 46))"});
}

TEST(ParserTest, ResourceSyntax) {
  const ParseResult ok = ParsePolicy(
      Stmt(R"("Effect": "Deny", "Action": "*", "Resource": ["*", "acs:oss:*:*:bucket/*", )"
           R"("acs:ram::123:role/admin", "acs:oss*", "acs:log:*:*:project/*/logstore/x"])"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.document->statements[0].resources.size(), 5u);
  const std::string expected =
      R"(expected "*" or an ARN acs:<ram-code>:<region>:<account>:<relative-id>, got )";
  EXPECT_EQ(Diagnose(Stmt(R"("Effect": "Deny", "Action": "*", )"
                          R"("Resource": ["acs:oss:bucket", "arn:aws:s3:::b", "mybucket"])")),
            (Lines{"error: Statement[0].Resource[0]: " + expected +
                       R"("acs:oss:bucket" (line 2, column 47))",
                   "error: Statement[0].Resource[1]: " + expected +
                       R"("arn:aws:s3:::b" (line 2, column 65))",
                   "error: Statement[0].Resource[2]: " + expected +
                       R"("mybucket" (line 2, column 83))"}));
}

TEST(ParserTest, SidMustBeAStringAndRepeatsAreWarned) {
  EXPECT_EQ(Diagnose(R"({"Version": "1", "Statement": [)"
                     "\n"
                     R"({"Sid": "Read", "Effect": "Allow", "Action": "a:b", "Resource": "*"},)"
                     "\n"
                     R"({"Sid": "Read", "Effect": "Deny", "Action": "a:c", "Resource": "*"},)"
                     "\n"
                     R"({"Sid": 1, "Effect": "Deny", "Action": "a:d", "Resource": "*"}]})"),
            (Lines{R"(warning: Statement[1].Sid: duplicate Sid "Read" (line 3, column 9))",
                   "error: Statement[2].Sid: expected a string, got a number (line 4, column 9)"}));
}

// ---- Principal ------------------------------------------------------------------------------

TEST(ParserPrincipalTest, TrustPolicyObject) {
  const ParseResult result = ParsePolicy(
      Stmt(R"("Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {)"
           R"("Service": ["langstudio.pai.aliyuncs.com"], "RAM": "acs:ram::123:root", )"
           R"("Federated": ["acs:ram::123:saml-provider/idp", "acs:ram::456:saml-provider/x"]})"),
      {PolicyKind::kTrust, nullptr});
  ASSERT_TRUE(result.ok()) << Render(result)[0];
  const Statement& s = result.document->statements.at(0);
  EXPECT_TRUE(s.has_principal);
  EXPECT_FALSE(s.has_resource);
  ASSERT_EQ(s.principals.size(), 4u);
  EXPECT_EQ(s.principals[0].type, PrincipalType::kService);
  EXPECT_EQ(s.principals[0].value, "langstudio.pai.aliyuncs.com");
  EXPECT_EQ(s.principals[1].type, PrincipalType::kRam);
  EXPECT_EQ(s.principals[1].value, "acs:ram::123:root");
  EXPECT_EQ(s.principals[2].type, PrincipalType::kFederated);
  EXPECT_EQ(s.principals[3].value, "acs:ram::456:saml-provider/x");
}

TEST(ParserPrincipalTest, TrustPolicyStar) {
  const ParseResult result =
      ParsePolicy(Stmt(R"("Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*")"),
                  {PolicyKind::kTrust, nullptr});
  ASSERT_TRUE(result.ok());
  const Statement& s = result.document->statements.at(0);
  ASSERT_EQ(s.principals.size(), 1u);
  EXPECT_EQ(s.principals[0].type, PrincipalType::kAny);
  EXPECT_EQ(s.principals[0].value, "");
}

TEST(ParserPrincipalTest, TrustPolicyErrors) {
  const std::string shape =
      R"(expected "*" or an object with "RAM", "Service" or "Federated", got )";
  EXPECT_EQ(Diagnose(Stmt(R"("Effect": "Allow", "Action": "a:b", "Principal": "acs:ram::1:root")"),
                     PolicyKind::kTrust),
            Lines{"error: Statement[0].Principal: " + shape +
                  R"("acs:ram::1:root" (line 2, column 50))"});
  EXPECT_EQ(Diagnose(Stmt(R"("Effect": "Allow", "Action": "a:b", "Principal": ["1"])"),
                     PolicyKind::kTrust),
            Lines{"error: Statement[0].Principal: " + shape + "an array (line 2, column 50)"});
  EXPECT_EQ(Diagnose(Stmt(R"("Effect": "Allow", "Action": "a:b", "Principal": {"Ram": "x", )"
                          R"("Service": []})"),
                     PolicyKind::kTrust),
            (Lines{R"(error: Statement[0].Principal.Ram: unknown element "Ram"; did you mean )"
                   R"("RAM"? (line 2, column 51))",
                   "error: Statement[0].Principal.Service: expected at least one entry "
                   "(line 2, column 74)"}));
  EXPECT_EQ(
      Diagnose(Stmt(R"("Effect": "Allow", "Action": "a:b", "Principal": {})"), PolicyKind::kTrust),
      Lines{R"(error: Statement[0].Principal: expected at least one of "RAM", "Service" or )"
            R"("Federated" (line 2, column 50))"});
}

TEST(ParserPrincipalTest, ResourcePolicyAccounts) {
  const ParseResult result = ParsePolicy(
      Stmt(R"("Effect": "Allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:b/*", )"
           R"("Principal": ["1234567890", "*"])"),
      {PolicyKind::kResource, nullptr});
  ASSERT_TRUE(result.ok());
  const auto& principals = result.document->statements.at(0).principals;
  ASSERT_EQ(principals.size(), 2u);
  EXPECT_EQ(principals[0].type, PrincipalType::kRam);
  EXPECT_EQ(principals[0].value, "1234567890");
  EXPECT_EQ(principals[1].type, PrincipalType::kAny);
}

TEST(ParserPrincipalTest, EmptyPrincipalArrayMeansEveryone) {
  const ParseResult result =
      ParsePolicy(Stmt(R"("Effect": "Deny", "Action": "oss:*", "Resource": "*", "Principal": [])"),
                  {PolicyKind::kResource, nullptr});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(Render(result), Lines{R"(warning: Statement[0].Principal: an empty Principal array )"
                                  R"(means "*" (everyone) (line 2, column 68))"});
  const auto& principals = result.document->statements.at(0).principals;
  ASSERT_EQ(principals.size(), 1u);
  EXPECT_EQ(principals[0].type, PrincipalType::kAny);
}

// ---- Condition ------------------------------------------------------------------------------

TEST(ParserConditionTest, TypedValues) {
  const ParseResult result = ParsePolicy(Stmt(std::string(kAllowAll) + R"(, "Resource": "*",
"Condition": {
  "NumericLessThan": {"oss:max-keys": [10, "20.5"]},
  "Bool": {"acs:SecureTransport": true},
  "IpAddress": {"acs:SourceIp": "10.0.0.0/8"},
  "DateGreaterThan": {"acs:CurrentTime": "2019-08-12T17:00:00+08:00"},
  "ForAnyValue:StringEqualsIgnoreCase": {"cs:AddonNames": ["Logtail", "arms"]}
})"));
  ASSERT_TRUE(result.ok()) << Render(result)[0];
  const auto& clauses = result.document->statements.at(0).conditions;
  ASSERT_EQ(clauses.size(), 5u);
  EXPECT_EQ(clauses[0].op.family, OperatorFamily::kNumeric);
  EXPECT_EQ(clauses[0].op.comparison, Comparison::kLessThan);
  ASSERT_EQ(clauses[0].values.size(), 2u);
  EXPECT_EQ(clauses[0].values[0].text, "10");  // a JSON number keeps its text
  EXPECT_EQ(clauses[0].values[0].number, 10.0);
  EXPECT_EQ(clauses[0].values[1].number, 20.5);
  EXPECT_EQ(clauses[1].op.family, OperatorFamily::kBool);
  EXPECT_EQ(clauses[1].values.at(0).text, "true");
  EXPECT_TRUE(clauses[1].values.at(0).boolean);
  EXPECT_EQ(clauses[2].values.at(0).ip.prefix_length, 96 + 8);
  EXPECT_EQ(clauses[3].values.at(0).time_us, 1565600400LL * 1000000);
  EXPECT_EQ(clauses[4].op.qualifier, SetQualifier::kForAnyValue);
  EXPECT_EQ(clauses[4].key, "cs:AddonNames");
  EXPECT_EQ(clauses[4].values.at(1).text, "arms");
}

TEST(ParserConditionTest, UnknownOperatorIsAnError) {
  EXPECT_EQ(Diagnose(Stmt(std::string(kAllowAll) +
                          R"(, "Resource": "*", "Condition": {"StringEqual": {"a": "b"}})")),
            Lines{R"(error: Statement[0].Condition.StringEqual: unknown condition operator )"
                  R"("StringEqual" (line 2, column 78))"});
}

TEST(ParserConditionTest, ValuesThatDoNotFitTheOperator) {
  std::string number_error;
  ASSERT_FALSE(ParseConditionValue(OperatorFamily::kNumeric, "ten", &number_error));
  std::string ip_error;
  ASSERT_FALSE(ParseConditionValue(OperatorFamily::kIpAddress, "1.2.3.400", &ip_error));
  EXPECT_EQ(
      Diagnose(Stmt(std::string(kAllowAll) + R"(, "Resource": "*", "Condition": {)"
                                             R"("NumericEquals": {"n": ["1", "ten"]}, )"
                                             R"("IpAddress": {"acs:SourceIp": "1.2.3.400"}})")),
      (Lines{"error: Statement[0].Condition.NumericEquals.n[1]: " + number_error +
                 " (line 2, column 107)",
             "error: Statement[0].Condition.IpAddress.acs:SourceIp: " + ip_error +
                 " (line 2, column 146)"}));
}

TEST(ParserConditionTest, ShapeErrors) {
  EXPECT_EQ(Diagnose(Stmt(std::string(kAllowAll) + R"(, "Resource": "*", "Condition": {)"
                                                   R"("StringLike": {"": "x", "k": [], )"
                                                   R"("m": [null], "o": {}}, "Bool": {}})")),
            (Lines{"error: Statement[0].Condition.StringLike[\"\"]: expected a non-empty "
                   "condition key (line 2, column 93)",
                   "error: Statement[0].Condition.StringLike.k: expected at least one value "
                   "(line 2, column 107)",
                   "error: Statement[0].Condition.StringLike.m[0]: expected a string, number or "
                   "boolean, got null (line 2, column 117)",
                   "error: Statement[0].Condition.StringLike.o: expected a string, number, "
                   "boolean or an array of them, got an object (line 2, column 129)",
                   "error: Statement[0].Condition.Bool: expected at least one condition key "
                   "(line 2, column 142)"}));
  EXPECT_EQ(Diagnose(Stmt(std::string(kAllowAll) + R"(, "Resource": "*", "Condition": [])")),
            Lines{"error: Statement[0].Condition: expected an object of condition operators, "
                  "got an array (line 2, column 77)"});
  EXPECT_EQ(Diagnose(Stmt(std::string(kAllowAll) +
                          R"(, "Resource": "*", "Condition": {"StringLike": "x"})")),
            Lines{"error: Statement[0].Condition.StringLike: expected an object of condition "
                  "keys, got a string (line 2, column 92)"});
}

TEST(ParserConditionTest, RepeatedValuesAreWarned) {
  const ParseResult result = ParsePolicy(Stmt(std::string(kAllowAll) +
                                              R"(, "Resource": "*", "Condition": {"StringEquals": )"
                                              R"({"oss:Prefix": ["a", "b", "a", "a"]}})"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(Render(result),
            Lines{R"(warning: Statement[0].Condition.StringEquals.oss:Prefix[2]: "a" is listed )"
                  "3 times (line 2, column 120)"});
  EXPECT_EQ(result.diagnostics[0].pointer, "/Statement/0/Condition/StringEquals/oss:Prefix/2");
}

TEST(ParserConditionTest, PointerEscapesSlashAndTilde) {
  const ParseResult result = ParsePolicy(Stmt(std::string(kAllowAll) +
                                              R"(, "Resource": "*", "Condition": {"StringEquals": )"
                                              R"({"oss:BucketTag/a~b": []}})"));
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].pointer,
            "/Statement/0/Condition/StringEquals/oss:BucketTag~1a~0b");
  EXPECT_EQ(result.diagnostics[0].ToString(),
            "Statement[0].Condition.StringEquals.oss:BucketTag/a~b: expected at least one value "
            "(line 2, column 116)");
}

// ---- Warnings -------------------------------------------------------------------------------

TEST(ParserWarningTest, RepeatsInActionAndResource) {
  const ParseResult result =
      ParsePolicy(Stmt(R"("Effect": "Allow", "Action": ["oss:GetObject", "OSS:getobject"], )"
                       R"("Resource": ["acs:oss:*:*:b", "acs:oss:*:*:B", "acs:oss:*:*:b"])"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(Render(result),
            (Lines{R"(warning: Statement[0].Action[1]: "OSS:getobject" is listed twice )"
                   "(line 2, column 48)",
                   R"(warning: Statement[0].Resource[2]: "acs:oss:*:*:b" is listed twice )"
                   "(line 2, column 113)"}));
}

TEST(ParserWarningTest, RepeatsInALongList) {
  std::string actions;
  for (int i = 0; i < 40; ++i) actions += "\"ecs:Describe" + std::to_string(i % 30) + "\", ";
  actions += "\"ecs:describe3\"";
  const ParseResult result =
      ParsePolicy(Stmt(R"("Effect": "Allow", "Resource": "*", "Action": [)" + actions + "]"));
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result.diagnostics.size(), 10u);
  EXPECT_EQ(result.diagnostics[0].message, R"("ecs:Describe0" is listed twice)");
  EXPECT_EQ(result.diagnostics[0].pointer, "/Statement/0/Action/30");
  EXPECT_EQ(result.diagnostics[3].message, R"("ecs:Describe3" is listed 3 times)");
  EXPECT_EQ(result.diagnostics[3].pointer, "/Statement/0/Action/33");
}

TEST(ParserWarningTest, AllowEverythingOnEverything) {
  EXPECT_EQ(Diagnose(Stmt(R"("Effect": "Allow", "Action": ["ecs:*", "*"], "Resource": "*")")),
            Lines{R"(warning: Statement[0]: Action "*" on Resource "*" grants every permission )"
                  "(line 1, column 32)"});
  EXPECT_TRUE(Diagnose(Stmt(R"("Effect": "Deny", "Action": "*", "Resource": "*")")).empty());
  EXPECT_EQ(Diagnose(Stmt(R"("Effect": "allow", "Action": "*", "Resource": "*")")),
            Lines{R"(error: Statement[0].Effect: expected "Allow" or "Deny", got "allow" )"
                  "(line 2, column 11)"});
  EXPECT_TRUE(Diagnose(Stmt(R"("Effect": "Allow", "NotAction": "*", "Resource": "*")")).empty());
  EXPECT_TRUE(Diagnose(Stmt(R"("Effect": "Allow", "Action": "*", "Resource": "acs:*")")).empty());
}

TEST(ParserWarningTest, NamesTheCatalogDoesNotKnow) {
  NameCatalog catalog;
  catalog.knows_ram_code = [](std::string_view code) { return code == "oss"; };
  catalog.knows_action = [](std::string_view action) { return action == "oss:GetObject"; };
  const ParseResult result = ParsePolicy(
      Stmt(R"("Effect": "Deny", "Resource": "*", "Action": ["oss:GetObject", "oss:GetObjekt", )"
           R"("osss:GetObject", "oss:Get*", "*:Foo", "o?s:Bar", "*"])"),
      {PolicyKind::kIdentity, &catalog});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(
      Render(result),
      (Lines{R"(warning: Statement[0].Action[1]: unknown action "oss:GetObjekt" )"
             "(line 2, column 64)",
             R"(warning: Statement[0].Action[2]: unknown ram-code "osss" (line 2, column 81))"}));
}

TEST(ParserWarningTest, CatalogMayParseToo) {
  // A catalog callback that parses must not disturb the parse that called it.
  NameCatalog catalog;
  catalog.knows_ram_code = [](std::string_view) {
    return ParsePolicy(Stmt(R"("Effect": "Deny", "Action": "a:b", "Resource": "*")")).ok();
  };
  const ParseResult result =
      ParsePolicy(Stmt(R"("Effect": "Deny", "Action": ["x:y", "z:w"], "Resource": "*")"),
                  {PolicyKind::kIdentity, &catalog});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.document->statements.at(0).actions[1], "z:w");
}

// ---- Limits ---------------------------------------------------------------------------------

// A valid document of exactly `chars` characters, padded inside the Sid with `filler`, which
// must be one character.
std::string PaddedTo(size_t chars, std::string_view filler) {
  const std::string head = R"({"Version": "1", "Statement": [{"Effect": "Deny", "Action": "a:b", )"
                           R"("Resource": "*", "Sid": ")";
  const std::string tail = R"("}]})";
  std::string text = head;
  for (size_t n = head.size() + tail.size(); n < chars; ++n) text += filler;
  return text + tail;
}

TEST(ParserLimitTest, DocumentLengthInCodePoints) {
  EXPECT_TRUE(ParsePolicy(PaddedTo(6144, "x")).ok());
  EXPECT_EQ(Diagnose(PaddedTo(6145, "x")),
            Lines{"error: policy document has 6145 characters; the limit is 6144"});
  // Two bytes per character: 6,144 characters are fine although they take more bytes.
  const std::string wide = PaddedTo(6144, "\xc3\xa9");
  EXPECT_GT(wide.size(), 6144u);
  EXPECT_TRUE(ParsePolicy(wide).ok());
}

TEST(ParserLimitTest, SessionPolicyLength) {
  EXPECT_TRUE(ParsePolicy(PaddedTo(2048, "x"), {PolicyKind::kSession, nullptr}).ok());
  EXPECT_EQ(Diagnose(PaddedTo(2049, "x"), PolicyKind::kSession),
            Lines{"error: session policy has 2049 characters; the limit is 2048"});
}

TEST(ParserLimitTest, HugeInputIsNotParsed) {
  const std::string huge(2 << 20, ' ');
  EXPECT_EQ(Diagnose(huge),
            Lines{"error: policy document has 2097152 characters; the limit is 6144"});
}

// ---- JSON syntax ----------------------------------------------------------------------------

TEST(ParserJsonTest, SyntaxErrorsReplaceEverythingElse) {
  // The Effect error and the comment would both be reported; only the syntax error is.
  EXPECT_EQ(Diagnose("{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"allow\"}],\n  /* x */}"),
            Lines{"error: invalid JSON: JSON does not allow comments (line 2, column 3)"});
}

TEST(ParserJsonTest, ErrorsAndPositions) {
  const std::vector<std::pair<std::string_view, std::string>> cases = {
      {"", "the document is empty (line 1, column 1)"},
      {"  \n ", "the document is empty (line 2, column 2)"},
      {R"({"Version": "1",})", R"(unexpected "}" (line 1, column 17))"},
      {R"({"Version" "1"})", R"(unexpected string "1" (line 1, column 12))"},
      {R"({"Version": "1)", "unterminated string (line 1, column 13)"},
      {"{\"Version\": \"1\",\n \"Statement\": [", "unclosed array (line 2, column 15)"},
      {R"({"Version": "1"} x)",
       "unexpected content after the end of the document (line 1, column 18)"},
      {R"({"Version": "1"}})",
       "unexpected content after the end of the document (line 1, column 17)"},
      {R"({"Version": tru})", R"(unexpected "tru" (line 1, column 13))"},
      {R"({"Version": 1.2.3})", R"(unexpected "1.2.3" (line 1, column 13))"},
      {R"({"Version": "\q"})", "invalid string (line 1, column 13)"},
      {R"({"Version": ["1",]})", R"(unexpected "]" (line 1, column 18))"},
      {"{\"Version\": \"\xff\"}", "invalid UTF-8 (line 1, column 14)"},
      {"{\"Version\": \"a\x01\"}",
       "control characters in strings must be escaped (line 1, column 15)"},
      {"{\"Version\": \"1\"}]\x83",
       "unexpected content after the end of the document (line 1, column 17)"},
      {"{\"Version\": \"1\", // note\n}", "JSON does not allow comments (line 1, column 18)"},
  };
  for (const auto& [text, message] : cases) {
    const ParseResult result = ParsePolicy(text);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(Render(result), Lines{"error: invalid JSON: " + message}) << text;
    EXPECT_EQ(result.diagnostics.at(0).pointer, "");
  }
}

TEST(ParserJsonTest, DeepNestingIsBounded) {
  std::string text = R"({"Version": "1", "X": )";
  text += std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(Diagnose(text),
            Lines{"error: invalid JSON: nested more than 64 levels deep (line 1, column 87)"});
}

TEST(ParserJsonTest, EscapedKeysAndValues) {
  const ParseResult result = ParsePolicy(
      R"({"Vers\u0069on": "1", "Statement": [{"Effect": "Allow", "Action": "oss:Get\u004fbject", )"
      R"("Resource": "acs:oss:*:*:caf\u00e9"}]})");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.document->statements[0].actions[0], "oss:GetObject");
  EXPECT_EQ(result.document->statements[0].resources[0], "acs:oss:*:*:caf\xc3\xa9");
}

// ---- Invariants and rendering ---------------------------------------------------------------

TEST(ParserTest, DiagnosticsAreInSourceOrderAndWarningsKeepTheDocument) {
  const ParseResult bad = ParsePolicy(Stmt(R"("Action": ["a:b", "a:b"], "Resource": "*")"));
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(Render(bad), (Lines{R"(error: Statement[0]: missing "Effect" (line 1, column 32))",
                                R"(warning: Statement[0].Action[1]: "a:b" is listed twice )"
                                "(line 2, column 19)"}));
  const ParseResult warned =
      ParsePolicy(Stmt(R"("Effect": "Allow", "Action": ["a:b", "a:b"], "Resource": "*")"));
  EXPECT_TRUE(warned.ok());
  EXPECT_EQ(warned.diagnostics.size(), 1u);
}

TEST(PointerToPathTest, Renders) {
  EXPECT_EQ(PointerToPath(""), "");
  EXPECT_EQ(PointerToPath("/Statement/1/Effect"), "Statement[1].Effect");
  EXPECT_EQ(PointerToPath("/Statement/0/Action/12"), "Statement[0].Action[12]");
  EXPECT_EQ(PointerToPath("/Statement/0/Condition/StringEquals/oss:BucketTag~1Product"),
            "Statement[0].Condition.StringEquals.oss:BucketTag/Product");
  EXPECT_EQ(PointerToPath("/a~0b~01"), "a~b~1");
  EXPECT_EQ(PointerToPath("/Condition/a.b/"), R"(Condition["a.b"][""])");
  EXPECT_EQ(PointerToPath("/0"), "[0]");
}

TEST(DiagnosticTest, ToStringWithoutPathOrPosition) {
  Diagnostic d;
  d.message = "whole document";
  EXPECT_EQ(d.ToString(), "whole document");
  d.pointer = "/Version";
  d.line = 3;
  d.column = 14;
  EXPECT_EQ(d.ToString(), "Version: whole document (line 3, column 14)");
}

}  // namespace
}  // namespace paiam::policy
