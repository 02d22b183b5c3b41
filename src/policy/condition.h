// paiam/policy — condition operators and their typed values.
//
// Policy values are parsed into their operator family's type once, when the document is loaded
// (ParseConditionValue); evaluation only parses the request's context values, without
// allocating. Semantics (binding decisions in shared/spec/ram-policy.md, "Decisions for paiam"):
//   * a clause's values are ORed; clauses (keys and operators) are ANDed by the caller;
//   * a missing key makes a positive operator false and a negated operator true;
//   * `...IfExists` is true when the key is missing;
//   * `ForAnyValue:` is false and `ForAllValues:` true when the key is missing (as in AWS);
//   * a negated operator is exactly the negation of its positive twin, value by value.
// Condition keys are compared case-sensitively (an OSS bucket policy accepted `acs:PrincipalArn`
// but did not enforce it as `acs:PrincipalARN`).
#ifndef PAIAM_POLICY_CONDITION_H_
#define PAIAM_POLICY_CONDITION_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace paiam::policy {

enum class OperatorFamily : uint8_t { kString, kNumeric, kDate, kBool, kIpAddress };

// The comparison an operator performs, before negation.
enum class Comparison : uint8_t {
  kEquals,            // String, Numeric, Date, Bool
  kEqualsIgnoreCase,  // String
  kLike,              // String, with * and ?
  kLessThan,
  kLessThanEquals,
  kGreaterThan,
  kGreaterThanEquals,
  kInRange,  // IpAddress: the context IP lies in the policy's IP or CIDR
};

enum class SetQualifier : uint8_t { kNone, kForAnyValue, kForAllValues };

// A fully decoded operator name such as "ForAnyValue:StringNotEqualsIgnoreCase" or
// "DateLessThanIfExists".
struct ConditionOperator {
  OperatorFamily family = OperatorFamily::kString;
  Comparison comparison = Comparison::kEquals;
  bool negated = false;
  bool if_exists = false;
  SetQualifier qualifier = SetQualifier::kNone;

  // The canonical spelling, e.g. "ForAllValues:StringLikeIfExists".
  std::string Name() const;
};

// Parses an operator name; nullopt when it is not a known operator. Operator names are
// case-sensitive, as element names are.
std::optional<ConditionOperator> ParseConditionOperator(std::string_view name);

// An IPv4 or IPv6 address or network. IPv4 is stored as an IPv4-mapped IPv6 address so that one
// comparison handles both; `prefix_length` counts bits of the 128-bit form.
struct IpNetwork {
  std::array<uint8_t, 16> address{};
  uint8_t prefix_length = 128;
  bool Contains(const IpNetwork& ip) const;  // ip is a single address
};

std::optional<IpNetwork> ParseIpNetwork(std::string_view text);  // "10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"
std::optional<IpNetwork> ParseIpAddress(std::string_view text);  // a single address, no prefix

// ISO-8601 date-time: YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.fraction]] with optional Z or ±HH[:MM];
// no offset means UTC. Returns microseconds since the Unix epoch.
std::optional<int64_t> ParseIsoDateTime(std::string_view text);
std::optional<double> ParseNumber(std::string_view text);  // decimal, optional sign and exponent
std::optional<bool> ParseBool(std::string_view text);      // "true"/"false", case-insensitive

// One policy value, already converted to its family's type.
struct ConditionValue {
  std::string text;  // as written (String family compares this)
  double number = 0;
  int64_t time_us = 0;
  bool boolean = false;
  IpNetwork ip;
};

// Converts a policy value to the family's type; nullopt with `error` filled when it does not fit.
std::optional<ConditionValue> ParseConditionValue(OperatorFamily family, std::string_view text,
                                                  std::string* error);

struct ConditionClause {
  ConditionOperator op;
  std::string key;
  std::vector<ConditionValue> values;  // never empty (parser invariant)
};

// The request's context: key/value pairs; a key given several times is multi-valued.
struct ContextEntry {
  std::string_view key;
  std::string_view value;
};
using RequestContext = std::span<const ContextEntry>;

// Evaluates one clause against the context. Never allocates.
bool EvaluateClause(const ConditionClause& clause, RequestContext context);

// True when every clause holds.
bool EvaluateConditions(std::span<const ConditionClause> clauses, RequestContext context);

}  // namespace paiam::policy

#endif  // PAIAM_POLICY_CONDITION_H_
