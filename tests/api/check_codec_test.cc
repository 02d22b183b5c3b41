// Tests of api/check_codec: the check bodies read as the nlohmann reader read them (values,
// every error code and message), and the answers written as nlohmann::json dumped them.
#include "api/check_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/decision_json.h"

namespace paiam::api {
namespace {

using Json = nlohmann::json;
constexpr std::string_view kNow = "2024-05-01T00:00:00Z";
constexpr std::string_view kUser = "acs:ram::1234567890123456:user/carol";

std::vector<std::pair<std::string, std::string>> Entries(const CheckRequest& request,
                                                         const CheckView& check) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const policy::ContextEntry& e : request.ContextOf(check)) {
    out.emplace_back(std::string(e.key), std::string(e.value));
  }
  return out;
}

struct Read {
  Status status;
  CheckRequest request;
};

Read One(std::string_view body) {
  static CheckReader reader;
  Read r;
  r.status = reader.ReadOne(body, kNow, &r.request);
  return r;
}

Read Batch(std::string_view body) {
  static CheckReader reader;
  Read r;
  r.status = reader.ReadBatch(body, kNow, &r.request);
  return r;
}

TEST(CheckReader, ReadsACheckWithContext) {
  Read r = One(R"({"principal":"acs:ram::1:user/a","action":"oss:GetObject",
                   "resource":"acs:oss:*:1:b/k","context":{"z":"1","acs:SourceIp":"10.0.0.1",
                   "n":-0,"m":42,"t":true,"f":false,"list":["a","b"]},"at_least_revision":7})");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.request.checks.size(), 1u);
  const CheckView& c = r.request.checks[0];
  EXPECT_EQ(c.principal, "acs:ram::1:user/a");
  EXPECT_EQ(c.action, "oss:GetObject");
  EXPECT_EQ(c.resource, "acs:oss:*:1:b/k");
  std::vector<std::pair<std::string, std::string>> want = {
      {"acs:SourceIp", "10.0.0.1"}, {"f", "false"}, {"list", "a"}, {"list", "b"}, {"m", "42"},
      {"n", "0"}, {"t", "true"}, {"z", "1"}, {"acs:CurrentTime", std::string(kNow)}};
  EXPECT_EQ(Entries(r.request, c), want);
  EXPECT_EQ(r.request.revision.kind, RevisionWanted::Kind::kAtLeast);
  EXPECT_EQ(r.request.revision.revision, 7u);
}

TEST(CheckReader, AgreesWithTheReferenceOnUnusualBodies) {
  // Each goes to the reference reader; the result is that of ContextFromJson.
  struct Case {
    std::string body;
    std::vector<std::pair<std::string, std::string>> context;
  };
  const std::string head = R"({"principal":"p","action":"a","resource":"r",)";
  std::vector<Case> cases = {
      {head + R"("context":{"k":"x","k":"y"}})", {{"k", "y"}, {"acs:CurrentTime", "2024-05-01T00:00:00Z"}}},
      {head + R"("context":{"x":1.5,"e":1e2}})", {{"e", "100.0"}, {"x", "1.5"}, {"acs:CurrentTime", "2024-05-01T00:00:00Z"}}},
      {head + R"("context":"{\"k\":\"v\"}"})", {{"k", "v"}, {"acs:CurrentTime", "2024-05-01T00:00:00Z"}}},
      {head + R"("context":{"acs:CurrentTime":"2020-01-01T00:00:00Z"}})", {{"acs:CurrentTime", "2020-01-01T00:00:00Z"}}},
      {head + R"("context":null})", {{"acs:CurrentTime", "2024-05-01T00:00:00Z"}}},
  };
  for (const Case& c : cases) {
    Read r = One(c.body);
    ASSERT_TRUE(r.status.ok()) << c.body << ": " << r.status.ToString();
    EXPECT_EQ(Entries(r.request, r.request.checks[0]), c.context) << c.body;
  }
  Read numeric = One(R"({"principal":5,"action":"a","resource":"r"})");
  ASSERT_TRUE(numeric.status.ok());
  EXPECT_EQ(numeric.request.checks[0].principal, "5");  // ids sent as numbers, as before
}

TEST(CheckReader, RevisionKinds) {
  EXPECT_EQ(One(R"({"principal":"p","action":"a","resource":"r"})").request.revision.kind,
            RevisionWanted::Kind::kLatest);
  EXPECT_EQ(One(R"({"principal":"p","action":"a","resource":"r","at_least_revision":null})")
                .request.revision.kind,
            RevisionWanted::Kind::kLatest);
  for (const char* value : {"-1", "\"5\""}) {  // refused later, after the checks are vetted
    Read r = One(std::string(R"({"principal":"p","action":"a","resource":"r","at_least_revision":)") +
                 value + "}");
    ASSERT_TRUE(r.status.ok()) << value;
    EXPECT_EQ(r.request.revision.kind, RevisionWanted::Kind::kInvalid) << value;
  }
}

