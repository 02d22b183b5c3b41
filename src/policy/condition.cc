// paiam/policy — condition operator names and clause evaluation.
//
// Evaluation converts each context value to the clause's family once and then compares it with
// every policy value (policy values were converted at load time). Nothing on this path
// allocates: context values are string_views and the parsers in condition_values.cc work in
// place.
#include "policy/condition.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "policy/glob.h"

namespace paiam::policy {
namespace {

// An operator name without qualifier or IfExists, and what it means.
struct BaseOperator {
  std::string_view name;
  OperatorFamily family;
  Comparison comparison;
  bool negated;
};

using F = OperatorFamily;
using C = Comparison;
constexpr BaseOperator kBaseOperators[] = {
    {"StringEquals", F::kString, C::kEquals, false},
    {"StringNotEquals", F::kString, C::kEquals, true},
    {"StringEqualsIgnoreCase", F::kString, C::kEqualsIgnoreCase, false},
    {"StringNotEqualsIgnoreCase", F::kString, C::kEqualsIgnoreCase, true},
    {"StringLike", F::kString, C::kLike, false},
    {"StringNotLike", F::kString, C::kLike, true},
    {"NumericEquals", F::kNumeric, C::kEquals, false},
    {"NumericNotEquals", F::kNumeric, C::kEquals, true},
    {"NumericLessThan", F::kNumeric, C::kLessThan, false},
    {"NumericLessThanEquals", F::kNumeric, C::kLessThanEquals, false},
    {"NumericGreaterThan", F::kNumeric, C::kGreaterThan, false},
    {"NumericGreaterThanEquals", F::kNumeric, C::kGreaterThanEquals, false},
    {"DateEquals", F::kDate, C::kEquals, false},
    {"DateNotEquals", F::kDate, C::kEquals, true},
    {"DateLessThan", F::kDate, C::kLessThan, false},
    {"DateLessThanEquals", F::kDate, C::kLessThanEquals, false},
    {"DateGreaterThan", F::kDate, C::kGreaterThan, false},
    {"DateGreaterThanEquals", F::kDate, C::kGreaterThanEquals, false},
    {"Bool", F::kBool, C::kEquals, false},
    {"IpAddress", F::kIpAddress, C::kInRange, false},
    {"NotIpAddress", F::kIpAddress, C::kInRange, true},
};

constexpr std::string_view kForAnyValue = "ForAnyValue:";
constexpr std::string_view kForAllValues = "ForAllValues:";
constexpr std::string_view kIfExists = "IfExists";

// The relation `context <op> policy`: e.g. NumericLessThan holds when the request's value is
// less than the policy's.
template <typename T>
bool Compare(Comparison c, T context, T policy) {
  switch (c) {
    case C::kEquals:
      return context == policy;
    case C::kLessThan:
      return context < policy;
    case C::kLessThanEquals:
      return context <= policy;
    case C::kGreaterThan:
      return context > policy;
    case C::kGreaterThanEquals:
      return context >= policy;
    case C::kEqualsIgnoreCase:
    case C::kLike:
    case C::kInRange:
      break;  // not meaningful for ordered scalars; the parser never builds these
  }
  return false;
}

bool StringMatches(Comparison c, std::string_view policy, std::string_view context) {
  switch (c) {
    case C::kEquals:
      return policy == context;
    case C::kEqualsIgnoreCase:
      return EqualsIgnoreCase(policy, context);
    case C::kLike:
      return GlobMatch(policy, context, CaseMode::kSensitive);
    default:
      return false;
  }
}

// The positive (un-negated) result for one context value: some policy value compares true.
// A context value that does not parse as the family's type compares false.
bool PositiveMatch(const ConditionClause& clause, std::string_view context) {
  const Comparison c = clause.op.comparison;
  switch (clause.op.family) {
    case F::kString:
      for (const ConditionValue& p : clause.values) {
        if (StringMatches(c, p.text, context)) return true;
      }
      return false;
    case F::kNumeric: {
      const std::optional<double> n = ParseNumber(context);
      if (!n) return false;
      for (const ConditionValue& p : clause.values) {
        if (Compare(c, *n, p.number)) return true;
      }
      return false;
    }
    case F::kDate: {
      const std::optional<int64_t> t = ParseIsoDateTime(context);
      if (!t) return false;
      for (const ConditionValue& p : clause.values) {
        if (Compare(c, *t, p.time_us)) return true;
      }
      return false;
    }
    case F::kBool: {
      const std::optional<bool> b = ParseBool(context);
      if (!b) return false;
      for (const ConditionValue& p : clause.values) {
        if (Compare(c, *b, p.boolean)) return true;
      }
      return false;
    }
    case F::kIpAddress: {
      if (c != C::kInRange) return false;
      const std::optional<IpNetwork> ip = ParseIpAddress(context);
      if (!ip) return false;
      for (const ConditionValue& p : clause.values) {
        if (p.ip.Contains(*ip)) return true;
      }
      return false;
    }
  }
  return false;
}

// Whether the clause needs every context value to hold (true) or just one (false). Without a
// qualifier a positive operator needs one matching value and a negated one needs all values
// to avoid every policy value, i.e. "StringNotEquals" means "none of the values is listed".
bool RequiresAll(const ConditionOperator& op) {
  switch (op.qualifier) {
    case SetQualifier::kForAnyValue:
      return false;
    case SetQualifier::kForAllValues:
      return true;
    case SetQualifier::kNone:
      return op.negated;
  }
  return op.negated;
}

// The result when the context does not carry the key (binding decisions 4 and 5).
bool MissingKeyResult(const ConditionOperator& op) {
  if (op.if_exists) return true;
  switch (op.qualifier) {
    case SetQualifier::kForAnyValue:
      return false;
    case SetQualifier::kForAllValues:
      return true;  // vacuously: every one of no values holds
    case SetQualifier::kNone:
      return op.negated;
  }
  return op.negated;
}

}  // namespace

// Returns "" for a combination no operator name spells (e.g. a negated NumericLessThan); the
// parser never produces one.
std::string ConditionOperator::Name() const {
  for (const BaseOperator& base : kBaseOperators) {
    if (base.family != family || base.comparison != comparison || base.negated != negated) {
      continue;
    }
    std::string name;
    switch (qualifier) {
      case SetQualifier::kNone:
        break;
      case SetQualifier::kForAnyValue:
        name = kForAnyValue;
        break;
      case SetQualifier::kForAllValues:
        name = kForAllValues;
        break;
    }
    name += base.name;
    if (if_exists) name += kIfExists;
    return name;
  }
  return std::string();
}

std::optional<ConditionOperator> ParseConditionOperator(std::string_view name) {
  ConditionOperator op;
  if (name.starts_with(kForAnyValue)) {
    op.qualifier = SetQualifier::kForAnyValue;
    name.remove_prefix(kForAnyValue.size());
  } else if (name.starts_with(kForAllValues)) {
    op.qualifier = SetQualifier::kForAllValues;
    name.remove_prefix(kForAllValues.size());
  }
  if (name.ends_with(kIfExists)) {
    op.if_exists = true;
    name.remove_suffix(kIfExists.size());
  }
  for (const BaseOperator& base : kBaseOperators) {
    if (base.name == name) {
      op.family = base.family;
      op.comparison = base.comparison;
      op.negated = base.negated;
      return op;
    }
  }
  return std::nullopt;
}

bool EvaluateClause(const ConditionClause& clause, RequestContext context) {
  const ConditionOperator& op = clause.op;
  const bool requires_all = RequiresAll(op);
  bool found = false;
  for (const ContextEntry& entry : context) {
    if (entry.key != clause.key) continue;
    found = true;
    // A negated operator is its positive twin's negation, value by value.
    const bool holds = PositiveMatch(clause, entry.value) != op.negated;
    if (holds != requires_all) return holds;  // a witness (any) or a counterexample (all)
  }
  if (!found) return MissingKeyResult(op);
  return requires_all;
}

bool EvaluateConditions(std::span<const ConditionClause> clauses, RequestContext context) {
  for (const ConditionClause& clause : clauses) {
    if (!EvaluateClause(clause, context)) return false;
  }
  return true;
}

}  // namespace paiam::policy
