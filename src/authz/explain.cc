// paiam/authz — Explain (explain.h).
#include "authz/explain.h"

#include <span>
#include <utility>

#include "authz/resource_scope.h"
#include "policy/condition.h"
#include "policy/evaluator.h"
#include "policy/glob.h"

namespace paiam::authz {
namespace {

using policy::CaseMode;
using policy::GlobMatch;

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string JoinQuoted(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + Quoted(values[i]);
  return out + "]";
}

bool AnyGlob(const std::vector<std::string>& patterns, std::string_view text, CaseMode mode) {
  for (const std::string& p : patterns) {
    if (GlobMatch(p, text, mode)) return true;
  }
  return false;
}

// What the request carries for `key`, for the failure message.
std::string ContextValues(policy::RequestContext context, std::string_view key) {
  std::vector<std::string> values;
  for (const policy::ContextEntry& e : context) {
    if (e.key == key) values.emplace_back(e.value);
  }
  return values.empty() ? "the request has no " + std::string(key)
                        : "the request has " + JoinQuoted(values);
}

StatementTrace TraceStatement(const policy::Statement& s, uint32_t index,
                              const policy::Request& request) {
  StatementTrace t;
  t.index = index;
  t.sid = s.sid;
  t.effect = s.effect;
  bool action = AnyGlob(s.actions, request.action, CaseMode::kInsensitive) != s.not_action;
  if (!action) {
    t.reasons.push_back(s.not_action ? "NotAction lists " + std::string(request.action)
                                     : "Action: no entry matches " + std::string(request.action));
  }
  bool resource = !s.has_resource ||
                  AnyGlob(s.resources, request.resource, CaseMode::kSensitive) != s.not_resource;
  if (!resource) {
    t.reasons.push_back(s.not_resource ? "NotResource lists the resource"
                                       : "Resource: no entry matches " + JoinQuoted(s.resources));
  }
  if (!policy::PrincipalMatches(s, request.principal)) {
    t.reasons.push_back("Principal: does not admit the caller");
  }
  for (const policy::ConditionClause& clause : s.conditions) {
    if (policy::EvaluateClause(clause, request.context)) continue;
    std::vector<std::string> values;
    for (const policy::ConditionValue& v : clause.values) values.push_back(v.text);
    t.reasons.push_back("Condition " + clause.op.Name() + " " + clause.key + " " +
                        JoinQuoted(values) +
                        " failed: " + ContextValues(request.context, clause.key));
  }
  t.matched = t.reasons.empty();
  return t;
}

PolicyTrace TracePolicy(const policy::Policy& p, const policy::Request& request) {
  PolicyTrace trace;
  trace.policy = p.name;
  trace.version = p.version_id;
  const auto& statements = p.document.statements;
  for (uint32_t i = 0; i < statements.size(); ++i) {
    trace.statements.push_back(TraceStatement(statements[i], i, request));
  }
  return trace;
}

std::string_view PrincipalTypeName(identity::PrincipalType type) {
  switch (type) {
    case identity::PrincipalType::kRoot:
      return "account root";
    case identity::PrincipalType::kUser:
      return "RAM user";
    case identity::PrincipalType::kRole:
      return "RAM role";
  }
  return "principal";
}

// Appends the workspace roles that apply, with notes on why they do or do not.
void TraceWorkspaceRoles(const Snapshot& s, const PrincipalEntry& principal,
                         const policy::Request& request, ExplainReport* report) {
  WorkspaceScope scope = FindWorkspaceScope(request.resource);
  if (!scope.in_workspace()) {
    report->notes.push_back("the resource is in no workspace: no workspace role applies");
    return;
  }
  std::string ws_name = "workspace " + std::string(scope.workspace);
  uint32_t ws = s.FindWorkspace(scope.workspace);
  if (ws == kNone) {
    report->notes.push_back(ws_name + " does not exist: no workspace role applies");
    return;
  }
  if (s.workspace(ws).account.view() != scope.account) {
    report->notes.push_back(ws_name + " belongs to account " +
                            std::string(s.workspace(ws).account.view()) +
                            ", the resource names account " + std::string(scope.account) +
                            ": no workspace role applies");
    return;
  }
  std::span<const uint32_t> roles = s.MemberRoleSets(ws, s.PrincipalIndex(principal));
  if (roles.empty()) {
    report->notes.push_back("not a member of " + ws_name + ": no workspace role applies");
    return;
  }
  std::string names;
  for (uint32_t r : roles) names += (names.empty() ? "" : ", ") + s.role_set(r).name;
  report->notes.push_back("member of " + ws_name + " with roles " + names);
  for (uint32_t r : roles) {
    const RoleSet& role = s.role_set(r);
    for (const policy::Policy& p : role.set.view().identity) {
      PolicyTrace trace = TracePolicy(p, request);
      trace.source = Source::kWorkspaceRole;
      trace.workspace = std::string(scope.workspace);
      trace.role = role.name;
      report->policies.push_back(std::move(trace));
    }
  }
}

void TraceIdentityPolicies(const Snapshot& s, const PrincipalEntry& principal,
                           const policy::Request& request, ExplainReport* report) {
  if (principal.identity_set == kNone) {
    report->notes.push_back("no identity policies attached");
    return;
  }
  std::span<const policy::Policy> policies = s.identity_set(principal.identity_set).view().identity;
  std::span<const PolicySource> sources = s.sources(principal);
  for (size_t i = 0; i < policies.size(); ++i) {
    PolicyTrace trace = TracePolicy(policies[i], request);
    switch (sources[i].via) {
      case identity::AttachTarget::kUser:
        trace.source = Source::kUser;
        break;
      case identity::AttachTarget::kGroup:
        trace.source = Source::kGroup;
        break;
      case identity::AttachTarget::kRole:
        trace.source = Source::kRamRole;
        break;
    }
    trace.group = std::string(sources[i].group);
    report->policies.push_back(std::move(trace));
  }
}

}  // namespace

ExplainReport Explain(const Authorizer& authorizer, std::string_view principal_arn,
                      std::string_view action, std::string_view resource,
                      policy::RequestContext context) {
  ExplainReport report;
  Explanation explanation;
  report.decision = authorizer.Check(principal_arn, action, resource, context, &explanation);
  report.by_root = explanation.by_root;
  for (const DecidingStatement& d : explanation.statements) {
    report.deciding.push_back(authorizer.Describe(d));
  }
  const Snapshot& s = authorizer.snapshot();
  const PrincipalEntry* principal = authorizer.ResolvePrincipal(principal_arn);
  if (principal == nullptr) {
    report.notes.push_back("unknown principal " + std::string(principal_arn) + ": nothing applies");
    return report;
  }
  const std::string account(principal->account.view());
  report.notes.push_back(std::string(PrincipalTypeName(principal->type)) + " " +
                         s.principal_info(*principal).arn + " of account " + account);
  if (report.by_root) {
    report.notes.push_back("the account root may do anything inside its own account");
    return report;
  }
  if (principal->type == identity::PrincipalType::kRoot) {
    report.notes.push_back("the resource is not inside account " + account +
                           ": the root rule does not apply");
  }
  policy::Request request{action, resource, context, {principal_arn, account, {}}};
  TraceIdentityPolicies(s, *principal, request, &report);
  TraceWorkspaceRoles(s, *principal, request, &report);
  for (const policy::Policy& p : s.default_allow().view().identity) {
    PolicyTrace trace = TracePolicy(p, request);
    trace.source = Source::kDefaultAllow;
    report.policies.push_back(std::move(trace));
  }
  return report;
}

std::string FormatExplainReport(const ExplainReport& report) {
  std::string out = std::string(policy::DecisionName(report.decision)) + "\n";
  for (const std::string& note : report.notes) out += "  " + note + "\n";
  for (const PolicyTrace& p : report.policies) {
    out += "  " + std::string(SourceName(p.source));
    if (!p.group.empty()) out += " " + p.group;
    if (!p.workspace.empty()) out += " workspace " + p.workspace + " role " + p.role;
    out += ": policy " + p.policy + " version " + p.version + "\n";
    for (const StatementTrace& t : p.statements) {
      out += "    Statement[" + std::to_string(t.index) + "]";
      if (!t.sid.empty()) out += " " + t.sid;
      out += t.effect == policy::Effect::kDeny ? " Deny: " : " Allow: ";
      if (t.matched) {
        out += "matched\n";
        continue;
      }
      out += "not matched";
      for (const std::string& r : t.reasons) out += "; " + r;
      out += "\n";
    }
  }
  return out;
}

}  // namespace paiam::authz
