// The conformance corpus: every tests/policy/cases/*.json is one test, run through ParsePolicy
// and both evaluators (reference and compiled), which must each give the case's expectation.
// The case format is described in tests/policy/cases/README.md; expectations come from
// shared/spec/ram-policy.md, not from running the code.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "policy/ast.h"
#include "policy/condition.h"
#include "policy/decision.h"
#include "policy/evaluator.h"
#include "policy/glob.h"
#include "policy/parser.h"
#include "support/files.h"

namespace paiam::policy {
namespace {

// ordered_json keeps the author's key order, so an object document is parsed in the order it
// was written (Statement before Version and the like stay meaningful).
using Json = nlohmann::ordered_json;

std::vector<std::string> CaseFiles() {
  return paiam::testing::ListFiles(PAIAM_CASES_DIR, ".json");
}

std::string Stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

// Error and warning substrings are matched case-insensitively so that a case pins what a
// message is about, not its capitalisation.
bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                     [](char a, char b) { return FoldCase(a) == FoldCase(b); }) != haystack.end();
}

std::string Render(const std::vector<Diagnostic>& diagnostics) {
  std::ostringstream out;
  for (const Diagnostic& d : diagnostics) {
    out << "  " << (d.severity == Severity::kError ? "error" : "warning") << " [pointer \""
        << d.pointer << "\"] " << d.ToString() << "\n";
  }
  return diagnostics.empty() ? "  (no diagnostics)\n" : out.str();
}

// Fails the test unless `object` is an object whose keys all come from `allowed`; a misspelt
// field would otherwise be ignored and the case would silently test less than it says.
void CheckKeys(const Json& object, std::string_view what, const std::set<std::string>& allowed) {
  ASSERT_TRUE(object.is_object()) << what << " must be an object";
  for (const auto& [key, value] : object.items()) {
    EXPECT_TRUE(allowed.contains(key)) << what << " has unknown field \"" << key << "\"";
  }
}

std::optional<PolicyKind> KindFromName(std::string_view name) {
  if (name == "identity") return PolicyKind::kIdentity;
  if (name == "session") return PolicyKind::kSession;
  if (name == "trust") return PolicyKind::kTrust;
  if (name == "resource") return PolicyKind::kResource;
  return std::nullopt;
}

// One policy of the case, parsed.
struct CasePolicy {
  std::string name;
  std::string version;
  PolicySetRole set = PolicySetRole::kIdentity;
  ParseResult result;
};

CasePolicy ParseCasePolicy(const Json& entry, PolicyKind kind, PolicySetRole set) {
  CheckKeys(entry, "a policy entry", {"name", "version", "document"});
  CasePolicy policy;
  policy.name = entry.at("name").get<std::string>();
  policy.version = entry.at("version").get<std::string>();
  policy.set = set;
  const Json& document = entry.at("document");
  // A string document is the exact policy text (needed for malformed JSON, lengths and
  // locations); an object document is serialised compactly, in the order it was written.
  const std::string text = document.is_string() ? document.get<std::string>() : document.dump();
  ParseOptions options;
  options.kind = kind;
  policy.result = ParsePolicy(text, options);
  return policy;
}

// "identity:p1/v1#0 sid=Read" for both expected and actual deciding statements, so a mismatch
// prints as two readable lists.
std::string RefText(PolicySetRole set, std::string_view name, std::string_view version,
                    uint64_t index, std::string_view sid) {
  std::ostringstream out;
  out << (set == PolicySetRole::kIdentity ? "identity:" : "session:") << name << "/" << version
      << "#" << index;
  if (!sid.empty()) out << " sid=" << sid;
  return out.str();
}

