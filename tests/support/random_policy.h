// paiam tests — random policy sets and requests for the differential test and fuzzing, plus the
// tools to compare the two evaluators and shrink a disagreement to a small reproducer.
//
// Everything is drawn from a small vocabulary (a handful of ram-codes, APIs, resource ARNs,
// condition keys and values) so that patterns, resources and conditions match often; a
// generator that only produced non-matching statements would test nothing.
#ifndef PAIAM_TESTS_SUPPORT_RANDOM_POLICY_H_
#define PAIAM_TESTS_SUPPORT_RANDOM_POLICY_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "policy/ast.h"
#include "policy/decision.h"
#include "policy/evaluator.h"

namespace paiam::testsupport {

// Random choices: a seeded PRNG, or a fuzz input consumed one byte per choice and, once it is
// used up, a PRNG seeded from it (so short inputs still make whole cases).
class RandomSource {
 public:
  explicit RandomSource(uint64_t seed) : state_(seed) {}
  RandomSource(const uint8_t* data, size_t size);

  uint32_t Below(uint32_t n);  // uniform-ish in [0, n); n > 0
  bool OneIn(uint32_t n) { return Below(n) == 0; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(static_cast<uint32_t>(items.size()))];
  }

 private:
  uint64_t NextPrng();

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t pos_ = 0;
  uint64_t state_ = 0;
};

// A request that owns its strings. View() points into this object (and refreshes `entries`),
// so keep it alive and unmodified while the returned Request is in use.
struct OwnedRequest {
  std::string action;
  std::string resource;
  std::vector<std::pair<std::string, std::string>> context;
  std::string arn;
  std::string account;
  std::string service;

  std::vector<policy::ContextEntry> entries;
  policy::Request View();
};

// Identity policies and, for a role session, a session policy set.
struct PolicyCase {
  std::vector<policy::Policy> identity;
  bool has_session = false;
  std::vector<policy::Policy> session;

  policy::PolicySetView View() const { return {identity, has_session, session}; }
};

class RandomPolicyGenerator {
 public:
  explicit RandomPolicyGenerator(RandomSource* random) : random_(*random) {}

  PolicyCase Case();
  policy::Policy Policy(const std::string& name);
  policy::Statement Statement();
  OwnedRequest Request();

 private:
  std::string ActionPattern();
  std::string Action();
  std::string ResourcePattern();
  std::vector<policy::PrincipalEntry> Principals();
  std::vector<policy::ConditionClause> Conditions();
  std::optional<policy::ConditionClause> Clause(size_t key);
  std::string VaryCase(std::string text);

  RandomSource& random_;
};

// JSON in RAM policy syntax, so that a reproducer can be pasted into a policy file.
nlohmann::ordered_json PolicyToJson(const policy::Policy& policy);
nlohmann::ordered_json RequestToJson(const OwnedRequest& request);
nlohmann::ordered_json TraceToJson(const policy::DecisionTrace& trace);

// What one evaluator answered. The compiled answer also records the decision it gave without a
// trace (its early-exit path), which must equal the traced one.
struct Answers {
  policy::DecisionTrace reference;
  policy::DecisionTrace compiled;
  policy::Decision reference_returned = policy::Decision::kImplicitDeny;
  policy::Decision compiled_returned = policy::Decision::kImplicitDeny;
  policy::Decision compiled_untraced = policy::Decision::kImplicitDeny;
  bool Agree() const;
};

// Evaluates `request` with both evaluators; `compiled` must be built from `policies`.
void EvaluateBoth(const PolicyCase& policies, const policy::CompiledPolicySet& compiled,
                  OwnedRequest& request, Answers* answers);
// The same, compiling `policies` first.
bool EvaluatorsAgree(const PolicyCase& policies, OwnedRequest& request, Answers* answers);

// Greedily drops policies, statements, entries, condition clauses and values, and context
// entries while `fails` still holds, until nothing more can go.
using FailPredicate = std::function<bool(const PolicyCase&, OwnedRequest&)>;
void Shrink(const FailPredicate& fails, PolicyCase* policies, OwnedRequest* request);

// Shrinks a disagreement and renders it as JSON: policies, session policy, request and both
// answers.
std::string ShrinkAndDescribe(PolicyCase policies, OwnedRequest request);

}  // namespace paiam::testsupport

#endif  // PAIAM_TESTS_SUPPORT_RANDOM_POLICY_H_