void ExpectError(const Read& r, std::string_view rule, std::string_view message) {
  EXPECT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status.rule(), rule);
  EXPECT_EQ(r.status.message(), message);
}

TEST(CheckReader, EveryErrorOfOneCheck) {
  ExpectError(One("{not json"), "InvalidParameter.Body", "the request body is not valid JSON");
  ExpectError(One(""), "InvalidParameter.Body", "the request body is not valid JSON");
  ExpectError(One(R"({"principal":"p"} x)"), "InvalidParameter.Body",
              "the request body is not valid JSON");
  // Malformed JSON wins over a field error earlier in the body.
  ExpectError(One(R"({"colour":"red","principal":tru})"), "InvalidParameter.Body",
              "the request body is not valid JSON");
  ExpectError(One("[1]"), "InvalidParameter.Body", "the request body must be a JSON object");
  ExpectError(One(R"({"action":"a","resource":"r"})"), "MissingParameter.principal",
              "the parameter principal is required");
  ExpectError(One(R"({"principal":"","action":"a","resource":"r"})"),
              "MissingParameter.principal", "the parameter principal is required");
  ExpectError(One(R"({"principal":"p","action":null,"resource":"r"})"),
              "MissingParameter.action", "the parameter action is required");
  ExpectError(One(R"({"principal":true,"action":"a","resource":"r"})"),
              "InvalidParameter.principal", "the parameter principal must be a string");
  ExpectError(One(R"({"principal":"p","action":"a","resource":1.5})"),
              "InvalidParameter.resource", "the parameter resource must be a string");
  // Accessor order, not document order: principal is asked for first.
  ExpectError(One(R"({"resource":[],"action":"a"})"), "MissingParameter.principal",
              "the parameter principal is required");
  ExpectError(One(R"({"principal":"p","action":"a","resource":"r","zz":1,"colour":"red"})"),
              "InvalidParameter.colour",
              "the parameter colour is not a parameter of this operation");
  ExpectError(One(R"({"principal":"p","action":"a","resource":"r","at_least_revision":1.5})"),
              "InvalidParameter.at_least_revision",
              "the parameter at_least_revision must be an integer");
  ExpectError(One(R"({"principal":"p","action":"a","resource":"r","context":[1]})"),
              "InvalidParameter.context", "context must be a JSON object of condition keys");
  ExpectError(One(R"({"principal":"p","action":"a","resource":"r","context":{"b":null,"a":{}}})"),
              "InvalidParameter.context",
              "context key \"a\" must map to a string, number, boolean or a list of strings");
  ExpectError(One(R"({"principal":"p","action":"a","resource":"r","context":{"k":[["x"]]}})"),
              "InvalidParameter.context",
              "context key \"k\" must map to a string, number, boolean or a list of strings");
  ExpectError(One(R"({"principal":"p","action":"a","resource":"r","context":"nope"})"),
              "InvalidParameter.context", "the parameter context must be a JSON object or array");
}

std::string Checks(size_t n) {
  std::string body = R"({"checks":[)";
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) body += ',';
    body += R"({"principal":")" + std::string(kUser) + R"(","action":"oss:GetObject","resource":"r)" +
            std::to_string(i) + R"(","context":{"i":)" + std::to_string(i) + "}}";
  }
  return body + "]";
}

TEST(CheckReader, ReadsABatch) {
  Read r = Batch(Checks(1000) + R"(,"at_least_revision":3})");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.request.checks.size(), 1000u);
  EXPECT_EQ(r.request.checks[999].resource, "r999");
  auto want = std::vector<std::pair<std::string, std::string>>{
      {"i", "999"}, {"acs:CurrentTime", std::string(kNow)}};
  EXPECT_EQ(Entries(r.request, r.request.checks[999]), want);
  EXPECT_EQ(r.request.revision.revision, 3u);
  EXPECT_EQ(r.request.failed_check, CheckRequest::kNone);
}