std::vector<std::string> ActualRefs(const DecisionTrace& trace, std::span<const Policy> identity,
                                    std::span<const Policy> session) {
  std::vector<std::string> refs;
  for (const StatementRef& ref : trace.statements) {
    std::span<const Policy> policies = ref.set == PolicySetRole::kIdentity ? identity : session;
    if (ref.policy >= policies.size() ||
        ref.statement >= policies[ref.policy].document.statements.size()) {
      refs.push_back("<out of range: policy " + std::to_string(ref.policy) + " statement " +
                     std::to_string(ref.statement) + ">");
      continue;
    }
    const Policy& policy = policies[ref.policy];
    refs.push_back(RefText(ref.set, policy.name, policy.version_id, ref.statement,
                           policy.document.statements[ref.statement].sid));
  }
  return refs;
}

void ExpectTrace(std::string_view evaluator, Decision returned, const DecisionTrace& trace,
                 std::string_view want_decision, const std::vector<std::string>& want_refs,
                 std::span<const Policy> identity, std::span<const Policy> session) {
  EXPECT_EQ(DecisionName(returned), want_decision) << evaluator << " returned the wrong decision";
  EXPECT_EQ(trace.decision, returned) << evaluator << " trace disagrees with its return value";
  EXPECT_EQ(ActualRefs(trace, identity, session), want_refs)
      << evaluator << " reported the wrong deciding statements";
}

class ConformanceTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ConformanceTest, Case) {
  const std::string path = GetParam();
  const Json c = Json::parse(paiam::testing::ReadFileOrDie(path), nullptr,
                             /*allow_exceptions=*/false);
  ASSERT_FALSE(c.is_discarded()) << path << " is not valid JSON";
  CheckKeys(c, "the case", {"description", "spec", "kind", "policies", "session_policy",
                            "request", "expect", "expect_warnings"});
  ASSERT_TRUE(c.contains("description") && c.contains("spec") && c.contains("policies") &&
              c.contains("expect"))
      << "a case needs description, spec, policies and expect";
  SCOPED_TRACE(c["description"].get<std::string>());

  const std::optional<PolicyKind> kind = KindFromName(c.value("kind", "identity"));
  ASSERT_TRUE(kind.has_value()) << "unknown kind " << c["kind"];

  std::vector<CasePolicy> parsed;
  for (const Json& entry : c["policies"]) {
    parsed.push_back(ParseCasePolicy(entry, *kind, PolicySetRole::kIdentity));
  }
  const bool has_session = c.contains("session_policy");
  if (has_session) {
    parsed.push_back(
        ParseCasePolicy(c["session_policy"], PolicyKind::kSession, PolicySetRole::kSession));
  }
  if (HasFatalFailure() || HasNonfatalFailure()) return;

  const Json& expect = c["expect"];

  // --- invalid documents -----------------------------------------------------------------------
  if (expect.contains("error")) {
    CheckKeys(expect, "expect", {"error", "pointer", "line", "column"});
    ASSERT_FALSE(c.contains("request")) << "an error case has no request";
    ASSERT_FALSE(c.contains("expect_warnings")) << "an error case has no expect_warnings";
    const auto failed = std::count_if(parsed.begin(), parsed.end(),
                                      [](const CasePolicy& p) { return !p.result.ok(); });
    ASSERT_EQ(failed, 1) << "exactly one document of an error case must fail to parse";
    const CasePolicy& bad = *std::find_if(parsed.begin(), parsed.end(),
                                          [](const CasePolicy& p) { return !p.result.ok(); });
    const std::string substring = expect["error"].get<std::string>();
    const std::optional<std::string> pointer =
        expect.contains("pointer") ? std::optional(expect["pointer"].get<std::string>())
                                   : std::nullopt;
    const std::optional<uint32_t> line =
        expect.contains("line") ? std::optional(expect["line"].get<uint32_t>()) : std::nullopt;
    const std::optional<uint32_t> column =
        expect.contains("column") ? std::optional(expect["column"].get<uint32_t>())
                                  : std::nullopt;
    const bool found = std::any_of(
        bad.result.diagnostics.begin(), bad.result.diagnostics.end(), [&](const Diagnostic& d) {
          return d.severity == Severity::kError && ContainsIgnoreCase(d.ToString(), substring) &&
                 (!pointer || d.pointer == *pointer) && (!line || d.line == *line) &&
                 (!column || d.column == *column);
        });
    EXPECT_TRUE(found) << "policy \"" << bad.name << "\": no error diagnostic containing \""
                       << substring << "\"" << (pointer ? " at pointer \"" + *pointer + "\"" : "")
                       << (line ? " line " + std::to_string(*line) : "")
                       << (column ? " column " + std::to_string(*column) : "") << "; got:\n"
                       << Render(bad.result.diagnostics);
    return;
  }

