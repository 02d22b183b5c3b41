// paiam/authz — Explain: the whole decision for people. Where Check names only the deciding
// statements, Explain walks every policy the authorizer gathered and says, statement by
// statement, whether it matched and if not why: which part (Action, Resource, Principal) did
// not match, or which condition clause failed and what the request carried for its key. It also
// says how the policies were gathered (root rule, workspace and membership found or not).
//
// The decision itself is Authorizer::Check's, never recomputed here; the per-statement verdicts
// use the reference evaluator's primitives (GlobMatch, EvaluateClause, PrincipalMatches), and a
// test keeps them consistent with the deciding statements. Allocates freely; not for the hot
// path. Depends on: the Authorizer (authz), policy.
#ifndef PAIAM_AUTHZ_EXPLAIN_H_
#define PAIAM_AUTHZ_EXPLAIN_H_

#include <string>
#include <string_view>
#include <vector>

#include "authz/authorizer.h"
#include "policy/ast.h"
#include "policy/decision.h"

namespace paiam::authz {

struct StatementTrace {
  uint32_t index = 0;
  std::string sid;
  policy::Effect effect = policy::Effect::kAllow;
  bool matched = false;
  std::vector<std::string> reasons;  // empty when matched, e.g. "Resource: no entry matches"
};

struct PolicyTrace {
  Source source = Source::kUser;
  std::string policy;
  std::string version;
  std::string group;      // kGroup
  std::string workspace;  // kWorkspaceRole
  std::string role;       // kWorkspaceRole
  std::vector<StatementTrace> statements;
};

struct ExplainReport {
  policy::Decision decision = policy::Decision::kImplicitDeny;
  bool by_root = false;
  std::vector<std::string> notes;       // how the policies were gathered
  std::vector<PolicyTrace> policies;    // in evaluation order
  std::vector<StatementInfo> deciding;  // as Check names them
};

ExplainReport Explain(const Authorizer& authorizer, std::string_view principal_arn,
                      std::string_view action, std::string_view resource,
                      policy::RequestContext context);

// Multi-line text: decision, notes, then each policy with one line per statement.
std::string FormatExplainReport(const ExplainReport& report);

}  // namespace paiam::authz

#endif  // PAIAM_AUTHZ_EXPLAIN_H_