TEST(CheckReader, EveryErrorOfABatch) {
  ExpectError(Batch("[]"), "InvalidParameter.Body", "the request body must be a JSON object");
  ExpectError(Batch("{"), "InvalidParameter.Body", "the request body is not valid JSON");
  ExpectError(Batch("{}"), "MissingParameter.checks", "the parameter checks is required");
  ExpectError(Batch(R"({"checks":{}})"), "InvalidParameter.checks",
              "the parameter checks must be an array of checks");
  ExpectError(Batch(Checks(1001) + "}"), "InvalidParameter.checks",
              "the parameter checks holds 1001 checks; at most 1000 per request");
  ExpectError(Batch(Checks(1) + R"(,"extra":1})"), "InvalidParameter.extra",
              "the parameter extra is not a parameter of this operation");
  ExpectError(Batch(Checks(1) + R"(,"at_least_revision":"x"})"),
              "InvalidParameter.at_least_revision",
              "the parameter at_least_revision must be an integer");
  Read r = Batch(R"({"checks":[{"principal":"p","action":"a","resource":"r"},
                               {"principal":"p","action":"a"}]})");
  ExpectError(r, "MissingParameter.resource", "checks[1]: the parameter resource is required");
  EXPECT_EQ(r.request.failed_check, 1u);
  ASSERT_EQ(r.request.checks.size(), 1u);  // the ones before, for the caller to vet
  r = Batch(R"({"checks":[{"principal":"p","action":"a","resource":"r","at_least_revision":1}]})");
  ExpectError(r, "InvalidParameter.at_least_revision",
              "checks[0]: the parameter at_least_revision is not a parameter of this operation");
  EXPECT_EQ(r.request.failed_check, 0u);
}

std::string NlohmannDump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string Written(std::string_view text) {
  std::string out;
  AppendJsonString(&out, text);
  return out;
}

TEST(JsonWriter, EscapesLikeNlohmann) {
  std::vector<std::string> texts = {
      "", "plain", "quote \" and backslash \\ and slash /", std::string("nul \0 byte", 10),
      "\b\f\n\r\t\x01\x1f\x7f", "caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80",
      "bad \xFF lead", "truncated \xE4\xB8", "overlong \xC0\xAF", "surrogate \xED\xA0\x80",
      "\xE0\x80 two", "\xF4\x90\x80\x80 above", "cont \x80\x80", "end \xF0\x9F\x98"};
  for (const std::string& text : texts) {
    EXPECT_EQ(Written(text), NlohmannDump(Json(text))) << Json(text).dump(-1, ' ', true,
                                                                          Json::error_handler_t::replace);
  }
  EXPECT_EQ(Written("\x01"), "\"\\u0001\"");
  EXPECT_EQ(Written("a\xFF" "b"), "\"a\xEF\xBF\xBD" "b\"");
  std::string n;
  AppendJsonUint(&n, 18446744073709551615u);
  EXPECT_EQ(n, "18446744073709551615");
}

// The members as the nlohmann code wrote them: StatementJson and DecisionReason.
std::string Old(policy::Decision decision, bool by_root,
                const std::vector<authz::StatementInfo>& deciding, int64_t revision) {
  Json statements = Json::array();
  for (const authz::StatementInfo& s : deciding) statements.push_back(StatementJson(s));
  Json out = {{"decision", policy::DecisionName(decision)},
              {"reason", DecisionReason(decision, by_root, deciding)},
              {"statements", std::move(statements)}};
  if (revision >= 0) out["revision"] = revision;
  return NlohmannDump(out);
}

std::string New(policy::Decision decision, bool by_root,
                const std::vector<authz::StatementInfo>& deciding, int64_t revision) {
  std::string out = "{", scratch;
  AppendDecisionMembers(&out, decision, by_root, deciding, revision, &scratch);
  return out + "}";
}

TEST(JsonWriter, DecisionsAsBefore) {
  authz::StatementInfo user{"AliyunOSSReadOnlyAccess", "v1", "", "user", 0, "", "", ""};
  authz::StatementInfo group{"deny-\"quoted\"", "v3", "Sid\\1", "group", 12, "ops\xFF", "", ""};
  authz::StatementInfo role{"role-policy", "v1", "s", "workspace", 2, "", "ws-1\n", "admin"};
  using D = policy::Decision;
  struct Case {
    D decision;
    bool by_root;
    std::vector<authz::StatementInfo> deciding;
    int64_t revision;
  };
  std::vector<Case> cases = {
      {D::kAllow, true, {}, 5},
      {D::kImplicitDeny, false, {}, -1},
      {D::kAllow, false, {user}, 18446744073709551LL},
      {D::kExplicitDeny, false, {group, role}, 0},
      {D::kAllow, false, {user, group, role}, -1},
  };
  for (const Case& c : cases) {
    std::string written = New(c.decision, c.by_root, c.deciding, c.revision);
    EXPECT_EQ(written, Old(c.decision, c.by_root, c.deciding, c.revision));
    Json parsed = Json::parse(written, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << written;
    EXPECT_EQ(parsed, Json::parse(Old(c.decision, c.by_root, c.deciding, c.revision)));
  }
}

}  // namespace
}  // namespace paiam::api
