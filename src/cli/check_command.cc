// `paiam check` and `paiam list-allowed`: the authorizer (src/authz) on a state file
// (authz/state_json.h), for people and scripts. Exit status: 0 when a decision or listing was
// produced (whatever it is), 1 when the state file is invalid, 2 on usage errors.
#include <algorithm>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "authz/authorizer.h"
#include "authz/explain.h"
#include "authz/snapshot.h"
#include "api/decision_json.h"
#include "authz/state_json.h"
#include "catalog/catalog.h"
#include "cli/commands.h"
#include "workspace/asset_types.h"

namespace paiam::cli {
namespace {

using nlohmann::json;
using api::ExplainJson;
using api::StatementJson;

struct CheckOptions {
  std::string state, principal, action, resource;
  std::vector<std::string> context;
  bool explain = false;
  bool json = false;
};

struct ListOptions {
  std::string state, principal, workspace, type, action, parent;
  bool json = false;
};

// Loads the state and builds the snapshot; nullptr (after printing why) when the file is
// invalid.
std::unique_ptr<authz::Authorizer> LoadAuthorizer(const std::string& path) {
  auto state = authz::LoadStateJson(ReadFileOrThrow(path));
  if (!state.ok()) {
    std::fprintf(stderr, "paiam: %s: %s\n", path.c_str(), state.status().ToString().c_str());
    return nullptr;
  }
  auto snapshot = authz::Snapshot::Build(catalog::Catalog::BuiltIn(), std::move(state->directory),
                                         std::move(state->workspaces));
  if (!snapshot.ok()) {
    std::fprintf(stderr, "paiam: %s: %s\n", path.c_str(), snapshot.status().ToString().c_str());
    return nullptr;
  }
  return std::make_unique<authz::Authorizer>(std::move(*snapshot));
}

void WarnUnknownPrincipal(const authz::Authorizer& authorizer, const std::string& arn) {
  if (authorizer.ResolvePrincipal(arn) == nullptr) {
    std::fprintf(stderr, "paiam: warning: %s is no principal of the state\n", arn.c_str());
  }
}

void PrintHuman(const authz::ExplainReport& report) {
  std::printf("%s\n", std::string(policy::DecisionName(report.decision)).c_str());
  if (report.by_root) std::printf("  by the account root, inside its own account\n");
  for (const authz::StatementInfo& s : report.deciding) {
    std::string where(s.source);
    if (!s.group.empty()) where += " " + std::string(s.group);
    if (!s.workspace.empty()) {
      where += " workspace " + std::string(s.workspace) + " role " + std::string(s.role);
    }
    std::printf("  by %s: policy %s version %s Statement[%u]%s%s\n", where.c_str(),
                std::string(s.policy).c_str(), std::string(s.version).c_str(), s.index,
                s.sid.empty() ? "" : " Sid ", std::string(s.sid).c_str());
  }
}

int RunCheck(const CheckOptions& options) {
  std::unique_ptr<authz::Authorizer> authorizer = LoadAuthorizer(options.state);
  if (authorizer == nullptr) return kExitInvalidInput;
  WarnUnknownPrincipal(*authorizer, options.principal);
  auto storage = ParseContextFlags(options.context);
  std::vector<policy::ContextEntry> context;
  for (const auto& [key, value] : storage) context.push_back({key, value});

  authz::ExplainReport report =
      authz::Explain(*authorizer, options.principal, options.action, options.resource, context);
  if (options.json) {
    json statements = json::array();
    for (const authz::StatementInfo& s : report.deciding) statements.push_back(StatementJson(s));
    json out = {{"decision", std::string(policy::DecisionName(report.decision))},
                {"statements", statements}};
    if (report.by_root) out["root"] = true;
    if (options.explain) out["explain"] = ExplainJson(report);
    std::printf("%s\n", out.dump().c_str());
  } else if (options.explain) {
    std::printf("%s", authz::FormatExplainReport(report).c_str());
  } else {
    PrintHuman(report);
  }
  return kExitOk;
}

// The type's list action when --action is not given: among the catalog's READ rows on the
// type's collection (e.g. dataset/*) named List*, the one granted in most matrix cells — the
// "public and self-created" list, which administrators hold on every class.
std::string DefaultListAction(const catalog::Catalog& catalog, workspace::AssetType type) {
  std::string best;
  int best_cells = -1;
  for (const catalog::Action& a : catalog.actions()) {
    auto match = workspace::MatchResourcePattern(a.resource_path());
    if (!match || match->type != type || !match->collection) continue;
    if (a.kind != catalog::ActionKind::kRead) continue;
    std::string_view api = std::string_view(a.policy_action).substr(a.policy_action.find(':') + 1);
    if (!api.starts_with("List")) continue;
    int cells = 0;
    for (const catalog::Role& r : catalog.roles()) cells += std::popcount(catalog.Allowed(r, a));
    if (cells > best_cells) best = a.policy_action, best_cells = cells;
  }
  return best;
}

std::string_view ScopeName(catalog::ClassMask classes) {
  if (classes == catalog::kAnyClass) return "all";
  if (classes == (catalog::kPrivateCreator | catalog::kPublic)) return "public-and-own";
  if (classes == catalog::kNoClass) return "none";
  return "partial";
}

int RunList(const ListOptions& options) {
  std::optional<workspace::AssetType> type = workspace::ParseAssetType(options.type);
  if (!type) throw UsageError("--type: unknown asset type \"" + options.type + "\"");
  std::unique_ptr<authz::Authorizer> authorizer = LoadAuthorizer(options.state);
  if (authorizer == nullptr) return kExitInvalidInput;
  WarnUnknownPrincipal(*authorizer, options.principal);
  std::string action = options.action;
  if (action.empty()) action = DefaultListAction(authorizer->snapshot().catalog(), *type);
  if (action.empty()) throw UsageError("no list action for " + options.type + ": give --action");

  auto listing =
      authorizer->ListAllowed(options.principal, options.workspace, *type, action, options.parent);
  if (!listing.ok()) {
    std::fprintf(stderr, "paiam: %s\n", listing.status().ToString().c_str());
    return kExitInvalidInput;
  }
  std::vector<std::pair<std::string_view, std::string_view>> ids;
  for (const authz::AssetRef& a : listing->assets) ids.emplace_back(a.parent_id, a.id);
  std::sort(ids.begin(), ids.end());
  if (options.json) {
    json assets = json::array();
    for (const auto& [parent, id] : ids) {
      json a = {{"id", id}};
      if (!parent.empty()) a["parent"] = parent;
      assets.push_back(a);
    }
    json out = {{"action", action},
                {"scope", ScopeName(listing->classes)},
                {"classes", catalog::ClassMaskName(listing->classes)},
                {"assets", assets}};
    std::printf("%s\n", out.dump().c_str());
    return kExitOk;
  }
  std::printf("%s: %s (%s)\n", action.c_str(), std::string(ScopeName(listing->classes)).c_str(),
              catalog::ClassMaskName(listing->classes).c_str());
  for (const auto& [parent, id] : ids) {
    std::printf("%s%s%s\n", std::string(parent).c_str(), parent.empty() ? "" : "/",
                std::string(id).c_str());
  }
  return kExitOk;
}

}  // namespace

void RegisterCheckCommands(CLI::App& app, int& exit_code) {
  auto check = std::make_shared<CheckOptions>();
  CLI::App* c = app.add_subcommand(
      "check", "Decide one request against a state file and name the deciding statements");
  c->add_option("--state", check->state, "State JSON (see src/authz/state_json.h)")
      ->required()
      ->check(CLI::ExistingFile);
  c->add_option("--principal", check->principal, "Caller ARN, e.g. acs:ram::123:user/alice")
      ->required();
  c->add_option("--action", check->action, "Action, e.g. paidataset:DeleteDataset")->required();
  c->add_option("--resource", check->resource,
                "Resource ARN, e.g. acs:paidataset:cn-hangzhou:123:workspace/1001/dataset/d1")
      ->required();
  c->add_option("--context", check->context,
                "Condition key=value (repeatable), e.g. pai:Accessibility=PUBLIC; "
                "acs:CurrentTime defaults to now");
  c->add_flag("--explain", check->explain,
              "Show every gathered policy and why each statement matched or not");
  c->add_flag("--json", check->json,
              "Print {\"decision\", \"statements\": [{policy, version, index, sid, source, "
              "workspace, role}]}");
  c->callback([check, &exit_code] { exit_code = RunCheck(*check); });

  auto list = std::make_shared<ListOptions>();
  CLI::App* l = app.add_subcommand(
      "list-allowed", "List the assets of one type in a workspace that the caller may see");
  l->add_option("--state", list->state, "State JSON (see src/authz/state_json.h)")
      ->required()
      ->check(CLI::ExistingFile);
  l->add_option("--principal", list->principal, "Caller ARN")->required();
  l->add_option("--workspace", list->workspace, "Workspace id")->required();
  l->add_option("--type", list->type, "Asset type, e.g. dataset, model, model_version")->required();
  l->add_option("--action", list->action,
                "List action (default: the type's most widely granted List action, e.g. "
                "paidataset:ListDatasets)");
  l->add_option("--parent", list->parent, "Parent asset id, for child types");
  l->add_flag("--json", list->json, "Print {\"action\", \"scope\", \"classes\", \"assets\"}");
  l->callback([list, &exit_code] { exit_code = RunList(*list); });
}

}  // namespace paiam::cli
