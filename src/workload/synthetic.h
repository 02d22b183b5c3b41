// paiam/workload — deterministic synthetic policies and requests for benchmarks.
//
// `paiam bench` and the Google Benchmarks in bench/ measure the same workload, so figures from
// either can be compared. The shape imitates real attachments: mostly explicit action lists,
// some service wildcards (`oss:Get*`), ARN patterns, a few conditions and a few Deny statements.
// Depends only on policy/.
#ifndef PAIAM_WORKLOAD_SYNTHETIC_H_
#define PAIAM_WORKLOAD_SYNTHETIC_H_

#include <cstdint>
#include <string>
#include <vector>

#include "policy/ast.h"
#include "policy/condition.h"
#include "policy/decision.h"

namespace paiam::workload {

struct WorkloadShape {
  int policies = 10;
  int statements_per_policy = 20;
  uint64_t seed = 1;
};

// Policy documents as JSON text, each valid for PolicyKind::kIdentity and ≤ 6,144 characters.
std::vector<std::string> SyntheticPolicyTexts(const WorkloadShape& shape);

// The same documents, parsed; names are "p0", "p1", ... Aborts if a generated text fails to parse
// (that would be a bug in the generator or the parser, not an input error).
std::vector<policy::Policy> SyntheticPolicies(const WorkloadShape& shape);

// A request whose strings live in this object. `context` views into `context_storage`, so an
// OwnedRequest is pinned: neither copyable nor movable (short strings live inside the object).
struct OwnedRequest {
  OwnedRequest() = default;
  OwnedRequest(const OwnedRequest&) = delete;
  OwnedRequest& operator=(const OwnedRequest&) = delete;

  std::string action;
  std::string resource;
  std::vector<std::pair<std::string, std::string>> context_storage;
  std::vector<policy::ContextEntry> context;  // views into context_storage

  policy::Request View() const { return {action, resource, context, {}}; }
};

// `count` requests drawn from the same vocabulary as the policies: roughly half hit an exact
// action of some statement, the rest wildcards or nothing.
std::vector<OwnedRequest> SyntheticRequests(int count, uint64_t seed);

// One document of about `bytes` characters (≤ 6,144), for parse + validate benchmarks.
std::string SyntheticDocumentOfSize(size_t bytes, uint64_t seed);

}  // namespace paiam::workload

#endif  // PAIAM_WORKLOAD_SYNTHETIC_H_
