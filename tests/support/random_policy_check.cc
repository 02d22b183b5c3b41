// Comparing the evaluators, shrinking a disagreement and rendering it as JSON.

#include <string>
#include <utility>
#include <vector>

#include "policy/evaluator.h"
#include "policy/writer.h"
#include "support/random_policy.h"

namespace paiam::testsupport {

namespace {

using json = nlohmann::ordered_json;

json PoliciesToJson(const std::vector<policy::Policy>& policies) {
  json out = json::array();
  for (const policy::Policy& policy : policies) {
    out.push_back({{"name", policy.name}, {"document", PolicyToJson(policy)}});
  }
  return out;
}

// Removes items[i] when `fails` still holds without it; otherwise puts it back.
template <typename T, typename Fails>
bool TryErase(std::vector<T>& items, size_t i, const Fails& fails) {
  T saved = std::move(items[i]);
  items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
  if (fails()) return true;
  items.insert(items.begin() + static_cast<std::ptrdiff_t>(i), std::move(saved));
  return false;
}

// Drops elements of `items` one at a time, keeping at least `keep`. Returns true on progress.
template <typename T, typename Fails>
bool ShrinkList(std::vector<T>& items, size_t keep, const Fails& fails) {
  bool progress = false;
  for (size_t i = 0; i < items.size();) {
    if (items.size() > keep && TryErase(items, i, fails)) {
      progress = true;
    } else {
      ++i;
    }
  }
  return progress;
}

// Replaces `field` by `simpler` when the failure persists.
template <typename T, typename Fails>
bool TrySet(T& field, T simpler, const Fails& fails) {
  if (field == simpler) return false;
  T saved = std::exchange(field, std::move(simpler));
  if (fails()) return true;
  field = std::move(saved);
  return false;
}

template <typename Fails>
bool ShrinkStatement(policy::Statement& s, const Fails& fails) {
  bool progress = TrySet(s.sid, std::string(), fails);
  progress |= ShrinkList(s.actions, 1, fails);
  progress |= ShrinkList(s.resources, 1, fails);
  progress |= ShrinkList(s.principals, 1, fails);
  progress |= ShrinkList(s.conditions, 0, fails);
  for (policy::ConditionClause& clause : s.conditions) {
    progress |= ShrinkList(clause.values, 1, fails);
  }
  return progress;
}

template <typename Fails>
bool ShrinkPolicies(std::vector<policy::Policy>& policies, const Fails& fails) {
  bool progress = ShrinkList(policies, 0, fails);
  for (policy::Policy& policy : policies) {
    std::vector<policy::Statement>& statements = policy.document.statements;
    progress |= ShrinkList(statements, 1, fails);
    for (policy::Statement& s : statements) progress |= ShrinkStatement(s, fails);
  }
  return progress;
}

}  // namespace

json PolicyToJson(const policy::Policy& policy) {
  return policy::PolicyDocumentToJson(policy.document);
}

json RequestToJson(const OwnedRequest& request) {
  json context = json::array();
  for (const auto& [key, value] : request.context) context.push_back({key, value});
  return {{"action", request.action},
          {"resource", request.resource},
          {"context", context},
          {"principal",
           {{"arn", request.arn}, {"account", request.account}, {"service", request.service}}}};
}

json TraceToJson(const policy::DecisionTrace& trace) {
  json statements = json::array();
  for (const policy::StatementRef& ref : trace.statements) {
    // "identity[0].Statement[2]": policy index in its set, statement index in the policy.
    statements.push_back(
        std::string(ref.set == policy::PolicySetRole::kIdentity ? "identity" : "session") + "[" +
        std::to_string(ref.policy) + "].Statement[" + std::to_string(ref.statement) + "]");
  }
  return {{"decision", std::string(policy::DecisionName(trace.decision))},
          {"statements", statements}};
}

bool Answers::Agree() const {
  return reference.decision == compiled.decision && reference.statements == compiled.statements &&
         reference_returned == reference.decision && compiled_returned == compiled.decision &&
         compiled_untraced == compiled.decision;
}

void EvaluateBoth(const PolicyCase& policies, const policy::CompiledPolicySet& compiled,
                  OwnedRequest& request, Answers* answers) {
  policy::Request view = request.View();
  answers->reference_returned =
      policy::EvaluateReference(policies.View(), view, &answers->reference);
  answers->compiled_returned = compiled.Evaluate(view, &answers->compiled);
  answers->compiled_untraced = compiled.Evaluate(view, nullptr);
}

bool EvaluatorsAgree(const PolicyCase& policies, OwnedRequest& request, Answers* answers) {
  policy::CompiledPolicySet compiled(policies.identity, policies.session, policies.has_session);
  EvaluateBoth(policies, compiled, request, answers);
  return answers->Agree();
}

void Shrink(const FailPredicate& fails, PolicyCase* policies, OwnedRequest* request) {
  auto still_fails = [&] { return fails(*policies, *request); };
  bool progress = true;
  while (progress) {
    progress = TrySet(policies->has_session, false, still_fails);
    progress |= ShrinkPolicies(policies->identity, still_fails);
    progress |= ShrinkPolicies(policies->session, still_fails);
    progress |= ShrinkList(request->context, 0, still_fails);
    progress |= TrySet(request->arn, std::string(), still_fails);
    progress |= TrySet(request->account, std::string(), still_fails);
    progress |= TrySet(request->service, std::string(), still_fails);
  }
}

std::string ShrinkAndDescribe(PolicyCase policies, OwnedRequest request) {
  Answers answers;
  Shrink(
      [&answers](const PolicyCase& p, OwnedRequest& r) { return !EvaluatorsAgree(p, r, &answers); },
      &policies, &request);
  EvaluatorsAgree(policies, request, &answers);
  json out = {
      {"identity", PoliciesToJson(policies.identity)},
      {"has_session", policies.has_session},
      {"session", PoliciesToJson(policies.session)},
      {"request", RequestToJson(request)},
      {"reference", TraceToJson(answers.reference)},
      {"compiled", TraceToJson(answers.compiled)},
      {"compiled_untraced_decision", std::string(policy::DecisionName(answers.compiled_untraced))}};
  return out.dump(2);
}

}  // namespace paiam::testsupport
