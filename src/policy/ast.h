// paiam/policy — the typed model of a RAM policy document.
//
// This component owns the RAM policy language: the document model (this file), the JSON
// parser/validator, wildcard and condition matching, and the two evaluators. It depends on nothing
// else in paiam; everything else (catalog, workspace, authz, api) depends on it.
//
// The model is produced only by the parser (parser.h), which guarantees the invariants noted
// below; evaluators rely on them and do not re-validate.
#ifndef PAIAM_POLICY_AST_H_
#define PAIAM_POLICY_AST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "policy/condition.h"

namespace paiam::policy {

enum class Effect : uint8_t { kAllow, kDeny };

// Which kind of policy a document is parsed as; it decides which elements are required.
enum class PolicyKind : uint8_t {
  kIdentity,  // attached to users, groups and roles: Resource required, no Principal
  kSession,   // AssumeRole `Policy`: as identity, but at most 2,048 characters
  kTrust,     // a role's AssumeRolePolicyDocument: Principal required, no Resource
  kResource,  // e.g. an OSS bucket policy: Principal and Resource
};

// The Principal element of trust and resource policies.
// Trust policies use {"RAM": [...], "Service": [...], "Federated": [...]}; bucket policies use
// an array of account ids, or "*". Both are normalised into typed entries here.
enum class PrincipalType : uint8_t { kAny, kRam, kService, kFederated };
struct PrincipalEntry {
  PrincipalType type = PrincipalType::kAny;
  std::string value;  // empty for kAny
};

struct Statement {
  std::string sid;  // empty when absent
  Effect effect = Effect::kAllow;

  // Exactly one of Action/NotAction is present (parser invariant); `not_action` says which.
  bool not_action = false;
  std::vector<std::string> actions;  // patterns, compared case-insensitively

  // Resource/NotResource (NotResource is a paiam extension). `has_resource` is false only in
  // trust policies, where a statement applies to the role itself.
  bool has_resource = false;
  bool not_resource = false;
  std::vector<std::string> resources;  // patterns, compared case-sensitively

  bool has_principal = false;
  std::vector<PrincipalEntry> principals;

  // All clauses are ANDed. Each clause is one (operator, key) pair with its ORed values.
  std::vector<ConditionClause> conditions;
};

struct PolicyDocument {
  std::string version = "1";
  std::vector<Statement> statements;
};

// A named, versioned policy as evaluators see it. `version_id` is the RAM policy version
// ("v1", "v2", ...), not the language Version of the document.
struct Policy {
  std::string name;
  std::string version_id = "v1";
  PolicyDocument document;
};

}  // namespace paiam::policy

#endif  // PAIAM_POLICY_AST_H_
