// paiam/authz — internal: which policy sets can possibly match an action.
//
// A check may gather three or more compiled sets (identity, the member's roles, default-allow),
// and each CompiledPolicySet::Evaluate hashes the action again to find its candidates. Role and
// default-allow sets name their actions exactly (workspace/role_policy.h), so one lookup of the
// case-folded action tells which of them list it at all; the others would answer
// ImplicitDeny with no statement and are skipped. The lookup reuses the hash of the request's
// PreparedAction (the one the policy sets probe with), so the action is hashed once per check. Sets with a wildcard or NotAction entry are
// never filtered. Skipping changes no decision and no explanation: it only avoids work.
// Not a public interface. Depends on: policy.
#ifndef PAIAM_AUTHZ_ACTION_FILTER_H_
#define PAIAM_AUTHZ_ACTION_FILTER_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "policy/evaluator.h"

namespace paiam::authz::internal {

class ActionFilter {
 public:
  // The sets listing one action (sorted ids), as found by Lookup.
  struct Hits {
    std::span<const uint32_t> sets;
    bool known = false;  // false: the action is too long to fold; filter nothing
  };

  // Set i of `sets` gets id i.
  void Build(const std::vector<const policy::CompiledPolicySet*>& sets);

  Hits Lookup(std::string_view action) const { return Lookup(policy::PreparedAction(action)); }
  Hits Lookup(const policy::PreparedAction& action) const;

  // False only when set `id` certainly has no statement for the action.
  bool MayMatch(uint32_t id, const Hits& hits) const {
    if (!hits.known || !filtered_[id]) return true;
    return std::binary_search(hits.sets.begin(), hits.sets.end(), id);
  }

 private:
  static constexpr size_t kMaxAction = 256;

  // Open addressing on PreparedAction::action_hash(), linear probing, power-of-two size.
  struct Slot {
    uint64_t hash = 0;
    uint32_t name = UINT32_MAX;  // index into names_ and ranges_; UINT32_MAX: empty
  };

  std::vector<bool> filtered_;       // by set id: only exact Action entries
  std::vector<std::string> names_;   // as first spelled in a policy, compared ignoring case
  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  std::vector<uint32_t> ranges_;  // name i's ids: ids_[ranges_[i] .. ranges_[i + 1])
  std::vector<uint32_t> ids_;
};

}  // namespace paiam::authz::internal

#endif  // PAIAM_AUTHZ_ACTION_FILTER_H_