  // --- valid documents: warnings ---------------------------------------------------------------
  CheckKeys(expect, "expect", {"decision", "statements"});
  for (const CasePolicy& p : parsed) {
    ASSERT_TRUE(p.result.ok()) << "policy \"" << p.name << "\" failed to parse:\n"
                               << Render(p.result.diagnostics);
  }
  if (c.contains("expect_warnings")) {
    std::vector<Diagnostic> warnings;
    for (const CasePolicy& p : parsed) {
      for (const Diagnostic& d : p.result.diagnostics) {
        if (d.severity == Severity::kWarning) warnings.push_back(d);
      }
    }
    const Json& wanted = c["expect_warnings"];
    // An empty list is a promise that the documents are clean.
    if (wanted.empty()) {
      EXPECT_TRUE(warnings.empty()) << "unexpected warnings:\n" << Render(warnings);
    }
    for (const Json& w : wanted) {
      const std::string substring = w.get<std::string>();
      EXPECT_TRUE(std::any_of(warnings.begin(), warnings.end(),
                              [&](const Diagnostic& d) {
                                return ContainsIgnoreCase(d.ToString(), substring);
                              }))
          << "no warning containing \"" << substring << "\"; got:\n"
          << Render(warnings);
    }
  }

  // --- valid documents: the decision ----------------------------------------------------------
  std::vector<Policy> identity;
  std::vector<Policy> session;
  for (CasePolicy& p : parsed) {
    Policy policy{p.name, p.version, std::move(*p.result.document)};
    (p.set == PolicySetRole::kIdentity ? identity : session).push_back(std::move(policy));
  }

  ASSERT_TRUE(c.contains("request")) << "a case without \"error\" needs a request";
  const Json& r = c["request"];
  CheckKeys(r, "request", {"action", "resource", "context", "principal"});
  // Views point into `c`, which outlives both evaluations.
  std::vector<ContextEntry> context;
  if (r.contains("context")) {
    const Json& entries = r["context"];
    ASSERT_TRUE(entries.is_object()) << "request.context must be an object";
    for (auto it = entries.begin(); it != entries.end(); ++it) {
      // A key given as an array is multi-valued: one entry per value; [] leaves it missing.
      std::vector<const Json*> values;
      if (it.value().is_array()) {
        for (const Json& v : it.value()) values.push_back(&v);
      } else {
        values.push_back(&it.value());
      }
      for (const Json* v : values) {
        ASSERT_TRUE(v->is_string()) << "context values are strings; key " << it.key();
        context.push_back({it.key(), v->get_ref<const std::string&>()});
      }
    }
  }
  Request request;
  request.action = r.at("action").get_ref<const std::string&>();
  request.resource = r.at("resource").get_ref<const std::string&>();
  request.context = context;
  if (r.contains("principal")) {
    const Json& p = r["principal"];
    CheckKeys(p, "request.principal", {"arn", "account", "service"});
    if (p.contains("arn")) request.principal.arn = p["arn"].get_ref<const std::string&>();
    if (p.contains("account")) request.principal.account = p["account"].get_ref<const std::string&>();
    if (p.contains("service")) request.principal.service = p["service"].get_ref<const std::string&>();
  }

