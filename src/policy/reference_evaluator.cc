// The reference evaluator: every policy, every statement, every entry, in the order the spec
// states the rule. It is deliberately naive so that it can be trusted as the oracle the compiled
// evaluator is tested against; do not optimise it.

#include <algorithm>
#include <string_view>
#include <vector>

#include "policy/ast.h"
#include "policy/condition.h"
#include "policy/decision.h"
#include "policy/evaluator.h"
#include "policy/glob.h"

namespace paiam::policy {

namespace {

constexpr std::string_view kRootPrefix = "acs:ram::";
constexpr std::string_view kRootSuffix = ":root";

// "acs:ram::<uid>:root" -> "<uid>"; empty when `value` is not an account root ARN.
std::string_view RootAccountOf(std::string_view value) {
  if (value.size() <= kRootPrefix.size() + kRootSuffix.size()) return {};
  if (!EqualsIgnoreCase(value.substr(0, kRootPrefix.size()), kRootPrefix)) return {};
  if (!EqualsIgnoreCase(value.substr(value.size() - kRootSuffix.size()), kRootSuffix)) return {};
  std::string_view uid =
      value.substr(kRootPrefix.size(), value.size() - kRootPrefix.size() - kRootSuffix.size());
  // A uid is one ARN segment; "acs:ram::1:user/x:root" is not a root ARN.
  if (uid.find_first_of(":/") != std::string_view::npos) return {};
  return uid;
}

bool IsAccountId(std::string_view value) {
  return !value.empty() &&
         std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool RamPrincipalMatches(std::string_view value, const RequestPrincipal& principal) {
  if (value == "*") return true;
  if (!principal.arn.empty() && EqualsIgnoreCase(value, principal.arn)) return true;
  if (principal.account.empty()) return false;
  std::string_view uid = RootAccountOf(value);
  if (uid.empty() && IsAccountId(value)) uid = value;
  return !uid.empty() && uid == principal.account;
}

bool PrincipalEntryMatches(const PrincipalEntry& entry, const RequestPrincipal& principal) {
  switch (entry.type) {
    case PrincipalType::kAny:
      return true;
    case PrincipalType::kRam:
      return RamPrincipalMatches(entry.value, principal);
    case PrincipalType::kService:
      return !principal.service.empty() && EqualsIgnoreCase(entry.value, principal.service);
    case PrincipalType::kFederated:
      return !principal.arn.empty() && entry.value == principal.arn;
  }
  return false;
}

bool ActionMatches(const Statement& statement, std::string_view action) {
  bool any = false;
  for (const std::string& pattern : statement.actions) {
    if (GlobMatch(pattern, action, CaseMode::kInsensitive)) any = true;
  }
  return statement.not_action ? !any : any;
}

bool ResourceMatches(const Statement& statement, std::string_view resource) {
  if (!statement.has_resource) return true;  // trust policy: the statement is about the role
  bool any = false;
  for (const std::string& pattern : statement.resources) {
    if (GlobMatch(pattern, resource, CaseMode::kSensitive)) any = true;
  }
  return statement.not_resource ? !any : any;
}

bool StatementMatches(const Statement& statement, const Request& request) {
  return ActionMatches(statement, request.action) && ResourceMatches(statement, request.resource) &&
         PrincipalMatches(statement, request.principal) &&
         EvaluateConditions(statement.conditions, request.context);
}

// The matching statements of one set, split by effect.
struct SetMatches {
  std::vector<StatementRef> allows;
  std::vector<StatementRef> denies;
};

SetMatches MatchSet(std::span<const Policy> policies, PolicySetRole role, const Request& request) {
  SetMatches matches;
  for (size_t p = 0; p < policies.size(); ++p) {
    const std::vector<Statement>& statements = policies[p].document.statements;
    for (size_t s = 0; s < statements.size(); ++s) {
      if (!StatementMatches(statements[s], request)) continue;
      StatementRef ref{role, static_cast<uint32_t>(p), static_cast<uint32_t>(s)};
      (statements[s].effect == Effect::kDeny ? matches.denies : matches.allows).push_back(ref);
    }
  }
  return matches;
}

void Append(std::vector<StatementRef>& to, const std::vector<StatementRef>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

// RAM trust semantics, as paiam implements them:
//   * no Principal element: the statement is not about callers, so it admits everyone;
//   * "*" (PrincipalType::kAny, or a RAM entry "*"): anyone;
//   * RAM "<arn>": exactly that identity, compared case-insensitively because RAM lowercases
//     role names in the ARNs it returns;
//   * RAM "acs:ram::<uid>:root" or a bare "<uid>" (the OSS bucket-policy form): every identity
//     of that account; the caller's own identity policy still has to authorize it;
//   * Service "<name>": the service principal assuming the role, case-insensitively;
//   * Federated "<provider arn>": the identity provider's ARN, exactly.
bool PrincipalMatches(const Statement& statement, const RequestPrincipal& principal) {
  if (!statement.has_principal) return true;
  for (const PrincipalEntry& entry : statement.principals) {
    if (PrincipalEntryMatches(entry, principal)) return true;
  }
  return false;
}

Decision EvaluateReference(const PolicySetView& policies, const Request& request,
                           DecisionTrace* trace) {
  DecisionTrace local;
  if (trace == nullptr) trace = &local;
  trace->Reset();

  SetMatches identity = MatchSet(policies.identity, PolicySetRole::kIdentity, request);
  SetMatches session;
  if (policies.has_session) {
    session = MatchSet(policies.session, PolicySetRole::kSession, request);
  }

  if (!identity.denies.empty() || !session.denies.empty()) {
    trace->decision = Decision::kExplicitDeny;
    Append(trace->statements, identity.denies);
    Append(trace->statements, session.denies);
  } else if (!identity.allows.empty() && (!policies.has_session || !session.allows.empty())) {
    trace->decision = Decision::kAllow;
    Append(trace->statements, identity.allows);
    Append(trace->statements, session.allows);
  }
  std::sort(trace->statements.begin(), trace->statements.end());
  return trace->decision;
}

}  // namespace paiam::policy
