// `paiam policy validate` and `paiam policy eval`: the policy engine on files, for people and
// scripts. Decisions come from the compiled evaluator, the one production checks use.
#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "cli/commands.h"
#include "policy/evaluator.h"
#include "policy/parser.h"

namespace paiam::cli {
namespace {

using nlohmann::json;
using policy::Diagnostic;
using policy::PolicyKind;
using policy::Severity;

const std::map<std::string, PolicyKind> kKindNames = {{"identity", PolicyKind::kIdentity},
                                                      {"session", PolicyKind::kSession},
                                                      {"trust", PolicyKind::kTrust},
                                                      {"resource", PolicyKind::kResource}};

const char* SeverityName(Severity s) { return s == Severity::kError ? "error" : "warning"; }

json DiagnosticJson(const Diagnostic& d) {
  return {{"severity", SeverityName(d.severity)}, {"pointer", d.pointer},
          {"path", policy::PointerToPath(d.pointer)}, {"line", d.line},
          {"column", d.column}, {"message", d.message}};
}

void PrintDiagnostics(std::FILE* out, const std::string& file,
                      const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    std::fprintf(out, "%s: %s: %s\n", file.c_str(), SeverityName(d.severity),
                 d.ToString().c_str());
  }
}

// --- validate -------------------------------------------------------------------------------

struct ValidateOptions {
  std::vector<std::string> files;
  std::string kind = "identity";
  bool json = false;
};

int RunValidate(const ValidateOptions& options) {
  policy::ParseOptions parse_options;
  parse_options.kind = kKindNames.at(options.kind);
  // Unknown PAI actions and ram-codes are warnings: a typo in an action never matches anything.
  const policy::NameCatalog names = catalog::Catalog::BuiltIn().AsNameCatalog();
  parse_options.catalog = &names;
  bool any_error = false;
  json report = json::array();
  for (const std::string& file : options.files) {
    policy::ParseResult result = policy::ParsePolicy(ReadFileOrThrow(file), parse_options);
    any_error = any_error || !result.ok();
    if (options.json) {
      json diagnostics = json::array();
      for (const Diagnostic& d : result.diagnostics) diagnostics.push_back(DiagnosticJson(d));
      report.push_back({{"file", file}, {"valid", result.ok()}, {"diagnostics", diagnostics}});
      continue;
    }
    PrintDiagnostics(stdout, file, result.diagnostics);
    if (result.ok()) {
      std::printf("%s: valid (%zu statement%s)\n", file.c_str(),
                  result.document->statements.size(),
                  result.document->statements.size() == 1 ? "" : "s");
    }
  }
  if (options.json) std::printf("%s\n", report.dump(2).c_str());
  return any_error ? kExitInvalidInput : kExitOk;
}

// --- eval -----------------------------------------------------------------------------------

struct EvalOptions {
  std::vector<std::string> policy_files;
  std::string session_policy_file;
  std::string action;
  std::string resource;
  std::vector<std::string> context;
  std::string kind = "identity";
  std::string principal_arn, principal_account, principal_service;
  bool json = false;
};

// Loads one policy file, named after the file without its extension. Returns false (after
// printing the diagnostics) when the document has errors.
bool LoadPolicy(const std::string& file, PolicyKind kind, std::vector<policy::Policy>* out) {
  policy::ParseOptions parse_options;
  parse_options.kind = kind;
  policy::ParseResult result = policy::ParsePolicy(ReadFileOrThrow(file), parse_options);
  PrintDiagnostics(stderr, file, result.diagnostics);
  if (!result.ok()) return false;
  out->push_back({std::filesystem::path(file).stem().string(), "v1", std::move(*result.document)});
  return true;
}

json StatementsJson(const policy::CompiledPolicySet& set, const policy::DecisionTrace& trace) {
  json statements = json::array();
  for (const policy::StatementRef& ref : trace.statements) {
    const policy::Policy& p = set.policy(ref);
    statements.push_back({{"policy", p.name}, {"version", p.version_id},
                          {"index", ref.statement}, {"sid", set.statement(ref).sid}});
  }
  return statements;
}

void PrintHuman(const policy::CompiledPolicySet& set, const policy::DecisionTrace& trace) {
  std::printf("%s\n", std::string(policy::DecisionName(trace.decision)).c_str());
  for (const policy::StatementRef& ref : trace.statements) {
    const policy::Policy& p = set.policy(ref);
    const policy::Statement& s = set.statement(ref);
    std::printf("  %s %s policy %s version %s Statement[%u]%s%s\n",
                s.effect == policy::Effect::kDeny ? "Deny" : "Allow",
                ref.set == policy::PolicySetRole::kSession ? "by session" : "by",
                p.name.c_str(), p.version_id.c_str(), ref.statement,
                s.sid.empty() ? "" : " Sid ", s.sid.c_str());
  }
}

int RunEval(const EvalOptions& options) {
  PolicyKind kind = kKindNames.at(options.kind);
  std::vector<policy::Policy> identity, session;
  bool valid = true;
  for (const std::string& file : options.policy_files) valid &= LoadPolicy(file, kind, &identity);
  bool has_session = !options.session_policy_file.empty();
  if (has_session) {
    valid &= LoadPolicy(options.session_policy_file, PolicyKind::kSession, &session);
  }
  if (!valid) return kExitInvalidInput;

  auto context_storage = ParseContextFlags(options.context);
  std::vector<policy::ContextEntry> context;
  for (const auto& [key, value] : context_storage) context.push_back({key, value});

  policy::CompiledPolicySet set(std::move(identity), std::move(session), has_session);
  policy::Request request{options.action, options.resource, context,
                          {options.principal_arn, options.principal_account,
                           options.principal_service}};
  policy::DecisionTrace trace;
  set.Evaluate(request, &trace);

  if (options.json) {
    json out = {{"decision", std::string(policy::DecisionName(trace.decision))},
                {"statements", StatementsJson(set, trace)}};
    std::printf("%s\n", out.dump().c_str());
  } else {
    PrintHuman(set, trace);
  }
  return kExitOk;
}

}  // namespace

