// `paiam role list|show|check`: the built-in workspace roles compiled to RAM policies, and the
// decision of one matrix cell — or of a stream of them — by the compiled evaluator.
//
// A cell is decided on the policy set a member of one workspace holds through that role: the
// role's compiled policy (scoped to --workspace) and PaiDefaultAllow, so that "allowed unless you
// specify Deny" actions answer Allow for every role. The request's resource is the action's asset
// ARN (role_policy.h AssetArn) and its context the class's pai:Accessibility and
// pai:EntityAccessType.
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "cli/commands.h"
#include "policy/evaluator.h"
#include "policy/writer.h"
#include "workspace/role_policy.h"

namespace paiam::cli {
namespace {

using nlohmann::json;

constexpr char kDefaultAccount[] = "1234567890";
constexpr char kDefaultWorkspace[] = "12345";
constexpr char kRegion[] = "cn-hangzhou";

struct RoleOptions {
  std::string role, action, accessibility, entity;
  std::string account = kDefaultAccount;
  std::string workspace = kDefaultWorkspace;
  bool json = false, batch = false, any_workspace = false;
};

// A role's compiled policy set, built once per role name and reused for every cell.
class RoleSets {
 public:
  explicit RoleSets(const RoleOptions& options) : options_(options) {}

  // The set for `role`, or nullptr with `error` set.
  const policy::CompiledPolicySet* Get(const std::string& role, std::string* error) {
    const catalog::Catalog& cat = catalog::Catalog::BuiltIn();
    const catalog::Role* found = cat.FindRole(role);
    auto it = found == nullptr ? sets_.end() : sets_.find(found->api_name);
    if (it != sets_.end()) return &it->second;
    StatusOr<policy::Policy> compiled = workspace::CompileRolePolicy(
        cat, workspace::RoleDefinition::BuiltIn(role), options_.account, options_.workspace);
    if (!compiled.ok()) {
      *error = compiled.status().message();
      return nullptr;
    }
    std::vector<policy::Policy> policies = {std::move(compiled).value(),
                                            workspace::CompileDefaultAllowPolicy(cat)};
    return &sets_.emplace(found->api_name, policy::CompiledPolicySet(std::move(policies)))
                .first->second;
  }