  const std::string want_decision = expect.at("decision").get<std::string>();
  std::vector<std::string> want_refs;
  const std::string session_name = has_session ? c["session_policy"]["name"].get<std::string>() : "";
  for (const Json& ref : expect.at("statements")) {
    CheckKeys(ref, "expect.statements[]", {"policy", "version", "index", "sid"});
    const std::string name = ref.at("policy").get<std::string>();
    want_refs.push_back(RefText(
        has_session && name == session_name ? PolicySetRole::kSession : PolicySetRole::kIdentity,
        name, ref.at("version").get<std::string>(), ref.at("index").get<uint64_t>(),
        ref.value("sid", "")));
  }

  const PolicySetView view{identity, has_session, session};
  DecisionTrace reference_trace;
  const Decision reference = EvaluateReference(view, request, &reference_trace);
  ExpectTrace("EvaluateReference", reference, reference_trace, want_decision, want_refs, identity,
              session);

  const CompiledPolicySet compiled(identity, session, has_session);
  DecisionTrace compiled_trace;
  const Decision first = compiled.Evaluate(request, &compiled_trace);
  ExpectTrace("CompiledPolicySet", first, compiled_trace, want_decision, want_refs, identity,
              session);
  // Traces are reused across checks in production; a second check on the same trace must not
  // see leftovers of the first.
  const Decision again = compiled.Evaluate(request, &compiled_trace);
  ExpectTrace("CompiledPolicySet (reused trace)", again, compiled_trace, want_decision, want_refs,
              identity, session);
}

INSTANTIATE_TEST_SUITE_P(Corpus, ConformanceTest, ::testing::ValuesIn(CaseFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = Stem(info.param);
                           std::replace_if(
                               name.begin(), name.end(),
                               [](unsigned char ch) { return !std::isalnum(ch); }, '_');
                           return name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ConformanceTest);

TEST(ConformanceCorpusTest, HasAtLeast200Cases) { EXPECT_GE(CaseFiles().size(), 200u); }

// True for "<area>-<nnn>-<slug>": area words of [a-z], a three-digit number, slug words of
// [a-z0-9]. Hand-written because std::regex trips GCC 12's -Wmaybe-uninitialized under sanitizers.
bool FollowsNamingConvention(std::string_view stem) {
  std::vector<std::string_view> words;
  for (size_t start = 0;;) {
    const size_t dash = stem.find('-', start);
    words.push_back(stem.substr(start, dash - start));
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  auto every = [](std::string_view word, auto pred) {
    return !word.empty() && std::all_of(word.begin(), word.end(), pred);
  };
  auto lower = [](char ch) { return ch >= 'a' && ch <= 'z'; };
  auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
  const auto number = std::find_if(words.begin(), words.end(), [&](std::string_view w) {
    return w.size() == 3 && every(w, digit);
  });
  if (number == words.begin() || number == words.end() || number + 1 == words.end()) return false;
  return std::all_of(words.begin(), number, [&](std::string_view w) { return every(w, lower); }) &&
         std::all_of(number + 1, words.end(), [&](std::string_view w) {
           return every(w, [&](char ch) { return lower(ch) || digit(ch); });
         });
}

TEST(ConformanceCorpusTest, FileNamesFollowTheConvention) {
  EXPECT_TRUE(FollowsNamingConvention("condition-ip-001-exact-v4"));
  EXPECT_FALSE(FollowsNamingConvention("condition-ip-01-exact-v4"));
  EXPECT_FALSE(FollowsNamingConvention("syntax-001"));
  EXPECT_FALSE(FollowsNamingConvention("Syntax-001-x"));
  for (const std::string& path : CaseFiles()) {
    EXPECT_TRUE(FollowsNamingConvention(Stem(path))) << Stem(path) << " is not <area>-<nnn>-<slug>";
  }
}

}  // namespace
}  // namespace paiam::policy