void RegisterPolicyCommands(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand("policy", "Validate and evaluate RAM policy documents");
  group->require_subcommand(1);

  auto validate = std::make_shared<ValidateOptions>();
  CLI::App* v = group->add_subcommand(
      "validate", "Check policy files; print errors and warnings with their locations");
  v->add_option("files", validate->files, "Policy JSON files")->required()->check(CLI::ExistingFile);
  v->add_option("--kind", validate->kind, "identity | session | trust | resource")
      ->check(CLI::IsMember({"identity", "session", "trust", "resource"}))
      ->capture_default_str();
  v->add_flag("--json", validate->json, "Print a JSON report");
  v->callback([validate, &exit_code] { exit_code = RunValidate(*validate); });

  auto eval = std::make_shared<EvalOptions>();
  CLI::App* e = group->add_subcommand(
      "eval", "Decide one request against policy files and name the deciding statements");
  e->add_option("--policy", eval->policy_files, "Identity policy file (repeatable)")
      ->required()->check(CLI::ExistingFile);
  e->add_option("--session-policy", eval->session_policy_file,
                "Session policy of an assumed role; the result is the intersection")
      ->check(CLI::ExistingFile);
  e->add_option("--action", eval->action, "Action, e.g. oss:GetObject")->required();
  e->add_option("--resource", eval->resource, "Resource ARN, e.g. acs:oss:*:*:bucket/key")
      ->required();
  e->add_option("--context", eval->context,
                "Condition key=value (repeatable; repeat a key for several values; "
                "acs:CurrentTime defaults to now)");
  e->add_option("--kind", eval->kind, "How --policy files are parsed: identity | trust | resource")
      ->check(CLI::IsMember({"identity", "trust", "resource"}))
      ->capture_default_str();
  e->add_option("--principal-arn", eval->principal_arn, "Caller ARN, for Principal elements");
  e->add_option("--principal-account", eval->principal_account, "Caller account id");
  e->add_option("--principal-service", eval->principal_service, "Calling service, e.g. pai.aliyuncs.com");
  e->add_flag("--json", eval->json,
              "Print {\"decision\": ..., \"statements\": [{policy, version, index, sid}]}");
  e->callback([eval, &exit_code] { exit_code = RunEval(*eval); });
}

}  // namespace paiam::cli