 private:
  const RoleOptions& options_;
  std::map<std::string, policy::CompiledPolicySet> sets_;
};

struct CellRequest {
  std::string role, action, accessibility, entity;
};

// Decides one cell; false with `error` set when a name is unknown.
bool DecideCell(RoleSets& sets, const RoleOptions& options, const CellRequest& cell,
                const policy::CompiledPolicySet** set, policy::DecisionTrace* trace,
                std::string* error) {
  const catalog::Catalog& cat = catalog::Catalog::BuiltIn();
  std::optional<catalog::AssetClass> c = catalog::ParseClass(cell.accessibility, cell.entity);
  if (!c) {
    *error = "accessibility must be PUBLIC or PRIVATE and entity CREATOR or OTHERS, got \"" +
             cell.accessibility + "\" and \"" + cell.entity + "\"";
    return false;
  }
  const catalog::Action* action = cat.FindAction(cell.action);
  if (action == nullptr) {
    *error = "unknown action \"" + cell.action + "\"";
    return false;
  }
  *set = sets.Get(cell.role, error);
  if (*set == nullptr) return false;
  const std::string resource =
      workspace::AssetArn(*action, kRegion, options.account, options.workspace);
  const policy::ContextEntry context[] = {
      {catalog::kAccessibilityKey, catalog::AccessibilityValue(*c)},
      {catalog::kEntityAccessTypeKey, catalog::EntityAccessTypeValue(*c)}};
  policy::Request request{action->policy_action, resource, context, {}};
  trace->Reset();
  (*set)->Evaluate(request, trace);
  return true;
}

json DecisionJson(const policy::CompiledPolicySet& set, const policy::DecisionTrace& trace) {
  json statements = json::array();
  for (const policy::StatementRef& ref : trace.statements) {
    const policy::Policy& p = set.policy(ref);
    statements.push_back({{"policy", p.name},
                          {"version", p.version_id},
                          {"index", ref.statement},
                          {"sid", set.statement(ref).sid}});
  }
  return {{"decision", std::string(policy::DecisionName(trace.decision))},
          {"statements", statements}};
}

void PrintHuman(const policy::CompiledPolicySet& set, const policy::DecisionTrace& trace) {
  std::printf("%s\n", std::string(policy::DecisionName(trace.decision)).c_str());
  for (const policy::StatementRef& ref : trace.statements) {
    const policy::Policy& p = set.policy(ref);
    const policy::Statement& s = set.statement(ref);
    std::printf("  %s by policy %s version %s Statement[%u]%s%s\n",
                s.effect == policy::Effect::kDeny ? "Deny" : "Allow", p.name.c_str(),
                p.version_id.c_str(), ref.statement, s.sid.empty() ? "" : " Sid ", s.sid.c_str());
  }
}

int RunCheckOne(const RoleOptions& options) {
  if (options.role.empty() || options.action.empty()) {
    throw UsageError("role check needs ROLE and ACTION (or --batch)");
  }
  if (options.accessibility.empty() || options.entity.empty()) {
    throw UsageError("role check needs --accessibility and --entity");
  }
  RoleSets sets(options);
  const policy::CompiledPolicySet* set = nullptr;
  policy::DecisionTrace trace;
  std::string error;
  if (!DecideCell(sets, options,
                  {options.role, options.action, options.accessibility, options.entity}, &set,
                  &trace, &error)) {
    throw UsageError(error);
  }
  if (options.json) {
    std::printf("%s\n", DecisionJson(*set, trace).dump().c_str());
  } else {
    PrintHuman(*set, trace);
  }
  return kExitOk;
}

// One JSON object per input line, one JSON answer per line; blank lines are skipped. A line that
// cannot be decided answers {"error": "line N: ..."} and makes the exit status 1.
int RunCheckBatch(const RoleOptions& options) {
  if (!options.role.empty() || !options.action.empty() || !options.accessibility.empty() ||
      !options.entity.empty()) {
    throw UsageError(
        "role check --batch reads its cells from stdin; give no ROLE, ACTION, "
        "--accessibility or --entity");
  }
  RoleSets sets(options);
  policy::DecisionTrace trace;
  std::string line;
  bool any_error = false;
  for (size_t number = 1; std::getline(std::cin, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string error;
    json out;
    try {
      json in = json::parse(line);
      auto field = [&in](const char* name) {
        if (!in.is_object() || !in.contains(name) || !in[name].is_string()) {
          throw std::invalid_argument(std::string("missing string field \"") + name + "\"");
        }
        return in[name].get<std::string>();
      };
      CellRequest cell{field("role"), field("action"), field("accessibility"), field("entity")};
      const policy::CompiledPolicySet* set = nullptr;
      if (DecideCell(sets, options, cell, &set, &trace, &error)) out = DecisionJson(*set, trace);
    } catch (const std::exception& e) {  // json::parse_error and missing fields
      error = e.what();
    }
    if (!error.empty()) {
      any_error = true;
      out = {{"error", "line " + std::to_string(number) + ": " + error}};
    }
    std::fputs((out.dump() + "\n").c_str(), stdout);
  }
  return any_error ? kExitInvalidInput : kExitOk;
}

int RunShow(const RoleOptions& options) {
  const catalog::Catalog& cat = catalog::Catalog::BuiltIn();
  const workspace::RoleDefinition role = workspace::RoleDefinition::BuiltIn(options.role);
  StatusOr<policy::Policy> compiled =
      options.any_workspace
          ? workspace::CompileRolePolicyAnyWorkspace(cat, role)
          : workspace::CompileRolePolicy(cat, role, options.account, options.workspace);
  if (!compiled.ok()) throw UsageError(compiled.status().message());
  std::printf("%s\n", policy::FormatPolicyDocument(compiled->document, 2).c_str());
  return kExitOk;
}

int RunList(const RoleOptions& options) {
  const catalog::Catalog& cat = catalog::Catalog::BuiltIn();
  json roles = json::array();
  for (const catalog::Role& r : cat.roles()) {
    if (options.json) {
      roles.push_back({{"api_name", r.api_name},
                       {"display_name", r.display_name},
                       {"grant_column", r.grant_column},
                       {"role_type", r.role_type},
                       {"dataworks_shared", r.dataworks_shared}});
    } else {
      std::printf("%-24s %-30s %-16s%s\n", r.api_name.c_str(), r.display_name.c_str(),
                  r.role_type.c_str(), r.dataworks_shared ? " shared with DataWorks" : "");
    }
  }
  if (options.json) std::printf("%s\n", roles.dump(2).c_str());
  return kExitOk;
}

void AddScopeOptions(CLI::App* app, RoleOptions* options) {
  app->add_option("--account", options->account, "Account id of the workspace")
      ->capture_default_str();
  app->add_option("--workspace", options->workspace, "Workspace id")->capture_default_str();
}

}  // namespace

void RegisterRoleCommands(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand(
      "role", "Built-in workspace roles: list them, show their compiled policies, decide cells");
  group->require_subcommand(1);
  auto options = std::make_shared<RoleOptions>();

  CLI::App* list = group->add_subcommand("list", "List the built-in roles");
  list->add_flag("--json", options->json, "Print a JSON array");
  list->callback([options, &exit_code] { exit_code = RunList(*options); });

  CLI::App* show = group->add_subcommand(
      "show", "Print a role's compiled RAM policy (JSON), scoped to one workspace");
  show->add_option("role", options->role,
                   "Role: API name (PAI.AlgoDeveloper), short or display name")
      ->required();
  AddScopeOptions(show, options.get());
  show->add_flag("--any-workspace", options->any_workspace,
                 "Resource \"*\": the variant an authorizer scopes to the workspace itself");
  show->callback([options, &exit_code] { exit_code = RunShow(*options); });

  CLI::App* check = group->add_subcommand(
      "check",
      "Decide one matrix cell with the compiled evaluator (role policy + PaiDefaultAllow); "
      "--batch reads {\"role\",\"action\",\"accessibility\",\"entity\"} objects, one per line");
  check->add_option("role", options->role, "Role name");
  check->add_option("action", options->action, "Action: RAM or workspace name, or catalog id");
  check->add_option("--accessibility", options->accessibility, "PUBLIC | PRIVATE")
      ->check(CLI::IsMember({"PUBLIC", "PRIVATE"}, CLI::ignore_case));
  check->add_option("--entity", options->entity, "CREATOR | OTHERS")
      ->check(CLI::IsMember({"CREATOR", "OTHERS"}, CLI::ignore_case));
  check->add_flag("--json", options->json,
                  "Print {\"decision\": ..., \"statements\": [{policy, version, index, sid}]}");
  check->add_flag("--batch", options->batch,
                  "Read cells from stdin, write one JSON decision per line (exit 1 if any line "
                  "is bad)");
  AddScopeOptions(check, options.get());
  check->callback([options, &exit_code] {
    exit_code = options->batch ? RunCheckBatch(*options) : RunCheckOne(*options);
  });
}

}  // namespace paiam::cli
