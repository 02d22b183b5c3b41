// paiam/policy — what a request is and what an evaluator answers.
#ifndef PAIAM_POLICY_DECISION_H_
#define PAIAM_POLICY_DECISION_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "policy/condition.h"

namespace paiam::policy {

// The identity a trust or resource policy's Principal is matched against.
struct RequestPrincipal {
  std::string_view arn;      // e.g. acs:ram::123:user/alice; empty for a service
  std::string_view account;  // the caller's account id, e.g. 123
  std::string_view service;  // e.g. pai.aliyuncs.com when a service assumes a role
};

struct Request {
  std::string_view action;    // ram-code:ApiName
  std::string_view resource;  // ARN
  RequestContext context;     // condition keys
  RequestPrincipal principal; // consulted only by statements with a Principal
};

enum class Decision : uint8_t { kAllow, kExplicitDeny, kImplicitDeny };
std::string_view DecisionName(Decision d);  // "Allow", "ExplicitDeny", "ImplicitDeny"

// Which policy set a deciding statement came from.
enum class PolicySetRole : uint8_t { kIdentity, kSession };

struct StatementRef {
  PolicySetRole set = PolicySetRole::kIdentity;
  uint32_t policy = 0;     // index into the set's policies
  uint32_t statement = 0;  // index into that policy's statements
  friend auto operator<=>(const StatementRef&, const StatementRef&) = default;
};

// Caller-owned scratch space for one check. Reuse it across checks: after the first few, a check
// never allocates (the vector keeps its capacity).
struct DecisionTrace {
  Decision decision = Decision::kImplicitDeny;
  // The deciding statements: every matching Deny for ExplicitDeny, every matching Allow for Allow
  // (from both sets when a session policy applies), none for ImplicitDeny. Sorted.
  std::vector<StatementRef> statements;
  void Reset() {
    decision = Decision::kImplicitDeny;
    statements.clear();
  }
};

}  // namespace paiam::policy

#endif  // PAIAM_POLICY_DECISION_H_
