// paiam/policy — the two evaluators: a reference interpreter and a compiled policy set.
//
// Both decide a request against a set of identity policies and, for a role session created with
// a `Policy`, a session policy set, with one rule:
//   1. a matching Deny in any policy of either set          -> ExplicitDeny
//   2. else a matching Allow in the identity set, and (when a session set is present) also a
//      matching Allow in the session set                    -> Allow
//   3. else                                                 -> ImplicitDeny
// A statement matches when some Action entry matches (NotAction: none does), some Resource entry
// matches (NotResource: none does; trust statements without Resource match any resource), the
// Principal admits the caller (when present), and every condition clause holds.
//
// RAM's documented pipeline stops at the session stage on an implicit deny; rule 1 instead lets
// an explicit Deny anywhere win. Both deny the request; paiam's choice names the Deny statement,
// which explains more.
//
// The reference evaluator walks every statement and is written for obviousness. The compiled set
// indexes statements by action and is the one production code uses; a differential test keeps
// the two equal.
#ifndef PAIAM_POLICY_EVALUATOR_H_
#define PAIAM_POLICY_EVALUATOR_H_

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "policy/ast.h"
#include "policy/decision.h"

namespace paiam::policy {

struct PolicySetView {
  std::span<const Policy> identity;
  bool has_session = false;
  std::span<const Policy> session;
};

// Straight from the spec; allocation-free only by accident. For tests and explanations.
Decision EvaluateReference(const PolicySetView& policies, const Request& request,
                           DecisionTrace* trace);

// True when the statement's Principal admits the caller (statements without Principal: true).
bool PrincipalMatches(const Statement& statement, const RequestPrincipal& principal);

// A request action with the hashes the compiled index looks it up by, computed once. A caller
// that consults several CompiledPolicySets for one request (the authorizer does) prepares the
// action once instead of once per set. Holds a view: the action text must outlive it.
class PreparedAction {
 public:
  explicit PreparedAction(std::string_view action);

  std::string_view action() const { return action_; }
  std::string_view ram_code() const { return ram_code_; }  // before the first ':'
  bool has_ram_code() const { return has_ram_code_; }      // the action has a ':'
  uint64_t action_hash() const { return action_hash_; }    // case-folded
  uint64_t ram_code_hash() const { return ram_code_hash_; }

 private:
  std::string_view action_;
  std::string_view ram_code_;
  bool has_ram_code_ = false;
  uint64_t action_hash_ = 0;
  uint64_t ram_code_hash_ = 0;
};

// An immutable, indexed policy set. Build once per snapshot; Evaluate is const, lock-free,
// allocation-free (given a reused trace) and safe to call from many threads at once.
class CompiledPolicySet {
 public:
  CompiledPolicySet(std::vector<Policy> identity, std::vector<Policy> session, bool has_session);
  CompiledPolicySet(std::vector<Policy> identity)
      : CompiledPolicySet(std::move(identity), {}, false) {}
  ~CompiledPolicySet();
  CompiledPolicySet(CompiledPolicySet&&) noexcept;
  CompiledPolicySet& operator=(CompiledPolicySet&&) noexcept;

  Decision Evaluate(const Request& request, DecisionTrace* trace) const;
  // The same, with the action prepared by the caller; `prepared.action()` must be
  // `request.action`.
  Decision Evaluate(const Request& request, const PreparedAction& prepared,
                    DecisionTrace* trace) const;

  const Policy& policy(const StatementRef& ref) const;
  const Statement& statement(const StatementRef& ref) const;
  PolicySetView view() const;

 private:
  struct Index;
  std::unique_ptr<Index> index_;
};

}  // namespace paiam::policy

#endif  // PAIAM_POLICY_EVALUATOR_H_
